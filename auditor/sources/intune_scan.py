"""The fast path of the Intune AppInvRawData reader (IntuneAppInventoryCsv.scan; auditor.sources.interface).

Same records, rows, problems and line numbers as IntuneAppInventoryCsv.read(), with a fraction of its work.

An export lists each device's apps on consecutive lines, and the device's columns (DeviceId, DeviceName,
EmailAddress, ... UserName) come after the app's, so the lines of one device end with the same bytes: its
*suffix*, from the delimiter before DeviceId. A line that ends with the current suffix is, exactly, the
app part before it followed by the device's fields, provided the app part alone parses to the app
columns and ends outside a quoted field (a memo of distinct app parts checks that once per app part). So
per line the split path only tests the suffix and looks the app part up in that memo; an app part settled
as matching nothing costs nothing more. Every other line (the first of a device, a candidate app, an app
part seen for the first time, a malformed row) is parsed in full by auditor.textio.csvlines and goes
through the same steps as read().

Where that does not apply (a file that is not UTF-8, a layout with app columns after DeviceId, a span
that starts by skipping lines, a bare CR or NUL, a quoted line break, a line over the csv field limit, a
block where most lines need a full parse) the csv module reads, from the first such line on, with per-row
memos of distinct cell values instead."""
from __future__ import annotations

from typing import Dict, List, Optional

from auditor.model import Platform
from auditor.sources.fastpath import CLEAR, LOOK, remember
from auditor.sources.interface import ReadSink
from auditor.sources.linesplit import NO_FIX, SplitLines
from auditor.sources.intune_rows import (APP_FIELDS, APP_ROW_DEVICE_FIELDS, IDENTIFIER_FIELDS, NO_APP_NAME,
                                         NO_DEVICE_ID, app_row_record, app_version, identifier_in, intune_device_id,
                                         lacks_app)
from auditor.sources.vocab import platform_from
from auditor.textio.context import ReadContext
from auditor.textio.csvlines import text_cells
from auditor.textio.csvtable import CsvTable, NeedsSlowPath

# States of a cell value (or of an app part) in the fast path's memos.
_NAME = "name"  # an identifier cell that holds no identifier: the name decides
_CLEAR = CLEAR  # matches (and resembles) no app any rule names, whatever the other cells say
_WHOLE = "whole"  # an app part that does not parse to the app columns alone: parse the whole line


