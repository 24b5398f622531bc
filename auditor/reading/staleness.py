"""Stale exports: an export older than the allowed age makes the run incomplete.

The age comes from the newest timestamp inside the export (a reader sets ctx.export_time: last seen,
last sync, report date), else from the file's modification time; when the file's name carries an older
date (AppInvRawData_2026-11-22.csv), from that date. An export dated after the as-of day
(a historical audit of today's export) is not stale.

An export dated in the future (later than the clock of this machine, by more than a day of time-zone
slack) makes the run incomplete too: either a clock is wrong or the export is, and in both cases its
age cannot be known. Without this check one row with a last-seen date in 2099 would hide a stale export
for ever.

A device whose last check-in is older than the same limit (`not_current_since`): the export is current, but
the app list it holds for that device was collected when the device last reported, months ago maybe; the
device is listed as not current (auditor.engine.not_current), never counted as seen and clean in silence."""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Optional, Tuple

from auditor.model import Problem, ProblemKind
from auditor.textio.context import ReadContext
from auditor.textio.timestamps import EARLIEST_YEAR, LATEST_YEAR, parse_time

DEFAULT_MAX_AGE_DAYS = 7
# Exports written without a zone are read as UTC; a device clock a few hours ahead is not an error.
FUTURE_SLACK = dt.timedelta(days=1)


# A date in a file's name (AppInvRawData_2026-11-22.csv): tools and people name exports by the day they were
# taken, and a copy (cp, a download, an unzip) refreshes the modification time but not the name.
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)[-_.](\d\d)[-_.](\d\d)(?!\d)")


def name_date(display: str) -> Optional[dt.datetime]:
    """The last date written in the file's name (a ZIP member's name, else the archive's; never a folder's),
    as midnight UTC."""
    for part in reversed(display.split("!")):
        name = re.split(r"[/\\]", part)[-1]
        for match in reversed(list(_NAME_DATE.finditer(name))):
            try:
                return dt.datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=dt.timezone.utc)
            except ValueError:
                continue
    return None


def export_time(ctx: ReadContext) -> Tuple[Optional[dt.datetime], str]:
    """The time of the export and where it came from ("newest timestamp inside", "file modification time",
    or "date in the file name" when the name carries an older date: the older wins)."""
    moment, origin = _content_or_file_time(ctx)
    named = name_date(ctx.input.display)
    if named is not None and (moment is None or named.date() < moment.date()):
        return named, "date in the file name"
    return moment, origin


def _content_or_file_time(ctx: ReadContext) -> Tuple[Optional[dt.datetime], str]:
    inside = parse_time(ctx.export_time) if ctx.export_time else None
    if inside is not None:
        return inside, "newest timestamp inside the export"
    if ctx.input.mtime > 0:
        try:
            return dt.datetime.fromtimestamp(ctx.input.mtime, tz=dt.timezone.utc), "file modification time"
        except (OverflowError, OSError, ValueError):  # a modification time no calendar holds
            return dt.datetime.max.replace(tzinfo=dt.timezone.utc), "file modification time"
    return None, ""


def stale_problem(ctx: ReadContext, as_of: dt.date, max_age_days: int,
                  now: Optional[dt.datetime] = None) -> Optional[Problem]:
    """A fatal problem when the export read through ctx is older than max_age_days on the as-of date,
    or is dated in the future (`now`: this machine's clock, UTC)."""
    moment, origin = export_time(ctx)
    if moment is None:
        return None
    now = now or dt.datetime.now(dt.timezone.utc)
    if moment > now + FUTURE_SLACK:
        tool = f"{ctx.tool} " if ctx.tool else ""
        return Problem(ctx.input.display,
                       f"{tool}export dated in the future: {moment.isoformat().replace('+00:00', 'Z')} ({origin}) is "
                       f"later than this machine's clock ({now.replace(microsecond=0).isoformat().replace('+00:00', 'Z')}); "
                       "a clock or the export is wrong, so its age is unknown: fix it and re-export", None, True,
                       ProblemKind.STALE)
    dated = moment.date()
    age = (as_of - dated).days
    if age <= max_age_days:
        return None
    tool = f"{ctx.tool} " if ctx.tool else ""
    return Problem(ctx.input.display,
                   f"stale {tool}export: dated {dated.isoformat()} ({origin}), {age} days before {as_of.isoformat()}; "
                   f"the limit is {max_age_days} days (--max-export-age): re-export it", None, True, ProblemKind.STALE)


def unreadable_times_problem(ctx: ReadContext) -> Optional[Problem]:
    """Timestamps written in a form this tool does not read (a locale's "9/1/2025 7:00:00 AM", "01.09.2025"):
    the devices that carry them are never judged not current, and when no timestamp of the export is read its
    age falls back to the file's time (a copy made today looks fresh). None readable: the run is incomplete;
    some: a data-quality note. Day and month are never guessed."""
    if not ctx.times_unreadable:
        return None
    # (No count: a reader may look at each distinct time once, as the Intune devices reader does.)
    what = (f"timestamps such as '{ctx.time_unreadable}' are not in a form this tool reads (ISO 8601 such as "
            "2026-11-22 08:14:03, or epoch seconds)")
    if ctx.export_time is None:
        return Problem(ctx.input.display, f"{what}, and no other time in it is: the export's age and its devices' "
                                          "last check-in cannot be judged (a device silent for months would count "
                                          "as current); export the dates as YYYY-MM-DD (the tool's or account's "
                                          "date-format setting) and run again", None, True, ProblemKind.STALE)
    return Problem(ctx.input.display, f"{what}: the last check-in of the devices that carry them is not judged",
                   None, False, ProblemKind.DATA)


_ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d")
_PLAUSIBLE_YEARS = (f"{EARLIEST_YEAR:04d}", f"{LATEST_YEAR:04d}")  # the years parse_time reads as a real time


def not_current_since(last_seen: Iterable[Optional[str]], as_of: dt.date, max_age_days: int) -> Optional[dt.date]:
    """The newest last check-in of a device's sightings when it is older than max_age_days on the as-of date;
    None when one is recent enough or none is known. An ISO date is compared by its text (no parse per
    device); other forms (epoch seconds, osquery's calendar time) are parsed."""
    try:
        cutoff = (as_of - dt.timedelta(days=max_age_days)).isoformat()
    except OverflowError:  # a limit longer than the calendar: nothing is that old
        return None
    newest: Optional[str] = None
    for raw in last_seen:
        if not raw:
            continue
        day = raw[:10] if _ISO_DATE.match(raw) and _PLAUSIBLE_YEARS[0] <= raw[:4] < _PLAUSIBLE_YEARS[1] else None
        if day is None:  # other forms, and a placeholder year (0001, 9999: "never"), as parse_time judges them
            parsed = parse_time(raw)
            if parsed is None:
                continue
            day = parsed.date().isoformat()
        if day >= cutoff:
            return None
        newest = day if newest is None or day > newest else newest
    return dt.date.fromisoformat(newest) if newest is not None else None
