"""Google Workspace Directory API: `mobiledevices` ({"kind": "admin#directory#mobiledevices",
"mobiledevices": [...], "nextPageToken"}; a saved array of such pages works too) and
`chromeosdevices` ({"chromeosdevices": [...]}).

`applications[]` (packageName, displayName, versionName) exists only for Android devices with the
Device Policy app; iOS and Google Sync devices list none. `email` and `name` are arrays. ChromeOS
device records carry no app list (their apps are in the Chrome Management API): they identify the
device for the merge, with no app visibility."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, first_text, hardware_ids, json_items, text
from auditor.sources.vocab import clean_serial, ownership_read, platform_from

TOOL = "google"
CHROME_TOOL = "google-chromeos"


def _first_of(value: Any) -> str:
    if isinstance(value, list):
        return next((v.strip() for v in value if isinstance(v, str) and v.strip()), "")
    return value.strip() if isinstance(value, str) else ""


def mobile_device(record: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    device_id = text(record, "resourceId")
    if not device_id:
        return None
    kind = text(record, "type").upper()
    platform = (Platform.ANDROID if kind == "ANDROID" else Platform.IOS if kind.startswith("IOS")
                else platform_from(text(record, "os").split(" ")[0]) if text(record, "os") else Platform.OTHER)
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, text(record, "lastSync") or None),
        name=text(record, "model"), serial=clean_serial(text(record, "serialNumber")), platform=platform,
        os_version=text(record, "os"),
        # mobiledevices has no ownership; the Cloud Identity export's ownerType (COMPANY / BYOD) does.
        ownership=ownership_read(ctx, text(record, "ownerType"), "ownerType") if text(record, "ownerType")
        else Ownership.UNKNOWN,
        owner_email=_first_of(record.get("email")), owner_name=_first_of(record.get("name")),
        hardware_ids=hardware_ids(("imei", text(record, "imei")), ("meid", text(record, "meid"))),
        authoritative=True)


class GoogleMobileDevicesJson:
    format_id = "google-mobiledevices-json"
    title = "Google Workspace Directory API mobiledevices (JSON, with applications for Android)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.json_start and ('"mobiledevices"' in probe.head or "directory#mobiledevice" in probe.head):
            return "JSON mobiledevices[] (Google Directory API)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, value, is_record in json_items(ctx, ("mobiledevices",)):
            if not is_record:
                continue
            if isinstance(value, dict) and isinstance(value.get("mobiledevices"), list):
                # a saved array of pages: each page holds its devices (one API page, bounded)
                for i, record in enumerate(value["mobiledevices"]):
                    yield from self._device(ctx, f"{path}.mobiledevices[{i}]", record, once)
            else:
                yield from self._device(ctx, path, value, once)

    def _device(self, ctx: ReadContext, path: str, record: Any, once: DeviceOnce) -> Iterator[Item]:
        ctx.rows += 1
        device = mobile_device(record, ctx.input.display, ctx) if isinstance(record, dict) else None
        if device is None:
            ctx.skip(path, "mobile device has no resourceId")
            return
        ctx.saw_time(device.source.last_seen)
        if once.first(device, path):
            yield device
        apps = record.get("applications")
        for i, app in enumerate(apps if isinstance(apps, list) else []):
            at = f"{path}.applications[{i}]"
            if not isinstance(app, dict) or not (text(app, "packageName") or text(app, "displayName")):
                ctx.note(at, "application has no packageName")
                continue
            yield (device.source.device_id, device.platform, text(app, "packageName"), text(app, "displayName"), "",
                   text(app, "versionName") or text(app, "versionCode"), at)


class GoogleChromeOsDevicesJson:
    format_id = "google-chromeosdevices-json"
    title = "Google Workspace Directory API chromeosdevices (JSON; devices only, no app list)"
    tool = CHROME_TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.json_start and ('"chromeosdevices"' in probe.head or "directory#chromeosdevice" in probe.head):
            return "JSON chromeosdevices[] (Google Directory API)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, record, is_record in json_items(ctx, ("chromeosdevices",)):
            if not is_record:
                continue
            ctx.rows += 1
            device_id = text(record, "deviceId") if isinstance(record, dict) else ""
            if not device_id:
                ctx.skip(path, "ChromeOS device has no deviceId")
                continue
            users = record.get("recentUsers") if isinstance(record.get("recentUsers"), list) else []
            email = text(record, "annotatedUser") or next(
                (text(u, "email") for u in users if isinstance(u, dict) and text(u, "email")), "")
            device = DeviceRecord(
                source=SourceRef(CHROME_TOOL, device_id, ctx.input.display, text(record, "lastSync") or None),
                name=first_text(record, "annotatedAssetId", "model"), serial=clean_serial(text(record, "serialNumber")),
                platform=Platform.CHROMEOS, os_version=text(record, "osVersion"), owner_email=email,
                # A managed ChromeOS device is enrolled by the organisation.
                ownership=Ownership.CORPORATE, hardware_ids=hardware_ids(), authoritative=True)
            ctx.saw_time(device.source.last_seen)
            if once.first(device, path):
                yield device
