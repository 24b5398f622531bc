"""Host keys: checked against a known_hosts file, never accepted silently.

Without --trust-on-first-use an unknown host is refused (paramiko's RejectPolicy). With it, the key
of a host that has no entry yet is appended to the known_hosts file and reported, so that the
manifest says what was accepted; a host whose key *changed* is refused either way (paramiko raises
BadHostKeyException before any policy is asked)."""
from __future__ import annotations

import base64
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List

import paramiko


@dataclass(frozen=True)
class AcceptedKey:
    """A host key accepted on first use: what the manifest records."""

    host: str  # as written into known_hosts: `[host]:port` unless the port is 22
    key_type: str
    fingerprint: str  # SHA256:... as OpenSSH prints it

    def as_json(self) -> dict:
        return {"host": self.host, "key_type": self.key_type, "fingerprint": self.fingerprint}


def fingerprint(key: paramiko.PKey) -> str:
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def known_hosts_name(host: str, port: int) -> str:
    """The name paramiko looks up (and OpenSSH writes): bracketed with the port unless it is 22."""
    return host if port == 22 else f"[{host}]:{port}"


def default_known_hosts() -> Path:
    return Path.home() / ".ssh" / "known_hosts"


# One lock for every known_hosts append in this process: collect connects to hosts in parallel.
_WRITE_LOCK = threading.Lock()


class TrustOnFirstUse(paramiko.MissingHostKeyPolicy):
    """Accept an unknown host's key, append it to known_hosts, and report it. Only used when the
    operator passed --trust-on-first-use; a changed key never reaches this policy."""

    def __init__(self, known_hosts: Path, accepted: Callable[[AcceptedKey], None]) -> None:
        self._known_hosts = known_hosts
        self._accepted = accepted

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        line = f"{hostname} {key.get_name()} {key.get_base64()}\n"
        with _WRITE_LOCK:
            self._known_hosts.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self._known_hosts, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line.encode("ascii"))
                os.fsync(fd)
            finally:
                os.close(fd)
        client.get_host_keys().add(hostname, key.get_name(), key)
        self._accepted(AcceptedKey(hostname, key.get_name(), fingerprint(key)))


class AcceptedKeys:
    """Thread-safe collector of keys accepted on first use during one run."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: List[AcceptedKey] = []

    def add(self, key: AcceptedKey) -> None:
        with self._lock:
            self._keys.append(key)

    def all(self) -> List[AcceptedKey]:
        with self._lock:
            return list(self._keys)
