"""One folder per run (reports/2026-11-23T0200Z/), written under a temporary name and renamed when
complete; `latest` points to the newest complete run; retention never deletes the latest run or the
only complete one; optionally the run's inputs archived beside its report."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from auditor.textio.names import shown

RUN_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{4}Z(-\d+)?$")
TEMP_PREFIX = ".tmp-"
LATEST = "latest"


def run_name(started: dt.datetime, output: Path) -> str:
    base = started.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H%MZ")
    name, n = base, 1
    while (output / name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def temp_folder(output: Path, name: str) -> Path:
    folder = output / f"{TEMP_PREFIX}{name}-{os.getpid()}"
    folder.mkdir(parents=True)
    return folder


def remove_stale_temps(output: Path) -> List[Path]:
    """Temporary folders left by runs that died. Called under the lock: no live run owns one."""
    removed = []
    for folder in output.glob(f"{TEMP_PREFIX}*"):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def publish(temp: Path, output: Path, name: str) -> Path:
    """Renames the finished run into place and points `latest` at it (both renames are atomic)."""
    final = output / name
    os.replace(temp, final)
    link = output / f".{LATEST}.{os.getpid()}"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(name, target_is_directory=True)
    os.replace(link, output / LATEST)
    return final


def _complete(folder: Path) -> bool:
    try:
        return bool(json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("complete"))
    except (OSError, ValueError):
        return False


def run_folders(output: Path) -> List[Path]:
    return sorted((p for p in output.iterdir() if p.is_dir() and not p.is_symlink() and RUN_NAME.match(p.name)),
                  key=lambda p: p.name)


def apply_retention(output: Path, keep_runs: Optional[int], max_age_days: Optional[int], now: dt.datetime) -> List[Path]:
    """Deletes old runs beyond the count or age; never the latest run, never the only complete one."""
    folders = run_folders(output)
    if not folders:
        return []
    latest = (output / LATEST).resolve() if (output / LATEST).is_symlink() else folders[-1].resolve()
    complete = [f for f in folders if _complete(f)]
    protected = {latest, folders[-1].resolve()}
    if complete:
        protected.add(complete[-1].resolve())  # the newest complete run survives whatever the limits say
    doomed = []
    if keep_runs is not None and len(folders) > keep_runs:
        doomed.extend(folders[:len(folders) - keep_runs])
    if max_age_days is not None:
        limit = now.astimezone(dt.timezone.utc) - dt.timedelta(days=max_age_days)
        for folder in folders:
            started = dt.datetime.strptime(folder.name[:16], "%Y-%m-%dT%H%MZ").replace(tzinfo=dt.timezone.utc)
            if started < limit:
                doomed.append(folder)
    removed = []
    for folder in dict.fromkeys(doomed):
        if folder.resolve() in protected:
            continue
        shutil.rmtree(folder)
        removed.append(folder)
    return removed


@dataclass(frozen=True)
class ArchivedInput:
    path: str
    sha256: str
    size: int


def archive_inputs(files: Iterable[Path], target: Path) -> Dict[str, object]:
    """The exact inputs of a run, compressed beside its report, each with its sha256."""
    entries: List[ArchivedInput] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for i, path in enumerate(dict.fromkeys(files)):
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            # Archive names are numbered: an input's own name may hold ../ or absolute parts.
            archive.write(path, f"{i:04d}-{shown(path.name)}")  # a name that is not UTF-8: escaped
            entries.append(ArchivedInput(shown(path), digest.hexdigest(), path.stat().st_size))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    return {"role": "archive", "path": target.name, "sha256": digest,
            "inputs": [{"path": e.path, "sha256": e.sha256, "size": e.size} for e in entries]}
