"""Turning the paths on the command line into input files: plain files, folders and ZIP members.

Each input is hashed while it is read (one pass), so a 1 GB export is never read twice."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from collections import Counter, OrderedDict
from typing import Any, BinaryIO, Callable, List, Optional, Tuple

# A member that inflates more than this, or past this ratio, is treated as a zip bomb.
MAX_MEMBER_BYTES = 8 * 1024 ** 3
MAX_RATIO = 400
# A ZIP of more members than this is a bomb of another kind (each member is one input); the rest are
# reported, not read. Paginated exports hold hundreds of pages, not tens of thousands.
MAX_MEMBERS = 10_000


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
        return _archive(self.path).open(self.member)  # type: ignore[return-value]


# Parsed central directories, so that reading N members costs N, not N times the directory (a ZIP of
# 5,000 members took 90 s before). Keyed by process: a forked worker must not share a file offset.
_ARCHIVES: "OrderedDict[Tuple[int, str, int, int], zipfile.ZipFile]" = OrderedDict()
_OPEN_ARCHIVES = 4


def _archive(path: Path) -> zipfile.ZipFile:
    stat = path.stat()
    key = (os.getpid(), str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    archive = _ARCHIVES.get(key)
    if archive is None:
        archive = _ARCHIVES[key] = zipfile.ZipFile(path)
        while len(_ARCHIVES) > _OPEN_ARCHIVES:
            # Safe while a member is still open: ZipFile keeps its file until the last member closes.
            _ARCHIVES.popitem(last=False)[1].close()
    _ARCHIVES.move_to_end(key)
    return archive


class HashingReader(io.RawIOBase):
    """Passes bytes through and hashes them; `finish()` drains the rest so the hash covers the file."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "bytearray | memoryview") -> int:  # type: ignore[override]
        readinto = getattr(self._raw, "readinto", None)
        if readinto is None:
            data = self._raw.read(len(buffer))
            n = len(data)
            buffer[:n] = data
        else:  # no copy: a plain file (and a ZIP member) reads straight into the buffer
            n = readinto(buffer) or 0
        self._hash.update(memoryview(buffer)[:n])
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
            root = path.resolve()
            for file in files:
                if file.is_symlink() and not _inside(file.resolve(), root):
                    # Whoever can drop files in an inputs folder (an SFTP drop) must not make the audit
                    # read, quote or archive a file elsewhere on this machine. A path named on the
                    # command line may still be a symlink: the operator chose it.
                    problem(str(file), "not read: a symbolic link to a file outside the folder")
                    continue
                out.extend(_expand_file(file, problem))
        elif path.exists():
            out.extend(_expand_file(path, problem))
        else:
            problem(str(path), "no such file or folder")
    return out


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


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
    if len(members) > MAX_MEMBERS:
        problem(str(path), f"holds {len(members)} files; only the first {MAX_MEMBERS} (by name) were read")
    counts = Counter(m.filename for m in members)
    for name, count in sorted(counts.items()):
        if count > 1:  # archive.open(name) reaches only the last of several members with one name
            problem(f"{path}!{name}", f"{count} members have this name; only the last one was read")
    members = list({m.filename: m for m in members}.values())
    for member in sorted(members, key=lambda m: m.filename)[:MAX_MEMBERS]:
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


def sha256_file(path: Path) -> str:
    """The sha256 of a whole file, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_head(item: InputFile, size: int = 65536) -> bytes:
    with item.open() as handle:
        return handle.read(size)

