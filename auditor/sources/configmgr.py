"""Microsoft Configuration Manager (SCCM / MECM) installed software exported as CSV from a query or
report over `v_GS_INSTALLED_SOFTWARE` / `v_Add_Remove_Programs` joined to `v_R_System` (the `0` suffix
is part of the SQL column names; report exports use friendly names). Windows only; no ownership."""
from __future__ import annotations

from typing import Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.records import hardware_ids
from auditor.textio.csvtable import Column, CsvTable
from auditor.sources.vocab import clean_serial

TOOL = "configmgr"
_APP_NAMES = ("ARPDisplayName0", "DisplayName0", "ProductName0", "Software Name", "Product Name", "DisplayName")

COLUMNS = (
    Column("resource_id", ("ResourceID", "Resource ID", "MachineID"), required=True),
    Column("name", _APP_NAMES, required=True),
    Column("version", ("ProductVersion0", "Version0", "Product Version", "Version")),
    Column("publisher", ("Publisher0", "Publisher", "NormalizedPublisher")),
    Column("device_name", ("Name0", "Netbios_Name0", "Computer Name", "ComputerName", "Device Name")),
    Column("serial", ("SerialNumber0", "Serial Number", "SerialNumber")),
    Column("user", ("User_Name0", "User Name", "UserName", "Last Logon User"), owner=True),
    Column("domain", ("User_Domain0", "Resource_Domain_OR_Workgr0")),
    Column("entra_id", ("AADDeviceID", "AAD Device ID", "Microsoft Entra Device ID")),
    Column("last_seen", ("LastHWScan", "Last Hardware Scan", "LastActiveTime", "Last Activity")),
)


class ConfigMgrSoftwareCsv:
    format_id = "configmgr-software-csv"
    title = "Microsoft Configuration Manager installed software (CSV over v_GS_INSTALLED_SOFTWARE / v_Add_Remove_Programs)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if ({"resourceid", "resource id"} & cols) and ({n.lower() for n in _APP_NAMES} & cols):
            return "CSV header has ResourceID with ARPDisplayName0 / DisplayName0 / ProductName0 (Configuration Manager)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table = CsvTable(ctx)
        try:
            cols = table.columns(COLUMNS)
            if cols is None:
                return
            seen = set()
            for line, row in table.rows():
                def cell(field: str) -> str:
                    i = cols[field]  # type: ignore[index]
                    return row[i].strip() if i >= 0 else ""
                device_id = cell("resource_id")
                if not device_id:
                    ctx.skip(line, "row has no ResourceID")
                    continue
                if device_id not in seen:
                    seen.add(device_id)
                    ctx.saw_time(cell("last_seen"))
                    yield DeviceRecord(
                        source=SourceRef(TOOL, device_id, ctx.input.display, cell("last_seen") or None),
                        name=cell("device_name"), serial=clean_serial(cell("serial")), platform=Platform.WINDOWS,
                        ownership=Ownership.UNKNOWN, owner_username=cell("user"),
                        hardware_ids=hardware_ids(("entra", cell("entra_id"))), authoritative=True)
                elif cell("last_seen"):
                    ctx.saw_time(cell("last_seen"))
                if not cell("name"):
                    ctx.skip(line, "row has no software name")
                    continue
                yield (device_id, Platform.WINDOWS, "", cell("name"), cell("publisher"), cell("version"), line)
        finally:
            table.close()
