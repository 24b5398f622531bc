"""What `collect` runs on a host, and how it reads the answers. Pure logic: the commands run through a
`Runner`, so the parsing is tested without a network and the SSH part stays small.

Every remote command is a constant of this module. Nothing read from a host (a path, a package name)
is ever put into a command: a hostile package name cannot become a shell command on the next host."""
from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class CommandResult:
    status: int  # exit status; -1 when the host sent none
    stdout: bytes
    stderr: bytes

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8", errors="replace")


Runner = Callable[[str], CommandResult]

ABSENT = 127  # the shell's "command not found": the manager is not installed
SEP = "--fleet-auditor-section--"

PROBE = "uname -s"

LINUX_FACTS = (f"uname -n; echo {SEP}; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; "
               f"echo {SEP}; cat /sys/class/dmi/id/product_serial 2>/dev/null; echo {SEP}; id -un; "
               f"echo {SEP}; cat /etc/machine-id 2>/dev/null; exit 0")

MACOS_FACTS = (f"uname -n; echo {SEP}; sw_vers -productName; sw_vers -productVersion; echo {SEP}; "
               "ioreg -rd1 -c IOPlatformExpertDevice | awk -F'\"' '/IOPlatformSerialNumber/{print $4}'; "
               f"echo {SEP}; id -un; echo {SEP}; "
               "ioreg -rd1 -c IOPlatformExpertDevice | awk -F'\"' '/IOPlatformUUID/{print $4}'; exit 0")

# Linux package managers: (manager, command). Absent managers exit 127 and are skipped.
LINUX_MANAGERS: Tuple[Tuple[str, str], ...] = (
    ("dpkg", "command -v dpkg-query >/dev/null 2>&1 || exit 127; "
             "dpkg-query -W -f='${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Maintainer}\\n'"),
    ("rpm", "command -v rpm >/dev/null 2>&1 || exit 127; "
            "rpm -qa --qf '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{VENDOR}\\n'"),
    ("snap", "command -v snap >/dev/null 2>&1 || exit 127; snap list --color=never --unicode=never"),
    ("flatpak", "command -v flatpak >/dev/null 2>&1 || exit 127; "
                "flatpak list --app --columns=application,version,name,origin"),
)

MACOS_APPS = "system_profiler SPApplicationsDataType -json"
# Bundle ids are not in system_profiler's output. The loop reads each app's Info.plist with paths that
# stay shell variables on the host ("$a"): no path ever travels back into a command string.
MACOS_BUNDLE_IDS = (
    "for a in /Applications/*.app /Applications/*/*.app /Users/*/Applications/*.app "
    "/Users/*/Applications/*/*.app; do "
    "[ -f \"$a/Contents/Info.plist\" ] && printf '%s\\t%s\\n' \"$a\" "
    "\"$(/usr/libexec/PlistBuddy -c 'Print :CFBundleIdentifier' \"$a/Contents/Info.plist\" 2>/dev/null)\"; "
    "done; exit 0")


def _powershell(script: str) -> str:
    """A fixed PowerShell script as -EncodedCommand: the same string works whether the OpenSSH default
    shell is cmd.exe or PowerShell, with no quoting to get wrong."""
    encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
    return f"powershell.exe -NoLogo -NoProfile -NonInteractive -EncodedCommand {encoded}"


_PS_PRELUDE = "$ErrorActionPreference='SilentlyContinue'; [Console]::OutputEncoding=[Text.Encoding]::UTF8; "
WINDOWS_FACTS = _powershell(
    _PS_PRELUDE
    + "$os=Get-CimInstance Win32_OperatingSystem; $bios=Get-CimInstance Win32_BIOS; "
      "[pscustomobject]@{hostname=$env:COMPUTERNAME; name=[string]$os.Caption; version=[string]$os.Version; "
      "serial=[string]$bios.SerialNumber; user=[Environment]::UserName; "
      "uuid=[string](Get-CimInstance Win32_ComputerSystemProduct).UUID} | ConvertTo-Json -Compress")
# Machine-wide keys (64- and 32-bit) and the per-user keys of every loaded user hive (HKEY_USERS):
# TikTok, WeChat and friends often install per user.
WINDOWS_UNINSTALL = _powershell(
    _PS_PRELUDE
    + "$p='HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*',"
      "'HKLM:\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*',"
      "'Registry::HKEY_USERS\\*\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*'; "
      "ConvertTo-Json -Compress -Depth 2 -InputObject @(Get-ItemProperty -Path $p | "
      "Where-Object { $_.DisplayName } | ForEach-Object { [pscustomobject]@{key=[string]$_.PSChildName; "
      "name=[string]$_.DisplayName; version=[string]$_.DisplayVersion; publisher=[string]$_.Publisher} })")


