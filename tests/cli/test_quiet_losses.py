"""Runs that audited less than they seem never exit clean (through the real CLI, real files): an exclusion
that leaves nothing of a path named; a large share of skipped rows (the terminal line counts them); a quote
that never closes, whatever the file's last byte."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from auditor.cli.console import summary_line
from auditor.render import summarise
from tests.cli.test_cli import DEVICES_D1, run
from tests.render.factory import result


def exports(folder: Path, apps: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "apps.csv").write_text(apps)
    (folder / "devices.csv").write_text(DEVICES_D1)
    return folder


CLEAN = "ApplicationName,DeviceId,Platform,EmailAddress\nSlack,d1,iOS,ana@corp.example\n"


@pytest.mark.parametrize("patterns", [["*"], ["*.csv"], ["apps.csv", "devices.csv"]])
def test_excluding_every_input_is_incomplete_and_never_called_complete(
        fixture_policies, tmp_path: Path, capsys, patterns) -> None:  # type: ignore[no-untyped-def]
    folder = exports(tmp_path / "x", CLEAN)
    out_dir = tmp_path / "o"
    args = ["audit", str(folder), "--out", str(out_dir), "--as-of", "2026-11-23"]
    for pattern in patterns:
        args += ["--exclude", pattern]
    code, out, err = run(args, capsys)
    assert code == 3, (out, err)
    assert "every file here was excluded" in err and out.startswith("INCOMPLETE:")
    for name in ("report.html", "summary.md"):
        text = (out_dir / name).read_text()
        assert "Complete run" not in text, name
        assert "every file here was excluded" in text, name


def test_a_run_that_reads_no_device_is_never_complete(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Whatever the cause: a ZIP whose only member is excluded, beside nothing else."""
    folder = tmp_path / "z"
    folder.mkdir()
    with zipfile.ZipFile(folder / "export.zip", "w") as archive:
        archive.writestr("apps.csv", CLEAN)
    code, out, err = run(["audit", str(folder), "--exclude", "apps.csv", "--out", str(tmp_path / "o"),
                          "--as-of", "2026-11-23"], capsys)
    assert code == 3 and "Complete run" not in (tmp_path / "o" / "report.html").read_text()


def test_many_skipped_rows_make_the_run_incomplete_and_the_line_counts_them(
        fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"Slack,d1,iOS,ana@corp.example\n" for _ in range(97)) + "TikTok,,iOS,\n" * 3
    folder = exports(tmp_path / "s", "ApplicationName,DeviceId,Platform,EmailAddress\n" + rows)
    code, out, err = run(["audit", str(folder), "--out", str(tmp_path / "o"), "--as-of", "2026-11-23"], capsys)
    assert code == 3, err
    assert "3 of its 100 rows were skipped (more than 1%" in err
    assert "; 3 rows skipped (see the problems); " in out


def test_one_skipped_row_in_a_large_export_is_a_note(fixture_policies, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    rows = "".join(f"Slack,d1,iOS,ana@corp.example\n" for _ in range(199)) + "Zoom,,iOS,\n"
    folder = exports(tmp_path / "s", "ApplicationName,DeviceId,Platform,EmailAddress\n" + rows)
    code, out, err = run(["audit", str(folder), "--out", str(tmp_path / "o"), "--as-of", "2026-11-23"], capsys)
    assert code == 0, err
    assert "; 1 row skipped (see the problems); " in out


def test_the_line_says_nothing_of_skipped_rows_when_there_are_none() -> None:
    assert "skipped" not in summary_line(True, summarise(result([])), "2026-11-23")
