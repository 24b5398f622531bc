"""Each pack's status on any date since 2020, against a table of every status transition (the day before and
the day of each change, and 2026-12-06) with the source that says so: tests/policy/data/status-timeline.csv
(from the issue-18 research, docs/sources-notes.md). `auditor policies list --as-of D` reads the same
Pack.status_on, so the CLI is checked on a few of the rows."""
from __future__ import annotations

import csv
import re
import datetime as dt
from pathlib import Path
from typing import Dict, List

import pytest
from click.testing import CliRunner

from auditor.cli import cli
from auditor.policy import PACK_STATUSES, Library, load_library

TIMELINE = Path(__file__).parent / "data" / "status-timeline.csv"
ROWS: List[Dict[str, str]] = list(csv.DictReader(TIMELINE.open(encoding="utf-8")))


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['pack_id']}@{r['date']}")
def test_status_on_each_transition(shipped: Library, row: Dict[str, str]) -> None:
    pack = shipped.packs[row["pack_id"]]
    day = dt.date.fromisoformat(row["date"])
    assert pack.status_on(day) == row["expected_status"]
    in_effect = [c for c in pack.status_history if c.date <= day]
    # the source the table cites is the one the pack records for the status in effect that day
    assert (in_effect[-1].source if in_effect else "") == row["source"]


def test_every_transition_of_the_new_instruments_is_in_the_table(shipped: Library) -> None:
    """Every status change of a pack in the table has its day and the day before in the table."""
    dates = {(r["pack_id"], r["date"]) for r in ROWS}
    missing = []
    for pack_id in {r["pack_id"] for r in ROWS}:
        pack = shipped.packs[pack_id]
        previous = None
        for change in pack.status_history:
            if change.status != previous:
                for day in (change.date, change.date - dt.timedelta(days=1)):
                    if (pack_id, day.isoformat()) not in dates:
                        missing.append(f"{pack_id} {day}")
            previous = change.status
    assert not missing, missing


def test_every_status_change_has_a_source_and_a_known_status(shipped: Library) -> None:
    for pack in shipped.packs.values():
        for change in pack.status_history:
            assert change.status in PACK_STATUSES
            assert change.source.startswith(("https://", "http://")), (pack.id, change.date)
            assert change.event, (pack.id, change.date)
        dates = [c.date for c in pack.status_history]
        assert dates == sorted(dates)
        if pack.status_history:  # the pack's `status` is its status today: the last entry's
            assert pack.status == pack.status_history[-1].status, pack.id


def _cells(line: str) -> List[str]:
    return re.split(r"\s{2,}", line)


@pytest.mark.parametrize("as_of,expected", [
    ("2025-01-18", "in-force"),   # enacted; prohibitions from the next day
    ("2025-01-20", "suspended"),  # EO 14166
    ("2025-09-25", "suspended"),  # EO 14352: qualified divestiture determined, 120 more days
    ("2026-01-22", "divested"),   # the joint venture closed
    ("2026-12-06", "divested"),
])
def test_policies_list_as_of_shows_pafaca_status(as_of: str, expected: str) -> None:
    out = CliRunner().invoke(cli, ["policies", "list", "--as-of", as_of], catch_exceptions=False).output
    (line,) = [l for l in out.splitlines() if l.startswith("us-pafaca-2024 ")]
    assert _cells(line)[2] == expected


@pytest.mark.parametrize("as_of", ["2020-01-01", "2021-06-09", "2023-03-30", "2025-01-19", "2026-12-06"])
def test_policies_list_status_column_is_status_on(shipped: Library, as_of: str) -> None:
    out = CliRunner().invoke(cli, ["policies", "list", "--as-of", as_of], catch_exceptions=False).output
    statuses = {_cells(line)[0]: _cells(line)[2] for line in out.splitlines()[1:]}
    day = dt.date.fromisoformat(as_of)
    assert statuses == {pack.id: pack.status_on(day) for pack in shipped.packs.values()}
