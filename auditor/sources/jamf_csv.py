"""Jamf Pro Advanced Computer Search exported as CSV (or tab-delimited): headers are the display
fields' names; with an application display field (Application Title, Application Version) the
computer's row repeats once per application."""
from __future__ import annotations

from typing import Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.jamf_classic import TOOL, computer_id
from auditor.sources.records import hardware_ids
from auditor.textio.csvtable import Column, CsvTable, header_seen
from auditor.sources.vocab import clean_serial, platform_from

COLUMNS = (
    Column("app_name", ("Application Title", "Application Name", "Applications"), required=True),
    Column("jamf_id", ("JSS Computer ID", "Jamf Computer ID", "Computer ID", "ID")),
    Column("serial", ("Serial Number",)),
    Column("name", ("Computer Name", "Name")),
    Column("version", ("Application Version",)),
    Column("bundle_id", ("Application Bundle ID", "Bundle ID", "Application Identifier")),
    Column("username", ("Username", "User Name"), owner=True),
    Column("email", ("Email Address", "Email"), owner=True),
    Column("real_name", ("Full Name", "Real Name"), owner=True),
    Column("os", ("Operating System", "Operating System Name")),
    Column("os_version", ("Operating System Version",)),
    Column("udid", ("UDID",)),
    Column("last_seen", ("Last Check-in", "Last Inventory Update", "Last Contact Time", "Report Date")),
)


class JamfAdvancedSearchCsv:
    format_id = "jamf-advanced-search-csv"
    title = "Jamf Pro Advanced Computer Search export (CSV / tab) with Application Title"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if "application title" in cols and ({"jss computer id", "serial number", "computer name"} & cols):
            return "CSV header has Application Title with JSS Computer ID / Serial Number (Jamf Advanced Search)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table = CsvTable(ctx)
        try:
            cols = table.columns(COLUMNS)
            if cols is None:
                return
            if cols["jamf_id"] < 0 and cols["serial"] < 0:
                ctx.fail("missing required column 'JSS Computer ID' or 'Serial Number' (one identifies the computer); "
                         + header_seen(table.header), line=1)
                return
            seen = set()
            for line, row in table.rows():
                def cell(field: str) -> str:
                    i = cols[field]  # type: ignore[index]
                    return row[i].strip() if i >= 0 else ""
                serial = clean_serial(cell("serial"))
                raw_id = cell("jamf_id")
                device_id = computer_id(raw_id) if raw_id else (f"serial-{serial}" if serial else "")
                if not device_id:
                    ctx.skip(line, "row has no JSS Computer ID or Serial Number")
                    continue
                if device_id not in seen:
                    seen.add(device_id)
                    ctx.saw_time(cell("last_seen"))
                    os_word = cell("os")
                    yield DeviceRecord(
                        source=SourceRef(TOOL, device_id, ctx.input.display, cell("last_seen") or None),
                        name=cell("name"), serial=serial,
                        platform=platform_from(os_word) if os_word else Platform.MACOS,
                        os_version=cell("os_version"), ownership=Ownership.UNKNOWN, owner_email=cell("email"),
                        owner_username=cell("username"), owner_name=cell("real_name"),
                        hardware_ids=hardware_ids(("udid", cell("udid"))), authoritative=True)
                name, bundle = cell("app_name"), cell("bundle_id")
                if not name and not bundle:
                    continue  # a computer with no application: the search lists it once with empty app cells
                yield (device_id, platform_from(os_word) if (os_word := cell("os")) else Platform.MACOS, bundle, name,
                       "", cell("version"), line)
        finally:
            table.close()
