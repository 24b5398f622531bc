"""Writes the bundled example fleet (examples/fleet/) deterministically: `python examples/generate_fleet.py`.

Several hundred devices across the supported formats, with real banned apps as the tools report them,
look-alikes that must not match, personal phones that Intune cannot fully see, and clean devices."""
from __future__ import annotations

import csv
import io
import json
import random
import zipfile
import zlib
from pathlib import Path
from typing import Dict, List, Tuple

OUT = Path(__file__).resolve().parent / "fleet"
RNG = random.Random(20201918)
FIRST = ["Ana", "Bob", "Carla", "Dev", "Erin", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis", "Mei",
         "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe"]
LAST = ["Silva", "Jones", "Okafor", "Patel", "Nguyen", "Schmidt", "Rossi", "Kim", "Haddad", "Larsen", "Moreau",
        "Novak", "Costa", "Tanaka", "Walsh", "Ibrahim"]
INITIALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # middle initials, for people past the 416 first-and-last pairs
DOMAIN = "example.com"

WINDOWS_APPS = [("Microsoft Edge", "Microsoft Corporation", "131.0.2903.70"),
                ("Microsoft 365 Apps for enterprise - en-us", "Microsoft Corporation", "16.0.18129.20158"),
                ("Google Chrome", "Google LLC", "131.0.6778.86"), ("Zoom Workplace (64-bit)", "Zoom Video Communications, Inc.", "6.2.11"),
                ("7-Zip 23.01 (x64)", "Igor Pavlov", "23.01"), ("Notepad++ (64-bit x64)", "Notepad++ Team", "8.6.9"),
                ("Slack", "Slack Technologies Inc.", "4.41.97"), ("Adobe Acrobat (64-bit)", "Adobe", "24.004.20243"),
                ("Microsoft Teams", "Microsoft Corporation", "24295.606.3238.6194"), ("Git", "The Git Development Community", "2.47.0"),
                ("Python 3.12.7 (64-bit)", "Python Software Foundation", "3.12.7150.0"), ("VLC media player", "VideoLAN", "3.0.21")]
IOS_APPS = [("Microsoft Outlook", "4.2445.0"), ("Microsoft Teams", "6.21.1"), ("Authenticator", "6.8.17"),
            ("Slack", "24.11.10"), ("Zoom Workplace", "6.2.10"), ("Google Maps", "6.135.1"), ("WhatsApp", "24.23.79"),
            ("Spotify", "8.9.96"), ("Uber", "3.652.10003"), ("LinkedIn", "9.30.1742")]
ANDROID_APPS = [("Microsoft Outlook", "com.microsoft.office.outlook", "4.2445.1"),
                ("Microsoft Teams", "com.microsoft.teams", "1416/1.0.0.2024223903"),
                ("Microsoft Authenticator", "com.azure.authenticator", "6.2410.6766"),
                ("Chrome", "com.android.chrome", "131.0.6778.81"), ("Slack", "com.Slack", "24.11.10.0"),
                ("Google Maps", "com.google.android.apps.maps", "11.150.0101")]
MAC_APPS = [("Safari", "", "18.1.1"), ("Google Chrome", "", "131.0.6778.86"), ("Microsoft Word", "", "16.91"),
            ("Microsoft Outlook", "", "16.91"), ("Slack", "", "4.41.97"), ("zoom.us", "", "6.2.11"),
            ("Visual Studio Code", "", "1.95.3"), ("1Password", "", "8.10.54")]
LINUX_PACKAGES = [("openssl", "3.0.15-1~deb12u1"), ("openssh-server", "1:9.2p1-2+deb12u3"), ("nginx", "1.22.1-9"),
                  ("postgresql-15", "15.10-0+deb12u1"), ("python3", "3.11.2-1+b1"), ("curl", "7.88.1-10+deb12u8"),
                  ("git", "1:2.39.5-0+deb12u1"), ("vim", "2:9.0.1378-2")]

