"""CSV as endpoint tools write it: any encoding they use, comma or semicolon, headers by name."""
from __future__ import annotations

import codecs
import csv
import io
import itertools
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from auditor.textio.context import ReadContext
from auditor.textio.encoding import AUTO, CodePageSigns, choose, created_decoder, label
from auditor.textio.csvsplit import Span, open_span
from auditor.textio.inputs import HashingReader, InputFile

__all__ = ["Column", "CsvTable", "NeedsSlowPath", "Span", "csv_header", "decode_head", "detect_encoding",
           "header_seen", "looked_for", "resolve_columns", "sniff_delimiter", "text_stream"]

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
    # UTF-8 or Excel's Windows-1252, by the bytes that are not ASCII (auditor.textio.encoding); a head of
    # ASCII is "utf-8" here, and the stream's decoder decides when it meets the first other byte.
    return choose(head, final=False) or "utf-8"


def decode_head(head: bytes, encoding: str = "") -> str:
    """`encoding`: detect_encoding(head), when the caller has it."""
    return head.decode(encoding or detect_encoding(head), errors="replace").lstrip("\ufeff")


def input_encoding(item: InputFile, head: bytes) -> str:
    """The encoding a CSV input is read in: detected, unless the user named one (--encoding) and the bytes do
    not say otherwise (a byte-order mark, UTF-16's NULs, valid UTF-8 beyond ASCII: a UTF-8 devices export beside
    a cp1251 apps export)."""
    detected = detect_encoding(head)
    if item.encoding is None or detected.startswith("utf-16") or detected == "utf-8-sig" or choose(head, False) == "utf-8":
        return detected
    return item.encoding


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


def csv_header(head_text: str) -> Tuple[Tuple[str, ...], str]:
    """The header cells of a decoded head (lower-cased, stripped; () when its first line is no CSV header) and
    the delimiter of that line."""
    first = head_text.split("\n", 1)[0].rstrip("\r")
    if not first or first.lstrip().startswith(("{", "[", "<")):
        return (), ","
    delimiter = sniff_delimiter(first)
    try:
        row = next(csv.reader([first], delimiter=delimiter))
    except (csv.Error, StopIteration):
        return (), delimiter
    return tuple(c.strip().lower() for c in row), delimiter


@dataclass(frozen=True)
class Column:
    """A logical column and the header names tools use for it (matched case-insensitively)."""

    field: str
    names: Tuple[str, ...]
    required: bool = False
    # Carries the device's owner (e-mail, UPN, user name): a table with owner columns and none of them found
    # would silently make every owner "unknown" (auditor.reading.owner_columns judges it across inputs).
    owner: bool = False
    # What is lost when this optional column is absent (a renamed ApplicationPublisher makes name matches
    # unconfirmable): said in a data-quality note naming the column and the header seen, never silently.
    effect: str = ""


def resolve_columns(header: Sequence[str], columns: Sequence[Column]) -> Tuple[Dict[str, int], List[str]]:
    """field -> index (-1 when absent), and a message for each missing required column."""
    index = {h.strip().lower(): i for i, h in reversed(list(enumerate(header)))}
    found: Dict[str, int] = {}
    missing = []
    for column in columns:
        pos = next((index[n.lower()] for n in column.names if n.lower() in index), -1)
        found[column.field] = pos
        if pos < 0 and column.required:
            missing.append(f"missing required column {column.names[0]!r} (looked for: {looked_for(column.names)})")
    return found, missing


def looked_for(names: Sequence[str]) -> str:
    return ", ".join(repr(n) for n in names)


def header_seen(header: Sequence[str], limit: int = 30) -> str:
    """The header as read, for a message that says which column is missing: the user sees what the file
    calls its columns (cells cut at 40 characters, at most `limit` of them)."""
    if not header or not any(h.strip() for h in header):
        return "header seen: (empty first line)"
    cells = [repr(h if len(h) <= 40 else h[:37] + "...") for h in header[:limit]]
    more = f", ... ({len(header)} columns)" if len(header) > limit else ""
    return "header seen: " + ", ".join(cells) + more


