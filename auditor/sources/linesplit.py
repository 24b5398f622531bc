"""The split path the CSV fast paths share (auditor.sources.intune_scan, auditor.sources.defender_scan).

An export lists each device's rows on consecutive lines, and the device's columns sit together at one end of
the line, so a device's lines share bytes at that end: a *suffix* (Intune: DeviceId and the columns after it)
or a *prefix* (Defender TVM: DeviceId up to the software columns). Per line the split path tests that shared
end and looks the rest (the app part) up in a memo of distinct app parts; a part settled as matching nothing
costs nothing more. A subclass sets `cut` (bytes.removesuffix or bytes.removeprefix: a line's app part), keeps
`fix` (the bytes the current device's lines share), and reads every other line in `_known` (the shared end, a
part not settled as clear) and `_whole` (any other line: parsed in full)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Dict, Iterator, Optional

from auditor.sources.fastpath import CLEAR
from auditor.textio.csvlines import LineBlocks, LineParser
from auditor.textio.csvtable import CsvTable

if TYPE_CHECKING:
    import csv

NO_FIX = b"\n"  # no line holds a LF: no line starts or ends with it
# A block of at least this many lines, most of them parsed in full, hands the rest to the csv module.
BLOCK_LINES_JUDGED = 1000


class SplitLines:
    """Lines by the split path, for a fast path over one table (see the module docstring)."""

    # A line's app part when the line shares the current device's bytes, else the line itself (the same object:
    # one C call per line both tests the shared end and takes the part; `fix` is never empty).
    cut: Callable[[bytes, bytes], bytes]

    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.parser = LineParser(table.delimiter)
        self.lines_before = 0  # lines split before the csv reader took over
        self.parts: Dict[bytes, object] = {}  # app part -> CLEAR, or what the subclass learnt of it
        self.fix = NO_FIX
        self.whole_lines = 0  # lines of the current block parsed in full
        self.reader: Optional["csv._reader"] = None  # once the csv module reads

    def read_records(self, splits: bool) -> int:
        """Every record of the table, by the split path (when `splits`: the layout it reads) until it hands the
        rest to the csv module's reader (`_read`); returns the index of the last record."""
        if self.table.binary is not None and splits:
            rest = self._split()
            if rest is not None:
                self.reader = self.table.reader(rest)
        else:
            self.reader = self.table.reader()
        return self._read(self.lines_before) if self.reader is not None else self.lines_before

    def _read(self, index: int) -> int:
        """Records from self.reader, their indexes following `index`; returns the last index."""
        raise NotImplementedError

    def _known(self, index: int, line: bytes, part: bytes, state: object) -> bool:
        """A line that shares the current device's bytes, and its app part, not settled as clear (state None: not
        seen yet). False when the csv module must read on from this line."""
        raise NotImplementedError

    def _whole(self, index: int, line: bytes) -> bool:
        """Any other line, parsed in full. False when the csv module must read on from this line."""
        raise NotImplementedError

    def _split(self) -> Optional[Iterator[str]]:
        """Lines by the split path, until the end (None) or a line it cannot take (a record that goes on on the
        next line, a bare CR, a NUL): then the text from that line on, for the csv reader. `lines_before` counts
        the lines taken."""
        assert self.table.binary is not None
        blocks = LineBlocks(self.table.binary, self.table.text)
        part_state = self.parts.get
        known, whole, cut = self._known, self._whole, self.cut
        index = 0
        for lines in blocks:
            if lines is None:  # a NUL
                self.lines_before = index
                return blocks.rest([])
            start = index
            fix = self.fix
            for index, line in enumerate(lines, start + 1):
                part = cut(line, fix)
                if part is not line:
                    state = part_state(part)
                    if state is CLEAR:
                        continue
                    taken = known(index, line, part, state)
                else:
                    taken = whole(index, line)
                if not taken:
                    self.lines_before = index - 1
                    return blocks.rest(lines[index - 1 - start:])
                fix = self.fix
            if len(lines) >= BLOCK_LINES_JUDGED and 2 * self.whole_lines > len(lines):
                # Most lines needed a full parse (a device per line, shared bytes that keep changing): the csv
                # module's loop does that faster than this path's per-line checks.
                self.lines_before = index
                return blocks.rest([])
            self.whole_lines = 0
        self.lines_before = index
        return None
