"""A CSV export cut before its end (a copy, an upload or a disk that stopped mid-file).

The evidence, read from the file's last bytes after the readers are done (so every read path, the fast
ones and the split ones included, is judged the same way): the file does not end with a line ending AND
its last line, parsed alone, is a record that is not whole: fewer fields than the header, or a quoted field
that never closes. A file that merely lacks a final newline after a whole record is not cut. A cut that
falls exactly on a line ending leaves no trace in the file and cannot be told from a short export.

A quote opened and never closed swallows the rest of the file into one field, whatever the file's last byte
(a stray quote in an app name): `open_quote` finds the record that runs to the end of the file inside an open
quoted field. Candidates: the last record the reader skipped (a quote opened before the last field leaves
the record short), and, when the file holds an odd number of quote characters, the file's last record (a
quote opened in the last field leaves a record of the right length). Either is then parsed alone, strictly:
only a record still inside a quote at the end of the file is reported.

JSON cut early fails its parser (auditor.textio.jsonstream), and XML its parser: only CSV needs this."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import BinaryIO, Collection, Iterator, Optional, Sequence, Tuple

from auditor.textio.inputs import InputFile, QuoteCounts

__all__ = ["CsvEnd", "CutRecord", "OpenQuote", "csv_end", "cut_record", "open_quote"]

_TAIL = 1 << 16  # the bytes read from the end of a plain file (a record longer than this is not judged)


@dataclass(frozen=True)
class CutRecord:
    line: int  # the line the cut record starts on (1-based)
    fields: int  # the fields it holds (a quoted field left open counts as one)
    expected: int  # the header's fields
    unterminated: bool  # it ends inside a quoted field

    def message(self) -> str:
        how = "inside a quoted field" if self.unterminated else f"after {self.fields} of its {self.expected} fields"
        return (f"the file was cut: it ends without a line ending, {how} of its last record (line {self.line}); "
                "the rows after the cut are missing, so the run is incomplete: copy or export the file again")


@dataclass(frozen=True)
class CsvEnd:
    """What judging a CSV input's end needs of its head, as format detection read it (the head is not read
    again): the codec its last bytes decode with, the header's fields and the delimiter."""

    codec: str
    fields: int
    delimiter: str


def csv_end(head: bytes, encoding: str, header: Sequence[str], delimiter: str) -> CsvEnd:
    """From detection: the input's first bytes (a UTF-16 byte-order mark says which end is first), the encoding
    they were decoded as (textio.csvtable.detect_encoding), the header cells and delimiter found in them."""
    if encoding.startswith("utf-16"):
        big = encoding == "utf-16-be" or (encoding == "utf-16" and head[:2] == codecs.BOM_UTF16_BE)
        codec = "utf-16-be" if big else "utf-16-le"
    else:
        codec = "utf-8" if encoding.startswith("utf-8") else encoding
    return CsvEnd(codec, len(header), delimiter)


def cut_record(item: InputFile, skipped_lines: Collection[int], end: CsvEnd) -> Optional[CutRecord]:
    """The cut last record of a CSV input, or None (a whole file, or not CSV). `skipped_lines`: the lines of
    the records the reader skipped (too few fields, malformed): a short last line is a cut only when the
    reader skipped it too, so that the end of a quoted field spanning lines is never taken for a cut.
    `end`: what detection read of the input's head (csv_end)."""
    if end.fields < 2:
        return None
    try:
        with item.open() as handle:
            if item.member is None and item.size > _TAIL:
                handle.seek(item.size - _TAIL)
                tail = handle.read()
            else:  # a small file, or a ZIP member (it streams): read to its end, keeping the last bytes
                tail = b""
                for chunk in _chunks(handle):
                    tail = (tail + chunk)[-_TAIL:]
    except Exception:  # noqa: BLE001 - an unreadable file is the reader's problem, reported by it
        return None
    if len(tail) < 2:
        return None
    if end.codec.startswith("utf-16") and len(tail) % 2:
        tail = tail[1:]  # a tail that starts mid code unit
    text = tail.decode(end.codec, errors="replace")
    if text.endswith(("\n", "\r")) or ("\n" not in text and "\r" not in text):
        return None  # ends with a line ending; or one line only / a record longer than the tail: not judged
    last = text.rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]
    unterminated = _ends_quoted(last, end.delimiter)
    try:
        row = next(csv.reader([last], delimiter=end.delimiter))
    except (csv.Error, StopIteration):
        row = []
    if len(row) >= end.fields and not unterminated:
        return None  # a whole record without a final line ending
    line = _line_of_last(item)
    if len(row) >= end.fields or line in skipped_lines:
        # All its fields but the last, which a quote opens and nothing closes (the reader kept it, cut); or a
        # record the reader skipped as short.
        return CutRecord(line, len(row), end.fields, unterminated)
    return None