class Scan(SplitLines):
    """One pass of IntuneAppInventoryCsv.scan over one table (or span)."""

    cut = staticmethod(bytes.removesuffix)  # a device's lines end with the same bytes (auditor.sources.linesplit)

    def __init__(self, ctx: ReadContext, sink: ReadSink, table: CsvTable, cols: Dict[str, int]) -> None:
        super().__init__(table)
        self.ctx, self.sink, self.cols = ctx, sink, cols
        self.width = len(table.header)
        self.read_before = 0  # lines the csv reader had read before the record being looked at
        # Memos keyed by raw cells, bytes or text:
        self.id_cells: Dict[object, str] = {}  # ApplicationId/ApplicationKey cell -> _NAME, _CLEAR or LOOK
        self.name_cells: Dict[object, str] = {}  # ApplicationName cell -> _CLEAR or LOOK
        self.pub_cells: Dict[object, str] = {}  # ApplicationPublisher cell -> _CLEAR or LOOK
        self.identifiers: Dict[object, str] = {}  # identifier cell -> the identifier it holds, or ""
        self.platforms: Dict[object, Platform] = {}
        # self.parts (SplitLines): app part -> _CLEAR, _WHOLE, or its cells (a list)
        self.seen: set = set()  # device ids with a record
        # The current group of rows of one device:
        self.device_id = ""  # stripped; "" when the group is rows without a DeviceId
        self.group_start = 1  # record index of its first row
        self.group_other = 0  # its rows that are not apps (skipped, blank)
        self.blank = 0
        # The split path's current device: its raw DeviceId cell and its fields (SplitLines: its lines' suffix
        # in self.fix).
        self.last_device: Optional[bytes] = None
        self.device_cells: List[bytes] = []
        self.id_columns = [cols[f] for f in IDENTIFIER_FIELDS if cols[f] >= 0]  # where an identifier may be
        # app_row_record's cells: (column or -1, whether many devices share its values: OS version, platform)
        self.device_columns = [(cols[f], f in ("os_version", "platform")) for f in APP_ROW_DEVICE_FIELDS]
        self.texts: Dict[bytes, str] = {}  # OS version and platform cells, decoded and stripped
        # A device's first line is read from its device part alone when its app part is settled (_first_line):
        # possible when every cell app_row_record takes is at or after DeviceId (Intune's layout).
        self.device_after = all(c < 0 or c >= cols["device_id"] for c, _ in self.device_columns)

    def line(self, index: int, row: list) -> int:
        """The line the index-th record (1-based) starts on: on the split path, one record per line; from
        the csv reader, the line after those it had read before this record (`_read` notes that count for
        the rows it hands on; a record that starts inside a span is read before any probe line)."""
        if self.reader is None:
            return self.table.base_line + index
        return self.table.base_line + self.lines_before + self.read_before + 1

    def lines_read(self) -> int:
        tail = self.table.tail
        if self.reader is None:
            return self.lines_before
        return self.lines_before + self.reader.line_num - (tail.probes if tail is not None else 0)

    def run(self) -> None:
        tail = self.table.tail
        if tail is not None and not tail.whole:
            assert self.table.span is not None
            self.sink.span_read(tail.skipped, self.table.span.skip - tail.skipped)
            return
        cols = self.cols
        index = self.read_records(max(cols[f] for f in APP_FIELDS if cols[f] >= 0) < cols["device_id"])
        self.end_group(index + 1)
        self.ctx.rows += index - self.blank
        if tail is not None:
            self.sink.span_read(self.table.base_line + self.lines_read() - tail.lines, tail.lines)

    # --- the split path ----------------------------------------------------------------------------

    def _known(self, index: int, line: bytes, app: bytes, state: object) -> bool:
        """A line that ends with the current device's suffix, and its app part, not settled as clear."""
        if state is None:
            state = self._learn(app)
        if state is _CLEAR:
            return True
        if state is _WHOLE:
            return self._whole(index, line)
        self.row(index, state + self.device_cells)  # type: ignore[operator]  # the app part's cells
        return True

    def _learn(self, app: bytes) -> object:
        """What an app part is: _CLEAR, _WHOLE, or its cells (a candidate, or a row read() reports). The
        parse checks it is UTF-8 and holds no CR: with the suffix's own check, so is every line it starts."""
        cells = self.parser.cells(app) if app else [b""]
        if cells is None or len(cells) != self.cols["device_id"]:
            state: object = _WHOLE
        else:
            state = _CLEAR if self.state(cells)[0] is _CLEAR else cells
        remember(self.parts, app, state)
        return state

    def _whole(self, index: int, line: bytes) -> bool:
        """A line parsed in full: the first of a device, or one the suffix does not settle. False when it
        ends inside a quoted field."""
        self.whole_lines += 1
        text = line[:-1] if line[-1:] == b"\r" else line  # CRLF: the CR is part of the line ending
        if self.device_after and self._first_line(index, line, text):
            return True
        cells = self.parser.cells(text)
        if cells is None:
            return False
        if len(cells) != self.width:
            self.irregular(index, cells)
            return True
        c_dev = self.cols["device_id"]
        if cells[c_dev] != self.last_device:
            self.last_device = self.new_group(index, cells)
            if self.last_device is None:  # no DeviceId: skipped, and so is every such line
                self.fix = NO_FIX
                return True
        start = self.parser.field_start(text, c_dev, self.width)  # `text` is checked: UTF-8, no CR
        if start is None:
            self.fix = NO_FIX
        else:
            self.fix = line[start - 1:]
            self.device_cells = cells[c_dev:]
            # The app part is settled here too, as _learn settles it (it parses alone to the cells before
            # DeviceId: `start` is a field's start), so that the next device whose first line has it is read
            # from its device part (_first_line).
            app = line[:start - 1]
            state = self.parts.get(app)
            if state is None:
                state = remember(self.parts, app, _CLEAR if self.state(cells)[0] is _CLEAR else cells[:c_dev])
            if state is _CLEAR:  # an app part settled as clear: row() would drop it
                return True
        self.row(index, cells)
        return True

    def _first_line(self, index: int, line: bytes, text: bytes) -> bool:
        """A line read as the lines after it are: its app part looked up (settled: clear, or a candidate's cells),
        its device part parsed alone, when that part holds no quote. Most devices' first app is one an earlier
        device has: its part need not be parsed again (for a quoted publisher, the csv module's one-line parse).
        The app part parses, alone, to the app columns and ends outside a quoted field (as _learn settled it), so
        the line parses to its cells followed by the device part's: exactly the full parse. False: parse it in
        full (also a new device whose DeviceId cell is blank)."""
        after = self.width - self.cols["device_id"]  # DeviceId and the columns after it
        pieces = text.rsplit(self.parser.delimiter, after)
        if len(pieces) != after + 1 or len(text) > self.parser.longest:
            return False
        app = pieces[0]
        state = self.parts.get(app)
        if state is None or state is _WHOLE:
            return False
        device = text[len(app):]
        if b'"' in device or b"\r" in device:
            return False
        if not device.isascii():
            try:
                device.decode("utf-8")
            except UnicodeDecodeError:
                return False  # the full parse raises it, as the strict text stream would
        device_cells = pieces[1:]
        raw = device_cells[0]
        if raw != self.last_device:
            if not raw.decode("utf-8").strip():
                return False
            self.last_device = self.new_group(index, device_cells, self.cols["device_id"])
        self.fix = line[len(app):]
        self.device_cells = device_cells
        if state is not _CLEAR:
            self.row(index, state + device_cells)  # type: ignore[operator]  # the app part's cells
        return True

    # --- the csv path ------------------------------------------------------------------------------

    def _read(self, index: int) -> int:
        """Rows from the csv reader, their record indexes following `index`; returns the last index."""
        cols = self.cols
        tail = self.table.tail
        width = self.width
        c_dev, c_name, c_pub = cols["device_id"], cols["name"], cols["publisher"]
        # The cells that settle a row: its name, its publisher and its identifier (the first identifier
        # column that holds one) must each say "clear". A column that is absent is replaced by the name, so
        # that the loop has no branch per layout: a name's state is never _NAME, which ends the chain.
        look_name = self.name_cells.get
        look_pub = self.pub_cells.get if c_pub >= 0 else look_name
        c_pub = c_pub if c_pub >= 0 else c_name
        chain = [(c, self.id_cells.get) for c in self.id_columns]
        chain += [(c_name, look_name)] * (2 - len(chain))
        (c_a, look_a), (c_b, look_b) = chain[:2]
        row_in_full = self.row
        new_group = self.new_group
        irregular = self.irregular
        NAME, CLEAR, length = _NAME, _CLEAR, len
        last = None
        reader = self.reader
        before = now = 0  # lines the reader had read before this record, and after it
        for index, row in enumerate(reader, index + 1):
            before, now = now, reader.line_num
            if length(row) != width:
                if not row and tail is not None and tail.past_end:
                    index -= 1  # the probe at a record boundary past the span's end: the span is done
                    break
                self.read_before = before
                irregular(index, row)
                continue
            if row[c_dev] != last:
                self.read_before = before
                last = new_group(index, row)
                if last is None:
                    continue  # no DeviceId: skipped
            if look_name(row[c_name]) is CLEAR and look_pub(row[c_pub]) is CLEAR:
                state = look_a(row[c_a])
                if state is NAME:
                    state = look_b(row[c_b])
                if state is CLEAR or state is NAME:
                    continue
            self.read_before = before
            row_in_full(index, row)
        return index

    # --- what both paths do with a row -------------------------------------------------------------

    def irregular(self, index: int, row: List[str]) -> None:
        self.group_other += 1
        if not any(row):
            self.blank += 1  # a blank line, or one of empty cells only (Excel's ",,,,"), is not a record
            return
        self.ctx.skip(self.line(index, row), f"expected {len(self.table.header)} fields, got {len(row)}")

    def end_group(self, index: int) -> None:
        apps = index - self.group_start - self.group_other
        if apps > 0:
            self.sink.apps_of(self.device_id, apps)

    def new_group(self, index: int, cells: list, offset: int = 0) -> Optional[object]:
        """The first row of a device's rows: returns the raw DeviceId cell, or None when it is blank. `cells`: the
        row's cells from column `offset` on; a caller that passes the device's only (offset > 0, _first_line) has
        made sure its DeviceId cell is not blank."""
        raw = cells[self.cols["device_id"] - offset]
        if self.table.names_a_column(raw):
            # The header again (read() notes it, or fails the input when it has another order), or a device
            # whose id is a column's name, after which the header could follow with the same DeviceId cell and
            # be taken for one of its rows: read() checks every row.
            raise NeedsSlowPath("a DeviceId cell that is a column's name")
        device_id = intune_device_id(raw.decode("utf-8") if type(raw) is bytes else raw)
        self.end_group(index)
        self.group_start, self.group_other = index, 0
        self.device_id = device_id
        if not device_id:
            self.group_other = 1
            if any(cells):
                self.ctx.skip(self.line(index, cells), NO_DEVICE_ID)
            else:
                self.blank += 1  # empty cells only (Excel's ",,,,"): no record, as CsvTable.rows() says
            return None
        if device_id not in self.seen:
            self.seen.add(device_id)
            self.sink.device(app_row_record(device_id, self.platform(cells, offset), self.ctx.input.display,
                                            *self.device_texts(cells, offset)))
        return raw

    def device_texts(self, cells: list, offset: int = 0) -> List[str]:
        """The cells app_row_record takes (of a row's cells from column `offset` on), stripped ("" for an absent
        column), decoded on the split path; the OS versions and platforms many devices share: one text each."""
        texts, out = self.texts, []
        for c, shared in self.device_columns:
            if c < 0:
                out.append("")
                continue
            raw = cells[c - offset]
            if type(raw) is not bytes:  # the csv path's cells are text
                out.append(raw.strip())
            elif not shared:
                out.append(raw.decode("utf-8").strip())
            else:
                text = texts.get(raw)
                out.append(text if text is not None else remember(texts, raw, raw.decode("utf-8").strip()))
        return out

    def platform(self, cells: list, offset: int = 0) -> Platform:
        c_plat = self.cols["platform"]
        raw = cells[c_plat - offset] if c_plat >= 0 else ""
        found = self.platforms.get(raw)
        if found is None:
            found = remember(self.platforms, raw, platform_from(raw.decode("utf-8") if type(raw) is bytes else raw))
        return found

    def identifier(self, raw: object) -> str:
        found = self.identifiers.get(raw)
        if found is None:
            found = remember(self.identifiers, raw, identifier_in(raw.decode("utf-8") if type(raw) is bytes else raw))
        return found

    def state(self, cells: list) -> tuple:
        """(_CLEAR or LOOK, the identifier) of a row's app cells, as read() would settle them: clear only when
        its identifier, its name and its publisher each may match nothing; the memos learn the cells' values."""
        cols, sink, id_cells, name_cells = self.cols, self.sink, self.id_cells, self.name_cells
        identifier = ""
        state = _NAME
        for c in self.id_columns:
            raw = cells[c]
            identifier = self.identifier(raw)
            state = id_cells.get(raw)
            if state is None:
                state = remember(id_cells, raw, _NAME if not identifier else (
                    LOOK if sink.identifier_may_match(identifier) else _CLEAR))
            if identifier:
                break
        if state is not LOOK:
            raw = cells[cols["name"]]
            state = name_cells.get(raw)
            if state is None:
                name = raw.decode("utf-8") if type(raw) is bytes else raw
                state = remember(name_cells, raw,
                                 LOOK if not name.strip() or sink.name_may_match(name) else _CLEAR)
        if state is not LOOK and cols["publisher"] >= 0:
            raw = cells[cols["publisher"]]
            state = self.pub_cells.get(raw)
            if state is None:
                publisher = raw.decode("utf-8") if type(raw) is bytes else raw
                state = remember(self.pub_cells, raw, LOOK if sink.publisher_may_match(publisher) else _CLEAR)
        return state, identifier

    def row(self, index: int, cells: list) -> None:
        """A row the memos did not settle: what read() does with it."""
        cols = self.cols
        state, identifier = self.state(cells)
        if state is _CLEAR:  # a name that is not blank, and nothing to match: read() yields it, the sink drops it
            return
        row = text_cells(cells)
        name = row[cols["name"]]
        if lacks_app(name, identifier):
            self.group_other += 1
            self.ctx.skip(self.line(index, row), NO_APP_NAME)
            return
        publisher = row[cols["publisher"]] if cols["publisher"] >= 0 else ""
        self.sink.app((self.device_id, self.platform(cells), identifier, name, publisher, app_version(row, cols),
                       self.line(index, row)))
