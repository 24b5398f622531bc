"""Each tool's words for platforms, ownership and enrolment, mapped to one vocabulary."""
from __future__ import annotations

import functools
import re
from typing import Optional

from auditor.model import Enrollment, Ownership, Platform
from auditor.textio.context import ReadContext

_PLATFORMS = {
    "ios": Platform.IOS, "iphone": Platform.IOS, "iphone os": Platform.IOS, "ipod": Platform.IOS,
    "ipados": Platform.IPADOS, "ipad": Platform.IPADOS,
    "android": Platform.ANDROID, "androidforwork": Platform.ANDROID, "androidenterprise": Platform.ANDROID,
    "androidworkprofile": Platform.ANDROID, "androidosp": Platform.ANDROID,
    "androiddeviceadministrator": Platform.ANDROID, "androiddedicatedandfullymanaged": Platform.ANDROID,
    "android (work profile)": Platform.ANDROID, "android enterprise": Platform.ANDROID,
    "macos": Platform.MACOS, "mac os x": Platform.MACOS, "os x": Platform.MACOS, "mac": Platform.MACOS,
    "macosx": Platform.MACOS, "darwin": Platform.MACOS,
    "windows": Platform.WINDOWS, "windows 10": Platform.WINDOWS, "windows 11": Platform.WINDOWS,
    "windows10": Platform.WINDOWS, "windows11": Platform.WINDOWS, "windowsmobile": Platform.WINDOWS,
    "windowsholographic": Platform.WINDOWS, "win": Platform.WINDOWS, "win32": Platform.WINDOWS,
    "linux": Platform.LINUX, "ubuntu": Platform.LINUX, "debian": Platform.LINUX, "rhel": Platform.LINUX,
    "centos": Platform.LINUX, "fedora": Platform.LINUX, "suse": Platform.LINUX,
    "chromeos": Platform.CHROMEOS, "chrome os": Platform.CHROMEOS, "chrome": Platform.CHROMEOS,
    # Workspace ONE: "Apple" is iOS, "AppleOsX" macOS, "WinRT" / "Windows Desktop" Windows.
    "apple": Platform.IOS, "appleosx": Platform.MACOS, "apple macos": Platform.MACOS, "winrt": Platform.WINDOWS,
    "windows desktop": Platform.WINDOWS, "windowsphone": Platform.WINDOWS, "chromebook": Platform.CHROMEOS,
    # Google Directory mobiledevices `type`; Kandji and Jamf platform words; Fleet's osquery platforms.
    "ios_sync": Platform.IOS, "iphone/ipad": Platform.IOS, "iphone_ipad": Platform.IOS,
    "amzn": Platform.LINUX, "arch": Platform.LINUX, "gentoo": Platform.LINUX, "opensuse": Platform.LINUX,
    "rocky": Platform.LINUX, "almalinux": Platform.LINUX, "oracle": Platform.LINUX, "linuxmint": Platform.LINUX,
    "kali": Platform.LINUX, "manjaro": Platform.LINUX, "nixos": Platform.LINUX, "rhel linux": Platform.LINUX,
}

_OWNERSHIP = {
    "corporate": Ownership.CORPORATE, "company": Ownership.CORPORATE, "corporate-owned": Ownership.CORPORATE,
    "institutional": Ownership.CORPORATE, "c": Ownership.CORPORATE, "1": Ownership.CORPORATE,
    "corporate owned": Ownership.CORPORATE, "companyowned": Ownership.CORPORATE,
    "personal": Ownership.PERSONAL, "byod": Ownership.PERSONAL, "employee": Ownership.PERSONAL,
    "e": Ownership.PERSONAL, "2": Ownership.PERSONAL, "on (personal)": Ownership.PERSONAL,
    "employee owned": Ownership.PERSONAL, "personally owned": Ownership.PERSONAL,
    "shared": Ownership.SHARED, "s": Ownership.SHARED, "corporate shared": Ownership.SHARED,
    # Jamf: Institutional / Personal (User Enrollment); Google Cloud Identity: COMPANY / BYOD;
    # Fleet `mdm.enrollment_status`: automatic (ADE) and company-owned are corporate, personal is BYOD.
    "user enrollment": Ownership.PERSONAL, "personal (user enrollment)": Ownership.PERSONAL,
    "on (manual - personal)": Ownership.PERSONAL,
    "on (automatic)": Ownership.CORPORATE, "on (company-owned)": Ownership.CORPORATE,
    "company owned": Ownership.CORPORATE, "corporate-dedicated": Ownership.CORPORATE,
    "corporatededicated": Ownership.CORPORATE, "employeeowned": Ownership.PERSONAL, "employee-owned": Ownership.PERSONAL,
    "corporateshared": Ownership.SHARED, "corporate-shared": Ownership.SHARED,
    "unknown": Ownership.UNKNOWN, "0": Ownership.UNKNOWN, "undefined": Ownership.UNKNOWN, "": Ownership.UNKNOWN,
    # Fleet `mdm.enrollment_status` values that say nothing of ownership (a manual enrolment, none yet, MDM
    # off): understood, and unknown (/work/shared/reference/EXPORT-FORMATS.md, Fleet: values from Fleet's
    # frontend tests). No localised value (a German Intune export's) is listed without a source.
    "on (manual)": Ownership.UNKNOWN, "pending": Ownership.UNKNOWN, "off": Ownership.UNKNOWN,
}


