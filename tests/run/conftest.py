from __future__ import annotations

import socket
from typing import Iterator, List, Tuple

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler


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
