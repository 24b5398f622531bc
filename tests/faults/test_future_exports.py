"""Exports dated in the future: a clock or the export is wrong, so the export's age is unknown. The run
is incomplete (named file, clear reason) and never passes as clean; a historical audit of an export that is
merely later than --as-of is not affected."""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import List

import pytest

from auditor.policy import Library, select_packs
from tests.conftest import audit_paths
from tests.faults.conftest import intune_exports

FUTURE = "2099-01-01 00:00:00"


def problems(library: Library, paths: List[Path], as_of: dt.date) -> List[str]:
    result = audit_paths(paths, library, select_packs(library, (), as_of), as_of)
    return [f"{p.source}: {p.message}" for p in result.problems if p.fatal]


def test_an_export_dated_in_the_future_makes_the_run_incomplete(test_library: Library, tmp_path: Path) -> None:
    exports = intune_exports(tmp_path / "exports")
    devices = exports / "devices.csv"
    devices.write_text(devices.read_text().replace("2026-11-22 08:14:03", FUTURE))
    found = problems(test_library, [exports], dt.date(2026, 11, 23))
    assert any("devices.csv" in p and "dated in the future" in p and "2099-01-01" in p for p in found), found


def test_one_future_row_cannot_hide_a_stale_export(test_library: Library, tmp_path: Path) -> None:
    """Before: the newest timestamp dated the export, so one row from 2099 made a year-old export 'fresh'."""
    exports = intune_exports(tmp_path / "exports")
    devices = exports / "devices.csv"
    lines = devices.read_text().replace("2026-11-22", "2025-11-22").splitlines()
    lines[1] = lines[1].replace("2025-11-22 08:14:03", FUTURE)
    devices.write_text("\n".join(lines) + "\n")
    found = problems(test_library, [exports], dt.date(2026, 11, 23))
    assert any("devices.csv" in p and "dated in the future" in p for p in found), found


def test_a_future_file_time_counts_when_the_export_has_no_dates(test_library: Library, tmp_path: Path) -> None:
    exports = intune_exports(tmp_path / "exports")
    future = dt.datetime(2099, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    os.utime(exports / "AppInvRawData.csv", (future, future))  # this export has no timestamp inside
    found = problems(test_library, [exports], dt.date(2026, 11, 23))
    assert any("AppInvRawData.csv" in p and "file modification time" in p and "future" in p for p in found), found


@pytest.mark.parametrize("as_of", [dt.date(2024, 1, 1), dt.date(2026, 11, 23)])
def test_an_export_later_than_as_of_but_not_than_now_is_fine(test_library: Library, tmp_path: Path,
                                                             as_of: dt.date) -> None:
    exports = intune_exports(tmp_path / "exports")
    found = problems(test_library, [exports], as_of)
    assert not [p for p in found if "future" in p], found


def test_the_future_problem_reaches_every_output(tmp_path: Path) -> None:
    from tests.faults.conftest import run_auditor
    exports = intune_exports(tmp_path / "exports")
    (exports / "devices.csv").write_text((exports / "devices.csv").read_text().replace("2026-11-22 08:14:03", FUTURE))
    outcome = run_auditor(["audit", str(exports), "--out", "out", "--as-of", "2026-11-23", "--fail-on", "none"],
                          cwd=tmp_path)
    assert outcome.code == 3 and "dated in the future" in outcome.stderr
    document = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert document["complete"] is False
    assert "dated in the future" in (tmp_path / "out" / "summary.md").read_text()
