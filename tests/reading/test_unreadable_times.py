"""Timestamps in a form the tool does not read (a locale's "9/1/2025 7:00:00 AM", "01.09.2025 07:00", Jamf's
"2026-11-22 at 2:52 PM") are never passed over in silence (REPORT4 problem 1): before, a devices export whose
`Last check-in` was written so dated itself by its file time (a copy made today looked fresh) and no device was
ever judged not current, so the CEO's phone silent for 15 months counted as seen and clean.

- no readable time in the export: the run is incomplete (exit 3), naming the file and a value;
- some: a data-quality note, the run stays complete;
- ISO, epoch, osquery's calendar time and the "never" words stay readable (nothing said).
Real `auditor audit` over the shipped example fleet; the parser and the per-input decision as pure logic."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Callable, Dict, List

import pytest

from auditor import cli
from auditor.model import ProblemKind
from auditor.reading.staleness import unreadable_times_problem
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from auditor.textio.timestamps import parse_time, unreadable
from tests.conftest import REPO

INTUNE = REPO / "examples" / "fleet" / "intune"
STAFF = REPO / "examples" / "people" / "staff.csv"


def _fleet(folder: Path, check_in: Callable[[Dict[str, str]], str]) -> Path:
    """The example Intune exports, the devices export's Last check-in rewritten by check_in(row)."""
    folder.mkdir()
    shutil.copy(INTUNE / "AppInvRawData_2026-11-22.csv", folder)
    with zipfile.ZipFile(INTUNE / "DevicesWithInventory_2026-11-22.zip") as archive:
        (name,) = archive.namelist()
        text = archive.read(name).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        row["Last check-in"] = check_in(row)
        writer.writerow(row)
    (folder / "DevicesWithInventory_2026-11-22.csv").write_text(out.getvalue(), encoding="utf-8-sig")
    return folder


def _us(row: Dict[str, str]) -> str:
    moment = dt.datetime.fromisoformat(row["Last check-in"])
    return f"{moment.month}/{moment.day}/{moment.year} {moment.strftime('%I:%M:%S %p')}"


def _audit(tmp_path: Path, folder: Path) -> tuple:
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(folder), "--staff", str(STAFF), "--as-of", "2026-11-23", "--out", str(tmp_path / "out")])
    return info.value.code, json.loads((tmp_path / "out" / "findings.json").read_text())


def test_a_devices_export_dated_only_in_a_locale_form_is_incomplete(tmp_path: Path) -> None:
    code, found = _audit(tmp_path, _fleet(tmp_path / "fleet", _us))
    assert code == 1  # incomplete; the fleet's findings fail the run first (README: exit codes)
    assert found["complete"] is False
    (problem,) = [p for p in found["problems"] if "not in a form this tool reads" in p["message"]]
    assert problem["fatal"] is True
    assert problem["source"].endswith("DevicesWithInventory_2026-11-22.csv")
    assert "timestamps such as '11/22/2026 07:01:11 AM'" in problem["message"]
    assert "cannot be judged" in problem["message"]


def test_a_few_unreadable_check_ins_are_a_note_and_the_run_stays_complete(tmp_path: Path) -> None:
    ceo_phone = "iPhone-0126"  # Wen Nguyen, critical

    def one_german(row: Dict[str, str]) -> str:
        return "01.09.2025 07:00" if row["Device name"] == ceo_phone else row["Last check-in"]
    code, found = _audit(tmp_path, _fleet(tmp_path / "fleet", one_german))
    assert code == 1  # the example fleet's findings
    assert found["complete"] is True
    (note,) = [p for p in found["problems"] if "not in a form this tool reads" in p["message"]]
    assert note["fatal"] is False
    assert "timestamps such as '01.09.2025 07:00'" in note["message"]
    assert "is not judged" in note["message"]


def test_the_unchanged_example_says_nothing_of_timestamps(tmp_path: Path) -> None:
    code, found = _audit(tmp_path, _fleet(tmp_path / "fleet", lambda row: row["Last check-in"]))
    assert code == 1
    assert found["complete"] is True
    assert not [p for p in found["problems"] if "not in a form this tool reads" in p["message"]]


@pytest.mark.parametrize("text", ["2026-11-22 08:14:03", "2026-11-22T08:14:03.1234567Z", "2026-11-22T08:14:03+0000",
                                  "2026-11-22 08:14:03 UTC", "1763799243", "Sun Nov 22 08:14:03 2026 UTC"])
def test_forms_the_tools_write_are_read(text: str) -> None:
    assert parse_time(text) is not None
    assert not unreadable(text)


@pytest.mark.parametrize("text", ["", "  ", "Never", "N/A", "0", "0001-01-01T00:00:00+01:00", "9999-12-31"])
def test_never_words_and_sentinels_are_no_time_and_not_unreadable(text: str) -> None:
    assert parse_time(text) is None
    assert not unreadable(text)


@pytest.mark.parametrize("text", ["9/1/2025 7:00:00 AM", "01.09.2025 07:00", "2026-11-22 at 2:52 PM", "22/11/2026"])
def test_locale_forms_are_unreadable_never_guessed(text: str) -> None:
    assert parse_time(text) is None
    assert unreadable(text)


def _context(times: List[str]) -> ReadContext:
    ctx = ReadContext(InputFile("devices.csv", Path("devices.csv"), None, 0, 0.0))
    for raw in times:
        ctx.saw_time(raw)
    return ctx


def test_the_decision_per_input() -> None:
    assert unreadable_times_problem(_context(["2026-11-22 08:14:03", "Never", ""])) is None
    some = unreadable_times_problem(_context(["2026-11-22 08:14:03", "9/1/2025 7:00:00 AM"]))
    assert some is not None and not some.fatal and some.kind is ProblemKind.DATA
    none = unreadable_times_problem(_context(["9/1/2025 7:00:00 AM", "Never"]))
    assert none is not None and none.fatal and none.kind is ProblemKind.STALE
    assert "'9/1/2025 7:00:00 AM'" in none.message


def test_the_newest_readable_time_still_dates_the_export() -> None:
    ctx = _context(["2026-11-20 08:00:00", "1/2/2026 1:00:00 PM", "2026-11-22T09:30:00Z", "2026-11-21 08:00:00"])
    assert ctx.export_time == "2026-11-22T09:30:00+00:00"
    assert (ctx.times_unreadable, ctx.time_unreadable) == (1, "1/2/2026 1:00:00 PM")
