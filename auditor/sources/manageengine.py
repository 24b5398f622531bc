"""ManageEngine Endpoint Central (Desktop Central) installed software.

1. API 1.3 / 1.4 JSON (`{"message_response": {<list>: [...], "page", "total", "limit"}, "message_type", "status"}`;
   one documentation page writes the envelope as `MessageResponse` / `MessageType`: both are read):
   - `inventory/installedsoftware?resid=<resource id>`: one computer's software, which the response does not
     name: the pull adds a top-level `"resource_id"` to the saved page, or ends the file name with the id
     (`installedsoftware_301.json`); otherwise the page is reported, not audited.
   - `inventory/computers` (with `?swid=`, `?prohibitedswid=`, `?licid=` or `?hwid=`) and
     `inventory/scancomputers`: computers with `resource_id`, `resource_name`, `servicetag` (the serial: the
     merge key with other tools), owner and logged-on users; a computer that carries `software_name` (the
     software the list was filtered on) has that software installed.
   - `inventory/software` (the catalogue: install counts, no computer) is refused with what to pull instead.
   `"--"` and `"-"` stand for empty. Epoch-millisecond times (`agent_last_contact_time`, `detected_time`) date
   the export.
2. The console's CSV export of installed software per computer: header names inferred (no real export was
   found), matched by name (Computer Name, Software Name, Version, Manufacturer, Service Tag...).

No ownership in Endpoint Central; the agent sees every installed program (visibility full)."""
from __future__ import annotations

from typing import Any, Dict, Iterator, List, Optional

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.csvrows import csv_rows
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, counted_objects, id_in_file_name, json_items, top_level_objects
from auditor.sources.records import text as raw_text
from auditor.sources.vocab import clean_serial, platform_from
from auditor.textio.csvtable import Column

TOOL = "manageengine"
_EMPTY = frozenset({"--", "-", "n/a"})
_OS_PLATFORMS = {"1": Platform.WINDOWS, "2": Platform.MACOS, "3": Platform.LINUX}  # os_platform codes (inferred)
_DEVICE_LISTS = ("computers", "scancomputers")
_TIMES = ("agent_last_contact_time", "last_successful_scan", "computer_status_update_time", "detected_time")


def text(record: Any, key: str) -> str:
    value = raw_text(record, key)
    return "" if value.lower() in _EMPTY else value


def envelope_parts(page: Dict[str, Any]) -> tuple:
    """(message_type, message_response) in either casing."""
    response = page.get("message_response", page.get("MessageResponse"))
    kind = raw_text(page, "message_type") or raw_text(page, "MessageType")
    return kind.lower(), response if isinstance(response, dict) else None