class NeedsSlowPath(Exception):
    """A fast path met what only the row-by-row path reports exactly (bytes that do not decode, a CSV error):
    the input is read again, from the start, by the reader's `read()`."""


def _fold_name(cell: "str | bytes") -> str:
    """A cell as header names are compared: text (UTF-8 bytes decoded), stripped, without a byte-order mark (where
    a second export begins), case-folded."""
    text = cell.decode("utf-8", "replace") if isinstance(cell, bytes) else cell
    return text.strip().lstrip("\ufeff").casefold()


class CsvTable:
    """Streams the rows of one CSV input, with the line each row starts on.

    `strict=True` decodes strictly and raises NeedsSlowPath where the default path would note U+FFFD or a
    malformed row in place (used by fast paths, which then fall back to the default path). With a `span`
    only those bytes of a plain file are read (see csvsplit); the header still comes from the file's
    first line, and the input is not hashed (the caller hashes the whole file once)."""

    def __init__(self, ctx: ReadContext, strict: bool = False, span: Optional[Span] = None,
                 encoding: Optional[str] = None) -> None:
        """`encoding`: the encoding the input is in (a mapping file's `encoding:`), instead of detecting it."""
        self.ctx = ctx
        self.strict = strict
        self.span = span
        self.tail = None  # the continuation past a span's end (csvsplit.Tail)
        errors = "strict" if strict else "fleet-auditor-replace"
        source = ctx.input.open() if span is None else _open_head(ctx)
        # A span's bytes are judged by no one here: the whole file's reader judges them (csvsplit).
        self._raw = HashingReader(source, CodePageSigns() if span is None else None, count_quotes=span is None)
        buffered = io.BufferedReader(self._raw, buffer_size=1 << 20)
        encoding = encoding or input_encoding(ctx.input, buffered.peek(1 << 16)[:1 << 16])
        self.encoding = encoding
        self._auto = None  # the decoder that chooses UTF-8 or Windows-1252 (read row by row, no BOM)
        # Fast paths of UTF-8 files split the bytes themselves (auditor.textio.csvlines): the header line is
        # then read from the bytes, and the text stream is only created over what follows it, unread.
        first_bytes = _first_line(buffered) if strict and encoding in ("utf-8", "utf-8-sig") else None
        self.binary: Optional[io.BufferedReader] = buffered if first_bytes is not None else None
        text_encoding = "utf-8" if first_bytes is not None else encoding  # the BOM is in the header's bytes
        if text_encoding == "utf-8" and not strict and span is None:
            text_encoding = AUTO
        self._text = io.TextIOWrapper(buffered, encoding=text_encoding, newline="", errors=errors)
        self._auto = created_decoder() if text_encoding == AUTO else None
        signs = self._raw.signs
        if signs is not None and (text_encoding == AUTO or label(text_encoding) == "windows-1252"):
            signs.foreign_possible, signs.decoder = True, self._auto
            signs.look_foreign(bytes(buffered.peek(1 << 20)))  # the bytes already read, before it was known
        if strict:
            self._text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]  # fewer decode calls (default 8 KB)
        self._replaced_before = _REPLACED[0]
        try:
            first = self._text.readline() if first_bytes is None else first_bytes.decode(encoding)
        except UnicodeDecodeError as exc:
            raise NeedsSlowPath(str(exc)) from exc
        self.header: List[str] = []
        self._delimiter = sniff_delimiter(first)
        if first.strip():
            self.header = next(csv.reader([first], delimiter=self._delimiter))
            self.header = [h.strip().lstrip("\ufeff") for h in self.header]
        # A record as wide as the header whose first cell names a column may be the header written again
        # (two exports joined into one file, `cat a.csv b.csv`): header_again() decides.
        self.padded = 0  # rows short of fields read with empty trailing cells (rows(pad_short=True))
        self.first_padded = 0
        self._names = frozenset(h.casefold() for h in self.header)
        self._folded = sorted(h.casefold() for h in self.header)
        self.sha256 = ""
        self.base_line = 1  # the line before the first data line
        if span is not None:
            self._text.close()
            self._text, self.tail = open_span(ctx.input.path, span, encoding, errors)
            self.base_line = span.skip
            # A span's text stream is unread unless lines were skipped.
            self.binary = self._text.buffer if self.binary is not None and not span.skip else None

    def columns(self, columns: Sequence[Column]) -> Optional[Dict[str, int]]:
        """field -> index; None (with the input failed, naming what is missing and the header seen) when a
        required column is missing. Owner columns all missing are recorded on the read context."""
        found, missing = resolve_columns(self.header, columns)
        if missing:
            self.ctx.fail("; ".join(missing) + "; " + header_seen(self.header), line=1)
            return None
        for c in columns:
            if c.effect and found[c.field] < 0:
                self.ctx.column_missing(f"no {c.field} column (looked for: {looked_for(c.names)}): {c.effect}; "
                                        f"{header_seen(self.header)}")
        owners = [c for c in columns if c.owner]
        if owners and all(found[c.field] < 0 for c in owners):
            names = [n for c in owners for n in c.names]
            self.ctx.lacks_owner_columns(f"no owner column (looked for: {looked_for(names)}); "
                                         f"{header_seen(self.header)}")
        return found

    @property
    def text(self) -> io.TextIOWrapper:
        """The decoded data lines (newline=""), for fast paths that split lines themselves."""
        return self._text

    @property
    def delimiter(self) -> str:
        return self._delimiter

    def reader(self, lines: Optional[Iterable[str]] = None) -> "csv._reader":
        """The bare csv.reader over the data lines (or over `lines`, the rest of them), for fast paths: its
        `line_num` counts lines from where it starts (plus the tail's probe lines past a span's end)."""
        lines = self._text if lines is None else lines
        lines = lines if self.tail is None else itertools.chain(lines, self.tail)
        return csv.reader(lines, delimiter=self._delimiter)

    def names_a_column(self, cell: "str | bytes") -> bool:
        """Whether a cell (text or UTF-8 bytes) is one of the header's names, as header_again() compares them: a
        record with any cell that is not cannot be the header written again."""
        return _fold_name(cell) in self._names

    def header_again(self, cells: Sequence[Any]) -> bool:
        """Whether a record as wide as the header (text or UTF-8 bytes) is the header written again: its cells
        are the header's names, in any order and letter case (a byte-order mark in the middle of a file, where
        a second export begins, is no part of its first name)."""
        if not cells or not self.names_a_column(cells[0]):
            return False
        return sorted(map(_fold_name, cells)) == self._folded

    def rows(self, pad_short: bool = False) -> Iterator[Tuple[int, List[str]]]:
        """(line, cells) of each record as wide as the header; a blank line (or one of empty cells only, as Excel
        leaves below a table) is no record, a malformed row or one of another width is skipped (reported).
        Strict: a malformed row, or bytes that do not decode, raise NeedsSlowPath instead (the input is then read
        again by the reader's read()). `pad_short`: a row short
        of fields is read with the missing trailing cells empty (exporters that leave trailing empty fields out),
        counted in `padded` with its first line in `first_padded`, for the caller to note."""
        width = len(self.header)
        ctx = self.ctx
        reader = csv.reader(self._text, delimiter=self._delimiter)
        line = 1  # the line the previous record ended on
        while True:  # a for loop over the reader, resumed after a malformed record
            try:
                for row in reader:
                    start, line = line + 1, 1 + reader.line_num
                    if _REPLACED[0] != self._replaced_before:
                        self._note_replacements(start, row)
                    if not any(row):
                        continue  # a blank line, or one of empty cells only (Excel's ",,,,"), is not a record
                    ctx.rows += 1
                    if len(row) != width:
                        if not (pad_short and len(row) < width):
                            ctx.skip(start, f"expected {width} fields, got {len(row)}")
                            continue
                        self.padded += 1
                        self.first_padded = self.first_padded or start
                        row += [""] * (width - len(row))
                    if self.header_again(row):
                        if [c.strip().lstrip("\ufeff").casefold() for c in row] != [h.casefold() for h in self.header]:
                            ctx.fail("the header again, its columns in another order (two exports joined into one "
                                     "file?): the rows after it would be read under the wrong columns; export it "
                                     "again as one file", line=start)
                            return
                        ctx.note(start, "the header again (two exports joined into one file?): not read as a record")
                        continue
                    yield start, row
                return
            except UnicodeDecodeError as exc:  # strict decoding only (the default path shows U+FFFD)
                raise NeedsSlowPath(str(exc)) from exc
            except csv.Error as exc:
                if self.strict:
                    raise NeedsSlowPath(str(exc)) from exc
                start, line = line + 1, 1 + reader.line_num
                ctx.rows += 1
                ctx.skip(start, f"malformed CSV: {exc}")

    def _note_replacements(self, line: int, row: List[str]) -> bool:
        """Reports the row holding undecodable bytes (decoding runs ahead of parsing, so look for them)."""
        found = sum(cell.count("\ufffd") for cell in row)
        if found:
            self._replaced_before += found
            self.ctx.note(line, f"invalid {self.encoding_used()} bytes shown as U+FFFD (mixed encodings?); "
                                "the row was audited as shown")
        return _REPLACED[0] != self._replaced_before

    def encoding_used(self) -> str:
        """The encoding the rows were read in, by its usual name (utf-8, windows-1252, utf-16le, ...)."""
        if self._auto is not None:
            return label(self._auto.chosen or "utf-8")
        return label(self.encoding)

    def close(self) -> None:
        """Closes the input and records its sha256 and encoding in the read context (a span's hash is the
        parent's job)."""
        try:
            self.ctx.encoding = self.encoding_used()
            if self.span is None:
                self.sha256 = self._raw.finish()
                self.ctx.quote_counts = self._raw.counted
            self.ctx.sha256 = self.sha256
            wrong = self._raw.signs.problem(self.ctx.encoding) if self._raw.signs is not None else None
            if wrong is not None:
                self.ctx.fail(wrong)
        finally:
            self._text.close()
            self._raw.close()
            if self.tail is not None:
                self.tail.close()


