"""Workspace ONE UEM: `GET /API/mdm/devices/search` ({"Devices": [...], "Page", "PageSize", "Total"})
and `GET /API/mdm/devices/{id}/apps` ({"DeviceApps": [...], "Page", "PageSize", "Total"}).

The apps response does not name its device (the id is in the URL): the reader takes it from a
top-level `DeviceId` (as export scripts add it), else from a number or UUID ending the file name
(`apps_5614.json`, `5614/page-0.json` is not enough); without either the file cannot be audited.
Timestamps carry no zone and are read as UTC."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import (DeviceOnce, first_text, hardware_ids, id_in_file_name, json_items, text,
                                     top_level_objects)
from auditor.sources.vocab import clean_serial, ownership_read, platform_from

TOOL = "workspace-one"


def ws1_device(record: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    device_id = text(record, "Id", "Value") or text(record, "Id") or text(record, "Uuid")
    if not device_id:
        return None
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, text(record, "LastSeen") or None),
        name=first_text(record, "DeviceFriendlyName", "DeviceReportedName"),
        serial=clean_serial(text(record, "SerialNumber")),
        platform=platform_from(text(record, "Platform") or text(record, "PlatformId", "Name")),
        os_version=text(record, "OperatingSystem"), ownership=ownership_read(ctx, text(record, "Ownership"), "Ownership"),
        owner_email=text(record, "UserEmailAddress"), owner_username=text(record, "UserName"),
        hardware_ids=hardware_ids(("udid", text(record, "Udid")), ("imei", text(record, "Imei"))),
        authoritative=True)


class WorkspaceOneDevicesJson:
    format_id = "ws1-devices-json"
    title = "Workspace ONE UEM devices search (JSON: Devices[] with SerialNumber, Ownership, Platform)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"Devices"' in head and ('"DeviceFriendlyName"' in head or '"SerialNumber"' in head):
            return "JSON Devices[] with SerialNumber / DeviceFriendlyName (Workspace ONE devices search)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, record, is_record in json_items(ctx, ("Devices",)):
            if not is_record:
                continue
            ctx.rows += 1
            device = ws1_device(record, ctx.input.display, ctx) if isinstance(record, dict) else None
            if device is None:
                ctx.skip(path, "device has no Id.Value or Uuid")
                continue
            ctx.saw_time(device.source.last_seen)
            if once.first(device, path):
                yield device


def apps_device_id(envelope: Dict[str, Any], ctx: ReadContext) -> str:
    explicit = first_text(envelope, "DeviceId", "DeviceID", "deviceId") or text(envelope, "Device", "Id", "Value")
    if explicit:
        return explicit
    return id_in_file_name(ctx.input.display)


class WorkspaceOneAppsJson:
    format_id = "ws1-device-apps-json"
    title = "Workspace ONE UEM device apps (JSON: DeviceApps[] with ApplicationIdentifier)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"DeviceApps"' in head and '"ApplicationName"' in head:
            return "JSON DeviceApps[] with ApplicationName (Workspace ONE device apps)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        # The apps list may come before a DeviceId key: hold one page (bounded by the API's PageSize).
        for path, envelope in top_level_objects(json_items(ctx, ())):
            if not isinstance(envelope, dict) or not isinstance(envelope.get("DeviceApps"), list):
                ctx.rows += 1
                ctx.skip(path, "not a DeviceApps page")
                continue
            device_id = apps_device_id(envelope, ctx)
            apps = envelope["DeviceApps"]
            if not device_id:
                ctx.rows += len(apps)
                ctx.fail(f"{len(apps)} apps of an unnamed device: add \"DeviceId\" to the file or end its name "
                         "with the device id (apps_5614.json)")
                continue
            yield DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display))
            for i, app in enumerate(apps):
                at = f"{path}.DeviceApps[{i}]"
                ctx.rows += 1
                if not isinstance(app, dict) or not (text(app, "ApplicationName") or text(app, "ApplicationIdentifier")):
                    ctx.skip(at, "app has no ApplicationName")
                    continue
                platform = platform_from(text(app, "Platform"))  # OTHER when absent: the device's platform applies
                yield (device_id, platform, text(app, "ApplicationIdentifier"), text(app, "ApplicationName"), "",
                       text(app, "Version"), at)
