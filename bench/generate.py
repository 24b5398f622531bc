"""Deterministic generator of a large Intune fleet: AppInvRawData, the "All devices" export, a staff directory.

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
from typing import List, Tuple

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


def generate(folder: Path, rows: int, apps_per_device: int = 80, seed: int = 2020) -> Tuple[Path, Path, Path]:
    """Writes AppInvRawData.csv and devices.csv into folder, staff.csv beside it; skipped when already there."""
    folder.mkdir(parents=True, exist_ok=True)
    apps_path, devices_path = folder / "AppInvRawData.csv", folder / "devices.csv"
    staff_path = folder.parent / f"{folder.name}-staff.csv"  # not an inventory: kept out of the audited folder
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--apps-per-device", type=int, default=80)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in generate(args.out, args.rows, args.apps_per_device):
        print(path)


if __name__ == "__main__":
    main()
