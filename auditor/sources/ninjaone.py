"""NinjaOne Public API 2.0.

1. `GET /v2/queries/software` ({"cursor": {"name", "offset", "count", "expires"}, "results": [{"deviceId",
   "name", "publisher", "version", "productCode", "installDate", "location", "isSystemComponent", "timestamp"}]}),
   one page per file, records streamed: the software of every device, by NinjaOne device id. The MSI
   `productCode` is not used as an identifier (an identifier the catalog does not know would hide the name
   match); programs are matched by name and publisher. The newest `timestamp` (epoch seconds) dates the export.
2. Device facts, merged by NinjaOne device id: `GET /v2/devices` / `/v2/devices-detailed` (an array: `id`,
   `nodeClass`, `systemName`, `displayName`, `dnsName`, `lastContact`, `references.assignedOwner`, `system`
   where present), `GET /v2/queries/computer-systems` (`results[]` with `deviceId`, `serialNumber`: the serial,
   which the device list lacks) and `GET /v2/queries/logged-on-users` (`results[]` with `deviceId`, `userName`).

No ownership in NinjaOne (unknown); the agent sees every installed program (visibility full)."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, dig, first_text, hardware_ids, json_objects, key_text, text
from auditor.sources.vocab import clean_serial
from auditor.textio.timestamps import parse_time

TOOL = "ninjaone"
_NODE_CLASSES = {"WINDOWS_SERVER": Platform.WINDOWS, "WINDOWS_WORKSTATION": Platform.WINDOWS,
                 "LINUX_WORKSTATION": Platform.LINUX, "LINUX_SERVER": Platform.LINUX, "MAC": Platform.MACOS,
                 "MAC_SERVER": Platform.MACOS, "ANDROID": Platform.ANDROID, "APPLE_IOS": Platform.IOS,
                 "APPLE_IPADOS": Platform.IPADOS}


def _newest(current: float, value: Any) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and value > current else current


class NinjaOneSoftwareJson:
    format_id = "ninjaone-software-json"
    title = "NinjaOne queries/software (JSON: cursor and results[] with deviceId, name, publisher, productCode)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"results"' in head and '"deviceId"' in head and (
                '"productCode"' in head or '"isSystemComponent"' in head):
            return "JSON results[] with deviceId and productCode / isSystemComponent (NinjaOne queries/software)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        devices: set = set()
        newest = 0.0
        last_device = None
        try:
            for path, record in json_objects(ctx, ("results",), "software record"):
                device_id, name = key_text(record, "deviceId"), key_text(record, "name")
                if not device_id or not name:
                    ctx.skip(path, "software record has no deviceId" if not device_id else "software has no name")
                    continue
                newest = _newest(newest, record.get("timestamp"))
                if device_id != last_device and device_id not in devices:
                    devices.add(device_id)
                    yield DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display))
                last_device = device_id
                yield (device_id, Platform.OTHER, "", name, key_text(record, "publisher"), key_text(record, "version"),
                       path)
        finally:
            if newest:
                ctx.saw_time(newest)


def ninja_device(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    """A device of the device list, or the facts of a queries/* record (deviceId with a few fields)."""
    device_id = text(record, "id") if "nodeClass" in record or "systemName" in record else text(record, "deviceId")
    if not device_id:
        return None
    owner = dig(record, "references", "assignedOwner")
    owner = owner if isinstance(owner, dict) else {}
    system = record.get("system") if isinstance(record.get("system"), dict) else record
    full_name = " ".join(p for p in (text(owner, "firstName"), text(owner, "lastName")) if p)
    seen = parse_time(record.get("lastContact", record.get("timestamp")))
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, seen.isoformat() if seen else None),
        name=first_text(record, "displayName", "systemName", "dnsName", "netbiosName", "name"),
        serial=clean_serial(text(system, "serialNumber") or text(system, "biosSerialNumber")),
        platform=_NODE_CLASSES.get(text(record, "nodeClass").upper(), Platform.OTHER),
        owner_email=text(owner, "email"), owner_name=full_name,
        owner_username=text(record, "userName") or text(record, "lastLoggedInUser"),
        hardware_ids=hardware_ids(("ninjaone-uid", text(record, "uid"))),
        authoritative="userName" not in record)  # a logged-on user is an observation, not an assignment


class NinjaOneDevicesJson:
    format_id = "ninjaone-devices-json"
    title = "NinjaOne devices / devices-detailed / queries/computer-systems / queries/logged-on-users (JSON)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if not probe.json_start:
            return None
        if probe.json_start == "[" and '"nodeClass"' in head and ('"systemName"' in head or '"organizationId"' in head):
            return "JSON array of devices with nodeClass / systemName (NinjaOne devices)"
        if '"results"' in head and '"deviceId"' in head and ('"serialNumber"' in head or '"biosSerialNumber"' in head
                                                            or ('"userName"' in head and '"logonTime"' in head)):
            return "JSON results[] with deviceId and serialNumber / userName (NinjaOne queries)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        # logged-on-users lists every user of a device: the latest logon is the device's user.
        latest_logon: Dict[str, Tuple[float, DeviceRecord, str]] = {}
        for path, record in json_objects(ctx, ("results",), "device record"):
            device = ninja_device(record, ctx.input.display)
            if device is None:
                ctx.skip(path, "record has no device id (id / deviceId)")
                continue
            if "userName" in record:
                logon = _newest(0.0, record.get("logonTime"))
                known = latest_logon.get(device.source.device_id)
                if known is None or logon > known[0]:
                    latest_logon[device.source.device_id] = (logon, device, path)
                continue
            ctx.saw_time(device.source.last_seen)
            if once.first(device, path):
                yield device
        for _, device, path in latest_logon.values():
            if once.first(device, path):
                yield device