def computer_device(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    resource_id = text(record, "resource_id")
    if not resource_id:
        return None
    os_word = text(record, "os_name") or text(record, "os_version")
    platform = platform_from(os_word) if os_word else _OS_PLATFORMS.get(text(record, "os_platform"), Platform.OTHER)
    users = text(record, "agent_logged_on_users")
    newest = max((t for t in (raw_text(record, k) for k in _TIMES) if t.isdigit()), key=int, default="")
    return DeviceRecord(
        source=SourceRef(TOOL, resource_id, file, newest or None),
        name=text(record, "resource_name") or text(record, "computer_name"),
        serial=clean_serial(text(record, "servicetag") or text(record, "service_tag")), platform=platform,
        os_version=text(record, "os_version"),
        owner_username=text(record, "primary_owner_name") or users.split(",")[0].strip(), authoritative=True)


class ManageEngineJson:
    format_id = "manageengine-json"
    title = "ManageEngine Endpoint Central API (JSON: installedsoftware, computers, scancomputers)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and ('"message_response"' in head or '"MessageResponse"' in head) and any(
                f'"{k}"' in head for k in ("installedsoftware", "computers", "scancomputers", "software")):
            return ("JSON message_response with installedsoftware / computers / scancomputers "
                    "(ManageEngine Endpoint Central)")
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, page in top_level_objects(json_items(ctx, ())):
            kind, response = envelope_parts(page) if isinstance(page, dict) else ("", None)
            lists = {k: v for k, v in (response or {}).items() if isinstance(v, list)}
            if "installedsoftware" in lists:
                yield from self._installed(ctx, f"{path}.message_response.installedsoftware", page,
                                           lists["installedsoftware"], once)
            elif any(k in lists for k in _DEVICE_LISTS):
                name = next(k for k in _DEVICE_LISTS if k in lists)
                yield from self._computers(ctx, f"{path}.message_response.{name}", lists[name], once)
            elif "software" in lists:
                ctx.rows += 1
                ctx.fail(f"the software catalogue at {path} ({len(lists['software'])} titles, install counts) names "
                         "no computer: give inventory/installedsoftware pages per computer, or "
                         "inventory/computers?swid=")
            else:
                ctx.rows += 1
                ctx.skip(path, f"not an Endpoint Central inventory page (message_type {kind or 'missing'})")

    def _installed(self, ctx: ReadContext, path: str, page: Dict[str, Any], rows: List[Any], once: DeviceOnce
                   ) -> Iterator[Item]:
        resource_id = raw_text(page, "resource_id") or raw_text(page, "resid") or id_in_file_name(ctx.input.display)
        if not resource_id:
            ctx.rows += max(1, len(rows))
            ctx.fail(f"{len(rows)} installed programs at {path} of a computer the page does not name: the pull "
                     "must add \"resource_id\" to the saved page or end the file name with it "
                     "(installedsoftware_301.json)")
            return
        device = DeviceRecord(source=SourceRef(TOOL, resource_id, ctx.input.display))
        if once.first(device, path):
            yield device
        if not rows:
            ctx.rows += 1  # a computer with no program is still a record
            return
        newest = 0
        for at, item in counted_objects(ctx, rows, path, ("software_name",), "installed software"):
            detected = item.get("detected_time")
            if isinstance(detected, int) and detected > newest:
                newest = detected
            yield (resource_id, Platform.OTHER, "", text(item, "software_name"), text(item, "manufacturer_name"),
                   text(item, "software_version"), at)
        if newest:
            ctx.saw_time(newest)

    def _computers(self, ctx: ReadContext, path: str, rows: List[Any], once: DeviceOnce) -> Iterator[Item]:
        for at, record in counted_objects(ctx, rows, path, ("resource_id",), "computer"):
            device = computer_device(record, ctx.input.display)
            if device is None:
                ctx.skip(at, "computer has no resource_id other than a placeholder")
                continue
            ctx.saw_time(device.source.last_seen)
            if once.first(device, at):
                yield device
            software = text(record, "software_name")
            if software:
                yield (device.source.device_id, device.platform, "", software, text(record, "manufacturer_name"),
                       text(record, "software_version"), at)


COLUMNS = (
    Column("computer", ("Computer Name", "Computer", "Resource Name", "Device Name", "Machine Name"), required=True),
    Column("software", ("Software Name", "Software", "Application Name", "Display Name"), required=True),
    Column("version", ("Software Version", "Version")),
    Column("publisher", ("Manufacturer", "Manufacturer Name", "Vendor", "Publisher")),
    Column("serial", ("Service Tag", "Serial Number", "Servicetag")),
    Column("user", ("Primary Owner", "Owner", "User Name", "Logged On Users", "Last Logged On User")),
    Column("os", ("Operating System", "OS Name", "OS")),
    Column("domain", ("Domain", "Domain Name")),
)


class ManageEngineSoftwareCsv:
    format_id = "manageengine-software-csv"
    title = "ManageEngine Endpoint Central console export of installed software per computer (CSV)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if ({"computer name", "resource name"} & cols and "software name" in cols
                and {"manufacturer", "manufacturer name", "service tag", "software version"} & cols):
            return "CSV header has Computer Name and Software Name with Manufacturer / Service Tag (Endpoint Central)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        seen: Dict[str, Platform] = {}
        for line, row, fields in csv_rows(ctx, COLUMNS):
            def cell(name: str) -> str:
                value = fields.cell(row, name)
                return "" if value in _EMPTY else value
            computer, domain = cell("computer"), cell("domain")
            if not computer:
                ctx.skip(line, "row has no Computer Name")
                continue
            device_id = f"name-{domain}\\{computer}" if domain else f"name-{computer}"
            platform = seen.get(device_id)
            if platform is None:
                platform = seen[device_id] = platform_from(cell("os")) if cell("os") else Platform.OTHER
                yield DeviceRecord(source=SourceRef(TOOL, device_id, ctx.input.display), name=computer,
                                   serial=clean_serial(cell("serial")), platform=platform,
                                   owner_username=cell("user").split(",")[0].strip(), authoritative=True)
            if cell("software"):  # else a computer listed with no software: no app row
                yield (device_id, platform, "", cell("software"), cell("publisher"), cell("version"), line)
