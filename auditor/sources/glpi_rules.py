"""What a GLPI inventory says, whichever way it was written: the native JSON (format 1.0, lower-case keys) and
the FusionInventory / OCS / GLPI-agent XML (the same sections in upper case) share these rules.

One inventory is one device. Its id within GLPI is the agent's `deviceid` (`<host>-<YYYY-MM-DD-hh-mm-ss>`, the
same across the inventories of one installation of the agent). Rules that come from the agents' code:

- The serial is `bios.ssn`, except from the GLPI Android agent: when it cannot read the serial it sends the
  Android ID (16 hex digits, also in `hardware.uuid`), which is no serial. It is kept as the GLPI-only hardware
  id `glpi-android-id` (Android IDs differ per app since Android 8, so no other tool reports the same value)
  and never offered to the cross-tool merge as a serial.
- Android apps are named by their localised label; the package name is in `comments` (the identifier). The
  Android agent may even overwrite every <NAME> with the device name: the package still identifies the app.
- `from` says where a software row comes from: Android, uwp (MSIX: the package family name is read from
  `folder`), rpm/deb/snap/flatpak/nix (the package name is the identifier), registry/WMI/MSI (Windows: the
  uninstall key in `guid` is the identifier when it is a product code or an undotted key name, forms that never
  hide a name and publisher match when the catalog does not list them; a dotted key such as
  `Office14.SingleImage` would read as a namespaced id and hide it, so it is not passed), none (macOS `system_profiler`: name only; the agent's `_0`, `_1`
  suffixes of duplicate names are removed, and its "publisher" is the bundle's copyright text, so it is not used).
- The Android agent's user (`users[].login`) is the firmware's build user ("dpi", "builder"): not an owner.
- `antivirus[]` lists security products, some of them nowhere else (Kaspersky in a real FusionInventory file):
  each is read as an installed app named by its `name`, published by its `company`."""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.sources.interface import AppRow
from auditor.sources.records import hardware_ids, key_text, text
from auditor.sources.vocab import clean_serial, platform_from

TOOL = "glpi"
PACKAGE_SOURCES = frozenset({"rpm", "deb", "snap", "flatpak", "nix", "pkgsrc", "pacman", "portage", "slackware",
                             "apk", "brew", "macports", "pkg"})
WINDOWS_SOURCES = frozenset({"registry", "wmi", "uwp", "msi"})
_ANDROID_ID = re.compile(r"[0-9a-f]{16}")
_PRODUCT_CODE = re.compile(r"\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?(?:_is1)?")
_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)+")
# <Name>_<Version>_<Arch>_<ResourceId>_<PublisherId>: an MSIX package folder under WindowsApps.
_MSIX_FOLDER = re.compile(r"([A-Za-z0-9.\-]+)_[0-9.]+_[A-Za-z0-9]*_[A-Za-z0-9.\-~]*_([a-z0-9]{13})")
_DUPLICATE_SUFFIX = re.compile(r"_\d{1,3}$")
_CDATA = re.compile(r"^<!\[CDATA\[(.*)\]\]>$", re.S)
_NOT_ENDPOINTS = frozenset({"networkequipment", "printer", "unmanaged", "peripheral"})
# `action` (JSON) and <QUERY> (XML) values of network discovery and SNMP inventories: no installed software.
_NETWORK_ACTIONS = frozenset({"netdiscovery", "netinventory", "snmpquery", "snmp", "netscan"})


def field(section: Dict[str, Any], key: str) -> str:
    """A text field of a section, with a literal CDATA wrapper (written escaped by some agents) removed."""
    value = key_text(section, key) if section.__class__ is dict else text(section, key)
    if value.startswith("<![CDATA["):
        found = _CDATA.match(value)
        return found.group(1).strip() if found else value
    return value


def lower_keys(value: Any) -> Dict[str, Any]:
    """An XML section's dict with the JSON format's lower-case keys (one level: the fields read here)."""
    return {k.lower(): v for k, v in value.items()} if isinstance(value, dict) else {}


def not_an_endpoint(action: str, itemtype: str) -> Optional[str]:
    """Why an inventory is known not to be of a computer or phone (a network discovery, a printer), or None.
    Only the agents' own words count: any other value is read as an inventory (a tampered or unknown
    `action` must not make a device disappear from the audit)."""
    if action.strip().lower() in _NETWORK_ACTIONS:
        return f"a {action.strip()} report, not a computer or phone inventory"
    if itemtype.strip().lower() in _NOT_ENDPOINTS:
        return f"an inventory of a {itemtype.strip()}, not of a computer or phone"
    return None


def software_identifier(software: Dict[str, Any]) -> str:
    """The identifier the format gives for one software row (see the module docstring), or ""."""
    return _identifier(field(software, "from").lower(), field(software, "name"), software)


def _identifier(source: str, name: str, software: Dict[str, Any]) -> str:
    if source in PACKAGE_SOURCES:
        return name
    if source == "android":
        package = field(software, "comments")
        return package if _PACKAGE.fullmatch(package) else ""
    if source in ("registry", "msi", "wmi"):
        key = field(software, "guid").strip()
        return key if key and (_PRODUCT_CODE.fullmatch(key) or "." not in key) else ""
    if source == "uwp":
        folder = field(software, "folder").replace("/", "\\").rstrip("\\").rsplit("\\", 1)[-1]
        found = _MSIX_FOLDER.fullmatch(folder)
        return f"{found.group(1)}_{found.group(2)}" if found else ""
    return ""


def row_platform(source: str, device_platform: Platform) -> Platform:
    """The platform of a software row: where it came from says more than a device's missing OS section."""
    if source == "android":
        return Platform.ANDROID
    if source in WINDOWS_SOURCES:
        return Platform.WINDOWS
    if source in PACKAGE_SOURCES and device_platform == Platform.OTHER:
        return Platform.LINUX
    return device_platform


