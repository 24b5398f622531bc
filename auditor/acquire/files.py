"""Writing into the destination folder: atomically, and hidden where the audit must not read it.

`auditor audit DIR` skips dot-files (auditor.textio.inputs), so manifests and partial downloads are
named `.something`: the folder can be audited as it is, even while a fetch is running."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def utc_iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).isoformat().replace("+00:00", "Z")


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def json_text(document: Any) -> str:
    """A document as the destination folder holds it (what write_json_atomic writes)."""
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def write_json_atomic(path: Path, document: Any) -> None:
    write_text_atomic(path, json_text(document))


def write_text_atomic(path: Path, text: str) -> None:
    """Temporary file in the same folder, fsync, rename: a reader sees the old or the new file, whole."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def prepare_folder(folder: Path) -> None:
    # 0700: exports and inventories name people and their devices.
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
