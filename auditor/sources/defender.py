"""Microsoft Defender for Endpoint: the software inventory (advanced hunting `DeviceTvmSoftwareInventory`
rows as CSV or JSON; the `SoftwareInventoryByMachine` export API's `value[]`) and the machine list
(`GET /api/machines`), whose `aadDeviceId` joins Defender to Intune and Entra.

TVM names software by CPE tokens (`tencent` / `wechat`), not display names: a row whose vendor and name are
CPE tokens (or that has a ProductCodeCpe) is emitted with the identifier `vendor:product` (lower case),
matched against catalog identifiers of type `cpe`; a CPE the catalog does not list does not stop the row from
being matched by publisher and name (auditor.policy.identifiers). Rows without CPE tokens (the NoProductCode
export: display names such as "WeChat") have no identifier and are matched by publisher and name."""
from __future__ import annotations

import csv
import dataclasses
import operator
import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.defender_scan import TvmScan
from auditor.sources.fastpath import CLEAR, LOOK, Layouts, json_key, may_match, remember, settled
from auditor.sources.interface import AppRow, Item, Probe, ReadSink
from auditor.sources.records import hardware_ids, json_items, json_objects
from auditor.textio.csvtable import Column, CsvTable, NeedsSlowPath, Span
from auditor.sources.vocab import platform_from

TOOL = "defender"
_CPE_TOKEN = re.compile(r"^[a-z0-9][a-z0-9_.\-+~!]*$")

TVM_COLUMNS = (
    Column("device_id", ("DeviceId", "Device ID", "MachineId"), required=True),
    Column("vendor", ("SoftwareVendor", "Software Vendor", "Vendor"), required=True),
    Column("name", ("SoftwareName", "Software Name", "Software"), required=True),
    Column("version", ("SoftwareVersion", "Software Version", "Version")),
    Column("device_name", ("DeviceName", "Device Name", "ComputerDnsName")),
    Column("os", ("OSPlatform", "OS Platform", "OsPlatform")),
    Column("os_version", ("OSVersion", "OS Version")),
    Column("cpe", ("ProductCodeCpe", "Product Code CPE")),
    Column("entra_id", ("AadDeviceId", "AAD Device ID", "EntraDeviceId")),
    Column("time", ("TimeGenerated", "Timestamp", "LastSeen", "LastSeenTime")),
)


def cpe_identifier(vendor: str, name: str, cpe: Optional[str]) -> str:
    """`vendor:product` for a CPE-mapped row; "" for software TVM could not map (display names)."""
    v, n = vendor.strip().lower(), name.strip().lower()
    if not v or not n:
        return ""
    if cpe:  # ProductCodeCpe given: "vendor:product:version"
        parts = cpe.strip().lower().split(":")
        return f"{parts[0]}:{parts[1]}" if len(parts) >= 2 and parts[0] and parts[1] else f"{v}:{n}"
    if _CPE_TOKEN.match(vendor.strip()) and _CPE_TOKEN.match(name.strip()):
        return f"{v}:{n}"  # CPE tokens (lower case, no spaces), with or without a ProductCodeCpe column
    return ""


def tvm_row(fields: Dict[str, str], location: Any, has_cpe_column: bool) -> Tuple[Optional[DeviceRecord], Optional[AppRow]]:
    device_id = fields.get("device_id", "")
    if not device_id:
        return None, None
    platform = platform_from(fields.get("os", ""))
    device = DeviceRecord(
        source=SourceRef(TOOL, device_id, "", fields.get("time") or None), name=fields.get("device_name", ""),
        platform=platform, os_version=fields.get("os_version", ""),
        hardware_ids=hardware_ids(("mde", device_id), ("entra", fields.get("entra_id", ""))))
    app = tvm_app(fields, has_cpe_column)
    if app is None:
        return device, None
    return device, (device_id,) + app + (fields.get("version", ""), location)


def tvm_device(row: List[str], present: Dict[str, int], file: str, has_cpe_column: bool) -> DeviceRecord:
    """The device record of a CSV row with a DeviceId (the device's first row describes it, as in the JSON shape)."""
    device, _ = tvm_row({f: row[i].strip() for f, i in present.items()}, None, has_cpe_column)
    assert device is not None
    return dataclasses.replace(device, source=dataclasses.replace(device.source, file=file))


def tvm_app(fields: Dict[str, str], has_cpe_column: bool) -> Optional[Tuple[Platform, str, str, str]]:
    """(platform, identifier, name, publisher) of a row's software; None when it has no name."""
    software = tvm_software(fields.get("vendor", ""), fields.get("name", ""),
                            fields.get("cpe", "") if has_cpe_column else None)
    return None if software is None else (platform_from(fields.get("os", "")),) + software


