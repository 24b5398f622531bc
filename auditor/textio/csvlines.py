"""CSV records of a UTF-8 file without the csv module's per-character work, where that gives exactly its rows.

The csv module decodes every line and builds every field character by character (about 1 us for a
14-field row). Most lines of an inventory export need none of that: a line with no quote at all is
`line.split(b",")`, and a line whose every field is quoted, with no quote inside a field (how Intune writes
its reports), is `line[1:-1].split(b'","')`. Cells stay bytes (a memo of distinct values can be keyed by
them) and are decoded only when a row is looked at in full. Any other line (a quote inside a field,
minimal quoting) is decoded and parsed by a csv reader, one line at a time. What stays exact:

- Blocks are read at once and split at LF (a CRLF line keeps its CR, for the caller to drop). From a
  block with a NUL (the csv module's to judge), `LineBlocks.rest` hands the text to the caller's csv
  reader, unchanged; so does the caller from a line with a bare CR (which the csv module also treats as
  a line end). Bytes are checked to be UTF-8 where they are decoded, and by the caller on each distinct
  piece of line it takes without decoding (UnicodeDecodeError, as the strict text stream would raise).
- A line that ends inside a quoted field (the record goes on on the next line) is seen by the one-line
  parse, which then returns None; again the caller reads on with a csv reader from that line.
So a caller never gets a row the csv module would not have produced for the same line, and a record never
spans lines on this path: the n-th row is the n-th line."""
from __future__ import annotations

import csv
import io
import itertools
from collections import deque
from typing import Iterator, List, Optional

# Blocks of about 2 MB: few calls per file, and small next to the memory the audit keeps. 4 MB blocks cost the
# read stage about a tenth more CPU at 4M rows (interleaved runs of the bench's export: each block's bytes and
# lines fall out of the processor's cache before the loop over them is done); 1 MB and 512 KB gave no more.
BLOCK_BYTES = 1 << 21


class LineBlocks:
    """The lines of a binary stream of UTF-8, a block at a time, without their LF (a CRLF line keeps its CR,
    for the caller to drop); and the text after any point, for a csv reader.

    Iterating gives a list of lines per block (about BLOCK_BYTES), and None for a block with a NUL (the csv
    module's to judge: Python before 3.11 rejects it), after which the caller reads on with `rest([])`.
    `final` is True for the last list when the stream does not end with a LF (its last line has no line
    ending). A line longer than a block is gathered in pieces and joined once (linear in its length)."""

    def __init__(self, binary: io.BufferedReader, text: io.TextIOWrapper, block_bytes: int = 0) -> None:
        self._binary = binary
        self._text = text  # a text stream over `binary` that has read nothing yet: it reads on after `rest`
        self._block_bytes = block_bytes or BLOCK_BYTES
        self._carry: List[bytes] = []  # the start of a line whose end is in a later block, in pieces
        self.final = False

    def _carried(self) -> bytes:
        carried = b"".join(self._carry)
        self._carry = []
        return carried

    def __iter__(self) -> Iterator[Optional[List[bytes]]]:
        while True:
            data = self._binary.read(self._block_bytes)
            if not data:
                if self._carry:
                    self.final = True
                    yield [self._carried()]
                return
            if b"\0" in data:
                self._carry.append(data)
                yield None
                return
            lines = data.split(b"\n")  # no copy of the block: the lines are new objects anyway
            last = lines.pop()  # the start of the next line (b"" when the block ends with a LF)
            if lines and self._carry:
                self._carry.append(lines[0])
                lines[0] = self._carried()
            if last:
                self._carry.append(last)
            if lines:
                yield lines

    def rest(self, lines: List[bytes]) -> Iterator[str]:
        """The text from `lines` (the unread lines of the current list) to the end of the stream, decoded,
        with its line endings, as iterating the text stream itself gives it."""
        head = b"\n".join(lines) + (b"\n" if lines and not self.final else b"")
        if self._carry:  # the carried part of a line and its end, as one line
            head += self._carried() + self._binary.readline()
        return itertools.chain(io.StringIO(head.decode("utf-8"), newline=""), self._text)


