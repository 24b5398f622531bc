"""Turning the paths on the command line into input files: plain files, folders and ZIP members.

Each input is hashed while it is read (one pass), so a 1 GB export is never read twice."""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from collections import OrderedDict
from typing import Any, BinaryIO, Callable, Dict, List, Optional, Sequence, Tuple

from auditor.textio.archives import InflateBudget, InflateLimits, UnreadableInput, open_member, zip_members
from auditor.textio.encoding import CodePageSigns
from auditor.textio.exclude import Exclusions
from auditor.textio.hidden import NOISE, Hidden, hidden, noise_member
from auditor.textio.names import shown

# Folders nested deeper than this below a folder named as an input are not read (a drop folder is a few
# levels deep; 1,200 levels is an attack on whatever walks it).
MAX_DEPTH = 64


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
    # --encoding / inputs.encoding: the code page of the CSV inputs, instead of detecting it (textio.csvtable).
    encoding: Optional[str] = None

    def open(self) -> BinaryIO:
        if self.member is None:
            return open(self.path, "rb")
        return open_member(self.path, _archive(self.path), self.member)


# Parsed central directories, so that reading N members costs N, not N times the directory (a ZIP of
# 5,000 members took 90 s before). Keyed by process: a forked worker must not share a file offset.
_ARCHIVES: "OrderedDict[Tuple[int, str, int, int], zipfile.ZipFile]" = OrderedDict()
_OPEN_ARCHIVES = 4