@functools.lru_cache(maxsize=4096)
def platform_from(raw: str) -> Platform:
    text = raw.strip().lower()
    if text in _PLATFORMS:
        return _PLATFORMS[text]
    for prefix, platform in (("windows", Platform.WINDOWS), ("microsoft windows", Platform.WINDOWS),
                             ("ipados", Platform.IPADOS), ("ipad", Platform.IPADOS), ("iphone", Platform.IOS),
                             ("chrome os", Platform.CHROMEOS), ("chromeos", Platform.CHROMEOS),
                             ("ubuntu", Platform.LINUX), ("debian", Platform.LINUX), ("red hat", Platform.LINUX),
                             ("centos", Platform.LINUX), ("linux", Platform.LINUX), ("android", Platform.ANDROID),
                             ("mac", Platform.MACOS), ("ios", Platform.IOS), ("ipados", Platform.IPADOS)):
        if text.startswith(prefix):
            return platform
    return Platform.OTHER


@functools.lru_cache(maxsize=1024)
def ownership_from(raw: str) -> Ownership:
    return _OWNERSHIP.get(raw.strip().lower(), Ownership.UNKNOWN)


def ownership_read(ctx: Optional[ReadContext], raw: str, column: str) -> Ownership:
    """ownership_from, and a data-quality note (one per distinct value, counted) for a value no tool's
    vocabulary has: it is read as unknown, which a phone must not pass silently (engine.merge.source_visibility)."""
    ownership = ownership_from(raw)
    if ownership is Ownership.UNKNOWN and ctx is not None and not ownership_understood(raw):
        ctx.value_not_understood(column, raw.strip(), "unknown")
    return ownership


def ownership_understood(raw: str) -> bool:
    """Whether a vocabulary has the value (an unknown ownership may be one it has: "Unknown", "")."""
    return raw.strip().lower() in _OWNERSHIP


# Intune: Graph `deviceEnrollmentType` (enum names, and their numbers 15-17 in the reports export), the
# portal's words, and the Platform of AppInvRawData rows and detectedApps ("AndroidForWork": the work profile,
# managed by the Android profile owner). Compared without case, spaces or punctuation.
_ENROLLMENTS = {
    "androidenterprisefullymanaged": Enrollment.ANDROID_FULLY_MANAGED, "16": Enrollment.ANDROID_FULLY_MANAGED,
    "corporateownedfullymanaged": Enrollment.ANDROID_FULLY_MANAGED,
    "androidenterprisefullymanageddevice": Enrollment.ANDROID_FULLY_MANAGED,
    "androidfullymanaged": Enrollment.ANDROID_FULLY_MANAGED,
    "androiddedicatedandfullymanaged": Enrollment.ANDROID_FULLY_MANAGED,
    "androidenterprisededicateddevice": Enrollment.ANDROID_DEDICATED, "15": Enrollment.ANDROID_DEDICATED,
    "corporateowneddedicateddevice": Enrollment.ANDROID_DEDICATED, "androiddedicated": Enrollment.ANDROID_DEDICATED,
    "androidenterprisededicated": Enrollment.ANDROID_DEDICATED,
    "androidenterprisecorporateworkprofile": Enrollment.ANDROID_CORPORATE_WORK_PROFILE,
    "17": Enrollment.ANDROID_CORPORATE_WORK_PROFILE,
    "corporateownedworkprofile": Enrollment.ANDROID_CORPORATE_WORK_PROFILE,
    "corporateownedwithworkprofile": Enrollment.ANDROID_CORPORATE_WORK_PROFILE,
    "androidforwork": Enrollment.ANDROID_WORK_PROFILE, "androidworkprofile": Enrollment.ANDROID_WORK_PROFILE,
    "personallyownedworkprofile": Enrollment.ANDROID_WORK_PROFILE,
    "androidenterprisepersonallyownedworkprofile": Enrollment.ANDROID_WORK_PROFILE,
    "androidenterpriseworkprofile": Enrollment.ANDROID_WORK_PROFILE,
}
_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1024)  # a few distinct cells in a fleet, read once per device
def enrollment_from(raw: str) -> Enrollment:
    return _ENROLLMENTS.get(_NOT_WORD.sub("", raw).lower(), Enrollment.UNKNOWN)


# Serial "numbers" that many devices share: never a merge key.
_JUNK_SERIALS = {"", "0", "none", "null", "unknown", "n/a", "na", "default string", "to be filled by o.e.m.",
                 "system serial number", "0123456789", "123456789", "serial", "not available", "-",
                 "0123456789abcdef"}  # the placeholder Build.SERIAL of many Android builds


# An id a spreadsheet saved as a rounded number ("3.56789E+14": Excel shows a 15-digit IMEI or a long asset
# tag so, and writes it so to CSV): its digits are lost, so the ids of many devices become one text.
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?e\+?[0-9]{1,3}", re.IGNORECASE)


def rounded_number(value: str) -> bool:
    """value is a number in scientific notation (what a spreadsheet makes of a long id): never an id."""
    return "+" in value and _SCIENTIFIC.fullmatch(value) is not None


def clean_serial(raw: str) -> str:
    text = raw.strip()
    if text.lower() in _JUNK_SERIALS:
        return ""
    upper = text.upper()
    return text if upper == text else upper  # the text itself when it is upper case already: kept once