class OneLine:
    """Parses one line of bytes with a csv reader, cells back as bytes (every cell on the split path is
    bytes); None when the line ends inside a quoted field."""

    def __init__(self, delimiter: str) -> None:
        self._feed: deque = deque()
        # The reader asks for another line only to finish a record, and then the deque is empty.
        self._next = csv.reader(iter(self._feed.popleft, None), delimiter=delimiter).__next__

    def __call__(self, line: bytes) -> Optional[List[bytes]]:
        self._feed.append(line.decode("utf-8"))
        try:
            return list(map(str.encode, self._next()))
        except IndexError:
            return None


class LineParser:
    """The cells of one line (without its line ending) as the csv module reads them, as bytes."""

    def __init__(self, delimiter: str) -> None:
        self.delimiter = delimiter.encode("ascii")
        self._quoted_sep = b'"' + self.delimiter + b'"'
        self._one_line = OneLine(delimiter)
        # A longer line may hold a field over the csv module's limit, a malformed row for it: its call.
        self.longest = csv.field_size_limit()

    def _fully_quoted(self, line: bytes) -> Optional[List[bytes]]:
        """Every field quoted and no quote inside one (Intune's reports): a split does it."""
        if line[:1] == b'"' and line[-1:] == b'"':
            cells = line[1:-1].split(self._quoted_sep)
            if line.count(b'"') == 2 * len(cells):  # no quote beyond the cells' own
                return cells
        return None

    def cells(self, line: bytes) -> Optional[List[bytes]]:
        """None when the line ends inside a quoted field (its record goes on on the next line), holds a CR
        (which ends a line for the csv module) or is longer than the csv module's field size limit (the
        csv module then judges it). Raises UnicodeDecodeError when it is not UTF-8."""
        if b"\r" in line or len(line) > self.longest:
            return None
        if not line.isascii():
            line.decode("utf-8")  # only to check it: cells are decoded when they are looked at
        if b'"' not in line:
            return line.split(self.delimiter) if line else []  # an empty line is no record
        cells = self._fully_quoted(line)
        return cells if cells is not None else self._one_line(line)

    def field_start(self, line: bytes, column: int, fields: int) -> Optional[int]:
        """Where field `column` (0-based) of a line of `fields` fields starts, just after its delimiter;
        None when that is not cheap to know."""
        d = self.delimiter
        if b'"' not in line:
            at = -1
            for _ in range(column):
                at = line.index(d, at + 1)
            return at + 1
        start = self._quoted_start(line, column)
        if start is not None:
            return start
        # The fields after the last quote are split by every delimiter there (no quoted field is open
        # after a line's last quote when the line is a whole record).
        pieces = line.rsplit(d, fields - column)
        if len(pieces) == fields - column + 1 and line.find(b'"', len(pieces[0])) < 0:  # no quote in pieces[1:]
            return len(pieces[0]) + 1
        return None

    def prefix_end(self, line: bytes, column: int) -> Optional[int]:
        """Where field `column` (0-based, > 0) of a whole record starts, just after its delimiter, when no quote
        comes before that delimiter or every field of the line is quoted; None otherwise. The bytes before it
        then always parse to the same fields, whatever follows them (the csv module reads left to right)."""
        d = self.delimiter
        at = -1
        for _ in range(column):
            at = line.find(d, at + 1)
            if at < 0:
                return None
        if line.find(b'"', 0, at) < 0:
            return at + 1
        return self._quoted_start(line, column)

    def _quoted_start(self, line: bytes, column: int) -> Optional[int]:
        """Where field `column` starts (at its opening quote) in a line whose every field is quoted; else None."""
        if self._fully_quoted(line) is None:
            return None
        # The separators `_fully_quoted` split at, found as its split finds them: from after the opening quote,
        # each search after the previous separator (a field that is just the delimiter, `","`, is no separator).
        width = len(self._quoted_sep)
        at = 1 - width
        for _ in range(column):
            at = line.index(self._quoted_sep, at + width)
        return at + 2


def text_cells(row: list) -> List[str]:
    """A row's cells as text (rows split from bytes hold bytes)."""
    return [c.decode("utf-8") for c in row] if row and type(row[0]) is bytes else row
