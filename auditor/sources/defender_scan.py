"""The fast path of the Defender TVM software inventory CSV reader (DefenderSoftwareCsv.scan;
auditor.sources.interface): the same records, rows, problems and line numbers as DefenderSoftwareCsv.read().

DeviceTvmSoftwareInventory lists each device's software on consecutive lines, and the device's columns
(DeviceId, DeviceName, OSPlatform, OSVersion, OSArchitecture) come before the software's, so the lines of one
device start with the same bytes: its *prefix*, up to the delimiter before the first software column. A
line that starts with the current prefix is, exactly, the device's fields followed by its *software part*
(the csv module reads a line from left to right: after the same bytes it is at the start of the same field),
provided the software part alone parses to the remaining columns (a memo of distinct software parts checks
that once per part). So per line the split path only tests the prefix and looks the software part up in that
memo; a part settled as matching nothing costs nothing more. Every other line (the first of a device, a
candidate, a part seen for the first time, a malformed row) is parsed in full by auditor.textio.csvlines and
goes through the same steps as read().

Where that does not apply (a file that is not UTF-8, a layout with device columns after a software column, a
bare CR or NUL, a quoted line break, a line over the csv field limit, a block where most lines need a full
parse) the csv module reads, from the first such line on, with a memo of distinct software cells instead."""
from __future__ import annotations

import operator
from typing import Callable, Dict, List, Optional, Tuple

from auditor.model import DeviceRecord, Platform
from auditor.sources.fastpath import CLEAR, LOOK, may_match, remember
from auditor.sources.interface import ReadSink
from auditor.sources.linesplit import NO_FIX, SplitLines
from auditor.sources.vocab import platform_from
from auditor.textio.context import ReadContext
from auditor.textio.csvlines import text_cells
from auditor.textio.csvtable import CsvTable, NeedsSlowPath

# (vendor, name, cpe or None) stripped -> (identifier, name, publisher), or None for a row without a name
Software = Callable[[str, str, Optional[str]], Optional[Tuple[str, str, str]]]
# (row, present columns, file, has a CPE column) -> the device record of a row with a DeviceId
DeviceOf = Callable[[List[str], Dict[str, int], str, bool], DeviceRecord]

NO_DEVICE_ID = "row has no DeviceId"
NO_NAME = "row has no SoftwareName"
_WHOLE = "whole"  # a software part that does not parse to the software columns alone: parse the whole line
_DEVICE_FIELDS = ("device_id", "device_name", "os", "os_version", "entra_id", "time")
_SOFTWARE_FIELDS = ("vendor", "name", "version", "cpe")


