"""Deterministic generator of a large fleet: Intune AppInvRawData, the "All devices" export, a staff directory;
and (generate_mixed) a fleet in three tools' formats: Intune CSV, Defender TVM CSV + machines JSON, Fleet JSON.

`python bench/generate.py --rows 1000000 --out bench/out/data-1000000` (bench/run.py calls generate()).

Realistic shape: a few thousand distinct apps (vendor names, version strings, bundle ids on phones, publisher
names with commas, so quoted cells) repeated across the fleet in random order per device; about 2% of devices
carry a banned app (by name, by publisher and name, or by bundle id on phones); 2.5% carry a look-alike that must
not match; a tenth of the devices are personal; every owner is in the staff directory (a few executives, who
get a higher risk tier). The same arguments always write the same bytes."""
from __future__ import annotations

import argparse
import csv
import json
import random
import zlib
from pathlib import Path
from typing import List, Optional, Tuple

VENDORS = ["Microsoft Corporation", "Google LLC", "Adobe Inc.", "Zoom Video Communications, Inc.", "Mozilla",
           "Oracle Corporation", "Cisco Systems, Inc.", "Citrix Systems, Inc.", "Dell Inc.", "HP Inc.", "Lenovo",
           "Intel Corporation", "NVIDIA Corporation", "Slack Technologies", "Atlassian", "JetBrains s.r.o.",
           "Python Software Foundation", "VideoLAN", "Igor Pavlov", "Notepad++ Team", "Apple Inc.", "Salesforce"]
WORDS = ["Studio", "Player", "Manager", "Agent", "Client", "Runtime", "Helper", "Update", "Tools", "Viewer",
         "Editor", "Suite", "Connector", "Driver", "Service", "Assistant", "Reader", "Sync", "Launcher", "Monitor"]
PLATFORMS = [("Windows", "10.0.22631.4460"), ("iOS", "18.1.1"), ("Android", "14"), ("macOS", "15.1.1")]
MOBILE = {"iOS", "Android"}
# (name, publisher, bundle id on phones): matched by name, publisher + name, or identifier.
BANNED = [("TikTok", "", "com.zhiliaoapp.musically"), ("WeChat", "腾讯科技(深圳)有限公司", "com.tencent.xin"),
          ("CapCut", "Bytedance Pte. Ltd.", "com.lemon.lvoverseas"), ("Lark", "Lark Technologies Pte. Ltd.", ""),
          ("Kaspersky Endpoint Security for Windows", "AO Kaspersky Lab", ""), ("抖音", "", ""),
          ("DeepSeek", "", "com.deepseek.chat")]
LOOKALIKES = [("TikTok Downloader", "VidGrab Tools"), ("WeChatty Stickers", ""), ("Lark Player", ""),
              ("CapCut Templates Guide", "TemplateHub")]
HEADER = ["ApplicationKey", "ApplicationId", "ApplicationName", "ApplicationPublisher", "ApplicationShortVersion",
          "ApplicationVersion", "DeviceId", "DeviceName", "EmailAddress", "OSDescription", "OSVersion", "Platform",
          "UserId", "UserName"]
DEVICE_HEADER = ["Device ID", "Device name", "Serial number", "Primary user UPN", "Primary user email address",
                 "Primary user display name", "Ownership", "OS", "OS version", "Last check-in"]
STAFF_HEADER = ["employeeId", "displayName", "mail", "userPrincipalName", "title", "department", "memberOf",
                "clearance", "sponsor", "relationship"]
TITLES = ["Software Engineer", "Account Manager", "Analyst", "Nurse", "Teacher", "Designer", "Accountant"]
EXECUTIVES = ["Chief Executive Officer", "Chief Financial Officer", "General Counsel"]
DEPARTMENTS = ["Engineering", "Sales", "Finance", "Operations", "Legal", "Marketing"]


