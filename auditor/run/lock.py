"""One scheduled run at a time: an exclusive, non-blocking lock on a file in the output folder.
The kernel releases it when the process dies, so a killed run never leaves a stale lock."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO, Optional

from auditor.errors import LockedError


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Optional[IO[str]] = None

    def __enter__(self) -> "RunLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LockedError(f"another auditor run (pid {holder}) holds {self.path}; this run did nothing") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *_: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
