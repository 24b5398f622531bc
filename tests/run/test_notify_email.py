"""The e-mail a scheduled run sends, through a real SMTP server (aiosmtpd on 127.0.0.1): a Date and a
Message-ID; a plain-text part and a real HTML part rendered from the report's templates (headline, Act first
with the family members whose phones cannot be seen, what changed in the law); the report attached; no
message cut; hostile strings inert in both parts. The HTML part in Chromium: tests/render/test_email_browser.py."""
from __future__ import annotations

import dataclasses
import email.utils
import re
from email.message import Message
from pathlib import Path
from typing import List, Tuple

import pytest
from aiosmtpd.controller import Controller

from auditor.model import Problem
from auditor.run.config import EmailSettings
from auditor.run.notify import RunNews, build_email, send_email
from tests.render.factory import family_fleet
from tests.run.conftest import Collect

LONG_REASON = ("/srv/fleet-auditor/drop/intune/" + "nested/" * 40 + "DevicesWithInventory_2026-11-22.csv: not read: "
               "the export is 14 days old (exported 2026-11-08; older than --max-export-age 7 days)")
HOSTILE_DEVICE = "Invoice\u202egpj.exe<script>alert(1)</script>\u001b]0;pwned\u0007"


def news_of(report: Path) -> RunNews:
    res = family_fleet(problems=(Problem("/srv/fleet-auditor/drop/intune", LONG_REASON, None, True),))
    minor_phone, minor = next((d, o) for d, o in res.not_visible if o.relationship == "minor child")
    hostile = dataclasses.replace(minor_phone, name=HOSTILE_DEVICE)
    res = dataclasses.replace(res, not_visible=tuple((hostile, o) if d is minor_phone else (d, o)
                                                     for d, o in res.not_visible))
    return RunNews(organisation="Contoso", as_of="2026-11-23", complete=res.complete, findings=len(res.findings),
                   open_by_priority={"P1": 3, "P2": 1, "P3": 1, "P4": 0}, new_p1_p2=2, resolved=1,
                   summary_markdown="", report=report, incomplete_reasons=[LONG_REASON], result=res,
                   generated_at="2026-11-23T02:00:00Z")


def settings(port: int) -> EmailSettings:
    return EmailSettings(host="127.0.0.1", port=port, security="none", sender="Fleet Auditor <auditor@example.com>",
                         to=("secops@example.com",), when=("always",))


def parts(message: Message) -> Tuple[str, str, List[Message]]:
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain" and not p.get_filename())
    html = next(p for p in message.walk() if p.get_content_type() == "text/html" and not p.get_filename())
    attached = [p for p in message.walk() if p.get_filename()]
    return (text.get_payload(decode=True).decode(text.get_content_charset()),
            html.get_payload(decode=True).decode(html.get_content_charset()), attached)


def test_the_email_through_a_real_smtp_server(smtpd: Tuple[Controller, Collect], tmp_path: Path) -> None:
    controller, handler = smtpd
    report = tmp_path / "report.html"
    report.write_text("<!DOCTYPE html><title>report</title>", encoding="utf-8")
    send_email(settings(controller.port), news_of(report))
    (message,) = handler.messages
    assert email.utils.parsedate_to_datetime(message["Date"]) is not None
    assert re.fullmatch(r"<[^<>@\s]+@example\.com>", message["Message-ID"].strip())
    assert message.get_content_type() == "multipart/mixed"
    text, html, attached = parts(message)
    assert [p.get_filename() for p in attached] == ["report.html"]
    for body in (text, html):
        assert "INCOMPLETE RUN" in body
        assert "characters)" not in body  # nothing cut
    assert LONG_REASON in text and LONG_REASON.replace(">", "&gt;") in html
    # Act first: the minor child and the spouse, with relation and what to do; the change in the law.
    assert "minor child of Ana Kim, Chief Executive Officer" in text and "spouse of Farid Rossi" in text
    assert "minor child of Ana Kim, Chief Executive Officer" in html and "What to do:" in html
    assert "Example Corp acceptable use (org-policy): proposed → in force: approved by the board" in text
    assert "approved by the board on 2026-11-20" in html
    assert "The whole report is attached" in text and "The whole report is attached" in html
    # Hostile strings: inert in both parts (no raw escape, bell, bidi override or tag).
    for body in (text, html):
        assert "\u202e" not in body and "\u001b" not in body and "\u0007" not in body
        assert "⟨U+202E⟩" in body
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>alert(1)</script>" in text  # plain text is shown as text: no markup to run


def test_each_email_has_its_own_message_id(tmp_path: Path) -> None:
    news = news_of(tmp_path / "missing.html")
    first, second = build_email(settings(25), news), build_email(settings(25), news)
    assert first["Message-ID"] != second["Message-ID"]
    assert not [p for p in first.walk() if p.get_filename()]  # no report file: nothing attached


def test_without_a_result_the_summary_is_sent_as_text(tmp_path: Path) -> None:
    news = dataclasses.replace(news_of(tmp_path / "none.html"), result=None, summary_markdown="# Fleet Auditor\n")
    message = build_email(settings(25), news)
    assert message.get_content_type() == "text/plain" and message["Date"] and message["Message-ID"]


@pytest.mark.parametrize("organisation", ["Contoso\r\nBcc: everyone@example.com"])
def test_a_subject_cannot_be_forged_into_headers(organisation: str, tmp_path: Path) -> None:
    news = dataclasses.replace(news_of(tmp_path / "none.html"), organisation=organisation)
    message = build_email(settings(25), news)
    assert "\n" not in message["Subject"] and message["Bcc"] is None
