"""The webhook: its bearer token is checked before the run starts, never sent over plain http:// unless
the configuration says so, never sent where a redirect points, and sent over TLS only to a server whose
certificate verifies. Real servers on 127.0.0.1: HTTPS with a test CA, and plain HTTP."""
from __future__ import annotations

import datetime as dt
import http.server
import ipaddress
import json
import ssl
import textwrap
import threading
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest

from auditor.errors import ConfigError, ExitCode
from auditor.run.config import WebhookSettings, load_config
from auditor.run.notify import post_webhook
from tests.run.test_notify import NEWS
from tests.run.conftest import run_scheduled
from tests.run.test_scheduled_runs import write_config


def make_test_ca(folder: Path) -> Tuple[Path, Path, Path]:
    """A test CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, server.pem, server.key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fleet Auditor test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption()))
    return folder / "ca.pem", folder / "server.pem", folder / "server.key"


class Hook:
    """A real HTTP(S) server on 127.0.0.1 that records each request (path, Authorization, body)."""

    def __init__(self, tls: Optional[ssl.SSLContext] = None, status: int = 204, reason: Optional[str] = None,
                 redirect: str = "") -> None:
        self.received: List[Tuple[str, str, str, bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                outer.received.append((self.command, self.path, self.headers.get("Authorization", ""),
                                       self.rfile.read(length)))
                if redirect:
                    self.send_response(302)
                    self.send_header("Location", redirect)
                else:
                    self.send_response(status, reason)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET = _any  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls else "http"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server_tls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """The server side of TLS with a certificate from a test CA, which the client is told to trust."""
    ca, cert, key = make_test_ca(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # the client trusts the test CA (OpenSSL's own variable)
    return context


@pytest.fixture
def https_hook(server_tls: ssl.SSLContext) -> Iterator[Hook]:
    hook = Hook(tls=server_tls)
    yield hook
    hook.stop()


@pytest.fixture
def http_hook() -> Iterator[Hook]:
    hook = Hook()
    yield hook
    hook.stop()


def test_the_token_goes_over_verified_https(https_hook: Hook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "t0ken-https")
    assert post_webhook(WebhookSettings(https_hook.url, ("always",), "HOOK_TOKEN"), NEWS) == 204
    ((method, path, auth, body),) = https_hook.received
    assert (method, path, auth) == ("POST", "/hook", "Bearer t0ken-https")
    assert json.loads(body)["schema"] == "fleet-auditor/run-summary/1"


def test_a_server_whose_certificate_does_not_verify_gets_nothing(https_hook: Hook, monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    other_ca, _, _ = make_test_ca(tmp_path / "other")
    monkeypatch.setenv("SSL_CERT_FILE", str(other_ca))  # trust another CA: the hook's certificate is unknown
    monkeypatch.setenv("HOOK_TOKEN", "t0ken-https")
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        post_webhook(WebhookSettings(https_hook.url, ("always",), "HOOK_TOKEN"), NEWS)
    assert https_hook.received == []


def test_a_bearer_token_over_plain_http_is_refused_at_config_load(tmp_path: Path) -> None:
    config = tmp_path / "auditor.yaml"
    config.write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs: {paths: [exports]}
        webhook: {url: "http://chat.example.com/hook", token_env: HOOK_TOKEN}
        """))
    with pytest.raises(ConfigError) as info:
        load_config(config)
    assert info.value.exit_code == ExitCode.USAGE
    assert str(config) in str(info.value) and "webhook.url" in str(info.value)
    assert "allow_insecure_http" in str(info.value)
    # without a token, or when the configuration says so, plain http is accepted
    config.write_text(config.read_text().replace(", token_env: HOOK_TOKEN", ""))
    assert load_config(config).webhook is not None
    config.write_text(config.read_text().replace('"}', '", token_env: HOOK_TOKEN, allow_insecure_http: true}'))
    assert load_config(config).webhook.allow_insecure_http is True  # type: ignore[union-attr]


def test_post_webhook_itself_refuses_the_token_over_http(http_hook: Hook, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "t0ken-plain")
    with pytest.raises(ConfigError, match="allow_insecure_http"):
        post_webhook(WebhookSettings(http_hook.url, ("always",), "HOOK_TOKEN"), NEWS)
    assert http_hook.received == []
    assert post_webhook(WebhookSettings(http_hook.url, ("always",), "HOOK_TOKEN", allow_insecure_http=True), NEWS) == 204
    assert [r[2] for r in http_hook.received] == ["Bearer t0ken-plain"]


def test_a_redirect_never_carries_the_token_elsewhere(server_tls: ssl.SSLContext, http_hook: Hook,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    redirecting = Hook(tls=server_tls, redirect=http_hook.url)  # https, redirecting to plain http elsewhere
    try:
        monkeypatch.setenv("HOOK_TOKEN", "t0ken-redirect")
        with pytest.raises(Exception, match="302"):
            post_webhook(WebhookSettings(redirecting.url, ("always",), "HOOK_TOKEN"), NEWS)
    finally:
        redirecting.stop()
    assert [r[2] for r in redirecting.received] == ["Bearer t0ken-redirect"]
    assert http_hook.received == []  # before: urllib followed the 302 as a GET, Authorization header and all


@pytest.fixture
def site(exports_site: Path) -> Path:
    return exports_site


@pytest.mark.parametrize("value", [None, ""])
def test_an_unset_token_variable_stops_the_run_before_it_starts(site: Path, https_hook: Hook, capsys,  # type: ignore[no-untyped-def]
                                                                monkeypatch: pytest.MonkeyPatch, value) -> None:
    if value is None:
        monkeypatch.delenv("HOOK_TOKEN_UNSET", raising=False)
    else:
        monkeypatch.setenv("HOOK_TOKEN_UNSET", value)
    config = write_config(site, f"webhook: {{url: '{https_hook.url}', when: [always], token_env: HOOK_TOKEN_UNSET}}\n")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    # Before: the whole run happened, was published with exit 1, and only then "webhook not posted".
    assert code == ExitCode.USAGE, err
    assert "webhook.token_env" in err and "HOOK_TOKEN_UNSET" in err and "nothing was done" in err
    assert not (site / "reports" / "latest").exists() and not (site / "reports" / "history.sqlite").exists()
    assert https_hook.received == []


def test_the_scheduled_run_posts_to_the_https_hook(site: Path, https_hook: Hook, capsys,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "t0ken-run")
    config = write_config(site, f"webhook: {{url: '{https_hook.url}', when: [new-p1-p2], token_env: HOOK_TOKEN}}\n")
    code, err = run_scheduled(config, "2026-11-23", capsys)
    assert code == 1, err
    ((method, _, auth, body),) = https_hook.received
    assert (method, auth, json.loads(body)["new_p1_p2"]) == ("POST", "Bearer t0ken-run", 1)
    assert "t0ken-run" not in err
