"""Timestamps as the tools write them, parsed to aware UTC datetimes (for the age of an export).

ISO 8601 with or without zone (Workspace ONE has none: read as UTC), "2026-11-22 08:14:03", Jamf's
"+0000" zones, epoch seconds or milliseconds. The null sentinels tools use (0001-01-01, with or without an
offset, 9999-12-31, epoch 0) are not times: they mean "never"."""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

_FRACTION = re.compile(r"(\.\d{1,6})\d*")  # Graph writes 7 fraction digits; Python takes 6
_ZONE_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_EARLIEST_YEAR = 1990  # older than any export a tool writes today: a sentinel or garbage
_LATEST_YEAR = 9000


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
    text = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", text) else text
    text = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    text = _ZONE_NO_COLON.sub(r"\1:\2", text) if "T" in text else text
    text = _FRACTION.sub(r"\1", text, count=1)
    text = re.sub(r"\s*UTC$", "+00:00", text)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    if not _EARLIEST_YEAR <= parsed.year < _LATEST_YEAR:
        # A sentinel: .NET's DateTime.MinValue written with the machine's offset (0001-01-01T00:00:00+01:00)
        # is before year 1 in UTC, which datetime cannot hold; it means "never".
        return None
    parsed = parsed.astimezone(dt.timezone.utc)
    return parsed if _EARLIEST_YEAR <= parsed.year < _LATEST_YEAR else None


def _from_epoch(value: float) -> Optional[dt.datetime]:
    if value > 1e11:  # milliseconds (Jamf *_epoch, Google securityPatchLevel)
        value /= 1000.0
    try:
        parsed = dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return parsed if _EARLIEST_YEAR <= parsed.year < _LATEST_YEAR else None


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
