"""Secrets of the API pulls: client secrets, API tokens, private keys, access tokens.

They come only from environment variables or files named in the configuration, never from the
configuration itself. Every value read (and every access token a server issues) is registered, and
`redact()` removes them from any text that leaves the process (failure messages, manifests, logs), so
a server that echoes a request back cannot put a secret into a report."""
from __future__ import annotations

import os
import stat
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Set

from auditor.acquire.errors import AcquireError

REDACTED = "[redacted]"
_MIN_REDACTED_LENGTH = 6  # shorter values would blank ordinary words; no real secret is that short
_known: Set[str] = set()
_lock = threading.Lock()


def remember(value: str) -> str:
    """Registers a secret value so that redact() removes it; returns it."""
    if len(value) >= _MIN_REDACTED_LENGTH:
        with _lock:
            _known.add(value)
    return value


def redact(text: str) -> str:
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, REDACTED)
    return text


@dataclass(frozen=True)
class Secret:
    """A secret value: never shown by repr or str."""

    value: str = field(repr=False)
    origin: str = ""  # "environment variable X" or "file Y": safe to show

    def __str__(self) -> str:
        return f"<secret from {self.origin}>"


@dataclass(frozen=True)
class SecretRef:
    """Where a secret is: the NAME of an environment variable, or a file readable by its owner only."""

    what: str  # "client secret", "API token", ...: for messages
    env: str = ""
    file: Optional[Path] = None

    def read(self) -> Secret:
        if self.file is not None:
            return Secret(remember(read_secret_file(self.file, self.what).strip()), f"file {self.file}")
        value = os.environ.get(self.env, "")
        if not value.strip():
            raise AcquireError(f"the {self.what} is not set: the environment variable {self.env} is empty or missing")
        return Secret(remember(value.strip()), f"environment variable {self.env}")


def read_secret_file(path: Path, what: str) -> str:
    """A secret file must be ours and readable by us only (mode 0600): a key others can read is not secret."""
    try:
        info = path.stat()
    except OSError as exc:
        raise AcquireError(f"{path}: cannot read the {what} file: {exc.strerror or exc}") from None
    if stat.S_IMODE(info.st_mode) & 0o077:
        raise AcquireError(f"{path}: the {what} file must be readable by its owner only (mode 0600), "
                           f"not {stat.S_IMODE(info.st_mode):04o}")
    if info.st_uid != os.geteuid():
        raise AcquireError(f"{path}: the {what} file must belong to the user running the audit")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AcquireError(f"{path}: cannot read the {what} file: {exc}") from None
    if not text.strip():
        raise AcquireError(f"{path}: the {what} file is empty")
    return text
