"""The two halves of an Intune export, judged together once every input is read.

Intune's *Discovered apps* export (AppInvRawData) lists apps per device id and nothing about the device's
ownership or serial; the *All devices* export (DevicesWithInventory) lists devices and no app. Each alone
audits less than it seems to:
- the devices export alone: no device's apps are seen ("0 findings on 0 of 230 devices" would read clean):
  the run is incomplete (auditor.reading.coverage judges this for every tool);
- the apps export alone: ownership is unknown, so a personal phone (whose managed apps alone Intune sees)
  counts as fully visible, and the family members' personal phones drop off the high-risk list: the run is
  incomplete (it cannot tell which devices it sees wholly);
- both, not joining (each wholly read): an app device that is in no devices export is reported (how many, a few ids); none
  joining at all (another tenant's or another day's export) is the apps export alone: incomplete.
Device ids compare without regard to case (auditor.sources.intune_rows.intune_device_id)."""
from __future__ import annotations

from typing import List, Sequence, Set, Tuple

from auditor.model import DeviceRecord, Problem, ProblemKind

APPS_FORMAT = "intune-appinv-csv"
DEVICES_FORMAT = "intune-devices-csv"
SAMPLE = 3  # device ids named in a problem

# (format id, file as the user named it, the device ids its app rows name, the device ids of its records,
# whether it could not be (fully) read: a fatal problem of its own already says so)
IntuneInput = Tuple[str, str, Set[str], Set[str], bool]


def intune_pair_problems(inputs: Sequence[IntuneInput], records: Sequence[DeviceRecord]) -> List[Problem]:
    apps = [i for i in inputs if i[0] == APPS_FORMAT]
    devices = [i for i in inputs if i[0] == DEVICES_FORMAT]
    if not apps:
        return []  # (the devices export alone: auditor.reading.coverage says what is missing)
    # (An export's own sets are read, never copied: at 100,000 devices each is 4 MB, at the audit's peak.)
    device_ids: Set[str] = devices[0][3] if len(devices) == 1 else set().union(*(i[3] for i in devices))
    app_sets = [s for i in apps for s in (i[2], i[3])]
    files = ", ".join(i[1] for i in apps)
    listed = any(r.authoritative and r.source.tool == "intune" for r in records)
    if not devices and not listed:
        return [Problem(files, "Intune Discovered apps export (AppInvRawData) without its All devices export "
                               "(DevicesWithInventory): ownership, serial numbers and which devices are personal (of "
                               "which Intune sees the managed apps only) are unknown, so the run cannot tell which "
                               "devices it sees wholly, nor whose personal phones they are; export both together "
                               "(docs/formats.md)", None, True, ProblemKind.INPUT)]
    if not devices or any(i[4] for i in inputs):
        return []  # an export not wholly read: which devices it holds is not known
    unjoined = sorted({d for ids in app_sets for d in ids if d not in device_ids})
    if not unjoined:
        return []
    sample = ", ".join(unjoined[:SAMPLE]) + (", ..." if len(unjoined) > SAMPLE else "")
    app_ids = _distinct(app_sets)
    if len(unjoined) == len(app_ids):
        return [Problem(files, f"none of the {len(app_ids)} devices in the Intune apps export is in the devices "
                               f"export ({', '.join(i[1] for i in devices)}) (apps export ids: {sample}): the two "
                               "come from different tenants or days, so ownership and visibility are unknown; "
                               "export both together", None, True, ProblemKind.INPUT)]
    return [Problem(files, f"{len(unjoined)} of the {len(app_ids)} devices in the Intune apps export are not in the "
                           f"devices export ({sample}): their ownership and serial numbers are unknown (a device "
                           "retired or enrolled between the two exports?)", None, False, ProblemKind.DATA)]


def _distinct(sets: Sequence[Set[str]]) -> Set[str]:
    """The union of the sets: the first itself when every other one is within it (an apps export's devices with
    apps are among the devices it lists), else a new set."""
    first = sets[0]
    if all(ids is first or ids <= first for ids in sets[1:]):
        return first
    return set().union(*sets)
