"""Evaluation as of a date, scope, versions, de-duplication, ordering and memoised classification."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.engine import finding_key
from auditor.model import Status
from tests.conftest import FIXTURES, run_audit

HEADER = ("ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n")
DEVICES = ("Device ID,Device name,Serial number,Ownership,OS,Primary user UPN\n"
           "d-corp,CORP,SER1,Corporate,iOS,ana@example.com\n"
           "d-pers,PERS,SER2,Personal,iOS,bo@example.com\n"
           "d-unk,UNK,SER3,Unknown,iOS,cy@example.com\n")


def fleet(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "apps.csv").write_text(HEADER + rows)
    (tmp_path / "devices.csv").write_text(DEVICES)
    return tmp_path


@pytest.mark.parametrize("as_of,status,days_overdue,days_until", [
    ("2023-01-01", Status.UPCOMING, None, 57),   # before the effective date: upcoming, with days left
    ("2023-02-26", Status.UPCOMING, None, 1),
    ("2023-02-27", Status.VIOLATION, None, None),  # from the effective date on
    ("2023-03-29", Status.VIOLATION, None, None),  # the deadline day itself is still in time
    ("2023-03-30", Status.OVERDUE, 1, None),
    ("2026-11-23", Status.OVERDUE, 1335, None),
])
def test_date_states(tmp_path: Path, test_library, as_of: str, status: Status, days_overdue, days_until) -> None:  # type: ignore[no-untyped-def]
    path = fleet(tmp_path, "TikTok,,37.0,d-corp,CORP,iOS\n")
    result = run_audit(test_library, [path], dt.date.fromisoformat(as_of), ["test-bytedance"])
    (finding,) = result.findings
    assert (finding.status, finding.days_overdue, finding.days_until_effective) == (status, days_overdue, days_until)
    assert (finding.effective, finding.deadline) == (dt.date(2023, 2, 27), dt.date(2023, 3, 29))


def test_ownership_scope_unknown_is_always_covered(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"TikTok,,37.0,{d},{d},iOS\n" for d in ("d-corp", "d-pers", "d-unk"))
    result = run_audit(test_library, [fleet(tmp_path, rows)], packs=["test-bytedance"])
    # the pack covers corporate and shared devices; a device of unknown ownership cannot dodge it
    assert sorted(f.device.name for f in result.findings) == ["CORP", "UNK"]


@pytest.mark.parametrize("version,expected,unreadable", [
    ("38.1.0", 1, 0), ("38", 1, 0), ("37.9.9", 0, 0), ("1352 (38.2)", 1, 0),
    ("", 0, 1), ("beta", 0, 1),  # no readable version: not a finding, but never silence either
])
def test_version_constraints(tmp_path: Path, test_library, version: str, expected: int, unreadable: int) -> None:  # type: ignore[no-untyped-def]
    path = fleet(tmp_path, f"TikTok,,{version},d-corp,CORP,iOS\n")
    result = run_audit(test_library, [path], dt.date(2020, 9, 21), ["test-revoked"])
    assert len(result.findings) == expected
    notes = [p for p in result.problems if "cannot be compared with test-revoked/tiktok-updates" in p.message]
    assert len(notes) == unreadable and all(p.line == 2 and not p.fatal for p in notes)


def test_revoked_pack_as_of_a_past_date(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    path = fleet(tmp_path, "TikTok,,38.0,d-corp,CORP,iOS\n")
    result = run_audit(test_library, [path], dt.date(2020, 9, 21))  # no pack named: defaults as of that day
    assert [(p.id, p.status) for p in result.packs] == [("test-revoked", "in-force")]
    assert [f.status for f in result.findings] == [Status.VIOLATION]


def test_same_app_in_many_rows_is_one_finding_with_all_evidence(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    rows = "TikTok,,37.0,d-corp,CORP,iOS\nTikTok,,38.0,d-corp,CORP,iOS\ntiktok ,,38.0,d-corp,CORP,iOS\n"
    result = run_audit(test_library, [fleet(tmp_path, rows)], packs=["test-bytedance"])
    (finding,) = result.findings
    assert [e.location for e in finding.evidence] == ["2", "3", "4"]
    assert finding.key == finding_key("serial:SER1", "test-bytedance", "bytedance-apps", "tiktok")


def test_classification_runs_once_per_distinct_app_not_per_row(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    distinct = ["TikTok", "Slack", "Zoom", "WeChat", "Notes"]
    rows = "".join(f"{distinct[i % 5]},,1.0,d-{i % 3},DEV,iOS\n" for i in range(3000))
    result = run_audit(test_library, [fleet(tmp_path, rows)])
    assert sum(s.apps for s in result.sources) == 3000
    assert result.classifications == 5


def test_findings_ordered_by_priority_then_deadline_then_person(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    rows = ("WeChat,,1,d-unk,UNK,iOS\nTikTok,,1,d-unk,UNK,iOS\nTikTok,,1,d-corp,CORP,iOS\n")
    result = run_audit(test_library, [fleet(tmp_path, rows)])
    assert [(f.priority, f.catalog_id, f.owner.email) for f in result.findings] == [
        ("P2", "tiktok", "ana@example.com"), ("P2", "tiktok", "cy@example.com"), ("P3", "wechat", "cy@example.com")]


def test_unrecognised_file_makes_the_run_incomplete_never_clean(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "notes.txt").write_text("just some text\n")
    result = run_audit(test_library, [tmp_path, FIXTURES / "intune"])
    assert not result.complete
    (problem,) = [p for p in result.problems if p.fatal]
    assert problem.source.endswith("notes.txt") and problem.message.startswith("not read: ")
    assert len(result.findings) == 2  # the other sources were still audited


def test_a_rule_scope_narrows_the_pack_scope_field_by_field(tmp_path: Path) -> None:
    """A rule that only names platforms keeps the pack's ownership limits."""
    import shutil
    from auditor.policy import load_library
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "policies" / "catalog", root / "catalog")
    (root / "packs").mkdir()
    (root / "packs" / "p.yaml").write_text(
        "schema: fleet-auditor/pack/1\nid: p\ntitle: P\ncitation: C\nscope: {ownership: [corporate]}\nrules:\n"
        "  - {id: r, apps: [tiktok], effective: 2023-01-01, severity: high, remediation: x, scope: {platforms: [ios]}}\n")
    library = load_library(root=root)
    rows = "".join(f"TikTok,,37.0,{d},{d},iOS\n" for d in ("d-corp", "d-pers", "d-unk"))
    result = run_audit(library, [fleet(tmp_path, rows)], packs=["p"])
    assert sorted(f.device.name for f in result.findings) == ["CORP", "UNK"]  # not the personal phone
