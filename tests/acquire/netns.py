"""Several SSH hosts on one machine: one network namespace per host, each with its own address, host
key, hostname, /etc/os-release and dpkg database (recipe: TEST-INFRASTRUCTURE.md §2; root only).

Addresses are 10.213.0.128/25 (bridge .129, hosts .131...): inside the recipe's test net, but apart from
the .1-.127 half other test suites on this machine use, so parallel suites cannot collide. The safety
route `unreachable 10.213.0.0/16` goes in first: once the bridge is gone, nothing for this range can
leave the machine. It is left in place at the end (another suite may rely on it; it is harmless)."""
from __future__ import annotations

import contextlib
import fcntl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

from tests.acquire.sshd import CONFIG, SSHD, keygen, public_key, wait_for_port

PREFIX = "fa-acq"
BRIDGE = f"{PREFIX}-br0"
NET = "10.213.0.128/25"
BRIDGE_ADDRESS = "10.213.0.129/25"
GUARD = "10.213.0.0/16"
# Two test runs on one machine (two engineers, or CI and a developer) would tear down each other's hosts:
# the names and addresses are fixed. A run holds this lock while its hosts exist; the other one waits.
LOCK_FILE = Path("/tmp/fleet-auditor-acquire-netns.lock")


@contextlib.contextmanager
def exclusive(timeout: float = 90.0) -> Iterator[None]:
    with open(LOCK_FILE, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"another test run held {LOCK_FILE} for more than {timeout} s") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class HostSpec:
    index: int
    hostname: str
    os_release: str
    dpkg_status: str
    sshd: bool = True  # False: the namespace is there but nothing listens (connection refused)
    link_up: bool = True  # False: the host's interface is down (connections time out)

    @property
    def netns(self) -> str:
        return f"{PREFIX}-h{self.index}"

    @property
    def address(self) -> str:
        return f"10.213.0.{130 + self.index}"


@dataclass
class NsHost:
    spec: HostSpec
    dir: Path
    host_key_line: str  # `ADDRESS ssh-ed25519 AAAA...` of this host's real key
    proc: Optional[subprocess.Popen]


def ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], check=check, capture_output=True, text=True, timeout=20)


def _names() -> List[str]:
    return [line.split()[0] for line in ip("netns", "list").stdout.splitlines()
            if line.split() and line.split()[0].startswith(f"{PREFIX}-h")]


def down() -> None:
    """Remove every namespace, link and connection of ours (also what a crashed run left behind)."""
    names = _names()
    for name in names:
        pids = ip("netns", "pids", name, check=False).stdout.split()
        for pid in pids:
            subprocess.run(["kill", pid], check=False, capture_output=True, timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(ip("netns", "pids", n, check=False).stdout.strip() for n in names):
        time.sleep(0.02)
    for name in names:
        ip("netns", "del", name, check=False)
    subprocess.run(["ss", "-K", "dst", NET], check=False, capture_output=True, timeout=10)
    ip("link", "del", BRIDGE, check=False)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and PREFIX in ip("-br", "link").stdout:
        time.sleep(0.02)
    if PREFIX in ip("-br", "link").stdout:
        raise RuntimeError(f"links of {PREFIX} still present after teardown: {ip('-br', 'link').stdout}")


def _start(spec: HostSpec, folder: Path, authorized_keys: Path) -> Optional[subprocess.Popen]:
    ns = spec.netns
    ip("netns", "add", ns)
    ip("link", "add", f"{ns}-br", "type", "veth", "peer", "name", "eth0", "netns", ns)
    ip("link", "set", f"{ns}-br", "master", BRIDGE, "up")
    ip("-n", ns, "addr", "add", f"{spec.address}/25", "dev", "eth0")
    ip("-n", ns, "link", "set", "lo", "up")
    if spec.link_up:
        ip("-n", ns, "link", "set", "eth0", "up")
    if not spec.sshd:
        return None
    config = folder / "sshd_config"
    config.write_text(CONFIG.format(port=22, address=spec.address, dir=folder, authorized_keys=authorized_keys))
    (folder / "os-release").write_text(spec.os_release)
    (folder / "dpkg-status").write_text(spec.dpkg_status)
    # Private UTS and mount namespaces (ip netns exec unshares mounts): the binds never reach the host.
    script = (f"hostname {spec.hostname} && mount --bind {folder}/dpkg-status /var/lib/dpkg/status && "
              f"mount --bind {folder}/os-release /etc/os-release && mount --bind {folder}/machine-id /etc/machine-id"
              f" && exec {SSHD} -D -e -f {config}")
    (folder / "machine-id").write_text(f"{spec.index:032x}\n")
    log = folder / "sshd.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(["ip", "netns", "exec", ns, "unshare", "--uts", "sh", "-c", script],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    wait_for_port(spec.address, 22, proc, log)
    return proc


def up(specs: Sequence[HostSpec], folder: Path, authorized_keys: Path) -> Dict[int, NsHost]:
    ip("route", "replace", "unreachable", GUARD)  # SAFETY GUARD first, see the module docstring
    down()
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    ip("link", "add", BRIDGE, "type", "bridge")
    ip("addr", "add", BRIDGE_ADDRESS, "dev", BRIDGE)
    ip("link", "set", BRIDGE, "up")
    hosts: Dict[int, NsHost] = {}
    for spec in specs:
        host_dir = folder / f"h{spec.index}"
        host_dir.mkdir(parents=True)
        keygen(host_dir / "host_ed25519")
        proc = _start(spec, host_dir, authorized_keys)
        hosts[spec.index] = NsHost(spec, host_dir, f"{spec.address} {public_key(host_dir / 'host_ed25519')}", proc)
    return hosts


def stop(hosts: Dict[int, NsHost]) -> None:
    for host in hosts.values():
        if host.proc is not None and host.proc.poll() is None:
            host.proc.terminate()
    down()
    for host in hosts.values():
        if host.proc is not None:
            try:
                host.proc.wait(5)
            except subprocess.TimeoutExpired:
                host.proc.kill()
                host.proc.wait(5)


def dpkg_stanza(package: str, version: str, status: str = "install ok installed",
                maintainer: str = "Test <test@example.invalid>") -> str:
    return (f"Package: {package}\nStatus: {status}\nPriority: optional\nSection: misc\nInstalled-Size: 100\n"
            f"Maintainer: {maintainer}\nArchitecture: amd64\nVersion: {version}\nDescription: fake\n\n")


def os_release(name: str, os_id: str, version_id: str) -> str:
    return f'PRETTY_NAME="{name} {version_id}"\nNAME="{name}"\nVERSION_ID="{version_id}"\nID={os_id}\n'
