"""One folder per run (reports/2026-11-23T0200Z/), written under a temporary name and renamed when
written; `latest` points to the newest run, an incomplete one too (its failure shows first, and its report
carries forward the last complete run's open P1/P2 findings: auditor.history); retention never deletes the
latest run or the newest complete one; optionally the run's inputs archived beside its report."""
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
from typing import Dict, Iterable, List, Optional, Tuple

from auditor.errors import ConfigError

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


def check_output(output: Path) -> None:
    """Before a scheduled run starts (nothing fetched, read, recorded or published yet): the output folder
    is a folder, and `latest` is absent or the symbolic link this tool keeps. A real folder or file named
    `latest` is someone's: replacing it would destroy it, and failing to would come after the run was
    recorded (a run in the history but never published). Exit 2: the operator moves it away."""
    try:
        output.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ConfigError(f"output {output}: not a folder; nothing was done") from None
    except OSError as exc:
        raise ConfigError(f"output {output}: cannot make the folder: {exc.strerror or exc}; nothing was done") from None
    if not output.is_dir():
        raise ConfigError(f"output {output}: not a folder; nothing was done")
    latest = output / LATEST
    if os.path.lexists(latest) and not latest.is_symlink():
        kind = "a folder" if latest.is_dir() else "a file"
        raise ConfigError(f"{latest} is {kind}, not the link to the newest run this tool keeps there; move it "
                          "away (nothing was done)")


def _complete(folder: Path) -> Tuple[bool, str]:
    """(complete, why not readable): a manifest this tool did not write proves nothing."""
    try:
        document = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False, ""  # a run folder from before manifests, or a run that wrote none: not complete
    except (OSError, ValueError) as exc:
        return False, f"{folder}: manifest.json unreadable ({exc}); retention treats the run as incomplete"
    if not isinstance(document, dict) or not isinstance(document.get("complete"), bool):
        return False, (f"{folder}: manifest.json is not the manifest this tool writes (no true/false `complete`); "
                       "retention treats the run as incomplete")
    return document["complete"], ""


def _started(name: str) -> Optional[dt.datetime]:
    try:
        return dt.datetime.strptime(name[:16], "%Y-%m-%dT%H%MZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def run_folders(output: Path) -> Tuple[List[Path], List[str]]:
    """The run folders (real folders, named like a run, with a possible date), oldest first; and a note for
    each folder named like a run whose date is impossible (retention ignores it: it is not ours)."""
    folders, notes = [], []
    for path in output.iterdir():
        if not RUN_NAME.match(path.name) or path.is_symlink() or not path.is_dir():
            continue
        if _started(path.name) is None:
            notes.append(f"{path}: named like a run folder but its date is impossible; ignored by retention")
            continue
        folders.append(path)
    return sorted(folders, key=lambda p: p.name), notes


@dataclass(frozen=True)
class RetentionOutcome:
    removed: Tuple[Path, ...]
    notes: Tuple[str, ...]  # warnings for the log: folders ignored, manifests unreadable, folders not removed


def _latest_name(output: Path) -> str:
    """The run `latest` points to, read from the link itself (never resolved: a loop or a dangling link
    must not stop retention)."""
    try:
        return os.readlink(output / LATEST).rstrip("/")
    except OSError:
        return ""


def apply_retention(output: Path, keep_runs: Optional[int], max_age_days: Optional[int],
                    now: dt.datetime) -> RetentionOutcome:
    """Deletes old runs beyond the count or age; never the latest run, never the newest complete one."""
    folders, notes = run_folders(output)
    if not folders:
        return RetentionOutcome((), tuple(notes))
    complete = []
    for folder in folders:
        done, note = _complete(folder)
        if note:
            notes.append(note)
        if done:
            complete.append(folder)
    protected = {_latest_name(output), folders[-1].name}
    if complete:
        protected.add(complete[-1].name)  # the newest complete run survives whatever the limits say
    doomed = []
    if keep_runs is not None and len(folders) > keep_runs:
        doomed.extend(folders[:len(folders) - keep_runs])
    if max_age_days is not None:
        limit = now.astimezone(dt.timezone.utc) - dt.timedelta(days=max_age_days)
        doomed.extend(f for f in folders if (_started(f.name) or limit) < limit)
    removed = []
    for folder in dict.fromkeys(doomed):
        if folder.name in protected:
            continue
        try:
            shutil.rmtree(folder)
        except OSError as exc:
            notes.append(f"{folder}: not removed by retention: {exc.strerror or exc}")
            continue
        removed.append(folder)
    return RetentionOutcome(tuple(removed), tuple(notes))


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
