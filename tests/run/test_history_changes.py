"""What changed since earlier runs, computed against what was really seen, in a real SQLite file over many
runs (auditor.history): an incomplete run's findings are real sightings; a finding absent from an
incomplete run is not resolved. The definitions are in the README (Every night from cron, History).

The history also holds rows this tool never wrote (edited by hand, damaged, written by a newer version):
each is a clear error naming the database and the row, never a traceback."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import textwrap
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import pytest

from auditor import cli
from auditor import history as history_module
from auditor.errors import AuditorError, ExitCode
from auditor.history import connect, pack_changes, record, with_history
from auditor.model import AuditResult, Problem, ProblemKind, Visibility
from auditor.policy import Library, load_library
from tests.conftest import FIXTURES
from tests.render.factory import device, finding, result
from tests.run.conftest import run_scheduled
from tests.run.test_scheduled_runs import write_config, write_exports

DAY0 = dt.date(2026, 11, 1)


def _run(conn: sqlite3.Connection, day: int, keys: Iterable[str], complete: bool = True,
         library: Optional[Library] = None) -> AuditResult:
    """One run on DAY0 + day that saw these finding keys: compared with the history, then recorded."""
    findings = [dataclasses.replace(finding(i, device(i)), key=key) for i, key in enumerate(keys)]
    # Every device of the fleet was seen with its apps (a finding on a device whose apps a run did not see is
    # never resolved by it: tests/run/test_history_unseen_devices.py).
    fleet = {d.key: d for d in [device(i) for i in range(20)] + [f.device for f in findings]}
    base = dataclasses.replace(result(findings, tuple(fleet.values())), as_of=DAY0 + dt.timedelta(days=day))
    if not complete:  # an export could not be read: what it held is unknown
        base = dataclasses.replace(base, problems=(Problem("exports/stale.csv", "export is 9 days old", None, True,
                                                           ProblemKind.STALE),))
    seen = with_history(conn, base)
    if library is not None:
        seen = dataclasses.replace(seen, pack_changes=pack_changes(conn, seen, library))
    record(conn, seen, f"{seen.as_of.isoformat()}T02:00:00Z", {"out": "x"}, {"findings": len(seen.findings)},
           1 if seen.findings else 0)
    return seen


def _changes(seen: AuditResult) -> Dict[str, Tuple[str, str]]:
    return {f.key: (f.change or "", (f.first_seen or seen.as_of).isoformat()) for f in seen.findings}


def _resolved(seen: AuditResult) -> List[Tuple[str, str, str]]:
    return [(r.key, r.first_seen.isoformat(), r.last_seen.isoformat()) for r in seen.resolved]


@pytest.fixture
def history(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(tmp_path / "history.sqlite")
    yield conn
    conn.close()


def test_a_finding_first_seen_in_an_incomplete_run_persists_in_the_next_complete_run(history) -> None:  # type: ignore[no-untyped-def]
    _run(history, 0, ["A"])
    two = _run(history, 1, ["A", "B"], complete=False)  # B first seen while an export was stale
    assert _changes(two) == {"A": ("persisting", "2026-11-01"), "B": ("new", "2026-11-02")}
    assert _resolved(two) == []  # an incomplete run resolves nothing
    three = _run(history, 2, ["A", "B"])
    # Before: B was "reopened" (it was not in the last *complete* run), and new-p1-p2 mails fired again.
    assert _changes(three) == {"A": ("persisting", "2026-11-01"), "B": ("persisting", "2026-11-02")}


def test_with_one_stale_export_every_night_nothing_is_reopened(history) -> None:  # type: ignore[no-untyped-def]
    one = _run(history, 0, ["A", "B"], complete=False)
    assert _changes(one) == {"A": ("new", "2026-11-01"), "B": ("new", "2026-11-01")}
    for day in (1, 2, 3):
        night = _run(history, day, ["A", "B"], complete=False)
        # Before: every finding was "reopened" every night (no complete run to compare with).
        assert _changes(night) == {"A": ("persisting", "2026-11-01"), "B": ("persisting", "2026-11-01")}, day


def test_absent_from_an_incomplete_run_is_not_resolved_and_comes_back_persisting(history) -> None:  # type: ignore[no-untyped-def]
    _run(history, 0, ["A", "B"])
    gap = _run(history, 1, ["A"], complete=False)  # B's export unreadable tonight
    assert _resolved(gap) == [] and _changes(gap) == {"A": ("persisting", "2026-11-01")}
    back = _run(history, 2, ["A", "B"])
    assert _changes(back) == {"A": ("persisting", "2026-11-01"), "B": ("persisting", "2026-11-01")}
    assert _resolved(back) == []


def test_resolved_in_a_complete_run_then_reopened(history) -> None:  # type: ignore[no-untyped-def]
    _run(history, 0, ["A", "B"])
    gone = _run(history, 1, ["A"])
    assert _resolved(gone) == [("B", "2026-11-01", "2026-11-01")]
    _run(history, 2, ["A"], complete=False)  # incomplete, B still absent: still resolved, nothing new said
    still = _run(history, 3, ["A"])
    assert _resolved(still) == []  # resolved once, in the run that found it gone; not again every night
    again = _run(history, 4, ["A", "B"])
    assert _changes(again) == {"A": ("persisting", "2026-11-01"), "B": ("reopened", "2026-11-01")}


def test_a_finding_seen_only_in_incomplete_runs_is_resolved_by_the_next_complete_run(history) -> None:  # type: ignore[no-untyped-def]
    _run(history, 0, ["A"])
    _run(history, 1, ["A", "C"], complete=False)
    _run(history, 2, ["A", "C"], complete=False)
    done = _run(history, 3, ["A"])
    # Before: C was never resolved (it was not in the last complete run), and it came back "reopened".
    assert _resolved(done) == [("C", "2026-11-02", "2026-11-03")]
    back = _run(history, 4, ["A", "C"])
    assert _changes(back)["C"] == ("reopened", "2026-11-02")


def test_a_historical_audit_compares_with_runs_up_to_its_own_date(history) -> None:  # type: ignore[no-untyped-def]
    _run(history, 0, ["A"])
    _run(history, 5, ["B"])
    past = _run(history, 2, ["A"])  # an audit as of an earlier date sees only the runs up to that date
    assert _changes(past) == {"A": ("persisting", "2026-11-01")} and _resolved(past) == []


def test_stale_export_every_night_mails_new_p1_p2_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture, smtpd) -> None:  # type: ignore[no-untyped-def]
    """The nightly job as cron runs it: one export is stale every night, so every run is incomplete."""
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    controller, handler = smtpd
    config = write_config(tmp_path, textwrap.dedent(f"""\
        email: {{host: 127.0.0.1, port: {controller.port}, security: none, from: a@example.com,
                 to: [secops@example.com], when: [new-p1-p2]}}
        """), inputs="[exports, stale]")
    (tmp_path / "stale").mkdir()
    codes = []
    for day in (23, 24, 25):
        as_of = dt.date(2026, 11, day)
        write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, as_of)
        write_exports(tmp_path / "stale", {}, dt.date(2026, 10, 1))  # never refreshed: 50+ days old
        with pytest.raises(SystemExit) as info:
            cli.main(["run", "--config", str(config), "--as-of", as_of.isoformat(), "--quiet"])
        capsys.readouterr()
        codes.append(info.value.code)
        document = json.loads((tmp_path / "reports" / "latest" / "findings.json").read_text())
        assert document["complete"] is False
        assert [f["change"] for f in document["findings"]] == ["new" if day == 23 else "persisting"]
    assert codes == [1, 1, 1]
    assert len(handler.messages) == 1  # before: one mail a night, each saying "1 new P1/P2"


# --- rows this tool never wrote -------------------------------------------------------------------------

def _damaged(tmp_path: Path, sql: str, params: Tuple = ()) -> Path:
    path = tmp_path / "history.sqlite"
    conn = connect(path)
    _run(conn, 0, ["A"])
    _run(conn, 1, ["A"])
    conn.execute(sql, params)
    conn.close()
    return path


@pytest.mark.parametrize("sql,params,where", [
    ("UPDATE runs SET summary = ? WHERE id = 1", ("[1, 2]",), "runs row 1: summary: expected a JSON object"),
    ("UPDATE runs SET summary = ? WHERE id = 2", ('{"findings": "many"}',), "runs row 2: summary: findings"),
    ("UPDATE runs SET summary = ? WHERE id = 1", ('{"open_by_priority": [3]}',), "runs row 1: summary: open_by_priority"),
    ("UPDATE runs SET summary = ? WHERE id = 1", ("not json",), "runs row 1: summary: expected a JSON object"),
    ("UPDATE runs SET as_of = ? WHERE id = 2", ("2026-13-45",), "runs row 2: as_of"),
    ("UPDATE runs SET as_of = ? WHERE id = 2", (b"\x00\x01",), "runs row 2: as_of"),
    ("UPDATE runs SET complete = ? WHERE id = 1", ("yes",), "runs row 1: complete"),
    ("UPDATE findings SET first_seen = ? WHERE run_id = 2", ("soon",), "findings row (run 2, key 'A'): first_seen"),
    ("UPDATE findings SET first_seen = ? WHERE run_id = 1", (b"\xff",), "findings row (run 1, key 'A'): first_seen"),
    ("UPDATE run_packs SET status = ? WHERE run_id = 2", (b"\x01",), "run_packs row (run 2, pack 'test-pack'): status"),
])
def test_a_row_this_tool_never_wrote_is_a_clear_error_naming_database_and_row(
        tmp_path: Path, sql: str, params: Tuple, where: str) -> None:
    path = _damaged(tmp_path, sql, params)
    conn: Optional[sqlite3.Connection] = None
    with pytest.raises(AuditorError) as info:
        conn = connect(path)
        _run(conn, 2, ["A"], library=load_library(root=FIXTURES / "policies"))
    if conn is not None:
        conn.close()
    message = str(info.value)
    assert str(path) in message and where in message, message
    assert info.value.exit_code == ExitCode.INTERNAL
    assert "not recorded" in message
    with sqlite3.connect(path) as db:  # nothing was recorded
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2


def test_a_damaged_row_fails_the_scheduled_run_before_anything_is_fetched_or_published(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path)
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run_scheduled(config, "2026-11-23", capsys)[0] == 1
    first = (tmp_path / "reports" / "latest").resolve()
    with sqlite3.connect(tmp_path / "reports" / "history.sqlite") as db:
        db.execute("UPDATE runs SET summary = '[\"a\", \"list\"]'")
    code, err = run_scheduled(config, "2026-11-24", capsys)
    assert code == ExitCode.INTERNAL, err
    assert "Traceback" not in err and "internal error" not in err
    assert f"{tmp_path / 'reports' / 'history.sqlite'}: runs row 1: summary: expected a JSON object" in err
    assert (tmp_path / "reports" / "latest").resolve() == first


def test_a_newer_schema_is_a_usage_error_before_anything_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path)
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    (tmp_path / "reports").mkdir()
    with sqlite3.connect(tmp_path / "reports" / "history.sqlite") as db:
        db.execute("PRAGMA user_version = 7")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    assert code == ExitCode.USAGE, err
    assert "history.sqlite" in err and "schema version 7 is newer than this tool" in err
    assert not (tmp_path / "reports" / "latest").exists()
    assert not [p for p in (tmp_path / "reports").iterdir() if p.name.startswith("2026-")]


def test_a_damaged_manifest_in_an_old_run_does_not_stop_todays_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture) -> None:
    """The manifest records what a run read, for people: today's run never reads it back."""
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path, "retention: {keep_runs: 1}\n")
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run_scheduled(config, "2026-11-23", capsys)[0] == 1
    old = (tmp_path / "reports" / "latest").resolve()
    with sqlite3.connect(tmp_path / "reports" / "history.sqlite") as db:
        db.execute("UPDATE runs SET manifest = '[[[' ")
    (old / "manifest.json").write_text("[1, 2, 3]")  # the run folder's copy too: retention reads it
    code, err = run_scheduled(config, "2026-11-24", capsys)
    assert code == 1, err
    assert "Traceback" not in err
    (seen,) = json.loads((tmp_path / "reports" / "latest" / "findings.json").read_text())["findings"]
    assert seen["change"] == "persisting"




def test_a_run_reads_its_open_findings_once(history, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The open findings a complete run lacks are read once: resolved (device seen with its apps) and held open
    (device not seen) are two answers of one read, and `record` stores the held ones without reading again."""
    _run(history, 0, ["A", "B"])  # A on dev-0, B on dev-1
    reads: List[int] = []
    real = history_module._open_rows
    monkeypatch.setattr(history_module, "_open_rows", lambda *args: reads.append(1) or real(*args))
    unseen = dataclasses.replace(device(1), app_visibility=Visibility.NONE)  # listed with no app row
    night = dataclasses.replace(result([], (device(0), unseen)), as_of=DAY0 + dt.timedelta(days=1))
    compared = with_history(history, night)
    assert _resolved(compared) == [("A", "2026-11-01", "2026-11-01")]
    assert [f.key for f in compared.held_open] == ["B"]
    record(history, compared, "2026-11-02T02:00:00Z", {"out": "x"}, {"findings": 0}, 0)
    assert len(reads) == 1, "one read of the open findings per run"
    assert history.execute("SELECT key FROM held_open").fetchall() == [("B",)]
