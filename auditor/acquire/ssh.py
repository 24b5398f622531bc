"""`collect`: connect to each host of a hosts file (in parallel, bounded, each within its own time
budget), detect its OS, read its installed software, and write one JSON snapshot per host.

A host that cannot be collected (down, refused, wrong or unknown host key, authentication, timeout)
still gets a snapshot, with `errors` and no packages: it replaces the last good one, so an audit of the
folder is incomplete instead of silently auditing last week's software. One host never stops another."""
from __future__ import annotations

import getpass
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import paramiko

from auditor.acquire.files import json_text, prepare_folder, utc_now, write_json_atomic, write_text_atomic
from auditor.acquire.hosts import HostEntry, load_hosts
from auditor.acquire.inventory import CommandResult, Inventory, gather
from auditor.acquire.knownhosts import AcceptedKeys, fingerprint
from auditor.acquire.session import Failure, SshAuth, classify, connect, make_auth
from auditor.sources import SNAPSHOT_SCHEMA as SCHEMA
from auditor.sources import ssh_snapshot

MANIFEST_NAME = ".collect-manifest.json"
MANIFEST_SCHEMA = "fleet-auditor/collect-manifest/1"


def answer_limit() -> int:
    """What a host may answer, and what its snapshot may hold: the limit the snapshot reader reads (one
    constant, read when used). A host over it is failed here, not "collected" and then refused by `audit`;
    and a hostile host cannot exhaust our memory."""
    return ssh_snapshot.MAX_SNAPSHOT_CHARS


@dataclass(frozen=True)
class CollectOptions:
    hosts_file: Path
    to: Path
    known_hosts: Optional[Path] = None  # default ~/.ssh/known_hosts
    identity: Optional[Path] = None  # default: ssh-agent and the user's default keys
    trust_on_first_use: bool = False
    password_file: Optional[Path] = None
    user: Optional[str] = None  # default login name when a host entry has none; else the local user
    parallel: int = 8
    host_timeout: float = 120.0  # the whole of one host: connect, authenticate, every command
    connect_timeout: float = 10.0


