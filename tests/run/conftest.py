from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from auditor import cli
from tests.conftest import FIXTURES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Collect(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: List = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


@pytest.fixture
def smtpd() -> Iterator[Tuple[Controller, Collect]]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd)."""
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


@pytest.fixture
def exports_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder for a scheduled run: the test policy library, and TikTok on PHONE-1 in exports/ (2026-11-23)."""
    from tests.run.test_scheduled_runs import write_exports
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    return tmp_path


def run_scheduled(config: Path, as_of: str, capsys: pytest.CaptureFixture) -> Tuple[int, str]:
    """`auditor run --config CONFIG --as-of AS_OF --quiet` in this process: (exit code, stderr)."""
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", as_of, "--quiet"])
    return int(info.value.code), capsys.readouterr().err