def _ends_quoted(line: str, delimiter: str) -> bool:
    """Whether a line, read alone, ends inside a quoted field: a quote that starts a field opens it, "" inside
    it is a quote, and a quote elsewhere is text (the end of a field that began on an earlier line)."""
    quoted, start, at = False, True, 0
    while at < len(line):
        char = line[at]
        if quoted:
            if char == '"':
                if line[at + 1:at + 2] == '"':
                    at += 1
                else:
                    quoted = False
        elif char == '"' and start:
            quoted = True
        start = not quoted and char == delimiter
        at += 1
    return quoted


def _line_of_last(item: InputFile) -> int:
    """The number of the last line: line endings counted, only for a file whose end looks cut."""
    return _line_endings(item)[0] + 1


def _line_endings(item: InputFile) -> Tuple[int, bytes]:
    """The file's line endings (LF, CR or CRLF, as the csv module ends lines) and its last byte."""
    count = 0
    previous_cr = False
    last = b""
    with item.open() as handle:
        for chunk in _chunks(handle):
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if previous_cr and chunk[:1] == b"\n":
                count -= 1  # a CRLF split across chunks
            previous_cr, last = chunk[-1:] == b"\r", chunk[-1:]
    return count, last


@dataclass(frozen=True)
class OpenQuote:
    line: int  # the line the record whose quote never closes starts on (1-based)
    swallowed: int  # the lines after it read into that one field

    def message(self) -> str:
        return (f"a quote opened in the record on line {self.line} never closes: the {self.swallowed} lines after it "
                "were read as one field, so their rows were not audited and the run is incomplete; fix the quote "
                "(a stray \" in a name) or export the file again")


def open_quote(item: InputFile, skipped_lines: Collection[int], end: CsvEnd,
               counted: Optional[QuoteCounts] = None) -> Optional[OpenQuote]:
    """The record that runs to the end of a CSV input inside a quoted field, or None. `end`: what detection
    read of the input's head (csv_end). `counted`: the file's quotes as its reader counted them while hashing it
    (the file is then not read again for them)."""
    try:
        quotes = counted.quotes if counted is not None else _count_quotes(item)
        encoding, delimiter = end.codec, end.delimiter
        candidates = sorted({max(skipped_lines)} if skipped_lines else set())
        if quotes % 2:
            candidates.append(_last_record_line(item, encoding, delimiter))
        for line in dict.fromkeys(candidates):
            if line > 1 and _runs_open_to_end(item, encoding, delimiter, line):
                return OpenQuote(line, _physical_lines(item) - line)
    except Exception:  # noqa: BLE001 - an unreadable file is the reader's problem, reported by it
        return None
    return None


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    """An open input's bytes to its end, a megabyte at a time."""
    while True:
        chunk = handle.read(1 << 20)
        if not chunk:
            return
        yield chunk


def _count_quotes(item: InputFile) -> int:
    counted = QuoteCounts()
    with item.open() as handle:
        for chunk in _chunks(handle):
            counted.add(chunk)
    return counted.quotes


def _physical_lines(item: InputFile) -> int:
    """Lines, the last one without its line ending too: counted only for a file with a quote open at its end."""
    endings, last = _line_endings(item)
    return endings + (0 if last in (b"\n", b"\r", b"") else 1)


def _text_lines(item: InputFile, encoding: str) -> Iterator[str]:
    with item.open() as handle:
        text = io.TextIOWrapper(handle, encoding=_codec(encoding), errors="replace", newline="")
        yield from text


def _codec(encoding: str) -> str:
    return "utf-8-sig" if encoding.startswith("utf-8") else encoding  # (a byte-order mark is not text)


def _last_record_line(item: InputFile, encoding: str, delimiter: str) -> int:
    """The line the file's last record starts on (records parsed leniently, as the readers do)."""
    reader = csv.reader(_text_lines(item, encoding), delimiter=delimiter)
    start, ended = 1, 0
    for _ in reader:
        start, ended = ended + 1, reader.line_num
    return start


def _runs_open_to_end(item: InputFile, encoding: str, delimiter: str, line: int) -> bool:
    """Whether the record on this line, parsed alone to the end of the file, ends inside a quoted field."""
    lines = _text_lines(item, encoding)
    for _ in zip(range(line - 1), lines):
        pass
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        next(reader, None)
    except csv.Error as exc:
        return "unexpected end of data" in str(exc)
    return False
