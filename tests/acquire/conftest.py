"""Fixtures of the acquisition tests: a real sshd on 127.0.0.1, several hosts in network namespaces,
and a per-test hang guard (a hung connection must fail its test, not hang the suite; never a budget)."""
from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path
from typing import Dict, Iterator

import pytest

from tests.acquire import netns
from tests.acquire.netns import HostSpec, NsHost, dpkg_stanza, os_release
from tests.acquire.sshd import Sshd, need_sshd, start_sshd

from tests.conftest import HANG_GUARD, IN_CI

TEST_TIME_LIMIT = HANG_GUARD  # seconds per test: a hung connection fails its test instead of the suite


class TestTimeLimit(Exception):
    pass


@pytest.fixture(autouse=True)
def time_limit() -> Iterator[None]:
    """SIGALRM interrupts whatever the main thread waits on (socket, lock, sleep) and fails the test."""
    def expired(_signum: int, _frame: object) -> None:
        raise TestTimeLimit(f"test ran longer than {TEST_TIME_LIMIT} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, TEST_TIME_LIMIT)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    need_sshd()
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    try:
        yield server
    finally:
        server.stop()


BANNED_DEBIAN = (dpkg_stanza("openssl", "3.0.11-1~deb12u1") + dpkg_stanza("wps-office", "11.1.0.11720",
                 maintainer="Kingsoft <wps@example.invalid>") + dpkg_stanza("wps-connect", "1.0")
                 + dpkg_stanza("kesl", "12.0.0.6672", status="deinstall ok config-files"))
BANNED_UBUNTU = dpkg_stanza("bash", "5.1-6ubuntu1") + dpkg_stanza("kesl", "12.1.0.1297")

SPECS = (
    HostSpec(1, "fa-h1", os_release("Debian GNU/Linux", "debian", "12"), BANNED_DEBIAN),
    HostSpec(2, "fa-h2", os_release("Debian GNU/Linux", "debian", "12"), dpkg_stanza("curl", "7.88")),
    HostSpec(3, "fa-h3", "", "", sshd=False),
    HostSpec(4, "fa-h4", os_release("Ubuntu", "ubuntu", "22.04"), BANNED_UBUNTU),
    HostSpec(5, "fa-h5", "", "", sshd=False, link_up=False),
)


@pytest.fixture(scope="module")  # module: the hosts (and the lock on them) live only while their tests run
def ns_hosts(sshd: Sshd, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[int, NsHost]]:
    """h1 Debian with wps-office; h2 whose known_hosts entry is h1's key (wrong key); h3 with nothing
    listening (refused); h4 Ubuntu with kesl; h5 with its interface down (timeout)."""
    if os.geteuid() != 0 or not shutil.which("ip") or not shutil.which("unshare"):
        if IN_CI:
            pytest.fail("network-namespace hosts need root, iproute2 and util-linux (CI runs as root)")
        pytest.skip("network-namespace hosts need root")
    folder = tmp_path_factory.mktemp("netns")
    hosts: Dict[int, NsHost] = {}
    with netns.exclusive():
        try:
            hosts = netns.up(SPECS, folder, sshd.dir / "authorized_keys")
            yield hosts
        finally:
            netns.stop(hosts)


@pytest.fixture
def ns_known_hosts(ns_hosts: Dict[int, NsHost], tmp_path: Path) -> Path:
    lines = [ns_hosts[1].host_key_line, ns_hosts[3].host_key_line, ns_hosts[4].host_key_line,
             ns_hosts[5].host_key_line,
             # h2's entry carries h1's key: the h2 server must be refused as a possible impostor.
             ns_hosts[2].spec.address + " " + ns_hosts[1].host_key_line.split(" ", 1)[1]]
    path = tmp_path / "known_hosts"
    path.write_text("\n".join(lines) + "\n")
    return path
