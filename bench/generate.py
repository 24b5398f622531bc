"""Deterministic generator of large Intune exports: AppInvRawData plus its "All devices" export.

Realistic shape: a few thousand distinct apps (names, publishers, versions) repeated across the
fleet, about 2% of devices with a banned app, and look-alikes that must not match."""
from __future__ import annotations

import csv
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
BANNED = [("TikTok", ""), ("WeChat", "腾讯科技(深圳)有限公司"), ("CapCut", "Bytedance Pte. Ltd."),
          ("Lark", "Lark Technologies Pte. Ltd."), ("Kaspersky Endpoint Security for Windows", "AO Kaspersky Lab"),
          ("抖音", ""), ("DeepSeek", "")]
LOOKALIKES = [("TikTok Downloader", "VidGrab Tools"), ("WeChatty Stickers", ""), ("Lark Player", ""),
              ("CapCut Templates Guide", "TemplateHub")]
HEADER = ["ApplicationKey", "ApplicationName", "ApplicationPublisher", "ApplicationShortVersion", "ApplicationVersion",
          "DeviceId", "DeviceName", "EmailAddress", "OSDescription", "OSVersion", "Platform", "UserId", "UserName"]


def app_pool(rng: random.Random, size: int) -> List[Tuple[str, str, str]]:
    pool = []
    for i in range(size):
        vendor = rng.choice(VENDORS)
        name = f"{vendor.split()[0]} {rng.choice(WORDS)} {rng.choice(WORDS)}" + (f" {i % 7}" if i % 3 else "")
        version = f"{rng.randrange(1, 30)}.{rng.randrange(0, 20)}.{rng.randrange(0, 9999)}"
        pool.append((name, vendor, version))
    return pool


def generate(folder: Path, rows: int, apps_per_device: int = 80, seed: int = 2020) -> Tuple[Path, Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    devices = max(1, rows // apps_per_device)
    pool = app_pool(rng, 3000)
    apps_path, devices_path = folder / "AppInvRawData.csv", folder / "devices.csv"
    with open(apps_path, "w", encoding="utf-8-sig", newline="") as apps_file, \
            open(devices_path, "w", encoding="utf-8-sig", newline="") as devices_file:
        apps = csv.writer(apps_file)
        devs = csv.writer(devices_file)
        apps.writerow(HEADER)
        devs.writerow(["Device ID", "Device name", "Serial number", "Primary user UPN", "Primary user email address",
                       "Primary user display name", "Ownership", "OS", "OS version", "Last check-in"])
        written = 0
        for d in range(devices):
            device_id = f"{d:08x}-0000-4000-8000-{rng.randrange(16 ** 12):012x}"
            os_name, os_version = PLATFORMS[d % len(PLATFORMS)]
            email = f"user{d}@example.com"
            name = f"DEV-{d:06d}"
            devs.writerow([device_id, name, f"SN{d:08d}", email, email, f"User {d}",
                           "Personal" if d % 10 == 0 else "Corporate", os_name, os_version, "2026-11-22 07:00:00"])
            count = apps_per_device if d < devices - 1 else rows - written
            chosen = [pool[rng.randrange(len(pool))] for _ in range(count)]
            if d % 50 == 7 and chosen:  # about 2% of devices carry a banned app
                chosen[0] = BANNED[d % len(BANNED)] + ("1.0",)
            if d % 40 == 3 and len(chosen) > 1:
                chosen[1] = LOOKALIKES[d % len(LOOKALIKES)] + ("2.0",)
            for app, publisher, version in chosen:
                apps.writerow([f"{zlib.crc32((app + version).encode()):08x}", app, publisher, version, version, device_id,
                               name, email, os_name, os_version, os_name, f"u{d}", f"User {d}"])
            written += count
    return apps_path, devices_path
