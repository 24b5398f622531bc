"""Option values shared by commands: dates, severities, formats."""
from __future__ import annotations

import datetime as dt
from typing import Any, Optional

import click

from auditor.errors import DEFAULT_FAIL_ON, FAIL_ON

__all__ = ["DEFAULT_FAIL_ON", "FAIL_ON", "parse_as_of", "today_utc"]


def today_utc() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def parse_as_of(_ctx: Any, _param: Any, value: Optional[str]) -> dt.date:
    """--as-of: an ISO date; today in UTC when not given."""
    if value is None:
        return today_utc()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2023-02-27, got {value!r}") from None
