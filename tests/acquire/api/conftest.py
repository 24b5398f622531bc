"""Fixtures of the API pull tests: a test CA, a real HTTPS server on 127.0.0.1 scripted per test, sources
pointing at it, and a sleep that records the waits instead of waiting (the HTTP traffic stays real)."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from auditor.acquire.api import FleetSource, HttpSettings, IntuneSource, JamfSource, SecretRef
from tests.acquire.api.server import ApiServer, Script
from tests.acquire.api.tls import ServerTls, server_tls


@pytest.fixture(scope="session")
def tls(tmp_path_factory: pytest.TempPathFactory) -> ServerTls:
    return server_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def other_tls(tmp_path_factory: pytest.TempPathFactory) -> ServerTls:
    """A server certificate for 127.0.0.1 from another CA: a client that trusts the test CA refuses it."""
    return server_tls(tmp_path_factory.mktemp("other-tls"), "Some other CA")


@pytest.fixture
def script() -> Script:
    return Script()


@pytest.fixture
def server(tls: ServerTls, script: Script) -> Iterator[ApiServer]:
    api = ApiServer(tls, script)
    try:
        yield api
    finally:
        api.stop()


class Sleeps:
    """time.sleep's stand-in: records each wait."""

    def __init__(self) -> None:
        self.waits: List[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch, script: Script) -> Script:
    monkeypatch.setenv("TEST_INTUNE_SECRET", script.client_secret)
    monkeypatch.setenv("TEST_JAMF_SECRET", script.jamf_secret)
    monkeypatch.setenv("TEST_FLEET_TOKEN", script.fleet_token)
    monkeypatch.setenv("TEST_KANDJI_TOKEN", script.kandji_token)
    monkeypatch.setenv("TEST_WS1_SECRET", script.ws1_secret)
    return script


def http(tls: ServerTls, **overrides: Any) -> HttpSettings:
    return dataclasses.replace(HttpSettings(ca_bundle=tls.ca_pem, timeout=10.0), **overrides)


def intune_source(server: ApiServer, tls: ServerTls, **overrides: Any) -> IntuneSource:
    values = dict(name="intune", http=http(tls), tenant=server.script.tenant, client_id=server.script.client_id,
                  client_secret=SecretRef("Intune client secret", env="TEST_INTUNE_SECRET"),
                  authority=server.base + "/entra", graph=server.base + "/graph", poll_interval=10.0)
    values.update(overrides)
    return IntuneSource(**values)


def jamf_source(server: ApiServer, tls: ServerTls, **overrides: Any) -> JamfSource:
    values = dict(name="jamf", http=http(tls), url=server.base + "/jamf", client_id=server.script.jamf_client_id,
                  client_secret=SecretRef("Jamf Pro client secret", env="TEST_JAMF_SECRET"), page_size=100)
    values.update(overrides)
    return JamfSource(**values)


def fleet_source(server: ApiServer, tls: ServerTls, **overrides: Any) -> FleetSource:
    values = dict(name="fleet", http=http(tls), url=server.base + "/fleet",
                  token=SecretRef("Fleet API token", env="TEST_FLEET_TOKEN"))
    values.update(overrides)
    return FleetSource(**values)


def tree(folder: Path) -> dict:
    """Every file under folder (following the source links) with its bytes: to show nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
