"""Stale exports: an export older than the allowed age makes the run incomplete (issue 5 fills this in)."""
from __future__ import annotations

import datetime as dt
from typing import Optional

from auditor.model import Problem
from auditor.sources.base import ReadContext

DEFAULT_MAX_AGE_DAYS = 7


def stale_problem(ctx: ReadContext, as_of: dt.date, max_age_days: int) -> Optional[Problem]:
    """A fatal problem when the export read through ctx is older than max_age_days on the as-of date."""
    return None
