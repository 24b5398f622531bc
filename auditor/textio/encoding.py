"""Which text encoding an export is in, when it does not say (no BOM).

Tools write UTF-8; Excel's "CSV (Comma delimited)" writes the Windows code page: Windows-1252 in the
Americas and Western Europe. A Windows-1252 file read as UTF-8 gives one "invalid UTF-8" problem per
row with an accented name. The two agree on ASCII, so the decision waits for the first bytes that are not
ASCII, wherever they are in the file (the header and the first thousand rows are often plain ASCII):

- valid UTF-8 there, or bytes that are not UTF-8 beside UTF-8 sequences (a file of mixed encodings):
  UTF-8, with the bytes that do not decode shown as U+FFFD and reported per row;
- bytes that are not UTF-8, no UTF-8 sequence among them and none of the five bytes Windows-1252 leaves
  undefined: Windows-1252 (the file says which encoding it was read in: the source summary's `encoding`).

`AUTO` is a codec name (registered here) whose decoder makes that decision while the file is read; the
decoder a text stream was made with says what it chose (`created_decoder`)."""
from __future__ import annotations

import codecs
import re
from typing import List, Optional, Tuple

AUTO = "x-fleet-auditor-utf-8-or-windows-1252"
WINDOWS_1252 = "cp1252"
# A UTF-8 sequence of two to four bytes (no overlong forms, no surrogates).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                            rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                            rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
# The five bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252 text.
_NOT_1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_LABELS = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf_8": "utf-8", "cp1252": "windows-1252",
           "windows-1252": "windows-1252", "utf-16": "utf-16", "utf-16-le": "utf-16le", "utf-16-be": "utf-16be"}


def choose(data: bytes, final: bool = True) -> Optional[str]:
    """"utf-8" or WINDOWS_1252 for bytes with non-ASCII bytes in them; None while they are all ASCII (or
    while the only non-ASCII bytes are a UTF-8 sequence cut at the end of a chunk that is not the last)."""
    if data.isascii():
        return None
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and not final and exc.start >= len(data) - 3:
            return None if data[:exc.start].isascii() else "utf-8"
    if _UTF8_SEQUENCE.search(data) or _NOT_1252.search(data):
        return "utf-8"  # mixed encodings, or bytes no text encoding here decodes: UTF-8, each bad row reported
    return WINDOWS_1252


def label(encoding: str) -> str:
    """The encoding's usual name, as the source summary shows it."""
    return _LABELS.get(encoding.lower(), encoding.lower())


class AutoDecoder(codecs.IncrementalDecoder):
    """UTF-8 or Windows-1252, chosen at the first chunk that holds a byte that is not ASCII."""

    def __init__(self, errors: str = "strict") -> None:
        super().__init__(errors)
        self.chosen: Optional[str] = None
        self._pending = b""  # an undecided chunk's tail: a UTF-8 sequence that may continue
        self._decoder: Optional[codecs.IncrementalDecoder] = None
        _CREATED.append(self)
        del _CREATED[:-1]

    def decode(self, input: bytes, final: bool = False) -> str:  # noqa: A002 - the codecs API's name
        if self._decoder is None:
            data = self._pending + bytes(input)
            chosen = choose(data, final)
            if chosen is None:
                if final or data.isascii():
                    self._pending = b""
                    return data.decode("ascii", self.errors) if data.isascii() else data.decode("utf-8", self.errors)
                cut = max(0, len(data) - 3)
                while cut < len(data) and data[cut] < 0x80:
                    cut += 1
                self._pending = data[cut:]
                return data[:cut].decode("ascii")
            self.chosen = chosen
            self._pending = b""
            self._decoder = codecs.getincrementaldecoder(chosen)(self.errors)
            return self._decoder.decode(data, final)
        return self._decoder.decode(input, final)

    def reset(self) -> None:
        self._pending = b""
        if self._decoder is not None:
            self._decoder.reset()

    def getstate(self) -> Tuple[bytes, int]:
        if self._decoder is not None:
            return self._decoder.getstate()
        return self._pending, 0

    def setstate(self, state: Tuple[bytes, int]) -> None:
        if self._decoder is not None:
            self._decoder.setstate(state)
        else:
            self._pending = state[0]


_CREATED: List[AutoDecoder] = []


def created_decoder() -> Optional[AutoDecoder]:
    """The AUTO decoder made last (by the text stream just opened: one reader runs at a time per process)."""
    return _CREATED[-1] if _CREATED else None


def _search(name: str) -> Optional[codecs.CodecInfo]:
    if name.replace("_", "-") != AUTO:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(name=AUTO, encode=utf8.encode, decode=utf8.decode, incrementaldecoder=AutoDecoder,
                            incrementalencoder=utf8.incrementalencoder, streamreader=utf8.streamreader,
                            streamwriter=utf8.streamwriter)


codecs.register(_search)
