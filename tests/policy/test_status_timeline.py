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
from auditor.policy import PACK_STATUSES, Library, load_library, status_text

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
    out = CliRunner().invoke(cli, ["policies", "list", "--wide", "--as-of", as_of], catch_exceptions=False).output
    (line,) = [l for l in out.splitlines() if l.startswith("us-pafaca-2024 ")]
    assert _cells(line)[2] == expected


@pytest.mark.parametrize("as_of", ["2020-01-01", "2021-06-09", "2023-03-30", "2025-01-19", "2026-12-06"])
def test_policies_list_status_column_is_status_on(shipped: Library, as_of: str) -> None:
    out = CliRunner().invoke(cli, ["policies", "list", "--wide", "--as-of", as_of], catch_exceptions=False).output
    statuses = {_cells(line)[0]: _cells(line)[2] for line in out.splitlines()[1:]}
    day = dt.date.fromisoformat(as_of)
    assert statuses == {pack.id: pack.status_on(day) for pack in shipped.packs.values()}


@pytest.mark.parametrize("pack_id,as_of,text", [
    ("us-eo13943-commerce-wechat-2020", "2026-11-23", "revoked on 2021-06-09"),
    ("us-pafaca-2024", "2026-12-06", "divested on 2026-01-22"),
    ("us-pafaca-2024", "2025-09-25", "suspended on 2025-01-20"),
    ("tw-moi-rednote-block-2025", "2026-12-06", "expired on 2026-12-04"),
    ("us-no-tiktok-on-government-devices-act-2022", "2026-12-06", "in force since 2022-12-29"),
    ("us-no-tiktok-on-government-devices-act-2022", "2022-01-01", "not yet signed (signing date 2022-12-29)"),
])
def test_status_text_is_dated_from_the_history(shipped: Library, pack_id: str, as_of: str, text: str) -> None:
    pack = shipped.packs[pack_id]
    day = dt.date.fromisoformat(as_of)
    assert status_text(pack.status_on(day), pack.status_since(day)) == text


@pytest.mark.parametrize("as_of", ["2017-06-01", "2020-09-20", "2023-03-30", "2025-01-19", "2026-12-06"])
def test_status_since_is_the_history_entry_that_began_the_status(shipped: Library, as_of: str) -> None:
    """For every shipped pack: the day is on or before the as-of date and an entry of the same status starts
    then (or it is the signing day or first entry, still ahead); never the as-of date by default."""
    day = dt.date.fromisoformat(as_of)
    for pack in shipped.packs.values():
        status, since = pack.status_on(day), pack.status_since(day)
        if since is None:
            assert not pack.status_history, pack.id
        elif status in ("not-yet-signed", "not-yet-in-force"):
            assert since > day, pack.id
        else:
            assert since <= day and any(c.date == since and c.status == status for c in pack.status_history), pack.id
            earlier = [c for c in pack.status_history if c.date < since]
            assert not earlier or earlier[-1].status != status, pack.id  # the start of the run, not a later entry
