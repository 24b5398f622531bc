"""Devices whose last check-in is older than the export age limit: their app lists are not current, whatever
the export's own date (auditor.reading.staleness.not_current_since decides). Listed in one data-quality
problem with their owners' tiers, the highest tier first, so that the CEO's phone that has not reported for
a year is not counted as seen and clean in silence."""
from __future__ import annotations

import datetime as dt
from typing import Callable, List, Sequence

from auditor.model import Device, Owner, Problem, ProblemKind
from auditor.reading import not_current_since

SHOWN = 10  # devices named in the problem


def not_current_problems(devices: Sequence[Device], owners: Callable[[Device], Owner], as_of: dt.date,
                         max_age_days: int, problems: Sequence[Problem] = ()) -> List[Problem]:
    """problems: the run's so far; a sighting in a stale export is not judged again (the export's own problem
    says it, and makes the run incomplete)."""
    stale_files = {p.source for p in problems if p.kind == ProblemKind.STALE}
    stale = []
    for device in devices:
        since = not_current_since((s.last_seen for s in device.sources if s.file not in stale_files), as_of,
                                  max_age_days)
        if since is not None:
            stale.append((device, owners(device), since))
    if not stale:
        return []
    stale.sort(key=lambda item: (item[1].tier.rank, item[2], item[0].key))
    named = "; ".join(f"{d.name or d.key} ({o.name or o.email or 'owner unknown'}, {o.tier.value}, last check-in "
                      f"{since.isoformat()})" for d, o, since in stale[:SHOWN])
    more = f"; and {len(stale) - SHOWN} more" if len(stale) > SHOWN else ""
    count = "1 device has" if len(stale) == 1 else f"{len(stale)} devices have"
    return [Problem(stale[0][0].sources[0].file if stale[0][0].sources else "devices",
                    f"{count} not checked in for more than {max_age_days} days (--max-export-age): their app lists "
                    f"are not current, so a banned app installed since is not seen: {named}{more}; have them check "
                    "in, retire them, or check them by hand", None, False, ProblemKind.DATA)]
