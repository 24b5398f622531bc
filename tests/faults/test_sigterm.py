"""SIGTERM lands part-way through a scheduled run, at a chosen point (while the report is being written;
inside the history transaction): the previous report and the history stay as they were, nothing half
done is published, and the next run cleans up and works."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, HANG_GUARD, REPO
from tests.faults.conftest import intune_exports, run_auditor, write_site

# The child runs the real command; one function is wrapped to say "I am here" and wait to be killed.
# Wrapping is the only way to land a signal at an exact point every time (a timed kill is flaky).
CHILD = """
import sys, time, pathlib, importlib
module, name, marker = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
target = importlib.import_module(module)
original = getattr(target, name)
def paused(*args, **kwargs):
    marker.write_text("here")
    time.sleep(3600)
    return original(*args, **kwargs)
setattr(target, name, paused)
from auditor import cli
cli.main(sys.argv[4:])
"""

POINTS = {
    "writing-the-report": ("auditor.render.outputs", "render_all"),
    "inside-the-history-transaction": ("auditor.history", "_row"),
}


@pytest.mark.parametrize("point", sorted(POINTS))
def test_sigterm_part_way_leaves_report_and_history_as_they_were(tmp_path: Path, point: str) -> None:
    reports = tmp_path / "reports"
    config = write_site(tmp_path, reports, intune_exports(tmp_path / "exports"))
    assert run_auditor(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"], cwd=tmp_path).code == 0
    latest = (reports / "latest").resolve()
    report = (latest / "report.html").read_bytes()

    module, name = POINTS[point]
    marker = tmp_path / "marker"
    env = dict(os.environ, PYTHONPATH=str(REPO), FLEET_AUDITOR_POLICIES=str(FIXTURES / "policies"))
    victim = subprocess.Popen([sys.executable, "-c", CHILD, module, name, str(marker), "run", "--config", str(config),
                               "--as-of", "2026-11-24", "--quiet"], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + HANG_GUARD  # the child runs a whole audit first: slow on a loaded machine
        while not marker.exists():
            assert victim.poll() is None and time.monotonic() < deadline, "the run never reached the point"
            time.sleep(0.02)
        victim.send_signal(signal.SIGTERM)
        assert victim.wait(timeout=HANG_GUARD) == -signal.SIGTERM
    finally:
        if victim.poll() is None:
            victim.kill()

    assert (reports / "latest").resolve() == latest and (latest / "report.html").read_bytes() == report
    with sqlite3.connect(reports / "history.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1, "a killed run must not be recorded"
        assert db.execute("SELECT COUNT(DISTINCT run_id) FROM findings").fetchone()[0] == 1

    again = run_auditor(["run", "--config", str(config), "--as-of", "2026-11-24", "--quiet"], cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert not list(reports.glob(".tmp-*"))
    with sqlite3.connect(reports / "history.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2
