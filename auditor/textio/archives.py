"""ZIP files among the inputs: which members are read, and which are refused, each with a named problem.

An export may be zipped (Intune's report jobs download as ZIP); a ZIP may also be a bomb, damaged, made by a
tool that encrypts or uses a method zipfile lacks, or not an export at all (an Office document is a ZIP).
Everything is decided from the central directory and the local headers, before a byte is inflated:

- an Office document (`[Content_Types].xml`, an OpenDocument `mimetype`): one problem for the file;
- members that overlap (share compressed data: David Fifield's "better zip bomb") refuse the archive;
- an encrypted member, a member compressed with a method zipfile cannot inflate (Deflate64, PPMd, ...),
  a member without a name: that member is not read;
- the bytes the members inflate to are capped per member, per archive and per run (a member cannot inflate
  past the size its header declares: zipfile stops there and then checks the CRC-32).
A member that turns out damaged while it is read (bad CRC-32, truncated data) raises UnreadableInput."""
from __future__ import annotations

import re
import struct
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, List, Optional, Tuple

from auditor.textio.filekind import EXPORT_AS_CSV, office_document
from auditor.textio.names import shown

# A member that inflates more than this, or past this ratio, is treated as a zip bomb.
MAX_MEMBER_BYTES = 8 * 1024 ** 3
MAX_RATIO = 400
# A ZIP of more members than this is a bomb of another kind (each member is one input); the rest are
# reported, not read. Paginated exports hold hundreds of pages, not tens of thousands.
MAX_MEMBERS = 10_000
GIB = 1024 ** 3
# Methods zipfile inflates; the others are named when a member uses them.
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_METHODS = {1: "Shrink", 2: "Reduce", 3: "Reduce", 4: "Reduce", 5: "Reduce", 6: "Implode", 9: "Deflate64",
            10: "PKWARE Implode", 18: "IBM TERSE", 19: "IBM LZ77", 93: "Zstandard", 94: "MP3", 95: "xz",
            96: "JPEG", 97: "WavPack", 98: "PPMd", 99: "AES encryption"}
REPACK = "re-pack it as an ordinary ZIP (Deflate, no password) or give the export unzipped"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
               RuntimeError, struct.error, IndexError, KeyError)


@dataclass(frozen=True)
class InflateLimits:
    """What the ZIP members of one run may inflate to (auditor.yaml: inputs.max_inflated_bytes)."""

    per_archive: int = 16 * GIB
    per_run: int = 64 * GIB


class InflateBudget:
    """The bytes the run's archives may still inflate to; one per input plan."""

    def __init__(self, limits: InflateLimits) -> None:
        self.limits = limits
        self.used = 0


class UnreadableInput(OSError):
    """An input that cannot be read to its end (a damaged ZIP member): reported like any unreadable file."""


@dataclass(frozen=True)
class Member:
    name: str  # as zipfile knows it (opens it)
    display: str  # archive!member, as shown
    size: int


Problem = Callable[[str, str], None]


