"""Telling people: e-mail through smtplib (STARTTLS or SMTPS, credentials from the environment) with a
plain-text part and an HTML part rendered from the report's own templates (headline, Act first, changes), a
Date and a Message-ID, and the report attached; optionally a webhook POST of the summary."""
from __future__ import annotations

import json
import logging
import os
import smtplib
import ssl
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, Dict, Optional, Sequence

from auditor.errors import ConfigError
from auditor.model import AuditResult
from auditor.render import OutputOptions, Report, render_email_html, render_email_text, visible
from auditor.run.config import EmailSettings, WebhookSettings

log = logging.getLogger("auditor.notify")


@dataclass(frozen=True)
class RunNews:
    """What a notification says about one run."""

    organisation: str
    as_of: str
    complete: bool
    findings: int
    open_by_priority: Dict[str, int]
    new_p1_p2: int
    resolved: int
    summary_markdown: str
    report: Optional[Path]
    incomplete_reasons: Sequence[str]
    # The run's result: the e-mail's bodies are rendered from it (without it, the summary is sent as text only).
    result: Optional[AuditResult] = None
    generated_at: str = ""


def should_send(when: Sequence[str], news: RunNews) -> bool:
    return ("always" in when or ("new-p1-p2" in when and news.new_p1_p2 > 0)
            or ("incomplete" in when and not news.complete))


def subject(prefix: str, news: RunNews) -> str:
    who = f" {news.organisation}:" if news.organisation else ""
    state = "" if news.complete else " INCOMPLETE RUN,"
    opened = sum(news.open_by_priority.values())
    return (f"{prefix}{who}{state} {news.new_p1_p2} new P1/P2, {opened} open findings "
            f"(P1 {news.open_by_priority.get('P1', 0)}) as of {news.as_of}")


def build_email(settings: EmailSettings, news: RunNews) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = visible(subject(settings.subject_prefix, news))
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.to)
    message["Date"] = formatdate(usegmt=True)
    domain = settings.sender.rpartition("@")[2].strip("<> ") or None
    message["Message-ID"] = make_msgid("fleet-auditor", domain=domain)
    attached = settings.attach_report and news.report is not None and news.report.is_file()
    location = str(news.report) if news.report is not None else ""
    if news.result is None:
        message.set_content(news.summary_markdown)
    else:
        report = Report.of(news.result, OutputOptions(generated_at=news.generated_at or news.as_of,
                                                      organisation=news.organisation))
        message.set_content(render_email_text(report, location, attached))
        # The report's own templates, autoescaped: inventory strings stay inert in a mail client.
        message.add_alternative(render_email_html(report, location, attached), subtype="html")
    if attached and news.report is not None:
        message.add_attachment(news.report.read_bytes(), maintype="text", subtype="html", filename="report.html")
    return message


def _secret(name: str) -> str:
    if not name:
        return ""
    value = os.environ.get(name)
    if value is None:
        raise ConfigError(f"the environment variable {name} (named in the configuration) is not set")
    return value


def send_email(settings: EmailSettings, news: RunNews, timeout: float = 30.0) -> None:
    message = build_email(settings, news)
    user, password = _secret(settings.username_env), _secret(settings.password_env)
    context = ssl.create_default_context(cafile=os.environ.get("FLEET_AUDITOR_SMTP_CAFILE") or None)
    if settings.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    with client:
        if settings.security == "starttls":
            client.starttls(context=context)
        if user:
            client.login(user, password)
        client.send_message(message)
    log.info("e-mail sent to %d recipients", len(settings.to))  # never the credentials


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: urllib would follow it with the Authorization header, to any host and
    scheme (a POST answered 302 becomes a GET to wherever the Location says)."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> None:
        return None


def webhook_token(settings: WebhookSettings) -> str:
    """The bearer token, if the configuration names one; refused over plain http:// unless allowed there
    (the configuration loader refuses it too: this guards every other caller)."""
    token = _secret(settings.token_env)
    if token and not settings.url.lower().startswith("https://") and not settings.allow_insecure_http:
        raise ConfigError(f"webhook {settings.url}: a bearer token is sent only over https:// "
                          "(allow_insecure_http: true in the configuration sends it anyway)")
    return token


def post_webhook(settings: WebhookSettings, news: RunNews, timeout: float = 15.0) -> int:
    body: Dict[str, Any] = {
        "schema": "fleet-auditor/run-summary/1", "organisation": news.organisation, "as_of": news.as_of,
        "complete": news.complete, "findings": news.findings, "open_by_priority": news.open_by_priority,
        "new_p1_p2": news.new_p1_p2, "resolved": news.resolved, "incomplete_reasons": list(news.incomplete_reasons),
        "report": str(news.report) if news.report else None}
    token = webhook_token(settings)
    request = urllib.request.Request(settings.url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    # TLS always verified, against the system's CAs (or SSL_CERT_FILE / SSL_CERT_DIR, OpenSSL's own variables).
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ssl.create_default_context()),
                                         _NoRedirect())
    with opener.open(request, timeout=timeout) as response:  # noqa: S310 - URL from the config
        return int(response.status)
