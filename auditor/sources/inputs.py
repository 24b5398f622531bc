"""Turning the paths on the command line into input files: plain files, folders and ZIP members.

Each input is hashed while it is read (one pass), so a 1 GB export is never read twice."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Callable, List, Optional

# A member that inflates more than this, or past this ratio, is treated as a zip bomb.
MAX_MEMBER_BYTES = 8 * 1024 ** 3
MAX_RATIO = 400


@dataclass(frozen=True)
class InputFile:
    display: str  # path as the user gave it; ZIP members as archive.zip!member.csv
    path: Path
    member: Optional[str] = None
    size: int = 0
    mtime: float = 0.0
    # Set when the user forced a format (--source-format) or a mapping file names this input.
    forced_format: Optional[str] = None
    options: Any = None

    def open(self) -> BinaryIO:
        if self.member is None:
            return open(self.path, "rb")
        archive = zipfile.ZipFile(self.path)
        return _ClosingMember(archive, archive.open(self.member))


class _ClosingMember(io.RawIOBase):
    """A ZIP member stream that closes its archive too."""

    def __init__(self, archive: zipfile.ZipFile, stream: BinaryIO) -> None:
        self._archive = archive
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        self._archive.close()
        super().close()


class HashingReader(io.RawIOBase):
    """Passes bytes through and hashes them; `finish()` drains the rest so the hash covers the file."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self._hash.update(data)
        self.bytes_read += n
        return n

    def finish(self) -> str:
        while True:
            chunk = self._raw.read(1 << 20)
            if not chunk:
                break
            self._hash.update(chunk)
            self.bytes_read += len(chunk)
        return self._hash.hexdigest()

    def close(self) -> None:
        self._raw.close()
        super().close()


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def expand(paths: List[Path], problem: Callable[[str, str], None]) -> List[InputFile]:
    """Files, folders (recursively, sorted, hidden files skipped) and ZIP members, in a stable order.
    Anything unusable is reported through `problem(display, message)` and makes the run incomplete."""
    out: List[InputFile] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            if not files:
                problem(str(path), "folder contains no files")
            for file in files:
                out.extend(_expand_file(file, problem))
        elif path.exists():
            out.extend(_expand_file(path, problem))
        else:
            problem(str(path), "no such file or folder")
    return out


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _expand_file(path: Path, problem: Callable[[str, str], None]) -> List[InputFile]:
    try:
        stat = path.stat()
    except OSError as exc:
        problem(str(path), f"cannot read: {exc.strerror or exc}")
        return []
    if not os.access(path, os.R_OK):
        problem(str(path), "cannot read: permission denied")
        return []
    if not _is_zip(path):
        return [InputFile(str(path), path, None, stat.st_size, stat.st_mtime)]
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        problem(str(path), f"not a readable ZIP file: {exc}")
        return []
    out = []
    for member in sorted(members, key=lambda m: m.filename):
        display = f"{path}!{member.filename}"
        if member.file_size > MAX_MEMBER_BYTES or (
                member.compress_size and member.file_size / member.compress_size > MAX_RATIO
                and member.file_size > 64 * 1024 ** 2):
            problem(display, f"refused: inflates to {member.file_size} bytes from {member.compress_size} "
                             "(zip bomb protection)")
            continue
        out.append(InputFile(display, path, member.filename, member.file_size, stat.st_mtime))
    if not members:
        problem(str(path), "ZIP file contains no files")
    return out


def read_head(item: InputFile, size: int = 65536) -> bytes:
    with item.open() as handle:
        return handle.read(size)

