"""The HTTPS client against the real test server: throttling (429/503 with and without Retry-After),
TLS always verified (a certificate from another CA is refused; so is the test CA without ca_bundle)."""
from __future__ import annotations

import email.utils
import time
from pathlib import Path

import pytest

from auditor.acquire.api import pull
from auditor.acquire.api.https import Https, PullFailure, retry_after
from auditor.acquire.api.store import MANIFEST_NAME
from tests.acquire.api.conftest import Sleeps, http, intune_source, jamf_source, tree
from tests.acquire.api.server import ApiServer, Script
from tests.acquire.api.tls import ServerTls

JOBS = "/graph/beta/deviceManagement/reports/exportJobs"


def test_429_with_retry_after_waits_what_the_server_asks(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                         tmp_path: Path, sleeps: Sleeps) -> None:
    secrets_env.polls_before_complete = 0
    secrets_env.throttle[JOBS] = [(429, {"Retry-After": "7"}), (503, {"Retry-After": "3"})]
    result = pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps)
    assert result.complete
    assert sleeps.waits == [7.0, 3.0]


def test_429_without_retry_after_backs_off_on_its_own(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                      tmp_path: Path, sleeps: Sleeps) -> None:
    secrets_env.polls_before_complete = 0
    secrets_env.throttle[JOBS] = [(429, {}), (429, {}), (429, {})]
    assert pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps).complete
    assert sleeps.waits == [2.0, 4.0, 8.0]


def test_throttled_for_ever_fails_after_bounded_attempts(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                         tmp_path: Path, sleeps: Sleeps) -> None:
    secrets_env.throttle["/jamf/api/v1/computers-inventory"] = [(429, {})] * 50
    (item,) = pull([jamf_source(server, tls)], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and item.step == "computers page 1" and "HTTP 429" in item.error
    assert "after 5 attempts" in item.error and sleeps.waits == [2.0, 4.0, 8.0, 16.0]
    assert len(secrets_env.requests("/jamf/api/v1/computers-inventory")) == 5


def test_a_retry_after_beyond_the_limit_fails_instead_of_stalling(server: ApiServer, tls: ServerTls,
                                                                  secrets_env: Script, tmp_path: Path,
                                                                  sleeps: Sleeps) -> None:
    later = email.utils.formatdate(time.time() + 7200, usegmt=True)  # the HTTP-date form
    secrets_env.throttle["/jamf/api/v1/computers-inventory"] = [(503, {"Retry-After": later})]
    (item,) = pull([jamf_source(server, tls)], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and "longer than max_retry_after (300 s)" in item.error and sleeps.waits == []


def test_retry_after_forms() -> None:
    assert retry_after({"retry-after": "120"}) == 120.0
    assert retry_after({}) is None and retry_after({"retry-after": "soon"}) is None
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, now=lambda: 1445412470.0) == 10.0


def test_a_certificate_from_another_ca_is_refused(other_tls: ServerTls, tls: ServerTls, secrets_env: Script,
                                                  tmp_path: Path, sleeps: Sleeps) -> None:
    impostor = ApiServer(other_tls, secrets_env)  # same endpoints, certificate from another CA
    try:
        to = tmp_path / "api"
        good = ApiServer(tls, secrets_env)
        try:
            assert pull([jamf_source(good, tls)], to, sleep=sleeps).complete
        finally:
            good.stop()
        before = tree(to)
        secrets_env.log.clear()
        (item,) = pull([jamf_source(impostor, tls)], to, sleep=sleeps).sources
        assert not item.complete and item.step == "token (Jamf Pro)"
        assert "TLS certificate was refused (self-signed certificate in certificate chain)" in item.error
        assert secrets_env.log == []  # not one request reached the impostor: the secret was never sent
        assert {k: v for k, v in tree(to).items() if k != MANIFEST_NAME} == \
            {k: v for k, v in before.items() if k != MANIFEST_NAME}
    finally:
        impostor.stop()


def test_without_ca_bundle_the_system_store_does_not_trust_the_test_ca(server: ApiServer, tls: ServerTls) -> None:
    client = Https(http(tls, ca_bundle=None), sleep=lambda s: None)
    with pytest.raises(PullFailure, match="TLS certificate was refused"):
        client.request("probe", "GET", server.base + "/fleet/api/v1/fleet/hosts")


def test_plain_http_is_refused(tls: ServerTls) -> None:
    client = Https(http(tls), sleep=lambda s: None)
    with pytest.raises(PullFailure, match="only https://"):
        client.request("probe", "GET", "http://127.0.0.1:1/x")
