"""The output folder holds things this tool did not put there: a symbolic link as the lock, a real folder
named `latest`, a folder named like a run with an impossible date, a damaged manifest. Each is found before
the run starts (exit 2, nothing fetched, recorded or published) or ignored with a warning; never a
traceback, never a file outside the folder changed."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path
from typing import List

import pytest

from auditor.errors import ExitCode
from auditor.run.runfolder import apply_retention
from tests.run.conftest import run_scheduled
from tests.run.test_scheduled_runs import write_config

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def site(exports_site: Path) -> Path:
    return exports_site


def _runs_recorded(site: Path) -> int:
    path = site / "reports" / "history.sqlite"
    if not path.exists():
        return 0
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])


def _run_folders(site: Path) -> List[str]:
    return sorted(p.name for p in (site / "reports").iterdir() if p.name.startswith("2026-") and p.is_dir())


def test_a_lock_that_is_a_symbolic_link_is_refused_and_its_target_untouched(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    precious = site / "precious.txt"
    precious.write_text("a file the lock must never truncate\n")
    (site / "reports").mkdir()
    (site / "reports" / ".auditor.lock").symlink_to(precious)
    code, err = run_scheduled(config, "2026-11-23", capsys)
    # Before: the target was truncated and overwritten with the run's pid.
    assert precious.read_text() == "a file the lock must never truncate\n"
    assert code == ExitCode.USAGE, err
    assert ".auditor.lock" in err and "symbolic link" in err and "Traceback" not in err
    assert _runs_recorded(site) == 0 and _run_folders(site) == []


def test_a_lock_with_a_second_hard_link_is_refused(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    (site / "reports").mkdir()
    precious = site / "reports" / "notes.txt"
    precious.write_text("kept\n")
    os.link(precious, site / "reports" / ".auditor.lock")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    assert precious.read_text() == "kept\n"
    assert code == ExitCode.USAGE and "hard link" in err, err


def test_latest_as_a_real_folder_is_found_before_the_run(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    latest = site / "reports" / "latest"
    latest.mkdir(parents=True)
    (latest / "my-notes.txt").write_text("mine\n")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    # Before: the run was recorded in the history, then publishing crashed (IsADirectoryError, exit 4).
    assert code == ExitCode.USAGE, err
    assert "latest" in err and "not the link" in err and "Traceback" not in err
    assert (latest / "my-notes.txt").read_text() == "mine\n"
    assert _runs_recorded(site) == 0 and _run_folders(site) == []


def test_latest_as_a_regular_file_is_not_replaced(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    (site / "reports").mkdir()
    (site / "reports" / "latest").write_text("someone's file\n")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    assert code == ExitCode.USAGE, err
    assert (site / "reports" / "latest").read_text() == "someone's file\n"


def test_output_that_is_a_file_is_a_clear_error(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    (site / "reports").write_text("not a folder\n")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    assert code == ExitCode.USAGE and "not a folder" in err and "Traceback" not in err, err


def test_a_folder_named_like_a_run_with_an_impossible_date_is_ignored_by_retention(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site, "retention: {keep_runs: 1, max_age_days: 30}\n")
    odd = site / "reports" / "2026-13-45T0200Z"
    odd.mkdir(parents=True)
    (odd / "keep.txt").write_text("x")
    for day in ("2026-11-23", "2026-11-24"):
        code, err = run_scheduled(config, day, capsys)
        # Before: strptime raised ValueError in retention after the run was published, every night (exit 4).
        assert code == 1, err
        assert "2026-13-45T0200Z" in err and "ignored" in err and "Traceback" not in err
    assert (odd / "keep.txt").read_text() == "x"
    assert len(_run_folders(site)) == 2  # the newest run, and the odd folder (never deleted)


def test_retention_never_follows_a_link_named_like_a_run_and_survives_a_latest_loop(tmp_path: Path) -> None:
    output = tmp_path / "reports"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "data.txt").write_text("outside\n")
    output.mkdir()
    (output / "2026-01-01T0200Z").symlink_to(outside, target_is_directory=True)
    for name in ("2026-11-20T0200Z", "2026-11-21T0200Z", "2026-11-22T0200Z"):
        (output / name).mkdir()
        (output / name / "manifest.json").write_text(json.dumps({"complete": True}))
    (output / "latest").symlink_to("latest")  # a loop: Path.resolve() raises on it
    outcome = apply_retention(output, keep_runs=1, max_age_days=None, now=NOW)
    assert sorted(p.name for p in outcome.removed) == ["2026-11-20T0200Z", "2026-11-21T0200Z"]
    assert (outside / "data.txt").read_text() == "outside\n"


def test_a_damaged_manifest_makes_a_run_folder_not_complete_with_a_warning(tmp_path: Path) -> None:
    output = tmp_path / "reports"
    for name, manifest in (("2026-11-20T0200Z", json.dumps({"complete": True})),
                           ("2026-11-21T0200Z", "[true]"), ("2026-11-22T0200Z", json.dumps({"complete": False}))):
        (output / name).mkdir(parents=True)
        (output / name / "manifest.json").write_text(manifest)
    (output / "latest").symlink_to("2026-11-22T0200Z")
    outcome = apply_retention(output, keep_runs=1, max_age_days=None, now=NOW)
    # The newest complete run (11-20) and the latest survive; 11-21 cannot prove it is complete.
    assert [p.name for p in outcome.removed] == ["2026-11-21T0200Z"]
    assert any("2026-11-21T0200Z" in note and "manifest" in note for note in outcome.notes)