def zip_members(path: Path, display: str, problem: Problem, budget: InflateBudget,
                excluded: Callable[[str, str], bool]) -> List[Member]:
    """The members of one ZIP file that are read; every other one is reported through `problem`, or
    through `excluded(member display, member path)` (True when a pattern excludes it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            document = _office(archive, infos)
            if document is not None:
                problem(display, f"{document}: {EXPORT_AS_CSV} (not read)")
                return []
            overlap = _overlap(path, infos, getattr(archive, "start_dir", None))
    except _ZIP_ERRORS as exc:
        problem(display, f"not a readable ZIP file: {exc}")
        return []
    if overlap:
        problem(display, f"refused: {overlap} (a zip bomb: members that share compressed data inflate "
                         "without limit); nothing in it was read")
        return []
    candidates = []
    for position, info in enumerate(infos):
        if not info.filename:
            problem(f"{display}!(member {position + 1})", f"a ZIP member with an empty name: not read; {REPACK}")
            continue
        if info.filename.endswith("/"):
            continue  # a folder entry
        candidates.append(info)
    if len(candidates) > MAX_MEMBERS:
        problem(display, f"holds {len(candidates)} files; only the first {MAX_MEMBERS} (by name) were read")
    counts = Counter(m.filename for m in candidates)
    for name, count in sorted(counts.items()):
        if count > 1:  # archive.open(name) reaches only the last of several members with one name
            problem(f"{display}!{shown(name)}", f"{count} members have this name; only the last one was read")
    unique = sorted({m.filename: m for m in candidates}.values(), key=lambda m: m.filename)[:MAX_MEMBERS]
    out: List[Member] = []
    over_archive: List[str] = []
    over_run: List[str] = []
    archive_total = 0
    for info in unique:
        member_display = f"{display}!{shown(info.filename)}"
        if excluded(member_display, info.filename):
            continue
        refusal = _refusal(info)
        if refusal:
            problem(member_display, refusal)
            continue
        if archive_total + info.file_size > budget.limits.per_archive:
            over_archive.append(member_display)
            continue
        if budget.used + info.file_size > budget.limits.per_run:
            over_run.append(member_display)
            continue
        archive_total += info.file_size
        budget.used += info.file_size
        out.append(Member(info.filename, member_display, info.file_size))
    for refused, limit, key, what in ((over_archive, budget.limits.per_archive, "per_archive", "per archive"),
                                      (over_run, budget.limits.per_run, "per_run", "per run")):
        if refused:
            problem(display, f"{len(refused)} members not read ({_names(refused)}): they would inflate past the "
                             f"limit {what} of {_size(limit)} (inputs.max_inflated_bytes.{key} in auditor.yaml)")
    if not candidates:
        problem(display, "ZIP file contains no files")
    return out


def _refusal(info: zipfile.ZipInfo) -> Optional[str]:
    """Why one member is not read, decided from its header."""
    if info.flag_bits & 0x1 or info.compress_type == 99:
        return f"an encrypted (password-protected) ZIP member: not read; {REPACK}"
    if info.compress_type not in _READABLE:
        method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
        return f"compressed with {method}, which this tool cannot inflate: not read; {REPACK}"
    if info.file_size > MAX_MEMBER_BYTES or (
            info.compress_size and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 64 * 1024 ** 2):
        return (f"refused: inflates to {info.file_size} bytes from {info.compress_size} "
                "(zip bomb protection)")
    return None


def _office(archive: zipfile.ZipFile, infos: List[zipfile.ZipInfo]) -> Optional[str]:
    names = {i.filename for i in infos}
    mimetype = b""
    if "mimetype" in names:
        info = archive.getinfo("mimetype")
        if info.compress_type in _READABLE and not info.flag_bits & 0x1 and info.file_size < 200:
            with archive.open(info) as handle:
                mimetype = handle.read(200)
    return office_document(names, mimetype)


def _overlap(path: Path, infos: List[zipfile.ZipInfo], directory_start: Optional[int]) -> Optional[str]:
    """Two members whose compressed data overlap, or a member that runs into the central directory."""
    spans: List[Tuple[int, int, str]] = []
    with open(path, "rb") as handle:
        for info in sorted(infos, key=lambda i: i.header_offset):
            handle.seek(info.header_offset)
            header = handle.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                continue  # no local header there: zipfile refuses the member when it is opened
            name_size, extra_size = struct.unpack("<HH", header[26:30])
            start = info.header_offset
            spans.append((start, start + 30 + name_size + extra_size + info.compress_size, info.filename))
    for (start, end, name), (next_start, _, next_name) in zip(spans, spans[1:]):
        if next_start < end:
            return f"members {shown(name)!r} and {shown(next_name)!r} overlap"
    if spans and directory_start is not None and spans[-1][1] > directory_start:
        return f"member {shown(spans[-1][2])!r} overlaps the archive's directory"
    return None


def open_member(path: Path, archive: zipfile.ZipFile, name: str) -> BinaryIO:
    """A member's bytes; a damaged member raises UnreadableInput (when opened or while read)."""
    try:
        return _Guarded(archive.open(name))  # type: ignore[return-value]
    except _ZIP_ERRORS as exc:
        raise UnreadableInput(f"damaged ZIP member: {_zip_error(exc)}") from None


class _Guarded:
    """A ZIP member's stream whose read errors (bad CRC-32, truncated data) are UnreadableInput."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw

    def read(self, size: int = -1) -> bytes:
        try:
            return self._raw.read(size)
        except _ZIP_ERRORS as exc:
            raise UnreadableInput(f"damaged ZIP member: {_zip_error(exc)}") from None

    def readinto(self, buffer: "bytearray | memoryview") -> int:
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> "_Guarded":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _zip_error(exc: BaseException) -> str:
    text = str(exc)
    if "CRC-32" in text or "CRC" in text:
        return "its CRC-32 does not match its content (the archive is damaged); re-export it"
    if isinstance(exc, EOFError):
        return "its compressed data ends early (the archive is truncated); re-export it"
    return f"{text or type(exc).__name__}; re-export it"


_UNITS = {"": 1, "b": 1, "kb": 1024, "kib": 1024, "mb": 1024 ** 2, "mib": 1024 ** 2, "gb": GIB, "gib": GIB,
          "tb": 1024 * GIB, "tib": 1024 * GIB}


def parse_size(value: object) -> Optional[int]:
    """8 GB, 500 MB, 12 MiB, 1048576 (bytes) -> bytes; None when it is not a size."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", str(value))
    if match is None or match.group(2).lower() not in _UNITS:
        return None
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _names(displays: List[str]) -> str:
    shown_names = [d.rsplit("!", 1)[-1] for d in displays[:3]]
    return ", ".join(shown_names) + (", ..." if len(displays) > 3 else "")


def _size(count: int) -> str:
    for unit, size in (("GiB", GIB), ("MiB", 1024 ** 2), ("KiB", 1024)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count} bytes"
