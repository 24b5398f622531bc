"""CSV as endpoint tools write it: any encoding they use, comma or semicolon, headers by name."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from auditor.sources.base import ReadContext
from auditor.sources.inputs import HashingReader

csv.field_size_limit(64 * 1024 * 1024)  # a hostile 1 MB cell is data, not a crash

_REPLACED = [0]  # bytes that did not decode, across all streams (one reader runs at a time)


def _count_and_replace(exc: UnicodeError) -> Tuple[str, int]:
    """Decode what does not decode as U+FFFD, and count it: the row is still audited, and reported."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _REPLACED[0] += 1
    return "\ufffd", exc.end


codecs.register_error("fleet-auditor-replace", _count_and_replace)


def detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4:
        # Excel "Unicode text" without a BOM: every other byte of ASCII text is NUL.
        if sample[1::2].count(0) > len(sample) // 4 and sample[0::2].count(0) == 0:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) // 4 and sample[1::2].count(0) == 0:
            return "utf-16-be"
    return "utf-8"


def decode_head(head: bytes) -> str:
    encoding = detect_encoding(head)
    return head.decode(encoding, errors="replace").lstrip("\ufeff")


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: the most frequent of , ; TAB | outside quotes (`osqueryi --csv` uses |)."""
    counts = {",": 0, ";": 0, "\t": 0, "|": 0}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def header_cells(head_text: str) -> Tuple[str, ...]:
    first = head_text.split("\n", 1)[0].rstrip("\r")
    if not first or first.lstrip().startswith(("{", "[", "<")):
        return ()
    try:
        row = next(csv.reader([first], delimiter=sniff_delimiter(first)))
    except (csv.Error, StopIteration):
        return ()
    return tuple(c.strip().lower() for c in row)


@dataclass(frozen=True)
class Column:
    """A logical column and the header names tools use for it (matched case-insensitively)."""

    field: str
    names: Tuple[str, ...]
    required: bool = False


def resolve_columns(header: Sequence[str], columns: Sequence[Column]) -> Tuple[Dict[str, int], List[str]]:
    """field -> index (-1 when absent), and a message for each missing required column."""
    index = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    found: Dict[str, int] = {}
    missing = []
    for column in columns:
        pos = next((index[n.lower()] for n in column.names if n.lower() in index), -1)
        found[column.field] = pos
        if pos < 0 and column.required:
            missing.append(f"missing required column {column.names[0]!r} (looked for: "
                           + ", ".join(repr(n) for n in column.names) + ")")
    return found, missing


class CsvTable:
    """Streams the rows of one CSV input, with the line each row starts on."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self._raw = HashingReader(ctx.input.open())
        buffered = io.BufferedReader(self._raw, buffer_size=1 << 20)
        encoding = detect_encoding(buffered.peek(4096)[:4096])
        self._text = io.TextIOWrapper(buffered, encoding=encoding, newline="", errors="fleet-auditor-replace")
        self._replaced_before = _REPLACED[0]
        first = self._text.readline()
        self.header: List[str] = []
        self._delimiter = sniff_delimiter(first)
        if first.strip():
            self.header = next(csv.reader([first], delimiter=self._delimiter))
            self.header = [h.strip().lstrip("\ufeff") for h in self.header]
        self.sha256 = ""

    def columns(self, columns: Sequence[Column]) -> Optional[Dict[str, int]]:
        found, missing = resolve_columns(self.header, columns)
        if missing:
            self.ctx.fail("; ".join(missing), line=1)
            return None
        return found

    def rows(self) -> Iterator[Tuple[int, List[str]]]:
        width = len(self.header)
        reader = csv.reader(self._text, delimiter=self._delimiter)
        line = 1
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                line = 1 + reader.line_num
                self.ctx.rows += 1
                self.ctx.skip(start, f"malformed CSV: {exc}")
                continue
            line = 1 + reader.line_num
            if _REPLACED[0] != self._replaced_before:
                self._note_replacements(start, row)
            if not row:
                continue  # a blank line is not a record
            self.ctx.rows += 1
            if len(row) != width:
                self.ctx.skip(start, f"expected {width} fields, got {len(row)}")
                continue
            yield start, row

    def _note_replacements(self, line: int, row: List[str]) -> bool:
        """Reports the row holding undecodable bytes (decoding runs ahead of parsing, so look for them)."""
        found = sum(cell.count("\ufffd") for cell in row)
        if found:
            self._replaced_before += found
            self.ctx.note(line, f"invalid {self._text.encoding} bytes shown as U+FFFD (mixed encodings?); "
                                "the row was audited as shown")
        return _REPLACED[0] != self._replaced_before

    def close(self) -> None:
        try:
            self.sha256 = self._raw.finish()
        finally:
            self._text.close()


def text_stream(ctx: ReadContext) -> Tuple[io.TextIOWrapper, HashingReader]:
    """A decoded text stream of the input (for JSON), hashed as it is read."""
    raw = HashingReader(ctx.input.open())
    buffered = io.BufferedReader(raw, buffer_size=1 << 20)
    encoding = detect_encoding(buffered.peek(4096)[:4096])
    return io.TextIOWrapper(buffered, encoding=encoding), raw


def value_map(mapping: Mapping[str, str], raw: str, default: str) -> str:
    return mapping.get(raw.strip().lower(), default)
