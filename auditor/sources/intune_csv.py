"""Intune report exports: Discovered apps `AppInvRawData` and the "All devices" export.

AppInvRawData has no serial, UPN or ownership: those come from the device export, joined on the
Intune device id in the merge stage. Headers are matched by name, never by position."""
from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Iterator, Optional

from auditor.model import DeviceRecord, SourceRef
from auditor.sources.records import hardware_ids
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.textio.csvtable import Column, CsvTable, NeedsSlowPath, Span

if TYPE_CHECKING:  # the fast path fills the read loop's structures (auditor.reading.loop)
    from auditor.reading.loop import Classifier, InputResult
from auditor.sources.vocab import clean_serial, ownership_from, platform_from

TOOL = "intune"
# Discovered-app keys are opaque hashes for most platforms; a reverse-DNS value is a real identifier.
_REVERSE_DNS = re.compile(r"^[A-Za-z][\w\-]*(\.[\w\-]+)+$")

APP_COLUMNS = (
    Column("device_id", ("DeviceId", "DeviceID", "Device ID"), required=True),
    Column("name", ("ApplicationName", "Application Name", "App name"), required=True),
    Column("publisher", ("ApplicationPublisher", "Application Publisher", "Publisher")),
    Column("short_version", ("ApplicationShortVersion", "Application Short Version")),
    Column("version", ("ApplicationVersion", "Application Version", "Version")),
    Column("app_id", ("ApplicationId", "Application ID")),
    Column("app_key", ("ApplicationKey", "Application Key")),
    Column("device_name", ("DeviceName", "Device name")),
    Column("email", ("EmailAddress", "Email address", "UserEmail")),
    Column("user_name", ("UserName", "User name")),
    Column("platform", ("Platform", "OSDescription", "OS")),
    Column("os_version", ("OSVersion", "OS version")),
)

DEVICE_COLUMNS = (
    Column("device_id", ("Device ID", "DeviceId", "DeviceID"), required=True),
    Column("device_name", ("Device name", "DeviceName", "Management name", "ManagedDeviceName")),
    Column("serial", ("Serial number", "SerialNumber")),
    Column("upn", ("Primary user UPN", "UPN", "UserPrincipalName")),
    Column("email", ("Primary user email address", "UserEmail", "Primary user email")),
    Column("user_name", ("Primary user display name", "UserName", "UserDisplayName")),
    Column("ownership", ("Ownership", "OwnerType", "ManagedDeviceOwnerType")),
    Column("os", ("OS", "DeviceType", "Operating system", "OperatingSystem")),
    Column("os_version", ("OS version", "OSVersion")),
    Column("entra_id", ("Microsoft Entra Device ID", "Azure AD Device ID", "ReferenceId", "AzureADDeviceId")),
    Column("imei", ("IMEI",)),
    Column("meid", ("MEID",)),
    Column("last_seen", ("Last check-in", "LastContact", "Last Check-in")),
)


def _cell(row: list, index: int) -> str:
    return row[index].strip() if index >= 0 else ""


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
            c_dev, c_name, c_pub = cols["device_id"], cols["name"], cols["publisher"]
            c_short, c_ver, c_id, c_key = cols["short_version"], cols["version"], cols["app_id"], cols["app_key"]
            c_plat = cols["platform"]
            seen = set()
            for line, row in table.rows():
                device_id = row[c_dev].strip()
                if not device_id:
                    ctx.skip(line, "row has no DeviceId")
                    continue
                platform = platform_from(row[c_plat]) if c_plat >= 0 else platform_from("")
                if device_id not in seen:
                    seen.add(device_id)
                    yield DeviceRecord(
                        source=SourceRef(TOOL, device_id, ctx.input.display),
                        name=_cell(row, cols["device_name"]), platform=platform,
                        os_version=_cell(row, cols["os_version"]), owner_email=_cell(row, cols["email"]),
                        owner_name=_cell(row, cols["user_name"]))
                identifier = ""
                for c in (c_id, c_key):
                    if c >= 0 and _REVERSE_DNS.match(row[c].strip()):
                        identifier = row[c].strip()
                        break
                version = (row[c_short] if c_short >= 0 else "") or (row[c_ver] if c_ver >= 0 else "")
                name = row[c_name]
                if not name.strip() and not identifier:
                    ctx.skip(line, "row has no ApplicationName")
                    continue
                yield (device_id, platform, identifier, name, row[c_pub] if c_pub >= 0 else "", version, line)
        finally:
            table.close()

    # The fast path (see auditor.reading.loop and auditor.sources.intune_scan): the same records, rows, problems
    # and line numbers as read().
    def scan(self, ctx: ReadContext, out: "InputResult", classifier: "Classifier", span: Optional[Span] = None) -> None:
        from auditor.sources.intune_scan import Scan  # it uses this module's helpers

        table = CsvTable(ctx, strict=True, span=span)
        try:
            cols = table.columns(APP_COLUMNS)
            if cols is not None:
                try:
                    Scan(ctx, out, classifier, table, cols).run()
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
                seen_at = _cell(row, cols["last_seen"])
                if seen_at not in times:
                    times.add(seen_at)
                    ctx.saw_time(seen_at)  # the newest check-in dates the export
                hardware = hardware_ids(*((kind, _cell(row, cols[field])) for kind, field in
                                          (("entra", "entra_id"), ("imei", "imei"), ("meid", "meid"))))
                yield DeviceRecord(
                    source=SourceRef(TOOL, device_id, ctx.input.display, _cell(row, cols["last_seen"]) or None),
                    name=_cell(row, cols["device_name"]),
                    serial=clean_serial(_cell(row, cols["serial"])),
                    platform=platform_from(_cell(row, cols["os"])),
                    os_version=_cell(row, cols["os_version"]),
                    ownership=ownership_from(_cell(row, cols["ownership"])),
                    owner_email=_cell(row, cols["email"]),
                    owner_upn=_cell(row, cols["upn"]),
                    owner_name=_cell(row, cols["user_name"]),
                    hardware_ids=hardware,
                    authoritative=True,
                )
        finally:
            table.close()