def _archive(path: Path) -> zipfile.ZipFile:
    stat = path.stat()
    key = (os.getpid(), str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    archive = _ARCHIVES.get(key)
    if archive is None:
        try:
            archive = _ARCHIVES[key] = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise UnreadableInput(f"not a readable ZIP file: {exc}") from None
        while len(_ARCHIVES) > _OPEN_ARCHIVES:
            # Safe while a member is still open: ZipFile keeps its file until the last member closes.
            _ARCHIVES.popitem(last=False)[1].close()
    _ARCHIVES.move_to_end(key)
    return archive


# The bytes a reader looks at at a time for code-page signs and quotes (HashingReader._pass).
LOOKED_PIECE = 1 << 18
# A chunk with fewer double quotes than one in this many bytes: its quotes are counted by a replace (a memchr per
# quote, then copies), about four times faster there than bytes.count; a chunk dense with quotes (a report whose
# every field is quoted) is counted by bytes.count, which costs the same whatever the density.
SPARSE_QUOTES = 64


@dataclass
class QuoteCounts:
    """A file's double quotes, counted at C speed as its bytes pass (an odd number: a quote may be open at the
    end, auditor.textio.truncation.open_quote). Each chunk is counted the way that is faster for the density of
    quotes in the chunk before it (both count the same)."""

    quotes: int = 0
    sparse: bool = False  # the last chunk had fewer quotes than one in SPARSE_QUOTES bytes

    def add(self, data: "bytes | bytearray") -> None:
        found = len(data) - len(data.replace(b'"', b"")) if self.sparse else data.count(b'"')
        self.quotes += found
        self.sparse = found * SPARSE_QUOTES < len(data)


class HashingReader(io.RawIOBase):
    """Passes bytes through and hashes them; `finish()` drains the rest so the hash covers the file."""

    def __init__(self, raw: BinaryIO, signs: Optional[CodePageSigns] = None, count_quotes: bool = False) -> None:
        """signs: shown every chunk (a wrong code page: auditor.textio.encoding). count_quotes: the file's double
        quotes counted as they pass (`counted`: what auditor.textio.truncation.open_quote would
        otherwise read the whole file again for)."""
        self._raw = raw
        self._hash = hashlib.sha256()
        self.bytes_read = 0
        self.signs = signs
        self.counted: Optional[QuoteCounts] = QuoteCounts() if count_quotes else None
        self._looked: Optional[bytearray] = None  # the last piece looked at (_pass)

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
        self._pass(memoryview(buffer)[:n])
        return n

    def _pass(self, chunk: "bytes | memoryview") -> None:
        self.bytes_read += len(chunk)
        if not len(chunk) or (self.signs is None and self.counted is None):
            self._hash.update(chunk)
            return
        # Hashed and looked at a piece at a time, so that the piece is still in the processor's cache for the
        # looks; the looks need the bytes as an object (a memoryview has no count or `in`): copied into one buffer
        # this reader keeps. A new bytes object per chunk of a megabyte or two, looked at after the whole chunk
        # was hashed, cost 0.2 s in a 1M-row export; this costs a tenth of that.
        view = memoryview(chunk)
        for start in range(0, len(view), LOOKED_PIECE):
            piece = view[start:start + LOOKED_PIECE]
            self._hash.update(piece)
            data = self._looked
            if data is not None and len(data) == len(piece):
                data[:] = piece
            else:
                data = self._looked = bytearray(piece)
            if self.counted is not None:
                self.counted.add(data)
            if self.signs is not None:
                self.signs.look(data)

    def finish(self) -> str:
        while True:
            chunk = self._raw.read(1 << 20)
            if not chunk:
                break
            self._pass(chunk)
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


@dataclass(frozen=True)
class Excluded:
    """A file a pattern kept out of the run: listed in the manifest, never skipped silently."""

    display: str
    pattern: str


@dataclass(frozen=True)
class Skipped:
    """A hidden or system file or folder (auditor.textio.hidden): never read, listed in the manifest."""

    display: str
    what: Hidden


@dataclass(frozen=True)
class Expansion:
    files: Tuple[InputFile, ...]
    excluded: Tuple[Excluded, ...]
    hidden: Tuple[Skipped, ...] = ()


Problem = Callable[[str, str], None]


def expand(paths: List[Path], problem: Problem, exclusions: Exclusions = Exclusions(),
           limits: InflateLimits = InflateLimits(), max_depth: int = MAX_DEPTH,
           note: Problem = lambda display, message: None) -> Expansion:
    """Files, folders (walked without recursion, sorted, hidden files skipped) and ZIP members, in a stable
    order. Anything unusable is reported through `problem(display, message)` and makes the run incomplete;
    what a pattern excludes is listed in `excluded`; hidden and system files (and a ZIP's operating-system
    noise) in `hidden`, an unexpected one also named through `note(display, message)`."""
    out: List[InputFile] = []
    excluded: List[Excluded] = []
    skipped: List[Skipped] = []
    budget = InflateBudget(limits)

    def kept(display: str, relative: str) -> bool:
        noise = noise_member(relative)
        if noise is not None:  # a ZIP's __MACOSX/._x.csv; a folder's were skipped by _walk
            skipped.append(Skipped(display, noise))
            return False
        pattern = exclusions.matching(relative)
        if pattern is not None:
            excluded.append(Excluded(display, pattern))
        return pattern is None

    notes: List[Tuple[str, str]] = []  # a folder's, said unless the folder holds only hidden files

    def hider(top: Path) -> Callable[[Path, bool, Hidden], None]:
        def hide(path: Path, is_dir: bool, what: Hidden) -> None:
            display = shown(path) + ("/" if is_dir else "")
            relative = path.relative_to(top).as_posix()
            # A folder: by its name (`.old`) or as a folder (`.old/`, `.old/**`)
            pattern = exclusions.matching(relative) or (exclusions.matching(relative + "/") if is_dir else None)
            if pattern is not None:  # excluded on purpose: listed as such, no note
                excluded.append(Excluded(display, pattern))
                return
            skipped.append(Skipped(display, what))
            if what.note:
                notes.append((display, f"not read: {what.reason}"))
        return hide

    for path in paths:
        excluded_before, read_before = len(excluded), len(out)
        if path.is_dir():
            before = len(skipped)
            notes.clear()
            files = _walk(path, problem, max_depth, hider(path))
            for display, message in notes if files else ():
                note(display, message)
            if not files and len(skipped) > before:
                problem(shown(path), f"folder contains only hidden files ({len(skipped) - before}): "
                                     + ", ".join(Path(s.display).name + ("/" if s.display.endswith("/") else "")
                                                 for s in skipped[before:before + 5])
                                     + (", ..." if len(skipped) - before > 5 else "")
                                     + "; hidden and system files are never read (rename one to read it)")
            elif not files:
                problem(shown(path), "folder contains no files")
            for file in files:
                relative = file.relative_to(path).as_posix()
                if kept(shown(file), relative):
                    out.extend(_expand_file(file, problem, budget, kept))
        elif path.exists():
            if kept(shown(path), path.name):
                out.extend(_expand_file(path, problem, budget, kept))
        else:
            problem(shown(path), "no such file or folder")
        if len(out) == read_before and len(excluded) > excluded_before:
            problem(shown(path), all_excluded(excluded[excluded_before:]))
    return Expansion(tuple(out), tuple(excluded), tuple(skipped))


def all_excluded(excluded: Sequence[Excluded]) -> str:
    """Why a path named as an input reads nothing: every file under it was excluded, by which pattern."""
    by_pattern: Dict[str, List[str]] = {}
    for item in excluded:
        by_pattern.setdefault(item.pattern, []).append(Path(item.display.rstrip("/")).name)
    said = "; ".join(f"{pattern!r} excluded {len(names)} ({', '.join(names[:3])}{', ...' if len(names) > 3 else ''})"
                     for pattern, names in by_pattern.items())
    return (f"every file here was excluded, so nothing of it was read: {said}; remove the pattern "
            "(inputs.exclude, --exclude) or stop naming this path")


def _walk(top: Path, problem: Problem, max_depth: int, hide: Callable[[Path, bool, Hidden], None]) -> List[Path]:
    """The files below a folder, sorted as paths, iteratively (a folder 1,200 levels deep must not exhaust
    the stack). Hidden and system files and folders are not read but passed to `hide` (partial downloads,
    tool manifests, .DS_Store; auditor.textio.hidden); a symbolic link that leads outside the folder, a
    special file and what lies too deep are reported, never read."""
    root = top.resolve()
    files: List[Path] = []
    too_deep: List[Path] = []
    stack: List[Tuple[Path, int]] = [(top, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = [(entry.name, entry.is_dir(follow_symlinks=False), entry.is_symlink(),
                           entry.is_file(follow_symlinks=False)) for entry in entries]
        except OSError as exc:
            problem(shown(folder), f"cannot read folder: {exc.strerror or exc}")
            continue
        for name, is_dir, is_link, is_file in sorted(listed):
            path = folder / name
            what = hidden(name, is_dir)
            if what is not None:
                hide(path, is_dir, what)
                continue
            if is_dir:
                if depth + 1 > max_depth:
                    too_deep.append(path)
                else:
                    stack.append((path, depth + 1))
            elif is_link:
                try:
                    target = path.resolve()
                except (RuntimeError, OSError):  # a link that leads to itself (Python 3.10-3.12 raise RuntimeError)
                    problem(shown(path), "not read: a symbolic link loop (it never leads to a file)")
                    continue
                if not target.exists():
                    problem(shown(path), "not read: a broken symbolic link (its target does not exist)")
                elif not _inside(target, root):
                    # Whoever can drop files in an inputs folder (an SFTP drop) must not make the audit
                    # read, quote or archive a file elsewhere on this machine. A path named on the
                    # command line may still be a symlink: the operator chose it.
                    what = "folder" if target.is_dir() else "file"
                    problem(shown(path), f"not read: a symbolic link to a {what} outside the folder")
                elif target.is_file():
                    files.append(path)
                elif target.is_dir():  # a link to a folder inside (`ln -s . loop`): that folder is walked itself
                    hide(path, True, Hidden(NOISE, "a symbolic link to a folder inside the inputs folder: not "
                                                   "followed (the folder it leads to is read once, as itself)"))
                else:
                    problem(shown(path), "not read: a symbolic link to something that is not a regular file")
            elif is_file:
                files.append(path)
            else:
                problem(shown(path), "not read: not a regular file (a pipe, socket or device)")
    if too_deep:
        more = f" and {len(too_deep) - 1} more" if len(too_deep) > 1 else ""
        problem(shown(min(too_deep)), f"not read: folders nested deeper than {max_depth} levels below "
                                      f"{shown(top)} ({shown(min(too_deep).name)}{more})")
    return sorted(files, key=lambda p: p.parts)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _expand_file(path: Path, problem: Problem, budget: InflateBudget,
                 kept: Callable[[str, str], bool]) -> List[InputFile]:
    display = shown(path)
    try:
        stat = path.stat()
    except OSError as exc:
        problem(display, f"cannot read: {exc.strerror or exc}")
        return []
    if not os.access(path, os.R_OK):
        problem(display, "cannot read: permission denied")
        return []
    if not _is_zip(path):
        return [InputFile(display, path, None, stat.st_size, stat.st_mtime)]
    members = zip_members(path, display, problem, budget, lambda shown_as, name: not kept(shown_as, name))
    return [InputFile(m.display, path, m.name, m.size, stat.st_mtime) for m in members]


def sha256_file(path: Path) -> str:
    """The sha256 of a whole file, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


HEAD_BYTES = 65536  # what format detection reads of an input


def read_head(item: InputFile, size: int = HEAD_BYTES) -> bytes:
    with item.open() as handle:
        return handle.read(size)

