"""Pure logic of `collect`: OS detection and the parsers of each package manager's output, through a
fake runner (the real dpkg path is covered against real hosts in test_collect.py)."""
from __future__ import annotations

import json
from typing import Dict, List

import pytest

from auditor.acquire import inventory as inv
from auditor.acquire.inventory import CommandResult, gather

FIXED_COMMANDS = {inv.PROBE, inv.LINUX_FACTS, inv.MACOS_FACTS, inv.MACOS_APPS, inv.MACOS_BUNDLE_IDS,
                  inv.WINDOWS_FACTS, inv.WINDOWS_UNINSTALL, *(c for _, c in inv.LINUX_MANAGERS)}


class FakeHost:
    """Answers the fixed commands; refuses any other string (a command built from data would show here)."""

    def __init__(self, answers: Dict[str, CommandResult]) -> None:
        self.answers = answers
        self.ran: List[str] = []

    def __call__(self, command: str) -> CommandResult:
        assert command in FIXED_COMMANDS, f"not a fixed command: {command!r}"
        self.ran.append(command)
        return self.answers.get(command, CommandResult(127, b"", b"sh: not found"))


def ok(text: str) -> CommandResult:
    return CommandResult(0, text.encode(), b"")


HOSTILE = "$(touch /tmp/pwned)`id`;rm -rf /"

LINUX_FACTS_OUT = (f"build01\n{inv.SEP}\nNAME=\"Fedora Linux\"\nVERSION_ID=40\nID=fedora\n{inv.SEP}\n"
                   f"VMware-56 4d\n{inv.SEP}\nauditor\n{inv.SEP}\n0123abcd\n")


def test_linux_host_with_rpm_snap_and_flatpak() -> None:
    rpm, snap, flatpak = (c for m, c in inv.LINUX_MANAGERS if m != "dpkg")
    host = FakeHost({
        inv.PROBE: ok("Linux\n"),
        inv.LINUX_FACTS: ok(LINUX_FACTS_OUT),
        rpm: ok(f"gpg-pubkey\t1-2\t(none)\nwps-office\t11.1.0.11720-1\tKingsoft\n{HOSTILE}\t1.0-1\t(none)\n"),
        snap: ok("Name    Version  Rev  Tracking       Publisher     Notes\n"
                 "core22  2024     1    latest/stable  canonical**   base\n"
                 "wechat  4.0      7    latest/stable  -             -\n"),
        flatpak: ok("com.tencent.WeChat\t4.0.1\tWeChat\tflathub\n"),
    })
    result = gather(host)
    assert result.facts is not None
    assert (result.facts.family, result.facts.os_name, result.facts.os_version, result.facts.hostname,
            result.facts.serial, result.facts.login_user) == ("linux", "Fedora Linux", "40", "build01",
                                                              "VMware-56 4d", "auditor")
    assert result.managers == {"dpkg": "absent", "rpm": "ok", "snap": "ok", "flatpak": "ok"}
    got = [(p.manager, p.identifier, p.version, p.publisher) for p in result.packages]
    assert got == [("rpm", "wps-office", "11.1.0.11720-1", "Kingsoft"), ("rpm", HOSTILE, "1.0-1", ""),
                   ("snap", "core22", "2024", "canonical"), ("snap", "wechat", "4.0", ""),
                   ("flatpak", "com.tencent.WeChat", "4.0.1", "")]
    assert result.errors == ()
    # A hostile package name never made it into a command: every command run was a fixed one.
    assert all(HOSTILE not in c for c in host.ran)


def test_dpkg_status_filter_keeps_what_is_on_disk() -> None:
    text = ("ii \tbash\t5.2\tDebian <x@y>\nrc \tkesl\t12\tKaspersky\niU \twps-office\t11\tKingsoft\n"
            "un \tghost\t\t\nhi \thalf\t1\t\n")
    assert [p.name for p in inv.parse_dpkg(text)] == ["bash", "wps-office", "half"]


def test_a_failing_manager_is_an_error_of_the_host() -> None:
    dpkg = inv.LINUX_MANAGERS[0][1]
    snap = inv.LINUX_MANAGERS[2][1]
    result = gather(FakeHost({inv.PROBE: ok("Linux"), inv.LINUX_FACTS: ok(LINUX_FACTS_OUT),
                              dpkg: ok("ii \tbash\t5.2\tx\n"),
                              snap: CommandResult(1, b"", b"error: cannot communicate with server\n")}))
    assert result.managers["snap"] == "failed"
    assert result.errors == ({"stage": "snap", "kind": "remote",
                              "message": "exit 1: error: cannot communicate with server"},)
    assert [p.name for p in result.packages] == ["bash"]


