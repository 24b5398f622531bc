"""Remediation steps specific to the management tool a device came from and to its platform.

Data, not logic: a mapping (tool family, platform group) -> ordered step templates. The rule's own
remediation text always comes first; these steps say *where to click* in the tool that manages the device.
Commands are rendered as text for a person to read and never executed. Inventory strings are hostile, so an
identifier is put into a command only when it looks like a real package or bundle id, and it is shell-quoted.
"""
from __future__ import annotations

import re
import shlex
from typing import Dict, Iterable, Mapping, Optional, Sequence, Tuple

from auditor.model import Device, InstalledApp, Platform

# Tool names as readers and mapping files write them, folded onto the families we have steps for.
_TOOL_FAMILIES: Mapping[str, str] = {
    "intune": "intune", "microsoft intune": "intune", "endpoint manager": "intune", "mem": "intune",
    "jamf": "jamf", "jamf pro": "jamf", "jamf-pro": "jamf",
    "workspace one": "workspace-one", "workspace-one": "workspace-one", "ws1": "workspace-one",
    "airwatch": "workspace-one", "vmware workspace one": "workspace-one", "omnissa": "workspace-one",
    "google": "google", "google workspace": "google", "google-workspace": "google", "gws": "google",
    "google endpoint management": "google", "google-chromeos": "google",
    "fleet": "fleet", "fleetdm": "fleet",
    "ssh": "ssh", "ssh-collected": "ssh", "auditor collect": "ssh",
    "kandji": "kandji", "configmgr": "configmgr", "sccm": "configmgr", "mecm": "configmgr",
    "defender": "defender", "microsoft defender": "defender",
}

TOOL_TITLES: Mapping[str, str] = {
    "intune": "Microsoft Intune", "jamf": "Jamf Pro", "workspace-one": "Workspace ONE", "google": "Google",
    "fleet": "Fleet", "ssh": "collected over SSH", "kandji": "Kandji", "configmgr": "Configuration Manager",
    "defender": "Microsoft Defender for Endpoint", "other": "other source",
}

_PLATFORM_GROUPS: Mapping[Platform, str] = {
    Platform.IOS: "apple-mobile", Platform.IPADOS: "apple-mobile", Platform.ANDROID: "android",
    Platform.MACOS: "macos", Platform.WINDOWS: "windows", Platform.LINUX: "linux",
    Platform.CHROMEOS: "chromeos", Platform.OTHER: "other",
}

# {app} is the catalog name, {ident} the identifier the inventory showed (or "its identifier").
STEPS: Dict[Tuple[str, str], Tuple[str, ...]] = {
    ("intune", "apple-mobile"): (
        "Intune admin center > Apps > iOS/iPadOS: if {app} is a managed app, assign it as Uninstall to the "
        "device's group; otherwise Devices > the device > Retire/Wipe is the only remote removal.",
        "Block reinstallation: Devices > Configuration > Device restrictions (supervised) > App Store, Doc "
        "Viewing, Gaming > Restricted apps: add {ident} as prohibited.",
        "Devices > Compliance policies > iOS/iPadOS > System security > Restricted apps: add {ident} so the "
        "device is marked non-compliant while it carries the app.",
    ),
    ("intune", "android"): (
        "Intune admin center > Apps > Android: in Managed Google Play, approve nothing for {ident}; for a "
        "managed app assign it as Uninstall to the device's group.",
        "Devices > Compliance policies > Android Enterprise > Restricted apps: add {ident}.",
        "For a personal device with a work profile: ask the owner to remove {app}; Intune cannot see or remove "
        "apps outside the work profile.",
    ),
    ("intune", "windows"): (
        "Intune admin center > Apps > Windows: add {app} (Store or Win32) and assign it as Uninstall to the "
        "device's group.",
        "Block reinstallation with an App Control for Business (or AppLocker) policy deny rule for {app}.",
    ),
    ("intune", "macos"): (
        "Intune admin center > Devices > macOS > Shell scripts: run a script that quits {app} and removes it "
        "from /Applications, assigned to the device's group.",
        "Devices > Compliance policies > macOS: add a custom compliance check that fails while {ident} is present.",
    ),
    ("jamf", "macos"): (
        "Jamf Pro > Settings > Computer management > Restricted Software: add the process name of {app}, tick "
        "'Kill process' and 'Delete application', scope it to the device.",
        "Run Inventory Update on the device and confirm {app} is gone from its inventory.",
    ),
    ("jamf", "apple-mobile"): (
        "Jamf Pro > Mobile Devices > the device > Management > Managed Apps: remove {app} if it is managed.",
        "Configuration Profiles > Restrictions > Apps (supervised): restrict {ident} so it cannot be reinstalled.",
    ),
    ("workspace-one", "*"): (
        "Workspace ONE UEM console > Resources > Apps > Settings > App Groups: add {ident} to a Blocklisted "
        "app group assigned to the device's organisation group.",
        "Devices > Compliance Policies: rule 'Application list contains blocklisted app' with the action "
        "'Remove app' (managed) or 'Block e-mail and notify' (unmanaged).",
    ),
    ("google", "*"): (
        "Google Admin console > Apps > Web and mobile apps: block {app} ({ident}) for the organisational unit "
        "of the device's user.",
        "Devices > Mobile & endpoints > Settings > Android/iOS: remove it from the allowed apps; for a company-"
        "owned device wipe the work profile if the app cannot be removed.",
    ),
    ("google", "chromeos"): (
        "Google Admin console > Devices > Chrome > Apps & extensions > Users & browsers: block {ident} for the "
        "user's organisational unit (force-removes the app or extension).",
    ),
    ("fleet", "*"): (
        "Fleet > Policies > Add policy with the query: {fleet_query} (the policy passes when the app is absent).",
        "Attach a script or automation to the failing policy to remove {app}, and a calendar or ticket "
        "automation to tell the owner.",
    ),
    ("ssh", "linux"): (
        "On the host, remove the package: {uninstall}",
        "Check no other user-level copy remains (e.g. ~/.local, /opt) and pin it out of the package sources.",
    ),
    ("ssh", "windows"): ("On the host, as administrator: {uninstall}",),
    ("ssh", "macos"): ("On the host: {uninstall}",),
    ("kandji", "*"): (
        "Kandji > Library > Add new > App Blocking: block {app} (by bundle id {ident}) on the device's Blueprint.",
        "For an app Kandji installed: remove it from the Blueprint's Library items so Kandji uninstalls it.",
    ),
    ("configmgr", "*"): (
        "Configuration Manager console > Software Library > Application Management > Applications: deploy {app} "
        "with the action Uninstall to a collection holding the device.",
        "Block reinstallation with an App Control for Business (or AppLocker) policy deny rule for {app}.",
    ),
    ("defender", "*"): (
        "Microsoft Defender portal > Vulnerability management > Inventories > Software: open {app} and use "
        "'Block vulnerable application', or add a file indicator with the action Block and remediate.",
        "Remove it in the management tool that enrols the device (Intune, Configuration Manager).",
    ),
    ("other", "*"): (
        "Remove {app} from the device in the tool that manages it, and block its reinstallation there.",
    ),
}

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+._:~@/-]{0,200}$")
_PACKAGE_MANAGERS: Sequence[Tuple[Tuple[str, ...], str]] = (
    (("debian", "ubuntu", "mint", "raspbian", "kali"), "sudo apt-get remove --purge {pkg}"),
    (("red hat", "rhel", "centos", "fedora", "rocky", "alma", "oracle linux", "amazon linux"), "sudo dnf remove {pkg}"),
    (("suse", "sles"), "sudo zypper remove {pkg}"),
    (("arch", "manjaro"), "sudo pacman -R {pkg}"),
    (("alpine",), "sudo apk del {pkg}"),
)
_FLEET_TABLES: Mapping[str, Tuple[str, str]] = {
    "macos": ("apps", "bundle_identifier"), "apple-mobile": ("software", "bundle_identifier"),
    "windows": ("programs", "name"), "linux": ("deb_packages", "name"), "chromeos": ("chrome_extensions", "identifier"),
}


