"""Stale exports: an export older than the allowed age makes the run incomplete.

The age comes from the newest timestamp inside the export (a reader sets ctx.export_time: last seen,
last sync, report date), else from the file's modification time. An export dated after the as-of day
(a historical audit of today's export) is not stale."""
from __future__ import annotations

import datetime as dt
from typing import Optional, Tuple

from auditor.model import Problem
from auditor.sources.base import ReadContext
from auditor.sources.timestamps import parse_time

DEFAULT_MAX_AGE_DAYS = 7


def export_date(ctx: ReadContext) -> Tuple[Optional[dt.date], str]:
    """The date of the export and where it came from ("newest timestamp inside" or "file modification time")."""
    inside = parse_time(ctx.export_time) if ctx.export_time else None
    if inside is not None:
        return inside.date(), "newest timestamp inside the export"
    if ctx.input.mtime > 0:
        modified = dt.datetime.fromtimestamp(ctx.input.mtime, tz=dt.timezone.utc)
        return modified.date(), "file modification time"
    return None, ""


def stale_problem(ctx: ReadContext, as_of: dt.date, max_age_days: int) -> Optional[Problem]:
    """A fatal problem when the export read through ctx is older than max_age_days on the as-of date."""
    dated, origin = export_date(ctx)
    if dated is None:
        return None
    age = (as_of - dated).days
    if age <= max_age_days:
        return None
    tool = f"{ctx.tool} " if ctx.tool else ""
    return Problem(ctx.input.display,
                   f"stale {tool}export: dated {dated.isoformat()} ({origin}), {age} days before {as_of.isoformat()}; "
                   f"the limit is {max_age_days} days (--max-export-age): re-export it", None, True)
