"""What a source can see of a device's apps: decided here once, used by the merge (a device's visibility) and by
the read stage (which devices of an input should show apps: auditor.reading.coverage)."""
from __future__ import annotations

import functools

from auditor.model import Enrollment, Ownership, Platform, Visibility

_MOBILE = (Platform.IOS, Platform.IPADOS, Platform.ANDROID)
# Sources that list no apps at all: a device seen only there is "not visible", never "compliant".
_NO_APPS_TOOLS = frozenset({"google-chromeos"})
# Sources that list only the apps they were asked about (Chrome's installed-app reports name the devices of
# one app at a time): what else a device seen there has is unknown.
_ASKED_APPS_TOOLS = frozenset({"chrome"})


def source_visibility(tool: str, platform: Platform, ownership: Ownership,
                      enrollment: Enrollment = Enrollment.UNKNOWN) -> Visibility:
    """What a source can see of a device's apps, from what each tool collects on which devices.

    - Intune: personal iOS / Android, managed apps only (Apple and Google privacy rules). Android Enterprise:
      a work profile (personal or corporate-owned) reports the work profile's apps only; fully managed and
      dedicated devices report no discovered apps at all (memdocs app-discovered-apps.md), so whatever rows
      such a device has are not all its apps (and a device with none is not visible at all).
    - Jamf and Fleet: personal (User Enrollment, `On (personal)`) Apple and Android devices, managed apps only.
    - Intune, Jamf and Fleet phones and tablets of unknown ownership: as personal ones (not known to be more).
    - Workspace ONE: employee-owned devices under the default privacy setting "do not collect personal
      apps": none of the apps a ban is about (those are never managed).
    - Google mobiledevices: Android apps only (work profile on personal devices); iOS and Google Sync none.
    - Chrome installed-app reports: the apps the pull asked about only (managed-only: partial).
    - Agents (Defender, osquery, Configuration Manager, Fleet on computers, Kandji, GLPI, Endpoint Central,
      NinjaOne): everything installed."""
    if tool in _NO_APPS_TOOLS:
        return Visibility.NONE
    if tool in _ASKED_APPS_TOOLS:
        return Visibility.MANAGED_ONLY
    if tool == "google":
        if platform in (Platform.IOS, Platform.IPADOS, Platform.OTHER):
            return Visibility.NONE
        return Visibility.MANAGED_ONLY if ownership == Ownership.PERSONAL else Visibility.FULL
    if tool == "workspace-one" and ownership == Ownership.PERSONAL:
        return Visibility.NONE
    # Unknown ownership counts as personal here: a personal phone reports only its managed apps, so a phone
    # whose ownership the export leaves out or writes in words no reader knows ('Persönlich') is not known to
    # show all its apps (REPORT3 problem 8: such phones had silently become fully visible, and clean).
    if tool in ("intune", "jamf", "fleet") and ownership in (Ownership.PERSONAL, Ownership.UNKNOWN) \
            and platform in _MOBILE:
        return Visibility.MANAGED_ONLY
    if tool == "intune" and enrollment != Enrollment.UNKNOWN:
        return Visibility.MANAGED_ONLY
    return Visibility.FULL


@functools.lru_cache(maxsize=None)
def visibility_of(tool: str, platform: Platform, ownership: Ownership, enrollment: Enrollment) -> Visibility:
    """source_visibility, memoised: a few dozen combinations in a fleet."""
    return source_visibility(tool, platform, ownership, enrollment)