def test_linux_without_any_package_manager_is_an_error() -> None:
    result = gather(FakeHost({inv.PROBE: ok("Linux"), inv.LINUX_FACTS: ok(LINUX_FACTS_OUT)}))
    assert [e["kind"] for e in result.errors] == ["unsupported"]


def test_macos_apps_with_bundle_ids_and_signers() -> None:
    profile = {"SPApplicationsDataType": [
        {"_name": "WPS Office", "version": "6.2", "path": "/Applications/wpsoffice.app",
         "obtained_from": "identified_developer",
         "signed_by": ["Developer ID Application: Kingsoft Office Software Corporation Limited (U6S2Q4M9R4)",
                       "Developer ID Certification Authority", "Apple Root CA"]},
        {"_name": "Safari", "version": "18.0", "path": "/Applications/Safari.app", "obtained_from": "apple",
         "signed_by": ["Software Signing", "Apple Code Signing Certification Authority", "Apple Root CA"]},
        {"_name": "Unsigned Tool", "path": "/Users/bob/Applications/tool.app"},
    ]}
    host = FakeHost({
        inv.PROBE: ok("Darwin\n"),
        inv.MACOS_FACTS: ok(f"mac-17\n{inv.SEP}\nmacOS\n15.1\n{inv.SEP}\nC02XK0AAJGH5\n{inv.SEP}\nbob\n"
                            f"{inv.SEP}\nUUID-1\n"),
        inv.MACOS_BUNDLE_IDS: ok("/Applications/wpsoffice.app\tcom.kingsoft.wpsoffice.mac\n"
                                 "/Applications/Safari.app\tcom.apple.Safari\n"),
        inv.MACOS_APPS: ok(json.dumps(profile)),
    })
    result = gather(host)
    assert result.facts is not None
    assert (result.facts.family, result.facts.os_name, result.facts.os_version, result.facts.serial) == (
        "macos", "macOS", "15.1", "C02XK0AAJGH5")
    got = [(p.manager, p.name, p.identifier, p.publisher) for p in result.packages]
    assert got == [("macos-app", "WPS Office", "com.kingsoft.wpsoffice.mac", "Kingsoft Office Software Corporation Limited"),
                   ("macos-app", "Safari", "com.apple.Safari", "Apple Inc."),
                   ("macos-app", "Unsigned Tool", "", "")]


def test_windows_over_openssh_reads_the_uninstall_keys() -> None:
    facts = {"hostname": "PC-042", "name": "Microsoft Windows 11 Pro", "version": "10.0.22631",
             "serial": "5CG1234XYZ", "user": "audit", "uuid": "4C4C4544"}
    keys = [{"key": "Kingsoft Office", "name": "WPS Office", "version": "12.2", "publisher": "Kingsoft Corp."},
            {"key": "{90160000-008C-0000-1000-0000000FF1CE}", "name": "Office 16 Click-to-Run", "version": "16",
             "publisher": "Microsoft Corporation"},
            {"key": "Empty", "name": None}]
    host = FakeHost({inv.PROBE: CommandResult(1, b"", b"'uname' is not recognized as an internal command"),
                     inv.WINDOWS_FACTS: ok("\ufeff" + json.dumps(facts)),
                     inv.WINDOWS_UNINSTALL: ok(json.dumps(keys))})
    result = gather(host)
    assert result.facts is not None
    assert (result.facts.family, result.facts.hostname, result.facts.serial) == ("windows", "PC-042", "5CG1234XYZ")
    assert [(p.identifier, p.name) for p in result.packages] == [
        ("Kingsoft Office", "WPS Office"), ("{90160000-008C-0000-1000-0000000FF1CE}", "Office 16 Click-to-Run")]
    # PowerShell prints a lone object, not a list, when there is one key.
    assert len(inv.parse_windows_uninstall(json.dumps(keys[0]))) == 1


def test_windows_commands_are_encoded_fixed_scripts() -> None:
    import base64

    for command in (inv.WINDOWS_FACTS, inv.WINDOWS_UNINSTALL):
        prefix = "powershell.exe -NoLogo -NoProfile -NonInteractive -EncodedCommand "
        assert command.startswith(prefix)
        script = base64.b64decode(command[len(prefix):]).decode("utf-16-le")
        assert "ConvertTo-Json" in script


def test_unknown_os_is_reported_not_guessed() -> None:
    result = gather(FakeHost({inv.PROBE: ok("FreeBSD\n"), inv.WINDOWS_FACTS: CommandResult(127, b"", b"")}))
    assert result.facts is None and result.packages == ()
    assert result.errors[0]["kind"] == "unsupported" and "FreeBSD" in result.errors[0]["message"]


@pytest.mark.parametrize("text", ["", "No snaps are installed yet.\n"])
def test_snap_without_snaps(text: str) -> None:
    assert inv.parse_snap(text) == []
