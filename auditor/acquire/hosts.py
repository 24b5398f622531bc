"""The hosts file of `auditor collect`: a YAML list of hosts to inventory over SSH.

    - host: build01.example.com          # required: name or address
      port: 2222                          # optional, default 22
      user: auditor                       # optional, default --user or the local user
      identity: keys/build01_ed25519      # optional private key, relative to this file
      owner: alice@example.com            # optional; default: the login user on the host
    - 10.1.2.3                            # a bare string is a host with every default
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Optional, Set, Tuple

from auditor.acquire.errors import AcquireError
from auditor.textio.yamlfile import load_yaml

_KEYS = ("host", "port", "user", "identity", "owner")
# Host names, IPv4 and IPv6 addresses; nothing a shell or ssh option parser could take for more.
_HOST = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:%-]*$")
_USER = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@\\-]*$")


@dataclass(frozen=True)
class HostEntry:
    host: str
    port: int = 22
    user: Optional[str] = None
    identity: Optional[Path] = None
    owner: Optional[str] = None

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"


def _text(file: Path, where: str, value: Any, pattern: Optional["re.Pattern[str]"] = None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AcquireError(f"{file}: {where}: expected a non-empty string, got {value!r}")
    value = value.strip()
    if pattern is not None and not pattern.match(value):
        raise AcquireError(f"{file}: {where}: {value!r} is not a valid value")
    return value


def _entry(file: Path, index: int, item: Any) -> HostEntry:
    where = f"[{index}]"
    if isinstance(item, str):
        return HostEntry(_text(file, where, item, _HOST))
    if not isinstance(item, dict):
        raise AcquireError(f"{file}: {where}: expected a mapping with `host` (or a host name), got {item!r}")
    if "password" in item:
        raise AcquireError(f"{file}: {where}.password: passwords do not belong in the hosts file (use keys, an "
                           "ssh-agent, FLEET_AUDITOR_SSH_PASSWORD or --password-file)")
    unknown = sorted(str(k) for k in item if k not in _KEYS)
    if unknown:
        raise AcquireError(f"{file}: {where}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(_KEYS)})")
    host = _text(file, f"{where}.host", item.get("host"), _HOST)
    port = item.get("port", 22)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise AcquireError(f"{file}: {where}.port: expected a port number 1-65535, got {port!r}")
    user = _text(file, f"{where}.user", item["user"], _USER) if item.get("user") is not None else None
    identity = None
    if item.get("identity") is not None:
        identity = Path(_text(file, f"{where}.identity", item["identity"])).expanduser()
        identity = identity if identity.is_absolute() else file.parent / identity
        if not identity.is_file():
            raise AcquireError(f"{file}: {where}.identity: {identity} does not exist")
    owner = _text(file, f"{where}.owner", item["owner"]) if item.get("owner") is not None else None
    return HostEntry(host, port, user, identity, owner)


def load_hosts(file: Path) -> Tuple[HostEntry, ...]:
    data = load_yaml(file, AcquireError)
    if isinstance(data, dict) and set(data) == {"hosts"}:
        data = data["hosts"]
    if not isinstance(data, list) or not data:
        raise AcquireError(f"{file}: expected a non-empty list of hosts")
    entries: List[HostEntry] = []
    seen: Set[str] = set()
    for index, item in enumerate(data):
        entry = _entry(file, index, item)
        if entry.target in seen:
            raise AcquireError(f"{file}: [{index}]: {entry.target} is listed twice")
        seen.add(entry.target)
        entries.append(entry)
    return tuple(entries)
