"""Which text encoding an export is in, when it does not say (no BOM).

Tools write UTF-8; Excel's "CSV (Comma delimited)" writes the Windows code page: Windows-1252 in the
Americas and Western Europe. A Windows-1252 file read as UTF-8 gives one "invalid UTF-8" problem per
row with an accented name. The two agree on ASCII, so the decision waits for the first bytes that are not
ASCII, wherever they are in the file (the header and the first thousand rows are often plain ASCII):

- valid UTF-8 there, or bytes that are not UTF-8 beside UTF-8 sequences (a file of mixed encodings):
  UTF-8, with the bytes that do not decode shown as U+FFFD and reported per row;
- bytes that are not UTF-8, no UTF-8 sequence among them and none of the five bytes Windows-1252 leaves
  undefined: Windows-1252 (the file says which encoding it was read in: the source summary's `encoding`).

Two signs that an export went through the wrong code page before it reached us (`CodePageSigns`, found while
its bytes are read, per piece of 256 KB, never per row):
- four or more letters in a row from Windows-1252's accented range (`Ëàáîðàòîðèÿ`): Western text has one or
  two between ASCII letters, while a Cyrillic (Windows-1251) or Greek word read as Windows-1252 is all of them
  (in UTF-8 these bytes never follow each other);
- a field of question marks only (`??`, `?? ???`): Excel's "CSV (Comma delimited)" in a Western locale writes
  `?` for every character its code page lacks (Chinese app names), and the name is lost.
Either makes the names unreadable, and a banned app's name among them unmatched: re-export as CSV UTF-8.

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


_FOREIGN_RUN = re.compile(rb"[\xc0-\xd6\xd8-\xf6\xf8-\xff]{4,}")
_LOST_HINT = re.compile(rb"\?\?")
# Bytes 0xC0-0xFF but × and ÷ as 1, every other byte as 0: four 1s in a row are a foreign run.
_ACCENTED = bytes(1 if 0xC0 <= b <= 0xFF and b not in (0xD7, 0xF7) else 0 for b in range(256))
# A CSV field or a JSON string of question marks only (and spaces between words).
_LOST_FIELD = re.compile(rb'(?:^|[,;\t|:])[ \t]*"?\?{2,}(?:[ \t]+\?+)*"?[ \t]*(?=[,;\t|}\r\n]|$)', re.M)
SAMPLES = 3


class CodePageSigns:
    """What the bytes of one input say about a wrong code page (see the module docstring)."""

    def __init__(self) -> None:
        self.foreign: List[str] = []  # runs of accented letters, as Windows-1252 shows them
        self.lost = 0  # fields of question marks only
        self.single_byte: Optional[bool] = None  # decided by the first chunk: UTF-16 bytes mean other things
        # Runs of accented letters are looked for only in text read as Windows-1252, or not yet decided (the
        # reader sets it once it knows the encoding): a UTF-8 file never has them, and never pays for the look.
        self.foreign_possible = False
        self.decoder: Optional["AutoDecoder"] = None  # the deciding decoder: UTF-8 chosen ends the look

    def look(self, data: "bytes | bytearray") -> None:
        """The next piece of the input's bytes (pieces of 256 KB, inputs.LOOKED_PIECE: a field cut between two is
        not seen).
        C-speed scans only (a memchr for '?', isascii, translate): a chunk costs a fraction of hashing it."""
        if self.single_byte is None:
            head = data[:4096]
            self.single_byte = not (head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                                    or head.count(0) > len(head) // 4)
        if not self.single_byte:
            return
        if b"?" in data and _LOST_HINT.search(data):
            self.lost += len(_LOST_FIELD.findall(data))
        if self.foreign_possible:
            self.look_foreign(data)

    def look_foreign(self, data: "bytes | bytearray") -> None:
        if len(self.foreign) >= SAMPLES or data.isascii() or (
                self.decoder is not None and self.decoder.chosen == "utf-8"):
            return
        mask = data.translate(_ACCENTED)
        at = mask.find(b"\x01\x01\x01\x01")
        looked = 0
        while at >= 0 and len(self.foreign) < SAMPLES and looked < 64:
            looked += 1
            match = _FOREIGN_RUN.match(data, at)
            seen = match.group().decode(WINDOWS_1252) if match else ""
            if seen and seen not in self.foreign:
                self.foreign.append(seen)
            at = mask.find(b"\x01\x01\x01\x01", at + max(4, len(seen)))

    def problem(self, encoding: str) -> Optional[str]:
        """The problem's message, or None. encoding: the encoding the input was read in (its label)."""
        if self.foreign and encoding in ("windows-1252", "utf-8"):
            shown = ", ".join(repr(s[:24]) for s in self.foreign)
            return (f"names read as {encoding} show runs of accented letters ({shown}): the file was written in "
                    "another code page (Cyrillic Windows-1251, Greek?), so its names cannot match; re-export it "
                    "as CSV UTF-8, or name its encoding (--encoding cp1251, inputs.encoding)")
        if self.lost:
            return (f"{self.lost} field{'s' if self.lost > 1 else ''} of question marks only ('??'): the file was "
                    "saved in a code page that lacks those characters (Excel \"CSV (Comma delimited)\"), and the "
                    "names are lost (a Chinese app name among them cannot match); re-export it as CSV UTF-8")
        return None


def check_encoding(name: str) -> Optional[str]:
    """Why a named encoding (--encoding, inputs.encoding) cannot be used, or None."""
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        return "not a text encoding Python knows (utf-8, cp1251, windows-1252, shift_jis, ...)"
    if not getattr(info, "_is_text_encoding", True):
        return "not a text encoding (utf-8, cp1251, windows-1252, shift_jis, ...)"
    return None


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
