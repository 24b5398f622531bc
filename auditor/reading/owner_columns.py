"""An export whose owner columns are all missing (renamed, or not selected when it was exported) names no
owner for its devices. That loses owners only when no other input names them: Intune's Discovered apps
export is joined to the device export, which carries the primary user. Decided here, once all inputs are
read: the export's problem names the columns looked for and the header seen, and the run is incomplete
when none of its devices has an owner from another input (else the problem says how many lack one)."""
from __future__ import annotations

from typing import Iterable, List, Sequence, Set, Tuple

from auditor.model import DeviceRecord, Problem, ProblemKind

# (input as shown, the tool its device ids belong to, what is missing and the header seen)
OwnerGap = Tuple[str, str, str]


def _has_owner(record: DeviceRecord) -> bool:
    return bool(record.owner_email or record.owner_upn or record.owner_username or record.owner_name)


def owner_column_problems(gaps: Sequence[OwnerGap], records: Iterable[DeviceRecord]) -> List[Problem]:
    if not gaps:
        return []
    records = list(records)
    gap_files = {display for display, _, _ in gaps}
    named: Set[Tuple[str, str]] = {(r.source.tool, r.source.device_id) for r in records
                                   if r.source.file not in gap_files and _has_owner(r)}
    problems = []
    for display, tool, missing in gaps:
        devices = {r.source.device_id for r in records if r.source.file == display and r.source.tool == tool}
        if not devices:
            continue  # nothing read from it (its own problems say why)
        without = sorted(d for d in devices if (tool, d) not in named)
        if len(without) == len(devices):
            problems.append(Problem(display, f"{missing}; no other input names the owners of its {len(devices)} "
                                             "devices, so none of them has an owner (owners rank high-risk staff "
                                             "first): rename the column or export it", None, True,
                                    ProblemKind.INPUT))
        elif without:
            problems.append(Problem(display, f"{missing}; owners come from other inputs, which do not name the "
                                             f"owners of {len(without)} of its {len(devices)} devices (for example "
                                             f"{without[0]})", None, False, ProblemKind.DATA))
    return problems
