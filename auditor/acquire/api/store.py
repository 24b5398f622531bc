"""Where a source's pull is written: a new hidden version folder, swapped in whole when complete.

`TO/NAME` is a symbolic link to `TO/.NAME.v-STAMP-RAND`. A pull writes a new version folder; only when
every file is written, checked and synced is the link replaced (os.replace: atomic), then the old version
removed. A failed pull removes its own folder, so the previous pull's files stay exactly as they were,
and the folder never holds a mix of two nights. `auditor audit` skips dot-files and dot-folders, and
reads TO/NAME through the link."""
from __future__ import annotations

import hashlib
import os
import re
import secrets as random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

from auditor.acquire.api.https import PullFailure
from auditor.acquire.errors import AcquireError
from auditor.acquire.files import fsync_dir, prepare_folder, write_json_atomic
from auditor.sources import detect
from auditor.textio.inputs import InputFile

MANIFEST_NAME = ".pull-manifest.json"
SOURCE_MANIFEST_SCHEMA = "fleet-auditor/pull-source/1"
_SAFE_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


def safe_part(text: str) -> str:
    """A file-name part from data (a device id): kept when plain, else replaced by its hash."""
    return text if _SAFE_PART.fullmatch(text) and ".." not in text else "h" + hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class WrittenFile:
    path: str  # relative to the source folder
    size: int
    sha256: str
    rows: int
    format: Optional[str]  # the reader that claims it (None: no reader expected yet)

    def as_json(self) -> Dict[str, Any]:
        return {"path": self.path, "size": self.size, "sha256": self.sha256, "rows": self.rows, "format": self.format}


class Staging:
    """One source's new version folder, while it is being written."""

    def __init__(self, to: Path, name: str) -> None:
        prepare_folder(to)
        self.link = to / name
        if self.link.exists() and not self.link.is_symlink():
            raise AcquireError(f"{self.link} is a folder that `auditor pull` did not write; move it away")
        self.folder = to / f".{name}.v-{random.token_hex(6)}"
        self.folder.mkdir(mode=0o700)
        self.files: List[WrittenFile] = []

    def path(self, relative: str) -> Path:
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        return target

    def write(self, relative: str, data: bytes, rows: int, expect: Optional[str]) -> WrittenFile:
        target = self.path(relative)
        with open(target, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        return self.add(relative, len(data), hashlib.sha256(data).hexdigest(), rows, expect)

    def add(self, relative: str, size: int, sha256: str, rows: int, expect: Optional[str],
            member: Optional[str] = None) -> WrittenFile:
        """Records a written file, after checking that the reader meant for it claims it: what the pull
        writes is what `audit` reads, or the pull fails now rather than the audit misreading it later."""
        target = self.folder / relative
        os.chmod(target, 0o600)
        if expect is not None:
            item = InputFile(relative, target, member, size, target.stat().st_mtime)
            reader, why = detect(item)
            found = reader.format_id if reader is not None else None
            if found != expect:
                raise PullFailure("check", f"{relative}: written, but read as {found or 'nothing'} ({why}), "
                                           f"not as {expect}: the server's answer has an unexpected shape")
        written = WrittenFile(relative, size, sha256, rows, expect)
        self.files.append(written)
        return written

    def commit(self, manifest: Dict[str, Any]) -> Path:
        manifest = {**manifest, "files": [f.as_json() for f in self.files]}
        write_json_atomic(self.folder / MANIFEST_NAME, manifest)
        for folder in sorted({p.parent for p in self.folder.rglob("*")} | {self.folder}, key=lambda p: -len(p.parts)):
            fsync_dir(folder)
        previous = os.readlink(self.link) if self.link.is_symlink() else None
        temp_link = self.link.parent / f".{self.link.name}.link-{random.token_hex(6)}"
        os.symlink(self.folder.name, temp_link)
        os.replace(temp_link, self.link)  # the one atomic step: readers see the old version or the new one
        fsync_dir(self.link.parent)
        if previous and not os.path.isabs(previous) and previous.startswith(f".{self.link.name}.v-"):
            shutil.rmtree(self.link.parent / previous, ignore_errors=True)
        return self.link

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def previous_manifest(link: Path) -> Optional[Dict[str, Any]]:
    import json

    try:
        document = json.loads((link / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def remove_orphans(to: Path, name: str) -> None:
    """Version folders of `name` that no link points to: left by a pull that was killed."""
    link = to / name
    current = os.readlink(link) if link.is_symlink() else None
    for entry in to.glob(f".{name}.v-*"):
        if entry.name != current:
            shutil.rmtree(entry, ignore_errors=True)
    for entry in to.glob(f".{name}.link-*"):
        entry.unlink(missing_ok=True)