@dataclass(frozen=True)
class HostResult:
    entry: HostEntry
    snapshot: Path
    packages: int
    errors: Tuple[Dict[str, str], ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {"host": self.entry.host, "port": self.entry.port, "status": "ok" if self.ok else "failed",
                "snapshot": self.snapshot.name, "packages": self.packages, "errors": list(self.errors)}


@dataclass(frozen=True)
class CollectResult:
    hosts: Tuple[HostResult, ...]
    manifest: Path
    trusted_on_first_use: Tuple[dict, ...] = ()

    @property
    def complete(self) -> bool:
        return all(h.ok for h in self.hosts)


class HostTimeout(TimeoutError):
    """The host's time budget ran out."""


class AnswerTooLarge(Exception):
    """The host answered more than a snapshot may hold."""


def snapshot_name(entry: HostEntry) -> str:
    safe = re.sub(r"[^A-Za-z0-9.-]", "_", entry.host)
    # A leading dot would make a hidden file, which the audit skips: the host would vanish unnoticed.
    safe = "_" + safe[1:] if safe.startswith(".") else safe
    return f"{safe}_{entry.port}.json"


def run_command(client: paramiko.SSHClient, command: str, deadline: float) -> CommandResult:
    """Run one fixed command, reading stdout and stderr as they come (a full window would block the
    host), and give up at the deadline."""
    transport = client.get_transport()
    if transport is None or not transport.is_active():
        raise paramiko.SSHException("connection closed")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise HostTimeout("time budget used up")
    channel = transport.open_session(timeout=remaining)
    try:
        channel.exec_command(command)
        out, err = bytearray(), bytearray()
        pause = 0.002
        while True:
            busy = False
            while channel.recv_ready():
                out += channel.recv(65536)
                busy = True
            while channel.recv_stderr_ready():
                err += channel.recv_stderr(65536)
                busy = True
            if len(out) + len(err) > answer_limit():
                raise AnswerTooLarge(f"answered more than {answer_limit()} bytes to one inventory command; "
                                     "refused (the audit reads snapshots of at most that many characters)")
            if not busy:
                # Data precedes the exit status on the channel: once it is here, everything was read.
                if channel.exit_status_ready() and not channel.recv_ready() and not channel.recv_stderr_ready():
                    return CommandResult(channel.recv_exit_status(), bytes(out), bytes(err))
                if not transport.is_active():
                    raise paramiko.SSHException("connection closed during a command")
                if time.monotonic() > deadline:
                    raise HostTimeout("timed out while running the inventory commands")
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
            else:
                pause = 0.002
    finally:
        channel.close()


def _snapshot(entry: HostEntry, login: str, inventory: Optional[Inventory], errors: List[Dict[str, str]],
              host_key: Optional[dict]) -> dict:
    facts = inventory.facts if inventory else None
    login_user = (facts.login_user if facts else "") or login
    return {
        "schema": SCHEMA,
        "collected_at": utc_now(),
        "host": entry.host,
        "port": entry.port,
        "hostname": facts.hostname if facts else "",
        "os": ({"family": facts.family, "name": facts.os_name, "version": facts.os_version, "id": facts.os_id}
               if facts else None),
        "serial": facts.serial if facts else "",
        "machine_id": facts.machine_id if facts else "",
        "owner": entry.owner or (login_user if facts else ""),
        "owner_source": "hosts-file" if entry.owner else "login-user",
        "login_user": login_user,
        "host_key": host_key,
        "managers": inventory.managers if inventory else {},
        # A failed host has no package list at all (not an empty one): nothing is known about it.
        "packages": [p.as_json() for p in inventory.packages] if inventory and facts else None,
        "errors": errors,
    }


def collect_host(entry: HostEntry, options: CollectOptions, auth: SshAuth, accepted: AcceptedKeys) -> HostResult:
    deadline = time.monotonic() + options.host_timeout
    login = entry.user or options.user or getpass.getuser()
    host_auth = auth if entry.identity is None else SshAuth(auth.known_hosts, entry.identity,
                                                            auth.trust_on_first_use, auth.password)
    inventory: Optional[Inventory] = None
    errors: List[Dict[str, str]] = []
    host_key: Optional[dict] = None
    client: Optional[paramiko.SSHClient] = None
    stage = "connect"
    try:
        client = connect(entry.host, entry.port, login, host_auth,
                         max(0.1, min(options.connect_timeout, deadline - time.monotonic())), accepted.add)
        transport = client.get_transport()
        if transport is not None:
            key = transport.get_remote_server_key()
            host_key = {"type": key.get_name(), "fingerprint": fingerprint(key)}
        stage = "inventory"
        inventory = gather(lambda command: run_command(client, command, deadline))  # type: ignore[arg-type]
        errors.extend(inventory.errors)
    except Exception as exc:  # noqa: BLE001 - one host's failure is recorded, never raised to the others
        failure: Failure = (Failure("timeout", f"no complete answer within {options.host_timeout:g} s", True)
                            if isinstance(exc, HostTimeout)
                            else Failure("too-large", str(exc), False) if isinstance(exc, AnswerTooLarge)
                            else classify(exc))
        errors.append(failure.as_json(stage))
        inventory = None
    finally:
        if client is not None:
            client.close()
    path = options.to / snapshot_name(entry)
    document = _snapshot(entry, login, inventory, errors, host_key)
    text = json_text(document)  # serialised once: measured, then written as it is
    if len(text) > answer_limit():
        errors.append({"stage": "inventory", "kind": "too-large",
                       "message": f"its snapshot would hold {len(text)} characters; the audit reads at most "
                                  f"{answer_limit()}: refused"})
        document = _snapshot(entry, login, None, errors, host_key)
        text = json_text(document)
    write_text_atomic(path, text)
    return HostResult(entry, path, len(document["packages"] or []), tuple(errors))


def collect(options: CollectOptions) -> CollectResult:
    """Collect every host of the hosts file; never raises for a host's failure (it is in the result)."""
    entries = load_hosts(options.hosts_file)
    auth = make_auth(options.known_hosts, options.identity, options.trust_on_first_use, options.password_file)
    prepare_folder(options.to)
    started = utc_now()
    accepted = AcceptedKeys()
    with ThreadPoolExecutor(max_workers=max(1, min(options.parallel, len(entries))),
                            thread_name_prefix="collect") as pool:
        results = tuple(pool.map(lambda e: collect_host(e, options, auth, accepted), entries))
    result = CollectResult(results, options.to / MANIFEST_NAME, tuple(k.as_json() for k in accepted.all()))
    write_json_atomic(result.manifest, {
        "schema": MANIFEST_SCHEMA, "started_at": started, "finished_at": utc_now(), "complete": result.complete,
        "trusted_on_first_use": list(result.trusted_on_first_use), "hosts": [h.as_json() for h in results]})
    return result
