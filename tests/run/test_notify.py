"""E-mail over STARTTLS with login, and the webhook, against real local servers."""
from __future__ import annotations

import dataclasses
import datetime as dt
import http.server
import json
import ssl
import threading
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from auditor.run.config import EmailSettings, WebhookSettings
from auditor.errors import ConfigError
from auditor.run.notify import RunNews, post_webhook, send_email, should_send
from tests.render.factory import family_fleet
from tests.run.conftest import Collect, free_port

NEWS = RunNews(organisation="Contoso", as_of="2026-11-23", complete=False, findings=4,
               open_by_priority={"P1": 1, "P2": 2, "P3": 1, "P4": 0}, new_p1_p2=2, resolved=1,
               summary_markdown="# Fleet Auditor\n\n<script>alert(1)</script> on a phone\n", report=None,
               incomplete_reasons=["exports/jamf.json: stale export"])


def self_signed(folder: Path) -> Tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def tls_smtpd(tmp_path: Path) -> Iterator[Tuple[Controller, Collect, Path]]:
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        ok = auth_data.login == b"auditor" and auth_data.password == b"s3cret-from-env"
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535 itself

    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=authenticator, auth_require_tls=True)
    controller.start()
    try:
        yield controller, handler, cert
    finally:
        controller.stop()


def settings(port: int) -> EmailSettings:
    return EmailSettings(host="127.0.0.1", port=port, security="starttls", sender="auditor@example.com",
                         to=("secops@example.com",), when=("new-p1-p2",), username_env="SMTP_USER",
                         password_env="SMTP_PASSWORD")


def test_starttls_with_login_from_the_environment(tls_smtpd, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    controller, handler, cert = tls_smtpd
    monkeypatch.setenv("FLEET_AUDITOR_SMTP_CAFILE", str(cert))
    monkeypatch.setenv("SMTP_USER", "auditor")
    monkeypatch.setenv("SMTP_PASSWORD", "s3cret-from-env")
    send_email(settings(controller.port), NEWS)
    send_email(settings(controller.port), dataclasses.replace(NEWS, organisation="<script>alert(1)</script>",
                                                              result=family_fleet()))
    message, rendered = handler.messages
    assert " ".join(message["Subject"].split()) == (
        "[Fleet Auditor] Contoso: INCOMPLETE RUN, 2 new P1/P2, 4 open findings (P1 1) as of 2026-11-23")
    html = next(p for p in rendered.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert "&lt;script&gt;" in html and "<script>" not in html  # inventory text stays inert in the HTML body
    assert "s3cret" not in message.as_string()


def test_wrong_password_is_refused(tls_smtpd, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import smtplib
    controller, handler, cert = tls_smtpd
    monkeypatch.setenv("FLEET_AUDITOR_SMTP_CAFILE", str(cert))
    monkeypatch.setenv("SMTP_USER", "auditor")
    monkeypatch.setenv("SMTP_PASSWORD", "wrong")
    with pytest.raises(smtplib.SMTPAuthenticationError):
        send_email(settings(controller.port), NEWS)
    assert handler.messages == []


def test_missing_secret_variable_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMTP_USER", raising=False)
    with pytest.raises(ConfigError, match="the environment variable SMTP_USER .* is not set"):
        send_email(settings(free_port()), NEWS)


@pytest.mark.parametrize("when,expected", [(("always",), True), (("new-p1-p2",), True), (("incomplete",), True)])
def test_should_send(when: tuple, expected: bool) -> None:
    assert should_send(when, NEWS) is expected
    quiet = RunNews(**{**NEWS.__dict__, "complete": True, "new_p1_p2": 0})
    assert should_send(("new-p1-p2", "incomplete"), quiet) is False


def test_webhook_posts_the_summary_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    received: List[Tuple[dict, str]] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((json.loads(body), self.headers.get("Authorization", "")))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("HOOK_TOKEN", "t0ken")
        status = post_webhook(WebhookSettings(f"http://127.0.0.1:{server.server_port}/hook", ("always",), "HOOK_TOKEN",
                                              allow_insecure_http=True), NEWS)
    finally:
        server.shutdown()
    assert status == 204
    ((body, auth),) = received
    assert auth == "Bearer t0ken"
    assert (body["schema"], body["complete"], body["new_p1_p2"], body["open_by_priority"]["P1"]) == (
        "fleet-auditor/run-summary/1", False, 2, 1)