@dataclass(frozen=True)
class Package:
    manager: str  # dpkg, rpm, snap, flatpak, macos-app, windows-uninstall
    name: str
    version: str
    identifier: str
    publisher: str = ""

    def as_json(self) -> dict:
        return {"manager": self.manager, "name": self.name, "version": self.version,
                "identifier": self.identifier, "publisher": self.publisher}


@dataclass(frozen=True)
class Facts:
    family: str  # linux, macos, windows
    os_name: str = ""
    os_version: str = ""
    os_id: str = ""
    hostname: str = ""
    serial: str = ""
    login_user: str = ""
    machine_id: str = ""


@dataclass(frozen=True)
class Inventory:
    facts: Optional[Facts]
    packages: Tuple[Package, ...]
    managers: Dict[str, str]  # manager -> ok, absent, failed
    errors: Tuple[Dict[str, str], ...] = field(default=())


def _line(text: str, limit: int = 300) -> str:
    """First non-empty line of a remote message, cut: hosts' stderr goes into reports."""
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return first[:limit]


def _sections(text: str, count: int) -> List[str]:
    parts = [p.strip("\n") for p in text.split(SEP + "\n")]
    parts[-1] = parts[-1].split(SEP)[0]
    return (parts + [""] * count)[:count]


def parse_os_release(text: str) -> Dict[str, str]:
    values: Dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and re.match(r"^[A-Z_][A-Z0-9_]*$", key.strip()):
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            values[key.strip()] = value
    return values


def _serial(raw: str) -> str:
    # DMI placeholders like "To Be Filled By O.E.M." are dropped by the reader (vocab.clean_serial).
    return raw.strip().splitlines()[0].strip() if raw.strip() else ""


def linux_facts(text: str) -> Facts:
    hostname, release, serial, user, machine_id = _sections(text, 5)
    os_release = parse_os_release(release)
    return Facts("linux", os_release.get("NAME", "Linux"), os_release.get("VERSION_ID", ""),
                 os_release.get("ID", ""), hostname.strip(), _serial(serial), user.strip(), machine_id.strip())


def macos_facts(text: str) -> Facts:
    hostname, product, serial, user, uuid = _sections(text, 5)
    lines = [ln.strip() for ln in product.splitlines() if ln.strip()] + ["", ""]
    return Facts("macos", lines[0] or "macOS", lines[1], "macos", hostname.strip(), _serial(serial), user.strip(),
                 uuid.strip())


def windows_facts(text: str) -> Optional[Facts]:
    try:
        data = json.loads(text.strip().lstrip("\ufeff"))
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None

    def get(key: str) -> str:
        value = data.get(key)
        return value.strip() if isinstance(value, str) else ""
    return Facts("windows", get("name") or "Windows", get("version"), "windows", get("hostname"), get("serial"),
                 get("user"), get("uuid"))


def parse_dpkg(text: str) -> List[Package]:
    out = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 3:
            continue
        status, name, version = fields[0], fields[1].strip(), fields[2].strip()
        # Status-Abbrev "ii ": the second letter is the current state. Not-installed (n) and
        # config-files-only (c) packages are gone; half-installed or unconfigured ones are on disk.
        if len(status) < 2 or status[1] in ("n", "c") or not name:
            continue
        out.append(Package("dpkg", name, version, name, fields[3].strip() if len(fields) > 3 else ""))
    return out


def parse_rpm(text: str) -> List[Package]:
    out = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip() or fields[0].strip() == "gpg-pubkey":
            continue  # gpg-pubkey entries are imported signing keys, not software
        vendor = fields[2].strip() if len(fields) > 2 else ""
        name = fields[0].strip()
        out.append(Package("rpm", name, fields[1].strip(), name, "" if vendor == "(none)" else vendor))
    return out


def parse_snap(text: str) -> List[Package]:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines or not lines[0].startswith("Name"):
        return []  # "No snaps are installed yet."
    out = []
    for line in lines[1:]:
        # Name  Version  Rev  Tracking  Publisher  Notes; no column holds spaces.
        fields = line.split()
        if len(fields) < 5:
            continue
        publisher = fields[4].rstrip("*✓✪")
        out.append(Package("snap", fields[0], fields[1], fields[0], "" if publisher == "-" else publisher))
    return out


def parse_flatpak(text: str) -> List[Package]:
    out = []
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or not fields[0].strip() or fields[0].strip() == "Application ID":
            continue
        app_id = fields[0].strip()
        out.append(Package("flatpak", fields[2].strip() or app_id, fields[1].strip(), app_id))
    return out


_SIGNER = re.compile(r"^(?:Developer ID Application|Apple Mac OS Application Signing|Apple Distribution|"
                     r"Mac App Distribution|3rd Party Mac Developer Application):\s*(.+?)(?:\s*\([A-Z0-9]{10}\))?$")


