"""Which devices of each input show apps, judged per tool once every input is read.

An input that lists devices and no app for them (Jamf pages fetched without the APPLICATIONS section, Graph
managedDevices without detectedApps, Defender's machine list alone, a Fleet host list, a Kandji, Workspace ONE
or NinjaOne device list) audits none of their apps: "0 findings on 0 of N devices" would read clean. A
device-only input is fine when another input of the same tool gives the apps of its devices (Intune's
devices export beside its Discovered apps export; a Kandji device list beside the per-device apps replies).

Only devices that should show all their apps count (auditor.sources.visibility: FULL): a personal phone
shows its managed apps only, an Android fully managed or dedicated device in Intune reports none, ChromeOS
device records carry no app list; none of those is missing anything when it has no app row. Of an input's
devices that should show apps:
- none has an app in any input of its tool: the run is incomplete, naming what is missing and how to
  export it;
- most (more than half) have none: incomplete, with the counts (an apps export covering some devices only:
  one device's AppInvByDevice, a filtered export);
- every device of one platform (at least PLATFORM_FILTERED) has none while other platforms' devices have
  apps: incomplete (an apps export filtered by platform: the corporate phones drop out);
- some have none: a data-quality note with the count (a device with no app row at all is rare; a few are
  retired or newly enrolled between two exports)."""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Sequence, Set, Tuple

from auditor.model import DeviceRecord, Platform, Problem, ProblemKind, Visibility
from auditor.sources import visibility_of

SAMPLE = 3  # device ids named in a problem
PLATFORM_FILTERED = 5  # devices of one platform, none with an app row: a filtered apps export

# What is missing from a device-only input of each format, and how to export it.
WITHOUT_APPS: Dict[str, str] = {
    "intune-devices-csv": "Intune devices export without its Discovered apps export (AppInvRawData): export both "
                          "together (Apps > Monitor > Discovered apps > Export; docs/formats.md)",
    "intune-graph-json": "Graph managedDevices without their detectedApps: request them with "
                         "`$expand=detectedApps` (GET /deviceManagement/managedDevices?$expand=detectedApps), or "
                         "save detectedApps with their managedDevices",
    "jamf-pro-inventory-json": "Jamf Pro computers-inventory pages without the APPLICATIONS section: fetch them with "
                               "`section=APPLICATIONS` (GET /api/v1/computers-inventory?section=GENERAL&section="
                               "HARDWARE&section=USER_AND_LOCATION&section=APPLICATIONS)",
    "jamf-pro-mobile-devices-json": "Jamf Pro mobile-device pages without the APPLICATIONS section: fetch them with "
                                    "`section=APPLICATIONS` (GET /api/v2/mobile-devices/detail?section=GENERAL&"
                                    "section=HARDWARE&section=USER_AND_LOCATION&section=APPLICATIONS)",
    "jamf-classic-json": "Jamf Classic API records without their applications: fetch whole records "
                         "(GET /JSSResource/computers/id/{id}), not a subset",
    "jamf-classic-xml": "Jamf Classic API records without their applications: fetch whole records "
                        "(GET /JSSResource/computers/id/{id}), not a subset",
    "defender-machines-json": "Defender machine list (GET /api/machines) without the software inventory: export it "
                              "beside the machines (GET /api/machines/SoftwareInventoryByMachine, or advanced hunting "
                              "DeviceTvmSoftwareInventory saved as CSV)",
    "fleet-hosts-json": "Fleet host list (`fleetctl get hosts`, GET /api/v1/fleet/hosts) carries no software: "
                        "export each host with `fleetctl get host <id> --json` or GET /api/v1/fleet/hosts/{id}, or "
                        "list them with GET /api/v1/fleet/hosts?populate_software=true",
    "kandji-devices-json": "Kandji device list (GET /api/v1/devices) without the apps: save "
                           "GET /api/v1/devices/{device_id}/apps of each device beside it",
    "ws1-devices-json": "Workspace ONE device search without the apps: save GET /API/mdm/devices/{id}/apps of "
                        "each device beside it",
    "ninjaone-devices-json": "NinjaOne device list without the software: save GET /v2/queries/software beside it",
    "google-mobiledevices-json": "Google mobiledevices without applications (only Android devices with the Device "
                                 "Policy app list them)",
}

