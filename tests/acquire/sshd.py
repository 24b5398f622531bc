"""A real OpenSSH sshd for tests (recipe: /work/shared/design/TEST-INFRASTRUCTURE.md §1)."""
from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List

from tests.conftest import HANG_GUARD

SSHD = "/usr/sbin/sshd"  # absolute: sshd refuses to re-exec otherwise

CONFIG = """\
Port {port}
ListenAddress {address}
HostKey {dir}/host_ed25519
PidFile {dir}/sshd.pid
AuthorizedKeysFile {authorized_keys}
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel VERBOSE
"""


def keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "", "-f", str(path)], check=True,
                   timeout=HANG_GUARD)
    return path


def public_key(path: Path) -> str:
    """`ssh-ed25519 AAAA...` from a .pub file (type and key, no comment)."""
    return " ".join(Path(str(path) + ".pub").read_text().split()[:2])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(address: str, port: int, proc: subprocess.Popen, log: Path, timeout: float = HANG_GUARD) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"sshd exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with socket.create_connection((address, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"sshd did not listen on {address}:{port} within {timeout} s")


def children(pid: int) -> List[int]:
    """Direct children of pid, from /proc (per-connection sshd processes call setsid: killpg misses them)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # Field 4 is the parent pid; the command name (field 2) may hold spaces, so split after ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def descendants(pid: int) -> List[int]:
    found = []
    for child in children(pid):
        found.append(child)
        found.extend(descendants(child))
    return found


def _alive(pid: int) -> bool:
    """Running (a zombie holds no socket: it is gone for the client)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_gone(pids: List[int], guard: float = HANG_GUARD) -> None:
    """Until every pid has died (SIGKILL cannot be caught: this is quick; the guard only stops a hang)."""
    deadline = time.monotonic() + guard
    while any(_alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            raise RuntimeError(f"sshd processes {pids} still alive after SIGKILL")
        time.sleep(0.005)


def kill_pids(pids: List[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


@dataclass
class Sshd:
    address: str
    port: int
    user: str
    dir: Path
    client_key: Path
    known_hosts: Path
    host_key_line: str
    proc: subprocess.Popen

    def kill_sessions(self) -> List[int]:
        """Cut every open SSH connection (as a network failure would), leaving the listener up, and return
        only when the server side is gone: nothing of it can answer another request.

        Each connection is a session process (child of the listener) and its internal-sftp child, in their
        own session ids. A SIGTERM to the session process alone only asks it to stop at its next loop: on a
        loaded machine it could still serve the client's next requests (the last reads, the size check)
        before it did, and the "interrupted" transfer completed (the flake seen as `assert 0 == 3`)."""
        pids = descendants(self.proc.pid)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        wait_gone(pids)
        return pids

    def stop(self) -> None:
        kill_pids(children(self.proc.pid))
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def need_sshd() -> None:
    """Fails under CI=true (.ci/run installs OpenSSH) and skips elsewhere when sshd or ssh-keygen is missing."""
    import shutil

    import pytest

    from tests.conftest import IN_CI

    if not os.path.exists(SSHD) or not shutil.which("ssh-keygen"):
        if IN_CI:
            pytest.fail(f"{SSHD} or ssh-keygen missing: .ci/run must install openssh-server and openssh-client")
        pytest.skip("OpenSSH server not installed (apt-get install openssh-server)")


def start_sshd(folder: Path) -> Sshd:
    folder.mkdir(parents=True, exist_ok=True)
    keygen(folder / "host_ed25519")
    client = keygen(folder / "client_ed25519")
    (folder / "authorized_keys").write_text(Path(str(client) + ".pub").read_text())
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", 0o755, exist_ok=True)
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(CONFIG.format(port=port, address="127.0.0.1", dir=folder,
                                    authorized_keys=folder / "authorized_keys"))
    subprocess.run([SSHD, "-t", "-f", str(config)], check=True, timeout=HANG_GUARD)
    log = folder / "sshd.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    try:
        wait_for_port("127.0.0.1", port, proc, log)
    except BaseException:
        proc.kill()
        proc.wait(5)
        raise
    line = f"[127.0.0.1]:{port} {public_key(folder / 'host_ed25519')}\n"
    known = folder / "known_hosts"
    known.write_text(line)
    return Sshd("127.0.0.1", port, getpass.getuser(), folder, client, known, line, proc)
