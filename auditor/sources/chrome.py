"""Chrome Enterprise installed-app reports: which managed Chrome browsers (and ChromeOS devices) have an app
or extension installed.

1. The Chrome Management API's `customers/{customer}/reports:findInstalledAppDevices?appId=…` response
   ({"devices": [{"deviceId", "machine"}], "nextPageToken", "totalSize"}) does not repeat the app it was asked
   about. The pull writes it into each saved page as top-level keys (the sidecar contract, docs/formats.md):
   `"appId"` (required), `"appType"` (EXTENSION, APP, THEME, HOSTED_APP, ANDROID_APP) and `"displayName"`
   (from countInstalledApps). A page without `appId` is read when its file name holds the 32-letter id of a
   Chrome extension or app (`installed-app-devices_<id>_page-0.json`); otherwise it is reported, not audited.
   A reply with no device (`{}`, or only the keys above) is one record: the app is installed nowhere.
2. The Admin console's CSV of an app's devices (Devices > Chrome > Reports > Apps & extensions usage > the
   app > its devices): header names inferred (no real export was found), matched by name; the app id comes from
   an `App ID` / `Extension ID` column, else from the file name as above.

These reports list the devices of the apps asked about, nothing else of them: a Chrome device's visibility is
partial (auditor.engine.merge), never "clean". Chrome's device id is its own (no serial in the API), so an API
device merges with nothing; a console CSV with a serial column merges by serial.
`countInstalledApps` (apps and install counts, no device) is refused with what to pull instead."""
from __future__ import annotations

import re
from typing import Any, Dict, Iterator, Optional, Set

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.csvrows import Fields, csv_rows
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, counted_objects, json_items, key_text, text, top_level_objects
from auditor.textio.csvtable import Column
from auditor.sources.vocab import clean_serial

TOOL = "chrome"
_EXTENSION_ID = re.compile(r"(?<![a-z0-9])[a-p]{32}(?![a-z0-9])")
_PAGE_START = re.compile(r'^\s*[\[{]\s*\{?\s*"(appId|appType|displayName)"\s*:')


def app_id_from_name(display: str) -> str:
    """The Chrome extension / app id (32 letters a-p) in a file name, or ""."""
    name = display.replace("\\", "/").rsplit("/", 1)[-1].rsplit("!", 1)[-1]
    found = _EXTENSION_ID.findall(name.lower())
    return found[0] if len(found) == 1 else ""


def row_platform(app_type: str) -> Platform:
    """Android apps are installed on ChromeOS; extensions and apps on browsers of any desktop OS."""
    return Platform.CHROMEOS if app_type.replace(" ", "_").upper() in ("ANDROID_APP", "ANDROID") else Platform.OTHER


class ChromeAppDevicesJson:
    format_id = "chrome-app-devices-json"
    title = "Chrome Management API findInstalledAppDevices pages (JSON: devices[] of one app, appId added by the pull)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if not probe.json_start:
            return None
        if '"installedApps"' in head and '"appId"' in head:
            return "JSON installedApps[] (Chrome Management API countInstalledApps: counts, no devices)"
        if ('"devices"' in head and '"machine"' in head and '"deviceId"' in head) or _PAGE_START.match(head):
            return "JSON devices[] with deviceId / machine, or a page led by appId (Chrome findInstalledAppDevices)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        from_name = app_id_from_name(ctx.input.display)
        for path, page in top_level_objects(json_items(ctx, ())):
            if not isinstance(page, dict):
                ctx.rows += 1
                ctx.skip(path, "not a findInstalledAppDevices page (a JSON object)")
                continue
            if isinstance(page.get("installedApps"), list):
                ctx.rows += 1
                ctx.fail(f"countInstalledApps at {path} lists {len(page['installedApps'])} apps with install counts "
                         "but no device: give findInstalledAppDevices pages (with the appId) for the apps to audit")
                continue
            yield from self._page(ctx, path, page, from_name, once)

    def _page(self, ctx: ReadContext, path: str, page: Dict[str, Any], from_name: str, once: DeviceOnce
              ) -> Iterator[Item]:
        devices = page.get("devices", [])
        if not isinstance(devices, list):
            ctx.rows += 1
            ctx.skip(f"{path}.devices", "devices is not a list")
            return
        app_id = text(page, "appId") or from_name
        if not app_id:
            ctx.rows += max(1, len(devices))
            ctx.fail(f"{len(devices)} devices at {path} of an app the page does not name: the pull must add "
                     "\"appId\" to each saved page (or name the file after the extension id)")
            return
        if not devices:
            ctx.rows += 1  # the answer "installed nowhere" is a record
            return
        platform = row_platform(text(page, "appType"))
        name = text(page, "displayName")
        for at, entry in counted_objects(ctx, devices, f"{path}.devices", ("deviceId",), "device"):
            device_id = key_text(entry, "deviceId")
            device = DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display), name=text(entry, "machine"))
            if once.first(device, at):
                yield device
            yield (device_id, platform, app_id, name, "", "", at)


_APP_IDS = ("App ID", "Extension ID", "App id", "Extension id")
COLUMNS = (
    Column("app_id", _APP_IDS),
    Column("app_name", ("App name", "Extension name", "App", "Name")),
    Column("app_type", ("App type", "Type")),
    Column("version", ("Version", "App version", "Extension version")),
    Column("device_id", ("Device ID", "Browser device ID", "Directory device ID")),
    Column("machine", ("Machine name", "Machine", "Device name", "Device", "Browser")),
    Column("serial", ("Serial number", "Serial")),
    Column("user", ("User", "User email", "Email", "Last signed-in user", "Signed-in user")),
    Column("last_seen", ("Last activity", "Last active", "Last sync", "Last activity time")),
)


class ChromeAppDevicesCsv:
    format_id = "chrome-app-devices-csv"
    title = "Chrome Admin console CSV of an app's devices (App ID / Extension ID with Machine name / Device ID)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        devices = {"machine name", "machine", "browser device id", "directory device id", "device id"} & cols
        if devices and ({"app id", "extension id"} & cols or {"app name", "app type"} <= cols):
            return ("CSV header has App ID / Extension ID (or App name and App type) with a machine or device column "
                    "(Chrome)")
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        from_name = app_id_from_name(ctx.input.display)

        def refuse(fields: Fields) -> Optional[str]:
            if not fields.has("app_id") and not from_name:
                return ("missing the app: a column 'App ID' or 'Extension ID', or the extension id in the file name "
                        "(names alone are too weak to audit)")
            if not (fields.has("device_id") or fields.has("machine") or fields.has("serial")):
                return "missing a column that names the device: 'Device ID', 'Machine name' or 'Serial number'"
            return None

        seen: Set[str] = set()
        for line, row, fields in csv_rows(ctx, COLUMNS, refuse):
            cell = fields.cell
            serial, machine = clean_serial(cell(row, "serial")), cell(row, "machine")
            device_id = cell(row, "device_id") or (f"machine-{machine}" if machine else
                                                   f"serial-{serial}" if serial else "")
            app_id = cell(row, "app_id") or from_name
            if not device_id or not app_id:
                ctx.skip(line, "row names no device" if not device_id else "row names no app id")
                continue
            if device_id not in seen:
                seen.add(device_id)
                last_seen = cell(row, "last_seen")
                ctx.saw_time(last_seen)
                yield DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display, last_seen or None),
                                   name=machine, serial=serial, owner_email=cell(row, "user"))
            yield (device_id, row_platform(cell(row, "app_type")), app_id, cell(row, "app_name"), "",
                   cell(row, "version"), line)