# (platform, name, publisher, version, identifier): real banned apps as each tool reports them.
BANNED = {
    "windows": [("WeChat", "腾讯科技(深圳)有限公司", "3.9.12.17", ""), ("CapCut", "Bytedance Pte. Ltd.", "5.1.0.1890", ""),
                ("Lark", "Lark Technologies Pte. Ltd.", "7.24.6", ""),
                ("Kaspersky Endpoint Security for Windows", "AO Kaspersky Lab", "12.6.0.438", ""),
                ("企业微信", "腾讯科技(深圳)有限公司", "4.1.31.6017", "")],
    "ios": [("TikTok", "", "37.6.0", ""), ("WeChat", "", "8.0.54", ""), ("抖音", "", "32.4.0", ""),
            ("Lemon8", "", "6.4.0", ""), ("DeepSeek", "", "1.0.13", "")],
    "android": [("TikTok", "", "37.6.3", "com.zhiliaoapp.musically"), ("WeChat", "", "8.0.54", "com.tencent.mm"),
                ("CapCut", "", "13.1.0", "com.lemon.lvoverseas"), ("DeepSeek", "", "1.0.13", "com.deepseek.chat")],
    "macos": [("WeChat", "", "3.8.9", ""), ("Lark", "", "7.24.6", ""), ("CapCut", "", "5.1.0", "")],
    "linux": [("wps-office", "Kingsoft Corp.", "11.1.0.11723", "wps-office"), ("kesl", "AO Kaspersky Lab", "12.1.0.1297", "kesl")],
}
LOOKALIKES = {
    "windows": [("TikTok Downloader", "VidGrab Tools", "2.3.1"), ("CapCut Templates Guide", "TemplateHub", "1.0.4")],
    "ios": [("WeChatty Stickers", "", "1.2"), ("Lark Player", "", "5.8.1")],
    "android": [("Lark Player", "", "5.8.1", "com.musicplayer.larkplayer")],
    "macos": [("Lark Player", "", "2.0")],
}


