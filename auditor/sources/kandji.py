"""Kandji: `GET /api/v1/devices` (an array of device_id, device_name, serial_number, platform,
os_version, user, last_check_in) and `GET /api/v1/devices/{device_id}/apps` ({"device_id": ...,
"apps": [{app_name, bundle_id, version, ...}]}). `user` is an object or "" when unassigned."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, first_text, hardware_ids, json_items, text, top_level_objects
from auditor.sources.vocab import clean_serial, platform_from

TOOL = "kandji"
_PLATFORMS = {"mac": Platform.MACOS, "iphone": Platform.IOS, "ipad": Platform.IPADOS, "appletv": Platform.OTHER}


def kandji_device(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    device_id = text(record, "device_id")
    if not device_id:
        return None
    user = record.get("user") if isinstance(record.get("user"), dict) else {}
    word = text(record, "platform")
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, first_text(record, "last_check_in", "last_enrollment") or None),
        name=text(record, "device_name"), serial=clean_serial(text(record, "serial_number")),
        platform=_PLATFORMS.get(word.lower().replace(" ", ""), platform_from(word)),
        os_version=text(record, "os_version"),
        # Kandji has no ownership field; devices enrolled through Automated Device Enrollment are the company's.
        ownership=Ownership.CORPORATE if record.get("is_ade") is True or text(record, "enrollment_type").lower() in (
            "ade", "automated device enrollment") else Ownership.UNKNOWN,
        owner_email=text(user, "email"), owner_name=text(user, "name"),
        hardware_ids=hardware_ids(("udid", text(record, "udid"))), authoritative=True)


class KandjiDevicesJson:
    format_id = "kandji-devices-json"
    title = "Kandji devices (JSON array: device_id, serial_number, platform, user)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start == "[" and '"device_id"' in head and '"serial_number"' in head and (
                '"blueprint_name"' in head or '"blueprint_id"' in head or '"device_name"' in head):
            return "JSON array of devices with device_id, serial_number, device_name / blueprint (Kandji)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, record, is_record in json_items(ctx, ("results", "devices")):
            if not is_record:
                continue
            ctx.rows += 1
            device = kandji_device(record, ctx.input.display) if isinstance(record, dict) else None
            if device is None:
                ctx.skip(path, "device has no device_id")
                continue
            ctx.saw_time(device.source.last_seen)
            if once.first(device, path):
                yield device


class KandjiDeviceAppsJson:
    format_id = "kandji-device-apps-json"
    title = "Kandji device apps (JSON: device_id with apps[] of app_name, bundle_id, version)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"device_id"' in head and '"apps"' in head and (
                '"app_name"' in head or '"bundle_id"' in head):
            return "JSON device_id with apps[] of app_name / bundle_id (Kandji device apps)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        # One device's apps per document (several documents may be concatenated or in an array).
        for path, envelope in top_level_objects(json_items(ctx, ())):
            if not isinstance(envelope, dict) or not isinstance(envelope.get("apps"), list):
                ctx.rows += 1
                ctx.skip(path, "not a device apps document (device_id with apps[])")
                continue
            device_id = text(envelope, "device_id")
            apps = envelope["apps"]
            if not device_id:
                ctx.rows += len(apps)
                ctx.fail(f"{len(apps)} apps at {path} name no device_id; they cannot be audited")
                continue
            yield DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display))
            for i, app in enumerate(apps):
                at = f"{path}.apps[{i}]"
                ctx.rows += 1
                if not isinstance(app, dict) or not first_text(app, "app_name", "bundle_id", "display_name", "package_name"):
                    ctx.skip(at, "app has no app_name or bundle_id")
                    continue
                yield (device_id, Platform.OTHER, first_text(app, "bundle_id", "package_name"),
                       first_text(app, "app_name", "display_name"), "", first_text(app, "version", "version_name"), at)
