"""Option values shared by commands: dates, severities, formats."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Optional

import click

from auditor.errors import DEFAULT_FAIL_ON, FAIL_ON

__all__ = ["DEFAULT_FAIL_ON", "FAIL_ON", "parse_as_of", "parse_date", "today_utc"]


def today_utc() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def parse_as_of(_ctx: Any, _param: Any, value: Optional[str]) -> dt.date:
    """--as-of: an ISO date; today in UTC when not given."""
    if value is None:
        return today_utc()
    return parse_date(value, "2023-02-27")


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str, example: str) -> dt.date:
    """An ISO date, or a usage error that says what is wrong: a day the month does not have (2026-11-31), a
    month that does not exist, or not a date at all."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    shape = _ISO_DAY.fullmatch(value)  # (as given: a space around it is no date either)
    if shape:
        year, month, day = (int(part) for part in shape.groups())
        if year >= 1 and not 1 <= month <= 12:
            raise click.BadParameter(f"{value!r}: month {month} is out of range (01 to 12)")
        last = calendar.monthrange(year, month)[1] if year >= 1 else 0
        if year >= 1 and not 1 <= day <= last:
            raise click.BadParameter(f"{value!r}: day {day} is out of range for {calendar.month_name[month]} "
                                     f"{year} (01 to {last})")
    raise click.BadParameter(f"expected a date like {example}, got {value!r}")
