"""Timestamps as tools write them; the null sentinels mean "never" (not an error, not a crash)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

import pytest

from auditor.textio.timestamps import later_iso, parse_time

UTC = dt.timezone.utc


@pytest.mark.parametrize("raw", [
    "0001-01-01T00:00:00+01:00",  # .NET DateTime.MinValue written with a European offset: before year 1 in UTC
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-05:00", "0001-01-01 00:00:00 +0100", "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-01:00",  # MaxValue with a negative offset: after year 9999 in UTC
    "9999-12-31T23:59:59.9999999-08:00", "0", 0, "", None, "never",
])
def test_null_sentinels_are_never(raw: object) -> None:
    assert parse_time(raw) is None
    assert later_iso("2026-11-22T08:14:03+00:00", raw) is None


@pytest.mark.parametrize("raw,expected", [
    ("2026-11-22 08:14:03", dt.datetime(2026, 11, 22, 8, 14, 3, tzinfo=UTC)),
    ("2026-11-22T09:14:03+01:00", dt.datetime(2026, 11, 22, 8, 14, 3, tzinfo=UTC)),
    ("2026-11-22T08:14:03.1234567Z", dt.datetime(2026, 11, 22, 8, 14, 3, 123456, tzinfo=UTC)),
])
def test_real_times(raw: str, expected: Optional[dt.datetime]) -> None:
    assert parse_time(raw) == expected