# (format id, file as the user named it, tool, its device records, the device ids its app rows name, whether a
# fatal problem of its own says it was not (fully) read)
CoveredInput = Tuple[str, str, str, Sequence[DeviceRecord], Set[str], bool]


def coverage_problems(inputs: Sequence[CoveredInput], with_apps: Mapping[str, Set[str]],
                      named: Set[str]) -> List[Problem]:
    """named: the inputs a fatal problem already names (their own, a cut, the Intune pair's): the inputs of
    their tool are not judged."""
    with_app_files: Dict[str, List[str]] = {}
    for _, display, tool, _, own, _ in inputs:
        if own:
            with_app_files.setdefault(tool, []).append(display)
    # A tool with an input not (fully) read: which of its devices have apps is not known (that input's own
    # problem makes the run incomplete).
    unread = {tool for _, display, tool, _, _, fatal in inputs if fatal or display in named}
    problems: List[Problem] = []
    for format_id, display, tool, records, _, fatal in inputs:
        if tool in unread or not records:
            continue
        seen = with_apps.get(tool, set())
        # A tool with no app at all: every device it could show apps of counts (a device list of personal
        # phones alone audits nothing either); else only those that show all their apps.
        wanted = (Visibility.FULL,) if seen else (Visibility.FULL, Visibility.MANAGED_ONLY)
        # One pass, counters only (no table per device): per platform, the devices that should show apps and
        # those with no app row; the first few of those, in the input's order.
        tally: Dict[Platform, List[int]] = {}
        sample: List[str] = []
        for r in records:
            if visibility_of(r.source.tool, r.platform, r.ownership, r.enrollment) not in wanted:
                continue
            counts = tally.get(r.platform)
            if counts is None:
                counts = tally[r.platform] = [0, 0]
            counts[0] += 1
            if r.source.device_id not in seen:
                counts[1] += 1
                if len(sample) <= SAMPLE:
                    sample.append(r.source.device_id)
        if sample:
            problems.append(_problem(format_id, display, tool, tally, sample, with_app_files.get(tool, [])))
    return problems


def _filtered_platform(tally: Mapping[Platform, List[int]]) -> Optional[Tuple[Platform, int]]:
    """A platform of at least PLATFORM_FILTERED devices none of which has an app row, while devices of other
    platforms have: the apps export was filtered (one or two new phones lack a row; five of a platform and
    none of them do not)."""
    if len(tally) < 2:
        return None
    for platform, (expected, missing) in sorted(tally.items(), key=lambda item: -item[1][0]):
        if expected >= PLATFORM_FILTERED and missing == expected:
            return platform, expected
    return None


def _problem(format_id: str, display: str, tool: str, tally: Mapping[Platform, List[int]], sample: List[str],
             app_files: List[str]) -> Problem:
    expected = sum(c[0] for c in tally.values())
    missing = sum(c[1] for c in tally.values())
    named = ", ".join(sample[:SAMPLE]) + (", ..." if missing > SAMPLE else "")
    if missing == expected:
        what = WITHOUT_APPS.get(format_id, f"no app listed for any device: export the {tool} software inventory "
                                           "with the devices (docs/formats.md)")
        return Problem(display, f"{_count(expected, 'device')} and no app for any of them in this or another {tool} "
                                f"input: none of their apps was audited. {what}", None, True, ProblemKind.INPUT)
    where = ", ".join(app_files) if app_files else "any input"
    counted = (f"{missing} of the {expected} devices in this input that should show all their apps have no app "
               f"row in {where} ({named})")
    if 2 * missing > expected:
        return Problem(display, f"{counted}: most of the fleet's apps were not audited (an apps export covering "
                                "some devices only, or filtered?); export the apps of every device",
                       None, True, ProblemKind.INPUT)
    filtered = _filtered_platform(tally)
    if filtered is not None:
        return Problem(display, f"{counted}, among them every one of its {filtered[1]} {filtered[0].value} devices: "
                                "their apps were not audited (an apps export filtered by platform?); export the apps "
                                "of every device", None, True, ProblemKind.INPUT)
    return Problem(display, f"{counted}: their apps were not audited (retired or enrolled between two exports, "
                            "or left out of the apps export?)", None, False, ProblemKind.DATA)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
