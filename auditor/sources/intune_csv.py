"""Intune report exports: Discovered apps `AppInvRawData` and the "All devices" export.

AppInvRawData has no serial, UPN or ownership: those come from the device export, joined on the
Intune device id in the merge stage. Headers are matched by name, never by position."""
from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING, Dict, Iterator, List, Optional

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.sources.records import hardware_ids
from auditor.sources.base import Item, Probe, ReadContext
from auditor.sources.tabular import Column, CsvTable, NeedsSlowPath, Span

if TYPE_CHECKING:  # the fast path fills the read loop's structures (auditor.readloop)
    from auditor.readloop import Classifier, InputResult
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


def _line_breaks(row: List[str]) -> int:
    """Line breaks inside the fields of a row (CRLF, CR or LF, as the csv reader's lines end)."""
    text = "".join(row)
    return text.count("\n") + text.count("\r") - text.count("\r\n")


# States of a cell value in the fast path's per-value memos.
_NAME = "name"  # an identifier cell that holds no identifier: the name decides
_CLEAR = "clear"  # matches no app any rule names, whatever the other cells say
_LOOK = "look"  # a candidate (or a blank name): the row is looked at in full


class IntuneAppInventoryCsv:
    format_id = "intune-appinv-csv"
    title = "Intune Discovered apps export (AppInvRawData / DevicesByAppInv / AppInvByDevice CSV)"
    tool = TOOL
    splittable = True  # scan() reads byte spans of one file (auditor.sources.csvsplit)

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

    # The fast path (see auditor.readloop): the same records, rows, problems and line numbers as read(), in
    # one loop with no generator hop per row. Per row it only checks the width, whether the device changed,
    # and looks the identifier cell and the name up in memos of distinct values; a row whose values are
    # settled as matching nothing costs nothing more. Everything else (a new value, a candidate app, a
    # malformed row, a new device) goes through `row()`, which does what read() does.
    def scan(self, ctx: ReadContext, out: "InputResult", classifier: "Classifier", span: Optional[Span] = None) -> None:
        table = CsvTable(ctx, strict=True, span=span)
        try:
            cols = table.columns(APP_COLUMNS)
            if cols is not None:
                try:
                    _Scan(ctx, out, classifier, table, cols).run()
                except (UnicodeDecodeError, csv.Error) as exc:
                    raise NeedsSlowPath(str(exc)) from exc
        finally:
            table.close()


