"""Jamf Pro Classic API records: `GET /JSSResource/computers/id/{id}` and `/mobiledevices/id/{id}`, as
JSON ({"computer": {...}}) or XML (<computer>...</computer>, the Classic API's default), one record per
file or many under a wrapper element / in a JSON array (a page folder of records works too).

App names keep Jamf's ".app" suffix (the matcher strips it); `bundle_id` is often "" on computers."""
from __future__ import annotations

import re
from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, first_text, hardware_ids, json_items, text
from auditor.sources.vocab import clean_serial, ownership_read, platform_from
from auditor.textio.xmlrecords import as_list, xml_records

TOOL = "jamf"
RECORD_TAGS = ("computer", "mobile_device")
_JSON_RECORD = re.compile(r'"(computer|mobile_device)"\s*:\s*\{')
_XML_RECORD = re.compile(r"<(computer|mobile_device)>")


def computer_id(raw: str) -> str:
    """Jamf numbers computers and mobile devices separately: the kind is part of the device id."""
    return f"computer-{raw}"


def mobile_id(raw: str) -> str:
    return f"mobile-{raw}"


def classic_computer(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    general = record.get("general") if isinstance(record.get("general"), dict) else {}
    raw_id = text(general, "id")
    if not raw_id:
        return None
    location = record.get("location") if isinstance(record.get("location"), dict) else {}
    hardware = record.get("hardware") if isinstance(record.get("hardware"), dict) else {}
    last_seen = first_text(general, "last_contact_time_utc", "report_date_utc", "last_contact_time", "report_date")
    return DeviceRecord(
        source=SourceRef(TOOL, computer_id(raw_id), file, last_seen or None),
        name=text(general, "name"), serial=clean_serial(text(general, "serial_number")),
        platform=Platform.MACOS if text(general, "platform").lower() in ("mac", "") else platform_from(text(general, "platform")),
        os_version=text(hardware, "os_version"),
        # Classic computer records carry no ownership; only enrolment through ADE proves the Mac is the company's.
        ownership=Ownership.CORPORATE if text(general, "enrolled_via_dep") == "true" else Ownership.UNKNOWN,
        owner_email=text(location, "email_address"), owner_username=text(location, "username"),
        owner_name=first_text(location, "realname", "real_name"),
        hardware_ids=hardware_ids(("udid", text(general, "udid"))), authoritative=True)


def classic_mobile(record: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    general = record.get("general") if isinstance(record.get("general"), dict) else {}
    raw_id = text(general, "id")
    if not raw_id:
        return None
    location = record.get("location") if isinstance(record.get("location"), dict) else {}
    network = record.get("network") if isinstance(record.get("network"), dict) else {}
    model = first_text(general, "model_identifier", "model")
    platform = platform_from(text(general, "os_type") or "ios")
    if platform == Platform.IOS and model.lower().startswith("ipad"):
        platform = Platform.IPADOS
    return DeviceRecord(
        source=SourceRef(TOOL, mobile_id(raw_id), file, first_text(general, "last_inventory_update_utc",
                                                                 "last_inventory_update") or None),
        name=first_text(general, "display_name", "device_name", "name"),
        serial=clean_serial(text(general, "serial_number")), platform=platform,
        os_version=text(general, "os_version"), ownership=ownership_read(ctx, text(general, "device_ownership_level"),
                                                                   "device_ownership_level"),
        owner_email=text(location, "email_address"), owner_username=text(location, "username"),
        owner_name=first_text(location, "realname", "real_name"),
        hardware_ids=hardware_ids(("udid", text(general, "udid")), ("imei", first_text(network, "imei") or text(general, "imei")),
                                  ("meid", first_text(network, "meid") or text(general, "meid"))),
        authoritative=True)


def read_classic_record(ctx: ReadContext, kind: str, record: Any, where: str, once: DeviceOnce) -> Iterator[Item]:
    if not isinstance(record, dict):
        ctx.skip(where, f"{kind} record is not an object")
        return
    ctx.rows += 1
    device = (classic_computer(record, ctx.input.display) if kind == "computer"
              else classic_mobile(record, ctx.input.display, ctx))
    if device is None:
        ctx.skip(where, f"{kind} record has no general.id")
        return
    general = record.get("general") if isinstance(record.get("general"), dict) else {}
    for key in ("last_contact_time_utc", "report_date_utc", "last_inventory_update_utc"):
        ctx.saw_time(text(general, key))  # the newest of them dates the export
    if once.first(device, where):
        yield device
    device_id, platform = device.source.device_id, device.platform
    if kind == "computer":
        software = record.get("software") if isinstance(record.get("software"), dict) else {}
        apps = as_list(software.get("applications"), "application")
        for i, app in enumerate(apps):
            at = f"{where}.software.applications[{i}]"
            if not isinstance(app, dict) or not (text(app, "name") or text(app, "bundle_id")):
                ctx.note(at, "application has no name")
                continue
            yield (device_id, platform, text(app, "bundle_id"), text(app, "name"), "", text(app, "version"), at)
    else:
        for i, app in enumerate(as_list(record.get("applications"), "application")):
            at = f"{where}.applications[{i}]"
            if not isinstance(app, dict) or not (text(app, "application_name") or text(app, "identifier")):
                ctx.note(at, "application has no name")
                continue
            version = text(app, "application_short_version") or text(app, "application_version")
            yield (device_id, platform, text(app, "identifier"), text(app, "application_name"), "", version, at)


class JamfClassicJson:
    format_id = "jamf-classic-json"
    title = "Jamf Pro Classic API computer / mobile device record (JSON)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.json_start and _JSON_RECORD.search(probe.head) and '"general"' in probe.head:
            return "JSON with a \"computer\" or \"mobile_device\" object holding \"general\" (Jamf Classic API record)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, value, is_record in json_items(ctx, ()):
            if is_record and isinstance(value, dict):  # a JSON array of records
                for kind in RECORD_TAGS:
                    if kind in value:
                        yield from read_classic_record(ctx, kind, value[kind], f"{path}.{kind}", once)
                continue
            kind = path.rsplit(".", 1)[-1]
            if kind in RECORD_TAGS:
                yield from read_classic_record(ctx, kind, value, path, once)


class JamfClassicXml:
    format_id = "jamf-classic-xml"
    title = "Jamf Pro Classic API computer / mobile device record (XML)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.head.lstrip().startswith("<") and _XML_RECORD.search(probe.head) and "<general>" in probe.head:
            return "XML with <computer> or <mobile_device> holding <general> (Jamf Classic API record)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for kind, location, record in xml_records(ctx, RECORD_TAGS):
            yield from read_classic_record(ctx, kind, record, location, once)
