"""Intune through Microsoft Graph: `managedDevices` (optionally with `detectedApps` expanded) and
`detectedApps` with the `managedDevices` that have each app. Streamed record by record."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Set, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.sources.fastpath import CLEAR, LOOK, json_state, may_match
from auditor.sources.intune_rows import intune_device_id
from auditor.sources.records import hardware_ids
from auditor.textio.context import ReadContext
from auditor.textio.csvsplit import Span
from auditor.sources.interface import AppRow, Item, Probe, ReadSink
from auditor.textio.jsonstream import JsonStreamError, iter_records
from auditor.textio.csvtable import text_stream
from auditor.sources.vocab import clean_serial, enrollment_from, ownership_read, platform_from

TOOL = "intune"


def _text(record: Dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def device_record(record: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    device_id = intune_device_id(_text(record, "id"))
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
        ownership=ownership_read(ctx, _text(record, "managedDeviceOwnerType") or _text(record, "ownerType"),
                                 "managedDeviceOwnerType"),
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
        seen: Set[str] = set()
        for path, record in _records(ctx):
            if "managedDevices" in record or "displayName" in record and "deviceName" not in record:
                yield from self._detected_app(ctx, path, record, seen)
            else:
                yield from self._managed_device(ctx, path, record, seen)

    def _managed_device(self, ctx: ReadContext, path: str, record: Dict[str, Any], seen: Set[str]) -> Iterator[Item]:
        device, apps = _managed_device(ctx, path, record, seen)
        if device is None:
            return
        if apps is not None:
            yield device
        for i, app in enumerate(_detected_apps(ctx, path, record)):
            row = _app_row(ctx, device, f"{path}.detectedApps[{i}]", app)
            if row is not None:
                yield row

    def _detected_app(self, ctx: ReadContext, path: str, record: Dict[str, Any], seen: Set[str]) -> Iterator[Item]:
        found = _detected_app(ctx, path, record)
        if found is None:
            return
        name, devices, app_platform = found
        for i, item in enumerate(devices):
            where = f"{path}.managedDevices[{i}]"
            device = _listed_device(ctx, where, item)
            if device is None:
                continue
            if device.source.device_id not in seen:
                seen.add(device.source.device_id)
                yield device
            platform = app_platform if app_platform != Platform.OTHER else device.platform
            yield (device.source.device_id, platform, "", name, _text(record, "publisher"),
                   _text(record, "version"), where)

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives, with each
    # distinct detected app settled once; an app that matches nothing is only counted.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        seen: Set[str] = set()
        memo: Dict[Any, str] = {}
        for path, record in _records(ctx):
            if "managedDevices" in record or "displayName" in record and "deviceName" not in record:
                self._scan_detected_app(ctx, sink, path, record, seen, memo)
                continue
            device, apps = _managed_device(ctx, path, record, seen)
            if device is None:
                continue
            if apps is not None:
                sink.device(device)
            count = 0
            for i, app in enumerate(_detected_apps(ctx, path, record)):
                if type(app) is dict and _state(sink, memo, app.get("displayName"), app.get("publisher")) is CLEAR:
                    count += 1
                    continue
                row = _app_row(ctx, device, f"{path}.detectedApps[{i}]", app)
                if row is not None:
                    count += 1
                    sink.app(row)
            if count:
                sink.apps_of(device.source.device_id, count)

    def _scan_detected_app(self, ctx: ReadContext, sink: ReadSink, path: str, record: Dict[str, Any], seen: Set[str],
                           memo: Dict[Any, str]) -> None:
        found = _detected_app(ctx, path, record)
        if found is None:
            return
        name, devices, app_platform = found
        clear = _state(sink, memo, record.get("displayName"), record.get("publisher")) is CLEAR
        for i, item in enumerate(devices):
            device_id = intune_device_id(_text(item, "id")) if type(item) is dict else ""
            if clear and device_id in seen:  # a known device: its record was made; the app matches nothing
                sink.apps_of(device_id, 1)
                continue
            where = f"{path}.managedDevices[{i}]"
            device = _listed_device(ctx, where, item)
            if device is None:
                continue
            if device.source.device_id not in seen:
                seen.add(device.source.device_id)
                sink.device(device)
            sink.apps_of(device.source.device_id, 1)
            if not clear:
                platform = app_platform if app_platform != Platform.OTHER else device.platform
                sink.app((device.source.device_id, platform, "", name, _text(record, "publisher"),
                          _text(record, "version"), where))


def _records(ctx: ReadContext) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(path, record) of each JSON object of the input's `value` array (or top-level array)."""
    stream, raw = text_stream(ctx)
    try:
        for path, record, is_record in iter_records(stream, ("value",), ctx.paging):
            if not is_record:
                continue
            ctx.rows += 1
            if not isinstance(record, dict):
                ctx.skip(path, "record is not a JSON object")
                continue
            yield path, record
    except JsonStreamError as exc:
        ctx.fail(f"{exc}; records after this point were not read")
    except UnicodeDecodeError as exc:
        ctx.fail(f"not valid text ({exc.reason}); the rest of the file was not read")
    finally:
        ctx.sha256 = raw.finish()
        stream.close()