def tvm_software(vendor: str, name: str, cpe: Optional[str]) -> Optional[Tuple[str, str, str]]:
    """(identifier, name, publisher) of a row's software from its stripped cells (cpe None: no CPE column);
    None when it has no name. It does not depend on the platform."""
    if not name:
        return None
    identifier = cpe_identifier(vendor, name, cpe)
    display = name.replace("_", " ") if identifier else name
    return identifier, display, vendor


class DefenderSoftwareCsv:
    format_id = "defender-tvm-csv"
    title = "Defender for Endpoint software inventory (DeviceTvmSoftwareInventory rows, CSV)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if {"softwarevendor", "softwarename"} <= cols and ({"deviceid", "machineid"} & cols):
            return "CSV header has DeviceId, SoftwareVendor and SoftwareName (DeviceTvmSoftwareInventory)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table = CsvTable(ctx)
        try:
            cols = table.columns(TVM_COLUMNS)
            if cols is None:
                return
            present = {f: i for f, i in cols.items() if i >= 0}
            has_cpe = "cpe" in present
            c_dev, c_time, c_version = cols["device_id"], cols["time"], cols["version"]
            app_cells = [i for f, i in present.items() if f in ("vendor", "name", "cpe", "os")]
            seen: set = set()
            times: set = set()  # a fleet is seen at a few moments: each distinct one dates the export once
            apps: Dict[tuple, Optional[Tuple[Platform, str, str, str]]] = {}  # per distinct software cells
            for line, row in table.rows():
                device_id = row[c_dev].strip()
                if not device_id:
                    ctx.skip(line, "row has no DeviceId")
                    continue
                seen_at = row[c_time].strip() if c_time >= 0 else ""
                if seen_at not in times:
                    times.add(seen_at)
                    ctx.saw_time(seen_at or None)
                if device_id not in seen:
                    seen.add(device_id)
                    yield tvm_device(row, present, ctx.input.display, has_cpe)
                key = tuple(row[i] for i in app_cells)
                if key not in apps:
                    apps[key] = tvm_app({f: row[i].strip() for f, i in present.items()}, has_cpe)
                app = apps[key]
                if app is None:
                    ctx.skip(line, "row has no SoftwareName")
                    continue
                yield (device_id,) + app + (row[c_version].strip() if c_version >= 0 else "", line)
        finally:
            table.close()

    # The fast path (see auditor.sources.interface and auditor.sources.defender_scan): the same records, rows,
    # problems and line numbers as read().
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        table = CsvTable(ctx, strict=True)
        try:
            cols = table.columns(TVM_COLUMNS)
            if cols is not None:
                try:
                    TvmScan(ctx, sink, table, cols, tvm_software, tvm_device).run()
                except (UnicodeDecodeError, csv.Error) as exc:
                    raise NeedsSlowPath(str(exc)) from exc
        finally:
            table.close()


def _emit(ctx: ReadContext, device: DeviceRecord, app: Optional[AppRow], seen: set, location: Any) -> Iterator[Item]:
    ctx.saw_time(device.source.last_seen)
    if device.source.device_id not in seen:
        seen.add(device.source.device_id)
        yield dataclasses.replace(device, source=dataclasses.replace(device.source, file=ctx.input.display))
    if app is None:
        ctx.skip(location, "row has no SoftwareName")
        return
    yield app


# JSON keys of the hunting (PascalCase) and export-API (camelCase) shapes, matched case-insensitively.
_JSON_KEYS = {"deviceid": "device_id", "machineid": "device_id", "softwarevendor": "vendor",
              "softwarename": "name", "softwareversion": "version", "devicename": "device_name",
              "osplatform": "os", "osversion": "os_version", "productcodecpe": "cpe", "aaddeviceid": "entra_id",
              "timegenerated": "time", "timestamp": "time", "lastseen": "time"}


def _json_fields(record: Dict[str, Any]) -> Tuple[Dict[str, str], bool]:
    fields: Dict[str, str] = {}
    has_cpe = False
    for key, value in record.items():
        field = _JSON_KEYS.get(str(key).lower())
        if field is None:
            continue
        has_cpe = has_cpe or field == "cpe"
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            fields.setdefault(field, str(value).strip())
    return fields, has_cpe


