"""The command line and its exit codes: 0 clean, 1 findings, 2 usage/policy, 3 incomplete, 4 internal."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor import cli
from auditor.run import once
from tests.conftest import FIXTURES

INTUNE = FIXTURES / "intune"


def run(args: List[str], capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out, err = capsys.readouterr()
    return info.value.code, out, err


# The Intune devices export that goes with an apps export of device d1 (either alone is an incomplete run).
DEVICES_D1 = ("Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,Last check-in\n"
              "d1,PHONE-1,S1,ana@corp.example,Corporate,iOS,2026-11-22 06:00:00\n")


@pytest.fixture
def clean_fleet(tmp_path: Path) -> Path:
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "apps.csv").write_text("ApplicationName,DeviceId,Platform,EmailAddress\nSlack,d1,iOS,ana@corp.example\n")
    (folder / "devices.csv").write_text(DEVICES_D1)  # the apps export's other half (one alone is incomplete)
    return folder


def test_exit_0_clean(fixture_policies, clean_fleet: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["audit", str(clean_fleet), "--out", str(tmp_path / "o"), "--as-of", "2026-11-23"], capsys)
    assert code == 0
    assert out.startswith("0 findings on 0 of 1 device:")
    assert json.loads((tmp_path / "o" / "findings.json").read_text())["complete"] is True


def test_exit_1_findings_at_or_above_fail_on(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["audit", str(INTUNE), "--out", str(tmp_path / "o"), "--as-of", "2026-11-23"], capsys)
    assert code == 1 and "Report: " in out


@pytest.mark.parametrize("fail_on,as_of,expected", [
    ("critical", "2026-11-23", 1),  # the TikTok finding is critical and overdue
    ("none", "2026-11-23", 0),
    ("low", "2023-01-01", 0),  # before the effective date: only upcoming findings, which never fail a run
])
def test_fail_on_threshold(fixture_policies, tmp_path: Path, capsys, fail_on: str, as_of: str, expected: int) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(["audit", str(INTUNE), "--out", str(tmp_path / "o"), "--as-of", as_of, "--fail-on", fail_on], capsys)
    assert code == expected


def test_fail_on_severity_below_threshold(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(["audit", str(INTUNE), "--out", str(tmp_path / "o"), "--as-of", "2030-06-01", "--fail-on",
                      "critical", "--policy", "test-wechat", "--max-export-age", "100000"], capsys)
    assert code == 0  # the WeChat rule is high, below critical


@pytest.mark.parametrize("args,message", [
    (["audit"], "Missing argument"),
    (["audit", "x", "--as-of", "soon"], "expected a date like 2023-02-27, got 'soon'"),
    (["audit", "x", "--fail-on", "loud"], "Invalid value for '--fail-on'"),
    (["audit", str(INTUNE), "--policy", "no-such-pack"], "pack 'no-such-pack' (--policy, or `policies:` in the configuration): no such pack id"),
    (["nonsense"], "No such command"),
])
def test_exit_2_usage(fixture_policies, tmp_path: Path, capsys, args: List[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(args + ["--out", str(tmp_path / "o")] if args[0] == "audit" and len(args) > 1 else args, capsys)
    assert code == 2 and message in err


def test_exit_2_invalid_policy_writes_nothing(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: fleet-auditor/pack/1\nid: bad\ntitle: B\ncitation: C\nrules:\n"
                   "  - {id: r, apps: [tiktok], effective: soon, severity: high, remediation: x}\n")
    out_dir = tmp_path / "o"
    code, _, err = run(["audit", str(INTUNE), "--policy", str(bad), "--out", str(out_dir)], capsys)
    assert code == 2
    assert err.strip() == f"error: {bad}: rules[0].effective: expected a date like 2023-02-27, got 'soon'"
    assert not out_dir.exists()


def test_exit_3_incomplete_without_findings(fixture_policies, clean_fleet: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (clean_fleet / "mystery.bin").write_bytes(b"\x00\x01\x02")
    code, _, err = run(["audit", str(clean_fleet), str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")], capsys)
    assert code == 3
    assert "INCOMPLETE RUN" in err and "missing.csv: no such file or folder" in err
    for name in ("summary.md", "report.html"):
        assert "INCOMPLETE RUN" in (tmp_path / "o" / name).read_text(encoding="utf-8")
    assert json.loads((tmp_path / "o" / "findings.json").read_text())["complete"] is False


def test_incomplete_with_findings_exits_1(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["audit", str(INTUNE), str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")], capsys)
    assert code == 1 and "INCOMPLETE RUN" in err
    rows = (tmp_path / "o" / "findings.csv").read_text().splitlines()
    assert rows[0].endswith(",run_complete") and all(r.endswith(",false") for r in rows[1:])


def test_exit_4_internal_error(fixture_policies, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")
    monkeypatch.setattr(once, "audit", broken)
    code, _, err = run(["audit", str(INTUNE), "--out", str(tmp_path / "o")], capsys)
    assert code == 4 and "internal error" in err and "RuntimeError: boom" in err


def test_unwritable_output_is_exit_4(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _, err = run(["audit", str(INTUNE), "--out", str(blocker / "sub")], capsys)
    assert code == 4 and "cannot write the report" in err


def test_demo_exits_0_and_writes_reports_demo(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["demo"], capsys)
    assert code == 0
    assert "Report: reports/demo/report.html" in out
    document = json.loads((tmp_path / "reports" / "demo" / "findings.json").read_text())
    assert document["complete"] is True and document["summary"]["findings"] > 0
    assert document["summary"]["devices"] >= 300
    # the demo shows people first: executives, a minor child, waivers in every state, personal phones
    first = document["findings"][0]
    assert first["priority"] == "P1" and first["owner"]["tier"] == "critical" and first["owner"]["title"]
    assert {w["state"] for w in document["waivers"]} == {"active", "expiring-soon", "expired", "unused"}
    reasons = [r for item in document["not_visible"] for r in item["owner"]["reasons"]]
    assert any(r.startswith("minor child of ") for r in reasons)
    assert any("not in the staff directory" in p["message"] for p in document["problems"])


def test_policies_commands(fixture_policies, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["policies", "list", "--as-of", "2026-11-23"], capsys)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["ID", "test-bytedance", "test-revoked", "test-wechat"]
    code, out, _ = run(["policies", "show", "test-bytedance"], capsys)
    assert code == 0 and "tiktok (TikTok): android:com.zhiliaoapp.musically" in out and "citation: Test Act sec. 1" in out
    code, out, _ = run(["policies", "validate"], capsys)
    assert (code, out.strip()) == (0, "ok: 4 apps, 2 companies, 3 packs")
    code, _, err = run(["policies", "show", "nope"], capsys)
    assert code == 2


def test_sources_detect_explains(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(INTUNE / "devices.csv", tmp_path / "renamed.json")  # content decides, not the name
    code, out, _ = run(["sources", "detect", str(tmp_path / "renamed.json")], capsys)
    assert code == 0 and "intune-devices-csv (CSV header has Device ID" in out
    (tmp_path / "x.csv").write_text("Foo,Bar\n1,2\n")
    code, out, _ = run(["sources", "detect", str(tmp_path / "x.csv")], capsys)
    assert code == 3 and "unrecognised (no reader recognises this CSV header (foo, bar); a CSV of another layout " \
                         "is read through a generic-CSV mapping file (docs/formats.md))" in out


def test_source_format_forces_a_reader(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, _ = run(["audit", str(INTUNE / "devices.csv"), "--source-format", "intune-appinv-csv",
                      "--out", str(tmp_path / "o")], capsys)
    assert code == 3  # the device export lacks AppInvRawData's required columns: incomplete, not clean


def test_a_named_pack_not_in_force_is_shown_but_never_fails_the_run(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "apps.csv").write_text("ApplicationName,DeviceId,Platform,ApplicationVersion,EmailAddress\n"
                                     "TikTok,d1,iOS,38.2,ana@corp.example\n")
    (folder / "devices.csv").write_text(DEVICES_D1)
    code, _, err = run(["audit", str(folder), "--policy", "test-revoked", "--as-of", "2026-11-23",
                        "--out", str(tmp_path / "o")], capsys)
    assert code == 0
    # dated from the pack's status history, never the as-of date
    assert "note: test-revoked: revoked on 2021-06-09, so on 2026-11-23 its findings are shown for the record" in err
    document = json.loads((tmp_path / "o" / "findings.json").read_text())
    assert [p["status"] for p in document["policies"]] == ["revoked"] and len(document["findings"]) == 1
    code, _, _ = run(["audit", str(folder), "--policy", "test-revoked", "--as-of", "2020-09-21",
                      "--out", str(tmp_path / "o2")], capsys)
    assert code == 1  # on a day it was in force, the same finding fails the run


@pytest.mark.parametrize("content,message", [
    ("ApplicationName,DeviceId,ApplicationVersion\nxx\nyy\n", "the export has no usable record (all 2 were skipped)"),
    ("ApplicationName,DeviceId,ApplicationVersion\n", "the export has no records"),
])
def test_an_export_without_a_usable_record_is_never_clean(tmp_path: Path, capsys, content: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "AppInvRawData.csv").write_text(content)
    code, _, err = run(["audit", str(tmp_path / "AppInvRawData.csv"), "--out", str(tmp_path / "o")], capsys)
    assert code == 3 and message in err


def test_terminal_output_shows_control_characters_escaped(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    hostile = tmp_path / "x.csv"
    hostile.write_text("foo\x1b]0;pwned\x07\x1b[31m\u202e,bar\n1,2\n", encoding="utf-8")
    code, out, err = run(["audit", str(hostile), "--out", str(tmp_path / "o")], capsys)
    assert code == 3
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err and "⟨U+001B⟩" in err
    code, out, _ = run(["sources", "detect", str(hostile)], capsys)
    assert "\x1b" not in out and "⟨U+202E⟩" in out


def test_sources_detect_names_the_mapping_file_and_ignores_prose(capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import REPO
    mapping = REPO / "examples" / "fleet" / "servers" / "server-packages.mapping.yaml"
    code, out, _ = run(["sources", "detect", str(mapping), str(REPO / "README.md")], capsys)
    assert code == 3  # the README is no export
    assert f"generic-csv (a CSV named by the mapping file {mapping})" in out
    assert "README.md: unrecognised (no reader recognises" in out and "mapping file (read as" not in out