class TvmScan(SplitLines):
    """One pass of DefenderSoftwareCsv.scan over one table."""

    cut = staticmethod(bytes.removeprefix)  # a device's lines start with the same bytes (auditor.sources.linesplit)

    def __init__(self, ctx: ReadContext, sink: ReadSink, table: CsvTable, cols: Dict[str, int], software: Software,
                 device_of: DeviceOf) -> None:
        super().__init__(table)
        self.ctx, self.sink, self.cols = ctx, sink, cols
        self.software, self.device_of = software, device_of
        self.width = len(table.header)
        self.present = {f: i for f, i in cols.items() if i >= 0}
        self.has_cpe = "cpe" in self.present
        # The cells read() keys its software memo by (vendor, name, os, cpe: at least two), and with the time
        # column the key of a row the csv loop may pass over: its time is then known to have been seen.
        self.app_cells = [i for f, i in self.present.items() if f in ("vendor", "name", "cpe", "os")]
        self.app_key = operator.itemgetter(*self.app_cells)
        self.row_key = operator.itemgetter(*self.app_cells + ([cols["time"]] if cols["time"] >= 0 else []))
        self.read_before = 0  # lines the csv reader had read before the record being looked at
        self.apps: Dict[tuple, Optional[tuple]] = {}  # software cells -> (platform, identifier, name, publisher)
        self.states: Dict[tuple, str] = {}  # row_key -> CLEAR or LOOK
        # self.parts (SplitLines): software part -> CLEAR, _WHOLE, or its cells (a list)
        self.seen: set = set()  # device ids with a record
        self.times: set = set()  # distinct times seen (each dates the export once)
        # The current group of rows of one device:
        self.device_id = ""  # stripped; "" for a row without a DeviceId
        self.group_start = 1  # record index of its first row
        self.group_other = 0  # its rows that are not apps (skipped, blank)
        self.blank = 0
        # The cells of the split path's current prefix (SplitLines: the prefix in self.fix).
        self.prefix_cells: List[bytes] = []
        device_columns = [cols[f] for f in _DEVICE_FIELDS if cols[f] >= 0]
        self.split_at = min(cols[f] for f in _SOFTWARE_FIELDS if cols[f] >= 0)
        self.splits = max(device_columns) < self.split_at  # the layout the split path reads

    def line(self, index: int) -> int:
        """The line the index-th record (1-based) starts on (see intune_scan.Scan.line)."""
        if self.reader is None:
            return self.table.base_line + index
        return self.table.base_line + self.lines_before + self.read_before + 1

    def run(self) -> None:
        index = self.read_records(self.splits)
        self.end_group(index + 1)
        self.ctx.rows += index - self.blank

    # --- the split path ----------------------------------------------------------------------------

    def _known(self, index: int, line: bytes, part: bytes, state: object) -> bool:
        """A line that starts with the current prefix, and its software part, not settled as clear."""
        if state is None:
            state = self._learn(part)
        if state is CLEAR:
            return True
        if state is _WHOLE:
            return self._whole(index, line)
        self.row(index, self.prefix_cells + state)  # type: ignore[operator]  # the software part's cells
        return True

    def _learn(self, part: bytes) -> object:
        """What a software part is: CLEAR, _WHOLE, or its cells (a candidate, or a row read() reports). The
        parse checks it is UTF-8 and holds no CR but a line's last: so is every line the prefix starts."""
        text = part[:-1] if part[-1:] == b"\r" else part  # CRLF: the CR is part of the line ending
        cells = self.parser.cells(text) if text else [b""]
        if cells is None or len(cells) != self.width - self.split_at:
            state: object = _WHOLE
        else:
            state = CLEAR if self._clear(text_cells(cells), self.split_at) else cells
        remember(self.parts, part, state)
        return state

    def _clear(self, cells: List[str], offset: int) -> bool:
        """Whether the software of these cells (a row's, from column `offset` on) is read and matches nothing."""
        cols = self.cols
        cpe = cells[cols["cpe"] - offset].strip() if self.has_cpe else None
        software = self.software(cells[cols["vendor"] - offset].strip(), cells[cols["name"] - offset].strip(), cpe)
        return software is not None and not may_match(self.sink, *software)

    def _whole(self, index: int, line: bytes) -> bool:
        """A line parsed in full: the first of a prefix, or one the prefix does not settle. False when it ends
        inside a quoted field."""
        self.whole_lines += 1
        text = line[:-1] if line[-1:] == b"\r" else line
        cells = self.parser.cells(text)
        if cells is None:
            return False
        if len(cells) != self.width:
            self.irregular(index, cells)
            return True
        self.row(index, cells)
        start = self.parser.prefix_end(text, self.split_at) if self.device_id else None
        if start is None:  # no DeviceId (every such row is skipped), or a prefix not cheap to find
            self.fix = NO_FIX
        else:
            self.fix = line[:start]
            self.prefix_cells = cells[:self.split_at]
        return True

    # --- the csv path ------------------------------------------------------------------------------

    def _read(self, index: int) -> int:
        """Rows from the csv reader, their record indexes following `index`; returns the last index."""
        assert self.reader is not None
        c_dev, width, row_key, look = self.cols["device_id"], self.width, self.row_key, self.states.get
        row_in_full, irregular = self.row, self.irregular
        length = len
        last = None  # the raw DeviceId cell of the current group
        reader = self.reader
        before = now = 0  # lines the reader had read before this record, and after it
        for index, row in enumerate(reader, index + 1):
            before, now = now, reader.line_num
            if length(row) != width:
                self.read_before = before
                irregular(index, row)
                continue
            if row[c_dev] == last and look(row_key(row)) is CLEAR:
                continue
            self.read_before = before
            row_in_full(index, row)
            last = row[c_dev] if self.device_id else None
        return index

    # --- what both paths do with a row -------------------------------------------------------------

    def irregular(self, index: int, row: list) -> None:
        self.group_other += 1
        if not any(row):
            self.blank += 1  # a blank line, or one of empty cells only (Excel's ",,,,"), is not a record
            return
        self.ctx.skip(self.line(index), f"expected {self.width} fields, got {len(row)}")

    def end_group(self, index: int) -> None:
        apps = index - self.group_start - self.group_other
        if apps > 0:
            self.sink.apps_of(self.device_id, apps)

    def row(self, index: int, cells: list) -> None:
        """A row the memos did not settle: what read() does with it."""
        row = text_cells(cells)
        cols, ctx = self.cols, self.ctx
        device_id = row[cols["device_id"]].strip()
        if not device_id or device_id != self.device_id:
            if self.table.names_a_column(device_id):
                # The header again (read() notes it, or fails the input when it has another order), or a device
                # whose id is a column's name, after which the header could follow with the same DeviceId cell
                # and be taken for one of its rows: read() checks every row.
                raise NeedsSlowPath("a DeviceId cell that is a column's name")
            self.end_group(index)
            self.group_start, self.group_other, self.device_id = index, 0, device_id
        if not device_id:
            self.group_other += 1
            if any(row):
                ctx.skip(self.line(index), NO_DEVICE_ID)
            else:
                self.blank += 1  # empty cells only (Excel's ",,,,"): no record, as CsvTable.rows() says
            return
        c_time = cols["time"]
        seen_at = row[c_time].strip() if c_time >= 0 else ""
        if seen_at not in self.times:
            self.times.add(seen_at)
            ctx.saw_time(seen_at or None)
        if device_id not in self.seen:
            self.seen.add(device_id)
            self.sink.device(self.device_of(row, self.present, ctx.input.display, self.has_cpe))
        key = self.app_key(row)
        app = self.apps.get(key, self)  # `self`: not known yet (None is a known answer)
        if app is self:
            software = self.software(*(row[cols[f]].strip() if cols[f] >= 0 else "" for f in ("vendor", "name")),
                                     row[cols["cpe"]].strip() if self.has_cpe else None)
            app = None if software is None else (self.platform(row),) + software
            remember(self.apps, key, app)
        if app is None:
            self.group_other += 1
            ctx.skip(self.line(index), NO_NAME)
            return
        clear = not may_match(self.sink, *app[1:])
        remember(self.states, self.row_key(row), CLEAR if clear else LOOK)
        if not clear:
            c_version = cols["version"]
            self.sink.app((device_id,) + app + (row[c_version].strip() if c_version >= 0 else "", self.line(index)))

    def platform(self, row: List[str]) -> Platform:
        c_os = self.cols["os"]
        return platform_from(row[c_os].strip() if c_os >= 0 else "")
