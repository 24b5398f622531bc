"""One scheduled run at a time: an exclusive, non-blocking lock on a file in the output folder.
The kernel releases it when the process dies, so a killed run never leaves a stale lock.

The lock file is opened without following a symbolic link (O_NOFOLLOW) and must be a regular file with
one link: the run writes its pid into it, and a link planted in the output folder would otherwise make it
truncate whatever file the link names."""
from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import Optional

from auditor.errors import ConfigError, LockedError


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: Optional[int] = None

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise ConfigError(f"{self.path} is a symbolic link; a run never follows it (it would overwrite the "
                                  "file it names). Remove it; nothing was done") from None
            raise ConfigError(f"{self.path}: cannot open the lock file: {exc.strerror or exc}; nothing was done") \
                from None
        info = os.fstat(fd)
        problem = ("is not a regular file" if not stat.S_ISREG(info.st_mode)
                   else f"has {info.st_nlink} hard links (another name for the same file)" if info.st_nlink != 1
                   else "")
        if problem:
            os.close(fd)
            raise ConfigError(f"{self.path} {problem}; a run writes its pid into its lock file and would change "
                              "that file. Remove it; nothing was done")
        return fd

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            holder = holder if holder.isdigit() else "unknown"
            raise LockedError(f"another auditor run (pid {holder}) holds {self.path}; this run did nothing") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd
        return self

    def __exit__(self, *_: object) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
