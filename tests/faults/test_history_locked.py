"""Another process holds the history database (a backup, a person in the sqlite3 shell): the run waits
its timeout, then fails clearly (exit 4), records nothing half, publishes nothing, and corrupts nothing."""
from __future__ import annotations

import sqlite3
from pathlib import Path
import pytest

from tests.faults.conftest import intune_exports, run_auditor, write_site

FAST = {"FLEET_AUDITOR_HISTORY_TIMEOUT": "0.5"}  # the default wait is 30 s


def lock(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=0)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def count_runs(path: Path) -> int:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def test_scheduled_run_with_a_locked_history_fails_clearly_and_publishes_nothing(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    config = write_site(tmp_path, reports, intune_exports(tmp_path / "exports"))
    assert run_auditor(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"], cwd=tmp_path).code == 0
    latest = (reports / "latest").resolve()
    holder = lock(reports / "history.sqlite")
    try:
        outcome = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-24", "--quiet"], cwd=tmp_path,
                              env=FAST)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.code == 4 and "Traceback" not in outcome.stderr, outcome.stderr[-1500:]
    assert "database is locked" in outcome.stderr and "not recorded" in outcome.stderr
    assert "held it for more than 0.5 s" in outcome.stderr  # the configured wait, not the default 30 s
    assert (reports / "latest").resolve() == latest and not list(reports.glob(".tmp-*"))
    assert count_runs(reports / "history.sqlite") == 1
    again = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-24", "--quiet"], cwd=tmp_path)
    assert again.code == 0 and count_runs(reports / "history.sqlite") == 2


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_audit_with_a_locked_history_fails_clearly_and_corrupts_nothing(tmp_path: Path, journal: str) -> None:
    exports = intune_exports(tmp_path / "exports")
    history = tmp_path / "history.sqlite"
    args = ["audit", str(exports), "--out", "out", "--as-of", "2026-11-23", "--history", str(history)]
    assert run_auditor(args, cwd=tmp_path).code == 1
    if journal == "delete":  # a copy restored by a tool that does not use WAL: the lock blocks readers too
        with sqlite3.connect(history) as db:
            db.execute("PRAGMA journal_mode=DELETE")
    holder = lock(history)
    try:
        outcome = run_auditor(args, cwd=tmp_path, env=FAST)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.code == 4 and "Traceback" not in outcome.stderr, outcome.stderr[-1500:]
    assert "database is locked" in outcome.stderr
    assert count_runs(history) == 1


def test_audit_with_a_locked_history_does_not_replace_the_report(tmp_path: Path) -> None:
    exports = intune_exports(tmp_path / "exports")
    history = tmp_path / "history.sqlite"
    args = ["audit", str(exports), "--out", "out", "--history", str(history)]
    assert run_auditor(args + ["--as-of", "2026-11-23"], cwd=tmp_path).code == 1
    before = (tmp_path / "out" / "findings.json").read_bytes()
    holder = lock(history)
    try:
        outcome = run_auditor(args + ["--as-of", "2026-11-24"], cwd=tmp_path, env=FAST)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert outcome.code == 4
    assert (tmp_path / "out" / "findings.json").read_bytes() == before