# (from, identifier, name, publisher, version) of one software row, before its device is known.
Software = Tuple[str, str, str, str, str]


def software_fields(software: Dict[str, Any]) -> Optional[Software]:
    source, name = field(software, "from").lower(), field(software, "name")
    identifier = _identifier(source, name, software) if source else ""
    if not name and not identifier:
        return None
    return (source, identifier, name, field(software, "publisher"), field(software, "version"))


def antivirus_fields(antivirus: Dict[str, Any]) -> Optional[Software]:
    """A security product as an installed app: its name, published by its company (no identifier)."""
    name = field(antivirus, "name")
    return ("antivirus", "", name, field(antivirus, "company"), field(antivirus, "version")) if name else None


def app_rows(device_id: str, platform: Platform, rows: Iterable[Tuple[Optional[Software], str]], ctx_note: Any
             ) -> Iterator[AppRow]:
    """The app rows of one device; a row without a name or identifier is noted (ctx_note(location, message))."""
    for fields, at in rows:
        if fields is None:
            ctx_note(at, "software or antivirus has no name")
            continue
        source, identifier, name, publisher, version = fields
        if not source and platform == Platform.MACOS:
            # system_profiler rows: "<app>_0", "<app>_1" for duplicates; the "publisher" is the bundle's info
            # string ("… version 1.5.5, Copyright 2000-2009 Apple Computer, Inc."), no publisher to compare.
            name, publisher = _DUPLICATE_SUFFIX.sub("", name), ""
        yield (device_id, row_platform(source, platform), identifier, name, publisher, version, at)


def device_platform(operatingsystem: Dict[str, Any], hardware: Dict[str, Any], versionclient: str,
                    softwares_from: Iterable[str] = ()) -> Platform:
    """Android first (the agent runs a Linux kernel and may call itself a Computer), then the OS names, the
    kernel name, and finally where the software rows came from."""
    words = (field(operatingsystem, "name"), field(operatingsystem, "full_name"), field(hardware, "osname"),
             versionclient)
    if any("android" in w.lower() for w in words):
        return Platform.ANDROID
    for word in (field(operatingsystem, "name"), field(hardware, "osname"), field(operatingsystem, "full_name")):
        found = platform_from(word) if word else Platform.OTHER
        if found != Platform.OTHER:
            return found
    kernel = field(operatingsystem, "kernel_name").lower()
    if kernel in ("mswin32", "win32", "windows", "windows_nt"):
        return Platform.WINDOWS
    if kernel == "darwin":
        return Platform.MACOS
    if kernel == "linux":
        return Platform.LINUX
    sources = {s.lower() for s in softwares_from}
    if "android" in sources:
        return Platform.ANDROID
    if sources & WINDOWS_SOURCES:
        return Platform.WINDOWS
    return Platform.LINUX if sources & PACKAGE_SOURCES else Platform.OTHER


def serial_and_ids(bios: Dict[str, Any], hardware: Dict[str, Any], platform: Platform
                   ) -> Tuple[str, Tuple[Tuple[str, str], ...]]:
    """The merge serial and hardware ids. The Android agent's fallback "serial" is the Android ID (also its
    hardware UUID): a GLPI-only id, never a serial."""
    ssn, uuid = field(bios, "ssn"), field(hardware, "uuid")
    if platform != Platform.ANDROID:
        return clean_serial(ssn), hardware_ids(("uuid", uuid))
    ssn_is_android_id = bool(ssn) and (ssn.lower() == uuid.lower() or bool(_ANDROID_ID.fullmatch(ssn)))
    android_id = ssn if ssn_is_android_id else uuid if _ANDROID_ID.fullmatch(uuid.lower()) else ""
    return ("" if ssn_is_android_id else clean_serial(ssn)), hardware_ids(("glpi-android-id", android_id))


def owner_username(users: List[Dict[str, Any]], hardware: Dict[str, Any], platform: Platform) -> str:
    if platform == Platform.ANDROID:
        return ""  # the firmware's build user, not a person
    for user in users:
        login = field(user, "login")
        if login:
            return login
    return field(hardware, "lastloggeduser")


def glpi_device(deviceid: str, file: str, sections: Dict[str, Any], softwares_from: Iterable[str] = ()
                ) -> Tuple[DeviceRecord, Platform]:
    """The device record of one inventory, from its lower-cased sections."""
    bios, hardware = lower_keys(sections.get("bios")), lower_keys(sections.get("hardware"))
    operatingsystem = lower_keys(sections.get("operatingsystem"))
    platform = device_platform(operatingsystem, hardware, text(sections, "versionclient"), softwares_from)
    serial, ids = serial_and_ids(bios, hardware, platform)
    listed = sections.get("users")
    users = [lower_keys(u) for u in listed if isinstance(u, dict)] if isinstance(listed, list) else []
    accesslog = lower_keys(sections.get("accesslog"))
    return DeviceRecord(
        source=SourceRef(TOOL, deviceid, file, field(accesslog, "logdate") or None),
        name=field(hardware, "name") or field(operatingsystem, "fqdn"), serial=serial, platform=platform,
        os_version=field(operatingsystem, "version") or field(hardware, "osversion"),
        owner_username=owner_username(users, hardware, platform), hardware_ids=ids, authoritative=True), platform


def fallback_device_id(sections: Dict[str, Any]) -> str:
    """Within GLPI only (never across tools): the hardware UUID, else the host name, when deviceid is missing."""
    hardware = lower_keys(sections.get("hardware"))
    uuid, name = field(hardware, "uuid"), field(hardware, "name")
    return f"uuid-{uuid}" if uuid else (f"host-{name}" if name else "")
