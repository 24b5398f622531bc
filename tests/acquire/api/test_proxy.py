"""`proxy:` tunnels HTTPS through an HTTP proxy (CONNECT); TLS is still verified end to end with the server."""
from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Iterator, List

import pytest

from auditor.acquire.api import pull
from tests.acquire.api.conftest import Sleeps, http, jamf_source
from tests.acquire.api.server import ApiServer, Script
from tests.acquire.api.tls import ServerTls


class ConnectProxy:
    """A minimal HTTP CONNECT proxy on 127.0.0.1: records each tunnel's target and pipes the bytes."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.tunnels: List[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._tunnel, args=(client,), daemon=True).start()

    def _tunnel(self, client: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = client.recv(4096)
            if not chunk:
                return
            head += chunk
        method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
        self.tunnels.append(f"{method} {target}")
        host, port = target.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self.listener.close()


@pytest.fixture
def proxy() -> Iterator[ConnectProxy]:
    p = ConnectProxy()
    try:
        yield p
    finally:
        p.stop()


def test_pull_through_a_connect_proxy(server: ApiServer, tls: ServerTls, other_tls: ServerTls, secrets_env: Script,
                                      proxy: ConnectProxy, tmp_path: Path, sleeps: Sleeps) -> None:
    source = jamf_source(server, tls, http=http(tls, proxy=f"http://127.0.0.1:{proxy.port}"))
    (item,) = pull([source], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    assert proxy.tunnels and set(proxy.tunnels) == {f"CONNECT 127.0.0.1:{server.port}"}
    assert len(proxy.tunnels) == len(secrets_env.log)  # every request went through the proxy
    # Through the proxy the server's certificate is still checked: trusting another CA refuses it.
    source = jamf_source(server, tls, http=http(other_tls, proxy=f"http://127.0.0.1:{proxy.port}"))
    (item,) = pull([source], tmp_path / "other", sleep=sleeps).sources
    assert not item.complete and "TLS certificate was refused" in item.error