def tool_family(tool: str) -> str:
    """The family a tool name belongs to ('intune', 'jamf', ...), 'other' when we have no specific steps."""
    return _TOOL_FAMILIES.get(tool.strip().lower(), "other")


def platform_group(platform: Platform) -> str:
    return _PLATFORM_GROUPS.get(platform, "other")


def primary_tool(device: Device) -> str:
    """The management tool to act in: the first source that is a known tool, else the first source."""
    for source in device.sources:
        if tool_family(source.tool) != "other":
            return source.tool
    return device.sources[0].tool if device.sources else ""


def safe_identifier(value: str) -> Optional[str]:
    """The identifier when it could be a real package or bundle id, else None (never put into a command)."""
    return value if _SAFE_ID.match(value or "") else None


def _uninstall(platform: Platform, app: InstalledApp, os_version: str) -> str:
    ident = safe_identifier(app.identifier)
    if ident is None:
        return "(the package name in the inventory contains unexpected characters: check it by hand)"
    quoted = shlex.quote(ident)
    if platform == Platform.WINDOWS:
        return f"winget uninstall --exact --id {quoted}"
    if platform == Platform.MACOS:
        return f"brew uninstall --cask {quoted} (or quit the app and delete it from /Applications)"
    lowered = os_version.lower()
    for names, command in _PACKAGE_MANAGERS:
        if any(name in lowered for name in names):
            return command.format(pkg=quoted)
    return f"sudo apt-get remove --purge {quoted} (Debian/Ubuntu) or sudo dnf remove {quoted} (RHEL/Fedora)"


def _fleet_query(group: str, app: InstalledApp) -> str:
    table, column = _FLEET_TABLES.get(group, ("programs", "name"))
    value = safe_identifier(app.identifier if column != "name" or not app.name else app.name) or app.name
    literal = "'" + value.replace("'", "''") + "'"
    return f"SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM {table} WHERE {column} = {literal});"


def tool_steps(tool: str, device: Device, app: InstalledApp, app_name: str, catalog_identifier: str = "") -> Tuple[str, ...]:
    """The ordered steps for removing `app` from `device` in the tool `tool`. `catalog_identifier` stands in
    when the inventory row had no usable identifier (an app matched by name)."""
    family, group = tool_family(tool), platform_group(device.platform)
    templates = STEPS.get((family, group)) or STEPS.get((family, "*")) or STEPS[("other", "*")]
    values = {
        "app": app_name or app.name,
        "ident": safe_identifier(app.identifier) or safe_identifier(catalog_identifier) or "its identifier",
        "uninstall": _uninstall(device.platform, app, device.os_version) if family == "ssh" else "",
        "fleet_query": _fleet_query(group, app) if family == "fleet" else "",
    }
    return tuple(template.format(**values) for template in templates)


def all_steps(rule_remediation: Iterable[str], tool: str, device: Device, app: InstalledApp,
              app_name: str, catalog_identifier: str = "") -> Tuple[str, ...]:
    """The rule's own remediation first (each distinct text once), then the tool's steps."""
    seen: Dict[str, None] = {}
    for text in rule_remediation:
        if text:
            seen.setdefault(text, None)
    return tuple(seen) + tool_steps(tool, device, app, app_name, catalog_identifier)