class _Scan:
    """One pass of IntuneAppInventoryCsv.scan over one table (or span)."""

    def __init__(self, ctx: ReadContext, out: "InputResult", classifier: "Classifier", table: CsvTable,
                 cols: Dict[str, int]) -> None:
        self.ctx, self.out, self.classifier, self.table, self.cols = ctx, out, classifier, table, cols
        self.reader = table.reader()
        self.id_cells: Dict[str, str] = {}  # ApplicationId/ApplicationKey cell -> _NAME, _CLEAR or _LOOK
        self.name_cells: Dict[str, str] = {}  # ApplicationName cell -> _CLEAR or _LOOK
        self.identifiers: Dict[str, str] = {}  # identifier cell value -> the identifier it holds, or ""
        self.platforms: Dict[str, Platform] = {}
        self.seen: set = set()  # device ids with a record
        # The current group of rows of one device:
        self.device_id = ""  # stripped; "" when the group is rows without a DeviceId
        self.group_start = 1  # record index of its first row
        self.group_other = 0  # its rows that are not apps (skipped, blank)
        self.blank = 0

    def line(self, index: int, row: List[str]) -> int:
        """The line the index-th record (1-based) starts on. While every record so far took one line, that
        is its index; after a multi-line record, the reader's line count minus the breaks inside this row."""
        tail = self.table.tail
        read = self.reader.line_num - (tail.probes if tail is not None else 0)
        if read == index:
            return self.table.base_line + index
        return self.table.base_line + read - _line_breaks(row)

    def run(self) -> None:
        tail = self.table.tail
        if tail is not None and not tail.whole:
            self.out.lines, self.out.straddle = tail.skipped, self.table.span.skip - tail.skipped
            return
        cols = self.cols
        width = len(self.table.header)
        c_dev, c_name = cols["device_id"], cols["name"]
        # The cells that settle a row, in read()'s order: each identifier column, then the name. A column
        # that is absent is replaced by the name, so that the loop has no branch per layout: a name's state
        # is never _NAME, which ends the chain.
        look_name = self.name_cells.get
        chain = [(c, self.id_cells.get) for c in (cols["app_id"], cols["app_key"]) if c >= 0]
        chain += [(c_name, look_name)] * (3 - len(chain))
        (c_a, look_a), (c_b, look_b), _ = chain[:3]
        row_in_full = self.row
        new_group = self.new_group
        irregular = self.irregular
        NAME, CLEAR, length = _NAME, _CLEAR, len
        last = None
        index = 0
        for index, row in enumerate(self.reader, 1):
            if length(row) != width:
                if not row and tail is not None and tail.past_end:
                    index -= 1  # the probe at a record boundary past the span's end: the span is done
                    break
                irregular(index, row)
                continue
            if row[c_dev] != last:
                last = new_group(index, row)
                if last is None:
                    continue  # no DeviceId: skipped
            state = look_a(row[c_a])
            if state is NAME:
                state = look_b(row[c_b])
                if state is NAME:
                    state = look_name(row[c_name])
            if state is not CLEAR:
                row_in_full(index, row)
        self.end_group(index + 1)
        self.ctx.rows += index - self.blank
        if tail is not None:
            self.out.lines = self.table.base_line + self.reader.line_num - tail.probes - tail.lines
            self.out.straddle = tail.lines
        self.out.classified = self.classifier.classified

    def irregular(self, index: int, row: List[str]) -> None:
        self.group_other += 1
        if not row:
            self.blank += 1  # a blank line is not a record
            return
        self.ctx.skip(self.line(index, row), f"expected {len(self.table.header)} fields, got {len(row)}")

    def end_group(self, index: int) -> None:
        apps = index - self.group_start - self.group_other
        if apps > 0:
            self.out.apps += apps
            if self.device_id:
                self.out.with_apps.add(self.device_id)

    def new_group(self, index: int, row: List[str]) -> Optional[str]:
        """The first row of a device's rows: returns the raw DeviceId cell, or None when it is blank."""
        self.end_group(index)
        self.group_start, self.group_other = index, 0
        raw = row[self.cols["device_id"]]
        device_id = raw.strip()
        self.device_id = device_id
        if not device_id:
            self.group_other = 1
            self.ctx.skip(self.line(index, row), "row has no DeviceId")
            return None
        if device_id not in self.seen:
            self.seen.add(device_id)
            cols = self.cols
            self.out.records.append(DeviceRecord(
                source=SourceRef(TOOL, device_id, self.ctx.input.display),
                name=_cell(row, cols["device_name"]), platform=self.platform(row),
                os_version=_cell(row, cols["os_version"]), owner_email=_cell(row, cols["email"]),
                owner_name=_cell(row, cols["user_name"])))
        return raw

    def platform(self, row: List[str]) -> Platform:
        c_plat = self.cols["platform"]
        raw = row[c_plat] if c_plat >= 0 else ""
        found = self.platforms.get(raw)
        if found is None:
            found = self.platforms[raw] = platform_from(raw)
        return found

    def identifier(self, raw: str) -> str:
        found = self.identifiers.get(raw)
        if found is None:
            value = raw.strip()
            found = self.identifiers[raw] = value if _REVERSE_DNS.match(value) else ""
        return found

    def row(self, index: int, row: List[str]) -> None:
        """A row the memos did not settle: what read() does with it, and the memos learn its values."""
        cols, classifier, id_cells, name_cells = self.cols, self.classifier, self.id_cells, self.name_cells
        identifier = ""
        state = _NAME
        for c in (cols["app_id"], cols["app_key"]):
            if c >= 0:
                raw = row[c]
                identifier = self.identifier(raw)
                state = id_cells.get(raw)
                if state is None:
                    state = id_cells[raw] = _NAME if not identifier else (
                        _LOOK if classifier.identifier_may_match(identifier) else _CLEAR)
                if identifier:
                    break
        name = row[cols["name"]]
        if not identifier:
            state = name_cells.get(name)
            if state is None:
                state = name_cells[name] = _LOOK if not name.strip() or classifier.name_may_match(name) else _CLEAR
        if not name.strip() and not identifier:
            self.group_other += 1
            self.ctx.skip(self.line(index, row), "row has no ApplicationName")
            return
        if state is _CLEAR:
            return
        platform = self.platform(row)
        publisher = row[cols["publisher"]] if cols["publisher"] >= 0 else ""
        matches = classifier.app(platform, identifier, name, publisher)
        if matches:
            c_short, c_ver = cols["short_version"], cols["version"]
            version = (row[c_short] if c_short >= 0 else "") or (row[c_ver] if c_ver >= 0 else "")
            self.out.hits.append(((self.device_id, platform, identifier, name, publisher, version,
                                   self.line(index, row)), matches))


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
