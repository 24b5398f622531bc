"""Hidden and system files in an inputs folder: never read, never skipped without a trace.

A name starting with a dot is not read: partial downloads and manifests live under such names (Fleet
Auditor's own fetches write `.NAME.part` and rename when complete), and so does what operating systems leave
in every folder. Each one is listed in manifest.json; what it is decides whether the run also says so:
- noise: what macOS, Windows, file servers and version control put in folders (`.DS_Store`, `._*` AppleDouble
  files, `Thumbs.db`, `desktop.ini`, `.Spotlight-V100/`, `.snapshot/`, `.git/`, ...), and Fleet Auditor's
  own (fetch, collect and pull manifests, downloads in progress, an API pull's version folders): listed in the
  manifest only. A note every night for a `.DS_Store` would teach people to skip the notes.
  `Thumbs.db` and `desktop.ini` have no dot (Windows hides them by an attribute) but are skipped the same way:
  read, they would be an unrecognised input and make every run on a Windows share incomplete.
  In a ZIP file, noise members are skipped the same way (a ZIP made by macOS's Compress holds `__MACOSX/._*`).
- anything else hidden (`.AppInvRawData.csv`, `.old/`): unexpected; listed in the manifest and named in the
  run's problems as a note (the run stays complete): rename it to read it, or exclude it by a pattern.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

NOISE = "noise"
OWN = "fleet-auditor"
UNEXPECTED = "unexpected"

_NOISE_FILES = {
    ".ds_store": "macOS Finder metadata",
    ".localized": "macOS folder-name metadata",
    ".apdisk": "macOS volume metadata",
    ".volumeicon.icns": "macOS volume icon",
    ".directory": "KDE folder settings",
    "thumbs.db": "Windows thumbnail cache",
    "ehthumbs.db": "Windows thumbnail cache",
    "ehthumbs_vista.db": "Windows thumbnail cache",
    "desktop.ini": "Windows folder settings",
    ".gitignore": "version-control settings",
    ".gitattributes": "version-control settings",
    ".gitkeep": "an empty-folder placeholder",
    ".keep": "an empty-folder placeholder",
}
_NOISE_FOLDERS = {
    ".spotlight-v100": "macOS search index",
    ".trashes": "macOS trash",
    ".fseventsd": "macOS file-system events",
    ".temporaryitems": "macOS temporary items",
    ".documentrevisions-v100": "macOS document versions",
    "__macosx": "macOS resource forks in an unpacked ZIP",
    ".snapshot": "file-server snapshots (older copies of this folder)",
    ".snapshots": "file-server snapshots (older copies of this folder)",
    ".zfs": "ZFS snapshots (older copies of this folder)",
    ".git": "version control", ".svn": "version control", ".hg": "version control",
    "$recycle.bin": "Windows recycle bin",
}
# Fleet Auditor's own hidden names (auditor.acquire): manifests, files being written, API pull versions.
PULL_MANIFEST = ".pull-manifest.json"
_OWN_FILES = {".fetch-manifest.json": "SFTP fetch manifest", ".collect-manifest.json": "SSH collect manifest",
              PULL_MANIFEST: "API pull manifest"}
_OWN_PATTERNS = ((re.compile(r"\..+\.part"), "a download in progress, or left by an interrupted fetch"),
                 (re.compile(r"\..+\.tmp"), "a file being written"),
                 (re.compile(r"\..+\.v-[0-9A-Za-z-]+"), "an API pull's version folder (read through its link)"),
                 (re.compile(r"\..+\.link-[0-9a-f]+"), "an API pull's link being swapped"))


@dataclass(frozen=True)
class Hidden:
    """What a hidden or system name is: NOISE, OWN (Fleet Auditor's) or UNEXPECTED, and why in words."""

    kind: str
    reason: str

    @property
    def note(self) -> bool:
        """Whether the run names it among its problems (a note), beside the manifest."""
        return self.kind == UNEXPECTED


def hidden(name: str, is_folder: bool = False) -> Optional[Hidden]:
    """None for a name that is read; else what it is."""
    folded = name.casefold()
    known = (_NOISE_FOLDERS if is_folder else _NOISE_FILES).get(folded)
    if known is not None:
        return Hidden(NOISE, known)
    if folded.startswith("._"):
        return Hidden(NOISE, "macOS AppleDouble file (resource fork)")
    if not name.startswith("."):
        return None
    if name in _OWN_FILES:
        return Hidden(OWN, f"Fleet Auditor's {_OWN_FILES[name]}")
    for pattern, what in _OWN_PATTERNS:
        if pattern.fullmatch(name):
            return Hidden(OWN, f"Fleet Auditor's: {what}")
    what = "folder" if is_folder else "file"
    return Hidden(UNEXPECTED, f"a hidden {what} (its name starts with a dot): not read; rename it to read it, "
                              "or exclude it (inputs.exclude, --exclude) to say it is not an input")


def noise_member(path: str) -> Optional[Hidden]:
    """A ZIP member that is operating-system noise (`__MACOSX/._x.csv`, `.DS_Store`); other names are read."""
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts:
        return None
    for folder in parts[:-1]:
        found = hidden(folder, is_folder=True)
        if found is not None and found.kind == NOISE:
            return found
    found = hidden(parts[-1])
    return found if found is not None and found.kind == NOISE else None


def pulled(path: Path) -> bool:
    """Whether a file is a page saved by Fleet Auditor's own API pull (its manifest in the file's folder or up
    to two above): the pull followed every page to the last (it fails otherwise), and does not write an empty
    last page, so the last page saved may still name a next one."""
    return any((folder / PULL_MANIFEST).is_file() for folder in list(path.parents)[:3])
