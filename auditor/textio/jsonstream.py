"""Streaming the records of a large JSON export without holding the file in memory.

Handles what the tools write: a top-level array, an object whose array under a known key holds the
records (Graph's `value`, paged APIs' `results`...), and concatenated objects (`fleetctl --json`)."""
from __future__ import annotations

import json
from typing import Any, Collection, Dict, Iterator, Optional, TextIO, Tuple

MAX_ITEM_CHARS = 64 * 1024 * 1024
_CHUNK = 1 << 16
_WS = " \t\r\n"


class JsonStreamError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at character {offset})")
        self.offset = offset


class _Scanner:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buf = ""
        self._pos = 0
        self._base = 0  # characters dropped from the front of the buffer
        self._eof = False
        self._decoder = json.JSONDecoder()

    @property
    def offset(self) -> int:
        return self._base + self._pos

    def _fill(self, need: int = 1) -> bool:
        """Reads until at least `need` characters follow the position (or the end of the input); False when
        nothing more could be read. The buffer is joined once per call, not once per block."""
        if self._eof:
            return False
        parts = [self._buf[self._pos:]]
        have = len(parts[0])
        target = max(need, have + 1)
        while have < target:
            chunk = self._stream.read(max(_CHUNK, target - have))
            if not chunk:
                self._eof = True
                break
            parts.append(chunk)
            have += len(chunk)
        if len(parts) == 1:
            return False
        self._base += self._pos
        self._buf = "".join(parts)
        self._pos = 0
        return True

    def peek(self) -> str:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WS:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            found = self.peek() or "end of file"
            raise JsonStreamError(f"expected {char!r}, found {found!r}", self.offset)
        self._pos += 1

    def value(self) -> Any:
        """The next JSON value. A value the buffer does not hold whole is parsed again once the buffer holds
        twice as much (not one block more): the parsing work is linear in the value's size, whatever it is."""
        self.peek()
        while True:
            try:
                obj, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                available = len(self._buf) - self._pos
                if available > MAX_ITEM_CHARS:
                    raise JsonStreamError("a single record is larger than 64 MB", self.offset) from None
                if self._fill(min(max(2 * available, available + _CHUNK), MAX_ITEM_CHARS + 1)):
                    continue
                raise JsonStreamError(f"invalid or truncated JSON: {exc.msg}", self._base + exc.pos) from None
            except RecursionError:
                raise JsonStreamError("JSON nested too deeply", self.offset) from None
            except ValueError as exc:  # not a JSONDecodeError: an integer of more than 4300 digits
                raise JsonStreamError(f"invalid JSON value: {str(exc).split(';')[0]}", self.offset) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end >= len(self._buf) and not self._eof and self._fill():
                continue
            self._pos = end
            return obj


# A paged API's page says where it stands: Jamf's totalCount, Graph's @odata.nextLink, Google's nextPageToken,
# Workspace ONE's Total (auditor.reading.paging judges them across the pages given).
PAGING_KEYS = frozenset({"totalCount", "@odata.nextLink", "nextPageToken", "Total"})


def iter_records(stream: TextIO, array_keys: Collection[str],
                 paging: Optional[Dict[str, Any]] = None) -> Iterator[Tuple[str, Any, bool]]:
    """(json_path, value, is_record): records of the top-level array or of a top-level key in
    `array_keys`; other top-level values are yielded with is_record False (metadata such as dates).
    paging: filled with the first top-level object's PAGING_KEYS values."""
    scan = _Scanner(stream)
    index = 0
    while scan.peek():
        prefix = "$" if index == 0 else f"$<{index}>"
        first = scan.peek()
        if first == "[":
            yield from _array(scan, prefix)
        elif first == "{":
            scan.take("{")
            if scan.peek() == "}":
                scan.take("}")
            else:
                while True:
                    key = scan.value()
                    if not isinstance(key, str):
                        raise JsonStreamError("expected an object key", scan.offset)
                    scan.take(":")
                    if key in array_keys and scan.peek() == "[":
                        yield from _array(scan, f"{prefix}.{key}")
                    else:
                        value = scan.value()
                        if paging is not None and index == 0 and key in PAGING_KEYS:
                            paging[key] = value
                        yield f"{prefix}.{key}", value, False
                    if scan.peek() == ",":
                        scan.take(",")
                        continue
                    scan.take("}")
                    break
        else:
            raise JsonStreamError(f"expected a JSON object or array, found {first!r}", scan.offset)
        index += 1


def _array(scan: _Scanner, path: str) -> Iterator[Tuple[str, Any, bool]]:
    scan.take("[")
    if scan.peek() == "]":
        scan.take("]")
        return
    i = 0
    while True:
        yield f"{path}[{i}]", scan.value(), True
        i += 1
        if scan.peek() == ",":
            scan.take(",")
            continue
        scan.take("]")
        return
