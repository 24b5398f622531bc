"""Jamf Pro API `GET /api/v1|v3/computers-inventory?section=GENERAL&section=HARDWARE&section=USER_AND_LOCATION
&section=APPLICATIONS&section=OPERATING_SYSTEM`: {"totalCount": n, "results": [...]}, one page per file
(a folder of pages is read page by page; records are streamed)."""
from __future__ import annotations

import functools
from typing import Any, Dict, Iterator, Optional, Tuple

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.sources.fastpath import CLEAR, LOOK, json_state, may_match
from auditor.textio.context import ReadContext
from auditor.textio.csvsplit import Span
from auditor.sources.interface import AppRow, Item, Probe, ReadSink
from auditor.sources.jamf_classic import TOOL, computer_id
from auditor.sources.records import DeviceOnce, dig, first_text, hardware_ids, json_objects, text
from auditor.sources.vocab import clean_serial, platform_from


def _section(record: Dict[str, Any], name: str) -> Dict[str, Any]:
    value = record.get(name)
    return value if isinstance(value, dict) else {}  # sections not requested come back null


def pro_computer(record: Dict[str, Any], file: str) -> Optional[DeviceRecord]:
    raw_id = text(record, "id")
    if not raw_id:
        return None
    general, hardware = _section(record, "general"), _section(record, "hardware")
    user, system = _section(record, "userAndLocation"), _section(record, "operatingSystem")
    platform_word = text(general, "platform")
    ade = dig(general, "enrolledViaAutomatedDeviceEnrollment") is True
    return DeviceRecord(
        source=SourceRef(TOOL, computer_id(raw_id), file,
                         first_text(general, "lastContactTime", "reportDate", "lastInventoryUpdate") or None),
        name=text(general, "name"), serial=clean_serial(text(hardware, "serialNumber")),
        platform=Platform.MACOS if platform_word.lower() in ("mac", "") else platform_from(platform_word),
        os_version=text(system, "version"),
        # No ownership field for computers; enrolment through ADE proves the Mac is the company's.
        ownership=Ownership.CORPORATE if ade else Ownership.UNKNOWN,
        owner_email=text(user, "email"), owner_username=text(user, "username"), owner_name=text(user, "realname"),
        hardware_ids=hardware_ids(("udid", text(record, "udid"))), authoritative=True)


class JamfProInventoryJson:
    format_id = "jamf-pro-inventory-json"
    title = "Jamf Pro API computers-inventory (JSON: results[] with general, hardware, userAndLocation, applications)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"results"' in head and '"general"' in head and any(
                f'"{s}"' in head for s in ("userAndLocation", "hardware", "applications", "operatingSystem")):
            return "JSON results[] with general / hardware / userAndLocation sections (Jamf Pro computers-inventory)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, device, first, apps in _computers(ctx, once):
            if first:
                yield device
            for i, app in enumerate(apps):
                row = _app_row(ctx, device, f"{path}.applications[{i}]", app)
                if row is not None:
                    yield row

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives, with each
    # distinct application settled once; an application that matches nothing is only counted.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        once = DeviceOnce(ctx)
        memo: Dict[Any, str] = {}
        settle = functools.partial(_settle, sink)
        for path, device, first, apps in _computers(ctx, once):
            if first:
                sink.device(device)
            count = 0
            for i, app in enumerate(apps):
                if type(app) is dict:
                    state = json_state(memo, (app.get("name"), app.get("bundleId")), settle, app)
                    if state is CLEAR:
                        count += 1
                        continue
                row = _app_row(ctx, device, f"{path}.applications[{i}]", app)
                if row is not None:
                    count += 1
                    sink.app(row)
            if count:
                sink.apps_of(device.source.device_id, count)


def _computers(ctx: ReadContext, once: DeviceOnce) -> Iterator[Tuple[str, DeviceRecord, bool, list]]:
    """(path, device, first record of the device in the input, applications) of each computer record."""
    for path, record in json_objects(ctx, ("results",), "record"):
        device = pro_computer(record, ctx.input.display)
        if device is None:
            ctx.skip(path, "computer has no id")
            continue
        for key in ("lastContactTime", "reportDate"):
            ctx.saw_time(text(_section(record, "general"), key))
        first = once.first(device, path)
        apps = record.get("applications")
        if apps is None:
            apps = []  # the APPLICATIONS section was not requested: a devices-only page
        elif not isinstance(apps, list):
            ctx.note(path + ".applications", "applications is not a list")
            apps = []
        yield path, device, first, apps


def _settle(sink: ReadSink, app: Dict[str, Any]) -> str:
    """CLEAR for an application that is read and matches nothing a rule names; LOOK for any other."""
    name, bundle = text(app, "name"), text(app, "bundleId")
    return CLEAR if (name or bundle) and not may_match(sink, bundle, name, "") else LOOK


def _app_row(ctx: ReadContext, device: DeviceRecord, at: str, app: Any) -> Optional[AppRow]:
    if not isinstance(app, dict) or not (text(app, "name") or text(app, "bundleId")):
        ctx.note(at, "application has no name")
        return None
    version = text(app, "cfBundleShortVersionString") or text(app, "version")
    return (device.source.device_id, device.platform, text(app, "bundleId"), text(app, "name"), "", version, at)