def _publisher(signed_by: object) -> str:
    """`signed_by` is the certificate chain, leaf first: 'Developer ID Application: Name (TEAMID)'."""
    if isinstance(signed_by, list) and signed_by and isinstance(signed_by[0], str):
        leaf = signed_by[0].strip()
        match = _SIGNER.match(leaf)
        if match:
            return match.group(1).strip()
        if leaf.startswith("Software Signing"):
            return "Apple Inc."
    return ""


def parse_bundle_ids(text: str) -> Dict[str, str]:
    ids: Dict[str, str] = {}
    for line in text.splitlines():
        path, sep, bundle = line.rpartition("\t")
        if sep and path and bundle.strip() and " " not in bundle.strip():
            ids[path] = bundle.strip()
    return ids


def parse_macos_apps(text: str, bundle_ids: Dict[str, str]) -> List[Package]:
    data = json.loads(text)
    apps = data.get("SPApplicationsDataType") if isinstance(data, dict) else None
    if not isinstance(apps, list):
        raise ValueError("no SPApplicationsDataType list in the system_profiler output")
    out = []
    for app in apps:
        if not isinstance(app, dict) or not isinstance(app.get("_name"), str):
            continue
        path = app.get("path") if isinstance(app.get("path"), str) else ""
        version = app.get("version") if isinstance(app.get("version"), str) else ""
        out.append(Package("macos-app", app["_name"].strip(), version.strip(), bundle_ids.get(path, ""),
                           _publisher(app.get("signed_by"))))
    return out


def parse_windows_uninstall(text: str) -> List[Package]:
    text = text.strip().lstrip("\ufeff")
    if not text:
        return []
    data = json.loads(text)
    items = data if isinstance(data, list) else [data]
    out = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            continue

        def get(key: str) -> str:
            value = item.get(key)
            return value.strip() if isinstance(value, str) else ""
        # The uninstall key name is what the catalog calls arp_product_code ("Kingsoft Office", "WeChat").
        out.append(Package("windows-uninstall", name.strip(), get("version"), get("key"), get("publisher")))
    return out


def _run_manager(run: Runner, manager: str, command: str, parse: Callable[[str], List[Package]],
                 packages: List[Package], managers: Dict[str, str], errors: List[Dict[str, str]]) -> None:
    result = run(command)
    if result.status == ABSENT:
        managers[manager] = "absent"
        return
    if result.status != 0:
        managers[manager] = "failed"
        errors.append({"stage": manager, "kind": "remote",
                       "message": f"exit {result.status}: {_line(result.stderr.decode('utf-8', 'replace'))}"})
        return
    try:
        found = parse(result.text)
    except ValueError as exc:
        managers[manager] = "failed"
        errors.append({"stage": manager, "kind": "remote", "message": f"unreadable output: {_line(str(exc))}"})
        return
    managers[manager] = "ok"
    packages.extend(found)


_LINUX_PARSERS: Dict[str, Callable[[str], List[Package]]] = {
    "dpkg": parse_dpkg, "rpm": parse_rpm, "snap": parse_snap, "flatpak": parse_flatpak}


def gather(run: Runner) -> Inventory:
    """Detect the OS and read its software. Raises only what `run` raises (connection loss, timeout)."""
    packages: List[Package] = []
    managers: Dict[str, str] = {}
    errors: List[Dict[str, str]] = []
    probe = run(PROBE)
    system = probe.text.strip() if probe.status == 0 else ""
    if system == "Linux":
        facts: Optional[Facts] = linux_facts(run(LINUX_FACTS).text)
        for manager, command in LINUX_MANAGERS:
            _run_manager(run, manager, command, _LINUX_PARSERS[manager], packages, managers, errors)
        if not any(state in ("ok", "failed") for state in managers.values()):
            errors.append({"stage": "packages", "kind": "unsupported",
                           "message": "no supported package manager (dpkg, rpm, snap, flatpak) found"})
    elif system == "Darwin":
        facts = macos_facts(run(MACOS_FACTS).text)
        bundle_ids = parse_bundle_ids(run(MACOS_BUNDLE_IDS).text)
        _run_manager(run, "macos-app", MACOS_APPS, lambda text: parse_macos_apps(text, bundle_ids),
                     packages, managers, errors)
    else:
        answer = run(WINDOWS_FACTS)
        facts = windows_facts(answer.text) if answer.status == 0 else None
        if facts is None:
            shown = system or _line(probe.stderr.decode("utf-8", "replace")) or f"exit {probe.status}"
            errors.append({"stage": "detect", "kind": "unsupported",
                           "message": f"unsupported or unrecognised operating system ({shown[:100]})"})
            return Inventory(None, (), managers, tuple(errors))
        _run_manager(run, "windows-uninstall", WINDOWS_UNINSTALL, parse_windows_uninstall, packages, managers, errors)
    return Inventory(facts, tuple(packages), managers, tuple(errors))