def person(i: int) -> Tuple[str, str]:
    """A realistic name and its e-mail address, the same for the same i and different for every i (below
    26 x 417 = 10,842): the 416 first-and-last pairs, then the same pairs with a middle initial (never digits,
    which no one's name has: "Victor J. Novak", victor.j.novak@example.com)."""
    pairs = len(FIRST) * len(LAST)
    if i >= pairs * (len(INITIALS) + 1):
        raise ValueError(f"person({i}): only {pairs * (len(INITIALS) + 1)} distinct names")
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    if i < pairs:
        return f"{first} {last}", f"{first.lower()}.{last.lower()}@{DOMAIN}"
    initial = INITIALS[i // pairs - 1]
    return f"{first} {initial}. {last}", f"{first.lower()}.{initial.lower()}.{last.lower()}@{DOMAIN}"


def guid(prefix: int, i: int) -> str:
    return f"{prefix:08x}-{i:04x}-4{RNG.randrange(4096):03x}-8{RNG.randrange(4096):03x}-{RNG.randrange(16 ** 12):012x}"


def serial(prefix: str, i: int) -> str:
    return f"{prefix}{i:05d}{RNG.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{RNG.randrange(10)}"


def write_intune() -> List[Dict[str, str]]:
    devices: List[Dict[str, str]] = []
    apps: List[List[str]] = []
    n = 0
    plan = [("Windows", "windows", 120, "Corporate"), ("iOS", "ios", 60, "Corporate"),
            ("Android", "android", 20, "Corporate"), ("Android", "android", 20, "Personal"),
            ("iOS", "ios", 10, "Personal")]
    placed = {k: 0 for k in BANNED}
    for os_name, platform, count, ownership in plan:
        for _ in range(count):
            n += 1
            name, email = person(n)
            device_id = guid(0x1A7E, n)
            prefix = {"windows": "5CG", "ios": "F2L", "android": "R5C"}[platform]
            dev_name = {"windows": f"LAPTOP-{n:04d}", "ios": f"iPhone-{n:04d}", "android": f"Pixel-{n:04d}"}[platform]
            devices.append({"Device ID": device_id, "Device name": dev_name,
                            "Serial number": serial(prefix, n) if ownership == "Corporate" else "",
                            "Primary user UPN": email, "Primary user email address": email,
                            "Primary user display name": name, "Ownership": ownership, "OS": os_name,
                            "OS version": {"windows": "10.0.22631.4460", "ios": "18.1.1", "android": "14"}[platform],
                            "Managed by": "Intune", "Compliance": "Compliant",
                            "Microsoft Entra Device ID": guid(0xE7A, n),
                            "Last check-in": "2026-11-22 07:%02d:11" % (n % 60)})
            installed: List[Tuple[str, str, str, str]] = []
            if platform == "windows":
                installed = [(a, p, v, "") for a, p, v in RNG.sample(WINDOWS_APPS, 8)]
            elif platform == "ios":
                installed = [(a, "", v, "") for a, v in RNG.sample(IOS_APPS, 6)]
            else:
                installed = [(a, "", v, i) for a, i, v in RNG.sample(ANDROID_APPS, 5)]
            # Personal phones: Intune lists managed apps only, so no banned app is visible on them.
            if ownership == "Corporate" and n % 7 == 0:
                installed.append(BANNED[platform][placed[platform] % len(BANNED[platform])])
                placed[platform] += 1
            if n % 11 == 0 and platform in LOOKALIKES:
                look = LOOKALIKES[platform][n % len(LOOKALIKES[platform])]
                installed.append((look[0], look[1], look[2], look[3] if len(look) > 3 else ""))
            for app, publisher, version, identifier in installed:
                apps.append(["", app, publisher,
                             version, version, device_id, dev_name, email, os_name, "", os_name, guid(0x05E, n), name,
                             identifier])
    header = ["ApplicationKey", "ApplicationName", "ApplicationPublisher", "ApplicationShortVersion",
              "ApplicationVersion", "DeviceId", "DeviceName", "EmailAddress", "OSDescription", "OSVersion",
              "Platform", "UserId", "UserName", "ApplicationId"]
    for row in apps:
        row[0] = f"{zlib.crc32(row[1].encode()):08x}{zlib.crc32(row[2].encode()):08x}"  # opaque, like Intune's keys
    target = OUT / "intune"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "AppInvRawData_2026-11-22.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(apps)
    # The "All devices" export arrives as a ZIP from the export API, as Intune delivers it.
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(devices[0]))
    writer.writeheader()
    writer.writerows(devices)
    with zipfile.ZipFile(target / "DevicesWithInventory_2026-11-22.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("DevicesWithInventory_0b5c2f7e-2c3e-4a55-9a57-2c1f1f0f3a11.csv", (2026, 11, 22, 2, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, ("\ufeff" + text.getvalue()).encode("utf-8"))
    return devices


def write_graph() -> List[Dict[str, object]]:
    records = []
    for i in range(1, 81):
        name, email = person(500 + i)
        platform = "macOS" if i <= 70 else "iOS"
        apps = [{"id": f"{zlib.crc32(a.encode()):016x}", "displayName": a, "version": v, "publisher": p,
                 "platform": "macOS" if platform == "macOS" else "ios", "sizeInByte": 0, "deviceCount": 0}
                for a, p, v in RNG.sample(MAC_APPS, 5)]
        if i % 9 == 0:
            app = BANNED["macos"][(i // 9) % len(BANNED["macos"])]
            apps.append({"id": "%016x" % i, "displayName": app[0], "version": app[2], "publisher": app[1],
                         "platform": "macOS", "sizeInByte": 0, "deviceCount": 0})
        if i % 13 == 0:
            apps.append({"id": "%016x" % (i + 9999), "displayName": "Lark Player", "version": "2.0", "publisher": "",
                         "platform": "macOS", "sizeInByte": 0, "deviceCount": 0})
        records.append({
            "id": guid(0x6A7, i), "userId": guid(0x05E, 500 + i), "deviceName": f"MacBook-{i:03d}" if platform == "macOS" else f"iPad-{i:03d}",
            "managedDeviceOwnerType": "company", "enrolledDateTime": "2025-03-04T10:00:00Z",
            "lastSyncDateTime": "2026-11-22T06:%02d:00Z" % (i % 60), "operatingSystem": platform,
            "osVersion": "15.1.1" if platform == "macOS" else "18.1.1", "emailAddress": email,
            "azureADDeviceId": guid(0xE7B, i), "userPrincipalName": email, "model": "MacBook Pro" if platform == "macOS" else "iPad Air",
            "manufacturer": "Apple", "serialNumber": serial("C02", 500 + i), "userDisplayName": name, "imei": None,
            "udid": "", "detectedApps": apps})
    target = OUT / "graph"
    target.mkdir(parents=True, exist_ok=True)
    doc = {"@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceManagement/managedDevices(detectedApps())",
           "value": records}
    (target / "managedDevices_with_detectedApps.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n",
                                                                   encoding="utf-8")
    return records


def write_generic() -> None:
    target = OUT / "servers"
    target.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(1, 41):
        host = f"srv-{i:03d}.dc1.{DOMAIN}"
        owner = person(700 + i)[1]
        packages = RNG.sample(LINUX_PACKAGES, 6)
        if i in (7, 23):
            banned = BANNED["linux"][0 if i == 7 else 1]
            packages.append((banned[3], banned[2]))
        for package, version in packages:
            rows.append({"Asset Tag": f"AT-{9000 + i}", "Hostname": host, "Serial": serial("VMW", 700 + i),
                         "OS": "Debian 12", "Owner": owner, "Package": package, "Version": version})
    with open(target / "server-packages.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    (target / "server-packages.mapping.yaml").write_text(
        "# Column mapping for the asset database's package export (semicolon-separated).\n"
        "schema: fleet-auditor/generic-csv/1\n"
        "tool: asset-db\n"
        "files: [server-packages.csv]\n"
        "platform: linux\n"
        "ownership: corporate\n"
        "columns:\n"
        "  device_id: Asset Tag\n"
        "  device_name: Hostname\n"
        "  serial: Serial\n"
        "  os_version: OS\n"
        "  owner_email: Owner\n"
        "  identifier: Package\n"
        "  app_name: Package\n"
        "  version: Version\n", encoding="utf-8")


# The formats added for issue 5 draw from their own generator so the older files stay byte-identical.
RNG2 = random.Random(20261122)
MAC_BUNDLES = [("Safari.app", "com.apple.Safari", "18.1.1"), ("Google Chrome.app", "com.google.Chrome", "131.0.6778.86"),
               ("Microsoft Word.app", "com.microsoft.Word", "16.91"), ("Slack.app", "com.tinyspeck.slackmacgap", "4.41.97"),
               ("zoom.us.app", "us.zoom.xos", "6.2.11"), ("Visual Studio Code.app", "com.microsoft.VSCode", "1.95.3"),
               ("1Password.app", "com.1password.1password", "8.10.54")]
MAC_BANNED = [("WeChat.app", "com.tencent.xinWeChat", "3.8.9"), ("CapCut.app", "com.lemon.lvoverseas", "5.1.0")]
TVM_WINDOWS = [("microsoft", "edge_chromium-based", "131.0.2903.70"), ("google", "chrome", "131.0.6778.86"),
               ("zoom", "zoom", "6.2.11"), ("igor_pavlov", "7-zip", "23.01"), ("slack", "slack", "4.41.97"),
               ("videolan", "vlc_media_player", "3.0.21")]


def write_jamf(graph_macs: List[Dict[str, object]]) -> None:
    """Jamf Pro computers-inventory pages: 10 Macs Intune also manages (same serial: merged) and 30 more."""
    results = []
    for i in range(1, 41):
        shared = graph_macs[i - 1] if i <= 10 else None
        name, email = person(800 + i) if shared is None else (str(shared["userDisplayName"]), str(shared["emailAddress"]))
        serial_number = str(shared["serialNumber"]) if shared else serial("C02J", 800 + i)
        apps = [{"name": n, "path": f"/Applications/{n}", "version": v, "macAppStore": False, "bundleId": b}
                for n, b, v in RNG2.sample(MAC_BUNDLES, 5)]
        if i % 6 == 0:
            n, b, v = MAC_BANNED[(i // 6) % len(MAC_BANNED)]
            apps.append({"name": n, "path": f"/Applications/{n}", "version": v, "macAppStore": True, "bundleId": b})
        if i % 8 == 0:
            apps.append({"name": "Lark Player.app", "path": "/Applications/Lark Player.app", "version": "2.0",
                         "macAppStore": True, "bundleId": "com.example.larkplayer"})
        results.append({
            "id": str(200 + i), "udid": f"{RNG2.randrange(16 ** 8):08X}-0000-4000-8000-{i:012X}",
            "general": {"name": f"jamf-mac-{i:03d}" if shared is None else str(shared["deviceName"]), "platform": "Mac",
                        "lastContactTime": "2026-11-22T0%d:%02d:00.000Z" % (i % 9, i % 60),
                        "reportDate": "2026-11-22T05:00:00.000Z", "enrolledViaAutomatedDeviceEnrollment": True},
            "hardware": {"make": "Apple", "model": "MacBook Air (M3, 2024)", "serialNumber": serial_number},
            "userAndLocation": {"username": email.split("@")[0], "realname": name, "email": email},
            "operatingSystem": {"name": "macOS", "version": "15.1.1", "build": "24B91"},
            "applications": apps})
    target = OUT / "jamf"
    target.mkdir(parents=True, exist_ok=True)
    for page in range(2):  # a folder of API pages, as a paging script saves them
        chunk = results[page * 20:(page + 1) * 20]
        (target / f"computers-inventory_page-{page}.json").write_text(
            json.dumps({"totalCount": len(results), "results": chunk}, indent=1) + "\n", encoding="utf-8")


def write_defender(intune_devices: List[Dict[str, str]]) -> None:
    """Defender machines (aadDeviceId = Intune's Entra device id: merged) and their TVM software inventory."""
    windows = [d for d in intune_devices if d["OS"] == "Windows"][:60]
    machines, rows = [], []
    for i, device in enumerate(windows):
        machine_id = "%040x" % RNG2.randrange(16 ** 40)
        fqdn = device["Device name"].lower() + ".corp.example.com"
        machines.append({"id": machine_id, "computerDnsName": fqdn, "firstSeen": "2025-02-11T09:00:00Z",
                         "lastSeen": "2026-11-22T0%d:%02d:00Z" % (i % 9, i % 60), "osPlatform": "Windows11",
                         "version": "23H2", "healthStatus": "Active", "isAadJoined": True,
                         "aadDeviceId": device["Microsoft Entra Device ID"], "machineTags": []})
        software = RNG2.sample(TVM_WINDOWS, 4)
        if i % 10 == 3:
            software.append(("kaspersky", "endpoint_security", "12.6.0.438"))  # matches a catalog `cpe` only
        for vendor, product, version in software:
            rows.append([machine_id, fqdn, "Windows11", "10.0.22631.4460", "x64", vendor, product, version, "", "",
                         f"{vendor}:{product}:{version}"])
    target = OUT / "defender"
    target.mkdir(parents=True, exist_ok=True)
    (target / "machines.json").write_text(json.dumps(
        {"@odata.context": "https://api.securitycenter.microsoft.com/api/$metadata#Machines", "value": machines},
        indent=1) + "\n", encoding="utf-8")
    with open(target / "DeviceTvmSoftwareInventory.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DeviceId", "DeviceName", "OSPlatform", "OSVersion", "OSArchitecture", "SoftwareVendor",
                         "SoftwareName", "SoftwareVersion", "EndOfSupportStatus", "EndOfSupportDate", "ProductCodeCpe"])
        writer.writerows(rows)


def write_fleet() -> None:
    """Fleet REST host list with software: build and CI servers (deb packages, a Chrome extension)."""
    hosts = []
    for i in range(1, 21):
        packages = [{"id": 1000 + j, "name": n, "version": v, "source": "deb_packages", "vendor": ""}
                    for j, (n, v) in enumerate(RNG2.sample(LINUX_PACKAGES, 5))]
        if i in (4, 15):
            packages.append({"id": 2000 + i, "name": "wps-office", "version": "11.1.0.11723", "source": "deb_packages",
                             "vendor": "Kingsoft"})
        if i == 9:
            packages.append({"id": 3000, "name": "kesl", "version": "12.1.0.1297", "source": "deb_packages",
                             "vendor": "AO Kaspersky Lab"})
        if i == 11:  # a look-alike: not the banned app
            packages.append({"id": 3001, "name": "wps-office-fonts-free", "version": "1.0", "source": "deb_packages"})
        hosts.append({"id": 300 + i, "hostname": f"build-{i:02d}.ci.{DOMAIN}", "display_name": f"build-{i:02d}",
                      "uuid": f"4c4c4544-00{i:02d}-3010-8034-b7c04f4d5a32", "platform": "ubuntu",
                      "os_version": "Ubuntu 22.04.5 LTS", "hardware_serial": serial("VMF", 900 + i),
                      "seen_time": "2026-11-22T10:%02d:00Z" % i, "mdm": {"enrollment_status": None},
                      "device_mapping": [{"email": f"platform-team@{DOMAIN}", "source": "custom"}],
                      "software": packages})
    target = OUT / "fleet"
    target.mkdir(parents=True, exist_ok=True)
    (target / "hosts_with_software.json").write_text(json.dumps({"hosts": hosts}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    intune_devices = write_intune()
    graph_devices = write_graph()
    write_generic()
    write_jamf([d for d in graph_devices if d["operatingSystem"] == "macOS"])
    write_defender(intune_devices)
    write_fleet()
    print(f"wrote {OUT}")