def app_pool(rng: random.Random, size: int) -> List[Tuple[str, str, str, str]]:
    """(name, publisher, version, bundle id) of the fleet's ordinary apps."""
    pool = []
    for i in range(size):
        vendor = rng.choice(VENDORS)
        first = vendor.split()[0].rstrip(",")
        name = f"{first} {rng.choice(WORDS)} {rng.choice(WORDS)}" + (f" {i % 7}" if i % 3 else "")
        version = f"{rng.randrange(1, 30)}.{rng.randrange(0, 20)}.{rng.randrange(0, 9999)}"
        bundle = f"com.{first.lower().strip('.')}.{name.split()[1].lower()}{i}"
        pool.append((name, vendor, version, bundle))
    return pool


def generate(folder: Path, rows: int, apps_per_device: int = 80, seed: int = 2020,
             staff_path: Optional[Path] = None) -> Tuple[Path, Path, Path]:
    """Writes AppInvRawData.csv and devices.csv into folder, staff.csv beside it (or at staff_path); skipped
    when already there."""
    folder.mkdir(parents=True, exist_ok=True)
    apps_path, devices_path = folder / "AppInvRawData.csv", folder / "devices.csv"
    # Not an inventory: kept out of the audited folder.
    staff_path = staff_path or folder.parent / f"{folder.name}-staff.csv"
    stamp = folder / ".generated.json"
    params = {"rows": rows, "apps_per_device": apps_per_device, "seed": seed, "version": 2}
    if stamp.exists() and staff_path.exists() and json.loads(stamp.read_text()) == params:
        return apps_path, devices_path, staff_path
    rng = random.Random(seed)
    devices = max(1, rows // apps_per_device)
    pool = app_pool(rng, 3000)
    with open(apps_path, "w", encoding="utf-8-sig", newline="") as apps_file, \
            open(devices_path, "w", encoding="utf-8-sig", newline="") as devices_file, \
            open(staff_path, "w", encoding="utf-8", newline="") as staff_file:
        apps, devs, staff = csv.writer(apps_file), csv.writer(devices_file), csv.writer(staff_file)
        apps.writerow(HEADER)
        devs.writerow(DEVICE_HEADER)
        staff.writerow(STAFF_HEADER)
        written = 0
        for d in range(devices):
            device_id = f"{d:08x}-0000-4000-8000-{rng.randrange(16 ** 12):012x}"
            os_name, os_version = PLATFORMS[d % len(PLATFORMS)]
            email, display, name = f"user{d}@example.com", f"User {d}", f"DEV-{d:06d}"
            devs.writerow([device_id, name, f"SN{d:08d}", email, email, display,
                           "Personal" if d % 10 == 0 else "Corporate", os_name, os_version, "2026-11-22 07:00:00"])
            title = EXECUTIVES[d % len(EXECUTIVES)] if d % 997 == 0 else TITLES[d % len(TITLES)]
            staff.writerow([f"E{d:07d}", display, email, email, title, DEPARTMENTS[d % len(DEPARTMENTS)], "", "",
                            "", ""])
            count = apps_per_device if d < devices - 1 else rows - written
            chosen = [pool[rng.randrange(len(pool))] for _ in range(count)]
            if d % 50 == 7 and chosen:  # about 2% of devices carry a banned app
                banned, publisher, bundle = BANNED[d % len(BANNED)]
                chosen[rng.randrange(len(chosen))] = (banned, publisher, "1.0", bundle)
            if d % 40 == 3 and len(chosen) > 1:
                chosen[1] = LOOKALIKES[d % len(LOOKALIKES)] + ("2.0", "")
            mobile = os_name in MOBILE
            for app, publisher, version, bundle in chosen:
                key = f"{zlib.crc32((app + version).encode()):08x}"
                apps.writerow([key, bundle if mobile else "", app, publisher, version, version, device_id, name,
                               email, os_name, os_version, os_name, f"u{d}", display])
            written += count
    stamp.write_text(json.dumps(params))
    return apps_path, devices_path, staff_path


# The mixed fleet: Windows PCs seen by Defender (TVM software inventory, vendor/product as CPE tokens), Linux
# servers in Fleet (deb packages, with banned ones), the rest in Intune. The Defender part carries no banned
# app: TVM names software by CPE, and the catalog lists no verified CPE for a banned app yet (banned apps
# without a CPE are in Defender's separate non-CPE export, read by name).
FLEET_BANNED = [("wps-office", "11.1.0.11723", "Kingsoft"), ("kesl", "12.1.0.1297", "AO Kaspersky Lab")]


def generate_mixed(folder: Path, rows: int, apps_per_device: int = 80, seed: int = 2020) -> Tuple[Path, Path]:
    """About half the rows in an Intune export (generate()), a third in a Defender TVM software inventory
    CSV with its machines JSON, the rest in a Fleet host list with software (JSON): one folder, three tools.
    Returns the folder and the staff directory; skipped when already there."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".generated-mixed.json"
    params = {"rows": rows, "apps_per_device": apps_per_device, "seed": seed, "version": 2}
    intune_rows = rows // 2
    _apps, _devices, staff_path = generate(folder / "intune", intune_rows, apps_per_device, seed,
                                           folder.parent / f"{folder.name}-staff.csv")
    if stamp.exists() and json.loads(stamp.read_text()) == params:
        return folder, staff_path
    rng = random.Random(seed + 1)
    pool = app_pool(rng, 3000)
    tvm_rows = (rows - intune_rows) * 2 // 3
    machines = []
    with open(folder / "DeviceTvmSoftwareInventory.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DeviceId", "DeviceName", "OSPlatform", "OSVersion", "OSArchitecture", "SoftwareVendor",
                         "SoftwareName", "SoftwareVersion", "EndOfSupportStatus", "EndOfSupportDate",
                         "ProductCodeCpe"])
        for d in range(max(1, tvm_rows // apps_per_device)):
            machine = f"{d:040x}"
            fqdn = f"pc-{d:06d}.corp.example.com"
            machines.append({"id": machine, "computerDnsName": fqdn, "lastSeen": "2026-11-22T07:00:00Z",
                             "osPlatform": "Windows11", "version": "23H2", "healthStatus": "Active"})
            software = [pool[rng.randrange(len(pool))] for _ in range(apps_per_device)]
            entries = [(vendor.split()[0].lower().strip(",."), "_".join(name.lower().split()), version)
                       for name, vendor, version, _ in software]
            for vendor, product, version in entries:
                writer.writerow([machine, fqdn, "Windows11", "10.0.22631.4460", "x64", vendor, product, version,
                                 "", "", f"cpe:2.3:a:{vendor}:{product}:{version}:*:*:*:*:*:*:*"])
    (folder / "machines.json").write_text(json.dumps({"value": machines}), encoding="utf-8")
    hosts = []
    fleet_rows = rows - intune_rows - tvm_rows
    for h in range(max(1, fleet_rows // apps_per_device)):
        packages = [{"name": f"lib{pool[rng.randrange(len(pool))][3].split('.')[-1]}", "version": "1.0",
                     "source": "deb_packages"} for _ in range(apps_per_device)]
        if h % 50 == 13:
            name, version, vendor = FLEET_BANNED[h % len(FLEET_BANNED)]
            packages[0] = {"name": name, "version": version, "source": "deb_packages", "vendor": vendor}
        hosts.append({"id": h + 1, "hostname": f"srv-{h:05d}.example.com", "platform": "ubuntu",
                      "os_version": "Ubuntu 22.04.5 LTS", "hardware_serial": f"VMF{h:08d}",
                      "seen_time": "2026-11-22T07:00:00Z", "software": packages})
    (folder / "hosts_with_software.json").write_text(json.dumps({"hosts": hosts}), encoding="utf-8")
    stamp.write_text(json.dumps(params))
    return folder, staff_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--apps-per-device", type=int, default=80)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--mixed", action="store_true", help="the three-format fleet (generate_mixed)")
    args = parser.parse_args()
    paths = (generate_mixed if args.mixed else generate)(args.out, args.rows, args.apps_per_device)
    for path in paths:
        print(path)


if __name__ == "__main__":
    main()
