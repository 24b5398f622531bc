"""The report templates' compiled code, kept between runs in a folder only this user can write.

Compiling the report's templates costs about 0.13 s of CPU in every run (a tenth of an audit of 100,000
devices' worth of outputs, and the same in a run of ten). Jinja can keep what it compiled
(jinja2.FileSystemBytecodeCache): each template's code is stored under a key of its name and file, with the
checksum of its source and the Jinja and Python versions, and is used again only when all of them match; any
other template (one edited, one from another --template-dir) is compiled as before.

Cached code is loaded with marshal and run: whoever can write the folder can run code in the next audit. So
the folder is the user's own cache folder ($XDG_CACHE_HOME, else ~/.cache: fleet-auditor/templates),
created with mode 0700, and used only while it is a real folder (not a link), owned by this user, that nobody
else can enter: the same trust as the user's own installed packages. Anything else (another owner, a wider
mode, no home, a read-only disk) means no cache, never a failed run. FLEET_AUDITOR_TEMPLATE_CACHE=off turns it
off (a shared account, a hermetic job)."""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Mapping, Optional

import jinja2

OFF = "FLEET_AUDITOR_TEMPLATE_CACHE"


def cache_folder(environ: Mapping[str, str]) -> Optional[Path]:
    """Where the cache lives for this environment, or None (turned off, or no home to put it in)."""
    if environ.get(OFF, "").strip().lower() in ("off", "0", "no", "false"):
        return None
    base = environ.get("XDG_CACHE_HOME", "").strip()
    if not base or not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        home = environ.get("HOME", "").strip()
        if not home:
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "fleet-auditor" / "templates"


def _private(folder: Path) -> bool:
    """Whether the folder is a real folder of this user's that only this user can enter or write."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and stat.S_IMODE(info.st_mode) & (stat.S_IRWXG | stat.S_IRWXO) == 0)


def template_cache(environ: Optional[Mapping[str, str]] = None) -> Optional[jinja2.BytecodeCache]:
    """The cache, its folder made (0700) when missing; None when it cannot be used safely."""
    folder = cache_folder(os.environ if environ is None else environ)
    if folder is None:
        return None
    try:
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if _private(folder) else None
