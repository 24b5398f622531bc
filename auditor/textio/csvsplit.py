"""Splitting one large CSV file into byte ranges that worker processes parse in parallel, exactly.

A quoted field may hold newlines, so a newline byte is not always the end of a record, and no fast
pre-scan can tell which newline is (a quote inside an unquoted field is data for the csv module). So
correctness never depends on a guess:

1. Split points are just after a newline byte (never inside a UTF-8 sequence, never inside CRLF).
2. Each worker parses its span as if it began at a record start, and reads past its end only to finish
   the record it is in. It knows whether it is in one by feeding the csv reader an empty *probe line*
   before each line past the end: at a record boundary the csv module turns an empty line into an empty
   row (the span is done); inside a quoted field it is a no-op (the record goes on). The worker reports
   how many lines of the next span its last record used (`straddle`, 0 when it ended exactly at the end).
3. The caller checks the chain in order: span 0 starts at a real record start; span k+1 started at one
   exactly when span k's straddle is 0. Otherwise span k+1 is parsed again, skipping that many lines, from
   what is then known to be a record start. From a common record start both parses are identical, so the
   result is the sequential parse, whatever the file holds; a record across a split point costs one more
   parse of one span, never a wrong answer.

Line numbers stay file-absolute: a worker reports lines relative to its span, and how many lines its
span holds; the caller adds the lines of the header and of the spans before."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List, Optional, Tuple


@dataclass(frozen=True)
class Span:
    """Lines of one plain CSV file read by one worker: bytes [start, end) of the data after the header.

    `start` and `end` are just after a newline byte. `skip` lines are passed over first (the record that
    straddles the previous span's end, as that span reported). Line numbers inside a span are relative to
    its first line; the caller adds the lines of the spans before it."""

    start: int
    end: int
    skip: int = 0


# Smaller files are read by one process: a split costs a process start and one pickled result.
MIN_SPLIT_BYTES = 16 * 1024 * 1024
_PROBE = ""


class _Range(io.RawIOBase):
    """Bytes [start, end) of a file."""

    def __init__(self, path: Path, start: int, end: Optional[int]) -> None:
        self._file = open(path, "rb")
        self._file.seek(start)
        self._left = None if end is None else end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        want = len(buffer) if self._left is None else min(len(buffer), self._left)
        if want <= 0:
            return 0
        n = self._file.readinto(memoryview(buffer)[:want])
        if self._left is not None:
            self._left -= n
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


def _text(path: Path, start: int, end: Optional[int], encoding: str, errors: str) -> io.TextIOWrapper:
    # A BOM is only at the start of the file, which belongs to the header.
    encoding = "utf-8" if encoding == "utf-8-sig" else encoding
    text = io.TextIOWrapper(io.BufferedReader(_Range(path, start, end), buffer_size=1 << 20),
                            encoding=encoding, newline="", errors=errors)
    text._CHUNK_SIZE = 1 << 16  # type: ignore[attr-defined]  # fewer decode calls (default 8 KB)
    return text


class Tail:
    """The lines after a span's end, each preceded by a probe line (see the module docstring)."""

    def __init__(self, path: Path, start: int, encoding: str, errors: str) -> None:
        self._args = (path, start, encoding, errors)
        self._text: Optional[io.TextIOWrapper] = None
        self.probes = 0  # probe lines handed to the csv reader (they count in its line_num)
        self.lines = 0  # real lines of the next span handed to it
        self.skipped = 0  # lines of this span skipped before parsing (Span.skip)
        self.whole = True  # False when the skip ran past this span's end
        self._iter = self._lines()

    def __iter__(self) -> "Tail":
        return self

    def __next__(self) -> str:
        return next(self._iter)

    def _lines(self) -> Iterator[str]:
        self._text = _text(*self._args[:2], None, *self._args[2:])
        for line in self._text:
            self.probes += 1
            yield _PROBE
            self.lines += 1
            yield line

    @property
    def past_end(self) -> bool:
        return self.probes > 0

    def close(self) -> None:
        if self._text is not None:
            self._text.close()


def open_span(path: Path, span: Span, encoding: str, errors: str) -> Tuple[io.TextIOWrapper, Tail]:
    text = _text(path, span.start, span.end, encoding, errors)
    tail = Tail(path, span.end, encoding, errors)
    for _ in range(span.skip):
        if not text.readline():  # the same line breaks as the csv reader's (newline="")
            # The record of an earlier span runs through this whole span: no record starts here, and
            # the rest of the skip belongs to the next span.
            tail.whole = False
            break
        tail.skipped += 1
    return text, tail


def can_split(path: Path, encoding: str) -> Optional[int]:
    """The byte offset where the data starts (after the header line), or None when the file is not split:
    too small, not UTF-8, or a header line that does not end in LF or CRLF within 64 KB (the spans' line
    numbers count one header line)."""
    if encoding not in ("utf-8", "utf-8-sig"):
        return None
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            head = handle.read(65536)
    except OSError:
        return None
    newline = head.find(b"\n")
    if size < MIN_SPLIT_BYTES or newline < 0:
        return None
    if b"\r" in head[:newline][:-1]:  # only CRLF's own CR may precede the LF
        return None  # a bare CR ends the header earlier (newline=""): the data would not start at this LF
    return newline + 1


def split_points(path: Path, start: int, parts: int) -> List[Span]:
    """About equal spans of [start, size), each ending just after a newline byte."""
    size = os.path.getsize(path)
    bounds = [start]
    with open(path, "rb") as handle:
        for k in range(1, parts):
            target = max(bounds[-1], start + (size - start) * k // parts)
            handle.seek(target)
            while True:
                block = handle.read(65536)
                if not block:
                    target = size
                    break
                at = block.find(b"\n")
                if at >= 0:
                    target += at + 1
                    break
                target += len(block)
            if target < size and target > bounds[-1]:
                bounds.append(target)
    bounds.append(size)
    return [Span(a, b) for a, b in zip(bounds, bounds[1:])]