def _first_line(buffered: io.BufferedReader) -> Optional[bytes]:
    """The bytes of the first line, as a text stream with newline="" ends it (CR, LF or CRLF), read from
    `buffered`; None, with nothing read, when it does not end within the first 64 KB."""
    head = buffered.peek(1 << 16)[: 1 << 16]
    ends = [at for at in (head.find(b"\r"), head.find(b"\n")) if at >= 0]
    if not ends:
        return None
    end = min(ends)
    if head[end:end + 1] == b"\r":
        if end + 1 == len(head):
            return None  # a CR at the edge of what was peeked: an LF may follow it
        if head[end + 1:end + 2] == b"\n":
            end += 1
    return buffered.read(end + 1)


def _open_head(ctx: ReadContext) -> "io.BufferedIOBase":
    """The first 64 KB of a plain file: enough for the header line of a span's file."""
    with open(ctx.input.path, "rb") as handle:
        return io.BytesIO(handle.read(65536))


def text_stream(ctx: ReadContext) -> Tuple[io.TextIOWrapper, HashingReader]:
    """A decoded text stream of the input (for JSON), hashed as it is read."""
    raw = HashingReader(ctx.input.open())
    buffered = io.BufferedReader(raw, buffer_size=1 << 20)
    encoding = detect_encoding(buffered.peek(4096)[:4096])
    ctx.encoding = label(encoding)
    return io.TextIOWrapper(buffered, encoding=encoding), raw
