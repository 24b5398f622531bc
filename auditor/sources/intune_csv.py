"""Intune report exports: Discovered apps `AppInvRawData` and the "All devices" export.

AppInvRawData has no serial, UPN or ownership: those come from the device export, joined on the
Intune device id in the merge stage. Headers are matched by name, never by position."""
from __future__ import annotations

import csv
from typing import Dict, Iterator, Optional

from auditor.model import DeviceRecord, Enrollment, Ownership, Platform, SourceRef
from auditor.sources.fastpath import remember
from auditor.sources.interface import Item, Probe, ReadSink
from auditor.sources.intune_rows import (APP_COLUMNS, DEVICE_COLUMNS, IDENTIFIER_FIELDS, NO_APP_NAME, NO_DEVICE_ID,
                                         TOOL, app_row_device, app_version, identifier_in, intune_device_id,
                                         lacks_app)
from auditor.sources.intune_scan import Scan
from auditor.sources.records import hardware_ids
from auditor.sources.vocab import clean_serial, enrollment_from, ownership_read, ownership_understood, platform_from
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
                device_id = intune_device_id(row[c_dev])
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


_DEVICE_FIELDS = ("device_id", "last_seen", "device_name", "serial", "os", "os_version", "ownership", "email", "upn",
                  "user_name", "entra_id", "imei", "meid", "enrollment")


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
            (c_dev, c_seen, c_name, c_serial, c_os, c_os_version, c_ownership, c_email, c_upn, c_user, c_entra,
             c_imei, c_meid, c_enrollment) = (cols[f] for f in _DEVICE_FIELDS)
            # Distinct check-in times (a fleet checks in at a few moments: each parsed once) and OS versions, each
            # kept as one text however many devices share it.
            times: Dict[str, str] = {}
            versions: Dict[str, str] = {}
            # A few distinct cells each (enrollment, OS, ownership): each read once. An ownership no vocabulary
            # has is read (and counted as not understood) every time.
            enrollments: Dict[str, Enrollment] = {}
            platforms: Dict[str, Platform] = {}
            ownerships: Dict[str, Ownership] = {}
            file = ctx.input.display
            for line, row in table.rows():
                row.append("")  # an absent column (index -1) reads as ""
                device_id = intune_device_id(row[c_dev])
                if not device_id:
                    ctx.skip(line, "row has no Device ID")
                    continue
                seen_at = row[c_seen].strip()
                known = times.get(seen_at)
                if known is None:
                    known = remember(times, seen_at, seen_at)
                    ctx.saw_time(seen_at)  # the newest check-in dates the export
                os_version = row[c_os_version].strip()
                os_version = versions.get(os_version) or remember(versions, os_version, os_version)
                email, upn = row[c_email].strip(), row[c_upn].strip()
                entra, imei, meid = row[c_entra].strip(), row[c_imei].strip(), row[c_meid].strip()
                enrollment_cell = row[c_enrollment]
                enrollment = enrollments.get(enrollment_cell)
                if enrollment is None:
                    enrollment = remember(enrollments, enrollment_cell, enrollment_from(enrollment_cell.strip()))
                os_cell = row[c_os]
                platform = platforms.get(os_cell)
                if platform is None:
                    platform = remember(platforms, os_cell, platform_from(os_cell))
                ownership_cell = row[c_ownership]
                ownership = ownerships.get(ownership_cell)
                if ownership is None:
                    ownership = ownership_read(ctx, ownership_cell, "Ownership")
                    if ownership is not Ownership.UNKNOWN or ownership_understood(ownership_cell):
                        remember(ownerships, ownership_cell, ownership)
                # Positional, in DeviceRecord's field order (once per device of the fleet): source, name, serial,
                # platform, os_version, ownership, owner_email, owner_upn, owner_username, owner_name,
                # hardware_ids, authoritative, enrollment.
                yield DeviceRecord(
                    SourceRef(TOOL, device_id, file, known or None), row[c_name].strip(), clean_serial(row[c_serial]),
                    platform, os_version, ownership, email, email if upn == email else upn, "", row[c_user].strip(),
                    hardware_ids(("entra", entra), ("imei", imei), ("meid", meid)) if entra or imei or meid else (),
                    True, enrollment)
        finally:
            table.close()