class DefenderSoftwareJson:
    format_id = "defender-tvm-json"
    title = "Defender for Endpoint software inventory (DeviceTvmSoftwareInventory / SoftwareInventoryByMachine JSON)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head.lower()
        if probe.json_start and '"softwarename"' in head and '"softwarevendor"' in head and (
                '"deviceid"' in head or '"machineid"' in head):
            return "JSON rows with deviceId, softwareVendor and softwareName (Defender software inventory)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        seen: set = set()
        for path, record in json_objects(ctx, _JSON_ARRAYS, "record"):
            device, app = _json_row(ctx, path, record)
            if device is not None:
                yield from _emit(ctx, device, app, seen, path)

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives. A record whose
    # device is the previous record's, and whose time and software (raw text) were seen in a record of the same
    # keys that matched nothing, is only counted; any other record goes through read()'s steps.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        seen: set = set()
        layouts = Layouts(_json_layout)
        memo: Dict[tuple, str] = {}
        last: object = _NO_DEVICE  # the raw device id of the current group (a text), or what equals no JSON value
        group, apps = "", 0  # the device id of the current group of app rows, and their number
        for path, record in json_objects(ctx, _JSON_ARRAYS, "record"):
            layout = layouts[tuple(record)]
            values = None
            if layout is not None:
                values = layout.values(record)
                if values[0] == last and settled(memo, (layout.number,) + values[1:]):
                    apps += 1
                    continue
            device, app = _json_row(ctx, path, record)
            if device is None:
                continue
            device_id = device.source.device_id
            if device_id != group:
                if apps:
                    sink.apps_of(group, apps)
                group, apps, last = device_id, 0, _NO_DEVICE
            for item in _emit(ctx, device, app, seen, path):
                if type(item) is tuple:
                    apps += 1
                    clear = not may_match(sink, *item[2:5])
                    if not clear:
                        sink.app(item)
                    if values is not None and json_key(*values) is not None and type(values[0]) is str:
                        assert layout is not None
                        remember(memo, (layout.number,) + values[1:], CLEAR if clear else LOOK)
                        last = values[0]
                else:
                    sink.device(item)
        if apps:
            sink.apps_of(group, apps)


_JSON_ARRAYS = ("value", "Results", "results")


def _json_row(ctx: ReadContext, path: str, record: Dict[str, Any]) -> Tuple[Optional[DeviceRecord], Optional[AppRow]]:
    """The device and the app of a JSON row; (None, None), reported, for a row without a device id."""
    fields, has_cpe = _json_fields(record)
    device, app = tvm_row(fields, path, has_cpe)
    if device is None:
        ctx.skip(path, "row has no deviceId")
    return device, app


@dataclasses.dataclass(frozen=True)
class _JsonLayout:
    """The keys of one shape of JSON row: `values(record)` gives the raw values of the first key of each of
    device_id, time, vendor, name and cpe that the shape has (the first valid value wins in _json_fields: a
    text is valid, so a row whose values are all text reads these)."""

    number: int  # never reused within a scan: memo keys start with it
    values: Any  # operator.itemgetter


_NO_DEVICE = object()  # equals no JSON value


def _json_layout(names: Tuple[str, ...], number: int) -> Optional[_JsonLayout]:
    first: Dict[str, str] = {}
    for name in names:
        field = _JSON_KEYS.get(str(name).lower())
        if field is not None:
            first.setdefault(field, name)
    if "device_id" not in first or "name" not in first:
        return None  # every row of this shape is skipped, or has no software: read()'s steps
    keys = [first[f] for f in ("device_id", "time", "vendor", "name", "cpe") if f in first]
    return _JsonLayout(number, operator.itemgetter(*keys))


class DefenderMachinesJson:
    format_id = "defender-machines-json"
    title = "Defender for Endpoint machines (GET /api/machines: id, computerDnsName, aadDeviceId, lastSeen)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"computerDnsName"' in head and '"softwareName"' not in head and (
                '"aadDeviceId"' in head or '"osPlatform"' in head):
            return "JSON with computerDnsName and aadDeviceId / osPlatform (Defender machine entity)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        seen: set = set()
        single: Dict[str, Any] = {}
        for path, value, is_record in json_items(ctx, ("value",)):
            if is_record:
                yield from self._machine(ctx, path, value, seen)
            elif path.startswith("$."):
                single[path[2:]] = value  # GET /api/machines/{id}: the machine is the top-level object
        if "id" in single and "computerDnsName" in single:
            yield from self._machine(ctx, "$", single, seen)

    def _machine(self, ctx: ReadContext, path: str, record: Any, seen: set) -> Iterator[Item]:
        ctx.rows += 1
        if not isinstance(record, dict) or not isinstance(record.get("id"), (str, int)) or not str(record["id"]).strip():
            ctx.skip(path, "machine has no id")
            return
        machine_id = str(record["id"]).strip()
        last_seen = record.get("lastSeen") if isinstance(record.get("lastSeen"), str) else None
        ctx.saw_time(last_seen)
        if machine_id in seen:
            ctx.note(path, f"machine {machine_id} appears twice; the first record is used")
            return
        seen.add(machine_id)
        aad = record.get("aadDeviceId") if isinstance(record.get("aadDeviceId"), str) else ""
        os_platform = record.get("osPlatform") if isinstance(record.get("osPlatform"), str) else ""
        yield DeviceRecord(
            source=SourceRef(TOOL, machine_id, ctx.input.display, last_seen),
            name=str(record.get("computerDnsName") or "").strip(),
            platform=platform_from(os_platform) if os_platform else Platform.OTHER,
            os_version=str(record.get("osVersion") or record.get("version") or "").strip(),
            hardware_ids=hardware_ids(("mde", machine_id), ("entra", aad)), authoritative=True)
