"""Timestamps as the tools write them, parsed to aware UTC datetimes (for the age of an export).

ISO 8601 with or without zone (Workspace ONE has none: read as UTC), "2026-11-22 08:14:03", Jamf's
"+0000" zones, osquery's calendar time ("Sun Nov 22 08:14:03 2026 UTC"), epoch seconds or milliseconds. The
null sentinels tools use (0001-01-01, with or without an offset, 9999-12-31, epoch 0, "Never") are not times:
they mean "never". Anything else (a locale's "9/1/2025 7:00:00 AM", "01.09.2025") is `unreadable`: day and
month cannot be told apart in general, so it is never guessed; the caller says so (auditor.reading.staleness)."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

_FRACTION = re.compile(r"(\.\d{1,6})\d*")  # Graph writes 7 fraction digits; Python takes 6
_ZONE_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_OSQUERY_CALENDAR = "%a %b %d %H:%M:%S %Y UTC"  # osquery's calendarTime, always in English and UTC
# Words tools write for "never checked in" (not a time, and not a time in a form this module cannot read).
_NEVER = frozenset({"never", "n/a", "na", "none", "null", "unknown", "-", "--", "\u2014"})
EARLIEST_YEAR = 1990  # older than any export a tool writes today: a sentinel or garbage
LATEST_YEAR = 9000


def parse_time(raw: object) -> Optional[dt.datetime]:
    """An aware UTC datetime, or None when raw is empty, a sentinel, or not a timestamp."""
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return _from_epoch(float(raw))
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not text:
        return None
    if text.isdigit():
        return _from_epoch(float(text))
    parsed = _unbounded(text)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    if not EARLIEST_YEAR <= parsed.year < LATEST_YEAR:
        # A sentinel: .NET's DateTime.MinValue written with the machine's offset (0001-01-01T00:00:00+01:00)
        # is before year 1 in UTC, which datetime cannot hold; it means "never".
        return None
    parsed = parsed.astimezone(dt.timezone.utc)
    return parsed if EARLIEST_YEAR <= parsed.year < LATEST_YEAR else None


def _unbounded(text: str) -> Optional[dt.datetime]:
    """text (stripped, not empty, not all digits) as a datetime of any year, or None when it is no form read here."""
    text = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    text = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    text = _ZONE_NO_COLON.sub(r"\1:\2", text) if "T" in text else text
    text = _FRACTION.sub(r"\1", text, count=1)
    try:
        return dt.datetime.fromisoformat(re.sub(r"\s*UTC$", "+00:00", text))
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, _OSQUERY_CALENDAR).replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def unreadable(raw: object) -> bool:
    """raw is written as a time (not empty, not a null sentinel) in a form parse_time does not read."""
    if not isinstance(raw, str):
        return False
    text = raw.strip()
    if not text or text.isdigit() or text.casefold() in _NEVER:
        return False
    return _unbounded(text) is None


def _from_epoch(value: float) -> Optional[dt.datetime]:
    if value > 1e11:  # milliseconds (Jamf *_epoch, Google securityPatchLevel)
        value /= 1000.0
    try:
        parsed = dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return parsed if EARLIEST_YEAR <= parsed.year < LATEST_YEAR else None


def later_iso(current: Optional[str], raw: object) -> Optional[str]:
    """The ISO form of raw when it is later than current (an ISO string or None); else None."""
    parsed = parse_time(raw)
    if parsed is None:
        return None
    if current is not None:
        known = parse_time(current)
        if known is not None and known >= parsed:
            return None
    return parsed.isoformat()
