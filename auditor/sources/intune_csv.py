"""Intune report exports: Discovered apps `AppInvRawData` and the "All devices" export.

AppInvRawData has no serial, UPN or ownership: those come from the device export, joined on the
Intune device id in the merge stage. Headers are matched by name, never by position."""
from __future__ import annotations

import csv
from typing import Iterator, Optional

from auditor.model import DeviceRecord, SourceRef
from auditor.sources.interface import Item, Probe, ReadSink
from auditor.sources.intune_rows import (APP_COLUMNS, DEVICE_COLUMNS, IDENTIFIER_FIELDS, NO_APP_NAME, NO_DEVICE_ID,
                                         TOOL, app_row_device, app_version, cell, identifier_in, lacks_app)
from auditor.sources.intune_scan import Scan
from auditor.sources.records import hardware_ids
from auditor.sources.vocab import clean_serial, enrollment_from, ownership_from, platform_from
from auditor.textio.context import ReadContext
from auditor.textio.csvtable import CsvTable, NeedsSlowPath, Span


class IntuneAppInventoryCsv:
    format_id = "intune-appinv-csv"
    title = "Intune Discovered apps export (AppInvRawData / DevicesByAppInv / AppInvByDevice CSV)"
    tool = TOOL
    splittable = True  # scan() reads byte spans of one file (auditor.textio.csvsplit)

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if "applicationname" in cols and ({"deviceid", "device id"} & cols):
            return "CSV header has ApplicationName and DeviceId (Intune AppInvRawData columns)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table = CsvTable(ctx)
        try:
            cols = table.columns(APP_COLUMNS)
            if cols is None:
                return
            c_dev, c_name, c_pub, c_plat = cols["device_id"], cols["name"], cols["publisher"], cols["platform"]
            id_columns = [cols[f] for f in IDENTIFIER_FIELDS if cols[f] >= 0]
            seen = set()
            for line, row in table.rows():
                device_id = row[c_dev].strip()
                if not device_id:
                    ctx.skip(line, NO_DEVICE_ID)
                    continue
                platform = platform_from(row[c_plat]) if c_plat >= 0 else platform_from("")
                if device_id not in seen:
                    seen.add(device_id)
                    yield app_row_device(row, cols, device_id, platform, ctx.input.display)
                identifier = next((found for found in (identifier_in(row[c]) for c in id_columns) if found), "")
                name = row[c_name]
                if lacks_app(name, identifier):
                    ctx.skip(line, NO_APP_NAME)
                    continue
                yield (device_id, platform, identifier, name, row[c_pub] if c_pub >= 0 else "", app_version(row, cols),
                       line)
        finally:
            table.close()

    # The fast path (see auditor.sources.interface and auditor.sources.intune_scan): the same records, rows,
    # problems and line numbers as read().
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        table = CsvTable(ctx, strict=True, span=span)
        try:
            cols = table.columns(APP_COLUMNS)
            if cols is not None:
                try:
                    Scan(ctx, sink, table, cols).run()
                except (UnicodeDecodeError, csv.Error) as exc:
                    raise NeedsSlowPath(str(exc)) from exc
        finally:
            table.close()


class IntuneDevicesCsv:
    format_id = "intune-devices-csv"
    title = "Intune \"All devices\" export (DevicesWithInventory / Devices report CSV)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if "applicationname" in cols:
            return None
        if ({"device id", "deviceid"} & cols) and ({"serial number", "serialnumber", "primary user upn", "upn",
                                                     "ownership", "ownertype"} & cols):
            return "CSV header has Device ID with Serial number / Primary user UPN / Ownership (Intune device export)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table = CsvTable(ctx)
        try:
            cols = table.columns(DEVICE_COLUMNS)
            if cols is None:
                return
            times = set()  # distinct check-in values: a fleet checks in at a few moments, parse each once
            for line, row in table.rows():
                device_id = row[cols["device_id"]].strip()
                if not device_id:
                    ctx.skip(line, "row has no Device ID")
                    continue
                seen_at = cell(row, cols["last_seen"])
                if seen_at not in times:
                    times.add(seen_at)
                    ctx.saw_time(seen_at)  # the newest check-in dates the export
                hardware = hardware_ids(*((kind, cell(row, cols[field])) for kind, field in
                                          (("entra", "entra_id"), ("imei", "imei"), ("meid", "meid"))))
                yield DeviceRecord(
                    source=SourceRef(TOOL, device_id, ctx.input.display, cell(row, cols["last_seen"]) or None),
                    name=cell(row, cols["device_name"]),
                    serial=clean_serial(cell(row, cols["serial"])),
                    platform=platform_from(cell(row, cols["os"])),
                    os_version=cell(row, cols["os_version"]),
                    ownership=ownership_from(cell(row, cols["ownership"])),
                    owner_email=cell(row, cols["email"]),
                    owner_upn=cell(row, cols["upn"]),
                    owner_name=cell(row, cols["user_name"]),
                    hardware_ids=hardware,
                    authoritative=True,
                    enrollment=enrollment_from(cell(row, cols["enrollment"])),
                )
        finally:
            table.close()