def _managed_device(ctx: ReadContext, path: str, record: Dict[str, Any],
                    seen: Set[str]) -> Tuple[Optional[DeviceRecord], Optional[bool]]:
    """A managedDevice record's device (None when it has no id) and True when it is the device's first record
    in the input (else None)."""
    device = device_record(record, ctx.input.display, ctx)
    if device is None:
        ctx.skip(path, "managedDevice has no id")
        return None, None
    ctx.saw_time(device.source.last_seen)  # the newest lastSyncDateTime dates the export
    if device.source.device_id not in seen:
        seen.add(device.source.device_id)
        return device, True
    return device, None


def _detected_apps(ctx: ReadContext, path: str, record: Dict[str, Any]) -> list:
    apps = record.get("detectedApps") or []
    if not isinstance(apps, list):
        ctx.note(path + ".detectedApps", "detectedApps is not a list")
        return []
    return apps


def _app_row(ctx: ReadContext, device: DeviceRecord, where: str, app: Any) -> Optional[AppRow]:
    if not isinstance(app, dict) or not _text(app, "displayName"):
        ctx.note(where, "detectedApp has no displayName")
        return None
    platform = platform_from(_text(app, "platform")) if _text(app, "platform") else device.platform
    return (device.source.device_id, platform, "", _text(app, "displayName"), _text(app, "publisher"),
            _text(app, "version"), where)


def _listed_device(ctx: ReadContext, where: str, item: Any) -> Optional[DeviceRecord]:
    """A managedDevice listed under a detectedApp; None, reported, when it has no id."""
    device = device_record(item, ctx.input.display, ctx) if isinstance(item, dict) else None
    if device is None:
        ctx.note(where, "managedDevice has no id")
    return device


def _detected_app(ctx: ReadContext, path: str, record: Dict[str, Any]) -> Optional[Tuple[str, list, Platform]]:
    """A detectedApp record's name, its managedDevices and its platform; None when it cannot be audited."""
    name = _text(record, "displayName")
    if not name:
        ctx.skip(path, "detectedApp has no displayName")
        return None
    devices = record.get("managedDevices")
    if not isinstance(devices, list):
        # A catalog row without its devices names no device: it cannot be audited.
        ctx.skip(path, "detectedApp without managedDevices (use detectedApps/{id}/managedDevices)")
        return None
    app_platform = platform_from(_text(record, "platform")) if _text(record, "platform") else Platform.OTHER
    return name, devices, app_platform


def _state(sink: ReadSink, memo: Dict[Any, str], name: Any, publisher: Any) -> str:
    """CLEAR for a detected app (raw displayName and publisher) that is read and matches nothing a rule names."""
    return json_state(memo, (name, publisher), _settle, (sink, name, publisher))


def _settle(app: Tuple[ReadSink, Any, Any]) -> str:
    sink, name, publisher = app
    name = name.strip() if isinstance(name, str) else ""
    publisher = publisher.strip() if isinstance(publisher, str) else ""
    return CLEAR if name and not may_match(sink, "", name, publisher) else LOOK
