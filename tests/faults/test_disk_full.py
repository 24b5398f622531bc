"""The disk fills up while the report is written: the previous report stays whole and readable, no
temporary file is left taking the space, and the run ends with a clear error (exit 4), no traceback."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Dict

from tests.faults.conftest import intune_exports, run_auditor, write_site

BIG = "X" * (1536 * 1024)  # a 1.5 MB device name: kept whole in findings.json, so the report needs > 1 MB


def snapshot(folder: Path) -> Dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_audit_out_on_a_full_disk_keeps_the_previous_report(small_disk: Path, tmp_path: Path) -> None:
    out = small_disk / "report"
    first = run_auditor(["audit", str(intune_exports(tmp_path / "small")), "--out", str(out), "--as-of",
                         "2026-11-23"], cwd=tmp_path)
    assert first.code == 1, first.stderr
    before = snapshot(out)

    second = run_auditor(["audit", str(intune_exports(tmp_path / "big", BIG)), "--out", str(out), "--as-of",
                          "2026-11-23"], cwd=tmp_path)
    assert second.code == 4 and "Traceback" not in second.stderr, second.stderr[-1500:]
    assert "cannot write the report" in second.stderr and "No space left on device" in second.stderr
    assert snapshot(out) == before, "the previous report must be untouched"
    assert sorted(p.name for p in out.iterdir()) == sorted(before), "no temporary file may be left behind"


def test_scheduled_run_on_a_full_disk_keeps_latest_history_and_space(small_disk: Path, tmp_path: Path) -> None:
    reports = small_disk / "reports"
    config = write_site(tmp_path, reports, intune_exports(tmp_path / "exports"))
    first = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"], cwd=tmp_path)
    assert first.code == 0, first.stderr
    latest = (reports / "latest").resolve()
    before = snapshot(latest)

    intune_exports(tmp_path / "exports", BIG)
    second = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-24", "--quiet"], cwd=tmp_path)
    assert second.code == 4 and "Traceback" not in second.stderr, second.stderr[-1500:]
    assert "No space left on device" in second.stderr and "unchanged" in second.stderr
    assert (reports / "latest").resolve() == latest and snapshot(latest) == before
    assert not list(reports.glob(".tmp-*")), "the half-written run folder must not keep the space"
    with sqlite3.connect(reports / "history.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    intune_exports(tmp_path / "exports")  # space again: the next run works
    third = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-25", "--quiet"], cwd=tmp_path)
    assert third.code == 0, third.stderr
