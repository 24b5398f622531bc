"""Intune through Microsoft Graph: `managedDevices` (optionally with `detectedApps` expanded) and
`detectedApps` with the `managedDevices` that have each app. Streamed record by record."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Set

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.sources.records import hardware_ids
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.textio.jsonstream import JsonStreamError, iter_records
from auditor.textio.csvtable import text_stream
from auditor.sources.vocab import clean_serial, enrollment_from, ownership_from, platform_from

TOOL = "intune"


def _text(record: Dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def device_record(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    device_id = _text(record, "id")
    if not device_id:
        return None
    hardware = hardware_ids(*((kind, _text(record, key)) for kind, key in
                              (("entra", "azureADDeviceId"), ("imei", "imei"), ("meid", "meid"), ("udid", "udid"))))
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, _text(record, "lastSyncDateTime") or None),
        name=_text(record, "deviceName"),
        serial=clean_serial(_text(record, "serialNumber")),
        platform=platform_from(_text(record, "operatingSystem")),
        os_version=_text(record, "osVersion"),
        ownership=ownership_from(_text(record, "managedDeviceOwnerType") or _text(record, "ownerType")),
        owner_email=_text(record, "emailAddress"),
        owner_upn=_text(record, "userPrincipalName"),
        owner_name=_text(record, "userDisplayName"),
        hardware_ids=hardware,
        authoritative="managedDeviceOwnerType" in record or "serialNumber" in record,
        enrollment=enrollment_from(_text(record, "deviceEnrollmentType")),
    )


class IntuneGraphJson:
    format_id = "intune-graph-json"
    title = "Intune Graph JSON (managedDevices, with detectedApps; or detectedApps with managedDevices)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if not probe.json_start:
            return None
        if "deviceManagement/managedDevices" in head or '"managedDeviceOwnerType"' in head:
            return "JSON with Graph managedDevice properties (managedDeviceOwnerType / @odata.context)"
        if "deviceManagement/detectedApps" in head or (
                '"displayName"' in head and ('"sizeInByte"' in head or '"deviceCount"' in head)):
            return "JSON with Graph detectedApp properties (displayName, sizeInByte / deviceCount)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        stream, raw = text_stream(ctx)
        seen: Set[str] = set()
        try:
            for path, record, is_record in iter_records(stream, ("value",)):
                if not is_record:
                    continue
                ctx.rows += 1
                if not isinstance(record, dict):
                    ctx.skip(path, "record is not a JSON object")
                    continue
                if "managedDevices" in record or "displayName" in record and "deviceName" not in record:
                    yield from self._detected_app(ctx, path, record, seen)
                else:
                    yield from self._managed_device(ctx, path, record, seen)
        except JsonStreamError as exc:
            ctx.fail(f"{exc}; records after this point were not read")
        except UnicodeDecodeError as exc:
            ctx.fail(f"not valid text ({exc.reason}); the rest of the file was not read")
        finally:
            ctx.sha256 = raw.finish()
            stream.close()

    def _managed_device(self, ctx: ReadContext, path: str, record: Dict[str, Any], seen: Set[str]) -> Iterator[Item]:
        device = device_record(record, ctx.input.display)
        if device is None:
            ctx.skip(path, "managedDevice has no id")
            return
        ctx.saw_time(device.source.last_seen)  # the newest lastSyncDateTime dates the export
        if device.source.device_id not in seen:
            seen.add(device.source.device_id)
            yield device
        apps = record.get("detectedApps") or []
        if not isinstance(apps, list):
            ctx.note(path + ".detectedApps", "detectedApps is not a list")
            return
        for i, app in enumerate(apps):
            where = f"{path}.detectedApps[{i}]"
            if not isinstance(app, dict) or not _text(app, "displayName"):
                ctx.note(where, "detectedApp has no displayName")
                continue
            platform = platform_from(_text(app, "platform")) if _text(app, "platform") else device.platform
            yield (device.source.device_id, platform, "", _text(app, "displayName"), _text(app, "publisher"),
                   _text(app, "version"), where)

    def _detected_app(self, ctx: ReadContext, path: str, record: Dict[str, Any], seen: Set[str]) -> Iterator[Item]:
        name = _text(record, "displayName")
        if not name:
            ctx.skip(path, "detectedApp has no displayName")
            return
        devices = record.get("managedDevices")
        if not isinstance(devices, list):
            # A catalog row without its devices names no device: it cannot be audited.
            ctx.skip(path, "detectedApp without managedDevices (use detectedApps/{id}/managedDevices)")
            return
        app_platform = platform_from(_text(record, "platform")) if _text(record, "platform") else Platform.OTHER
        for i, item in enumerate(devices):
            where = f"{path}.managedDevices[{i}]"
            device = device_record(item, ctx.input.display) if isinstance(item, dict) else None
            if device is None:
                ctx.note(where, "managedDevice has no id")
                continue
            if device.source.device_id not in seen:
                seen.add(device.source.device_id)
                yield device
            platform = app_platform if app_platform != Platform.OTHER else device.platform
            yield (device.source.device_id, platform, "", name, _text(record, "publisher"),
                   _text(record, "version"), where)
