"""The e-mail's HTML part, as received by a real SMTP server (aiosmtpd), rendered in headless Chromium at
1400 px and 390 px: no script, no request, no error; the headline, Act first (the minor child and the spouse
with their relation) and the changes in the law are there; nothing wider than a phone. Screenshots of both
widths are saved beside the report's."""
from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from auditor.run.notify import send_email
from tests.render.browser import WIDTHS, Page, artifacts, browser, glued_words, sync_api  # noqa: F401
from tests.run.conftest import Collect, free_port
from tests.run.test_notify_email import news_of, parts, settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def received_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mail")
    (folder / "report.html").write_text("<!DOCTYPE html><title>report</title>", encoding="utf-8")
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        send_email(settings(controller.port), news_of(folder / "report.html"))
    finally:
        controller.stop()
    (message,) = handler.messages
    _, html, _ = parts(message)
    path = folder / "email.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_the_html_part_renders_in_chromium(browser: "sync_api.Browser", received_html: Path, width: int) -> None:
    page = Page(browser, received_html, width=width)
    try:
        p = page.page
        assert page.errors == []  # the style is allowed by its hash; nothing else is needed
        assert page.requests == [received_html.as_uri()]
        assert p.locator("script").count() == 0
        text = p.inner_text("body")
        assert text.index("INCOMPLETE RUN") < text.index("Call 3 people first") < text.index("Act first")
        assert text.index("Act first") < text.index("What changed")
        for expected in ("Tariq Kim", "minor child of Ana Kim, Chief Executive Officer",
                         "spouse of Farid Rossi, Chief Financial Officer", "What to do:",
                         "approved by the board on 2026-11-20", "The whole report is attached"):
            assert expected in text, expected
        assert p.is_visible(".relation") and p.is_visible(".verify")
        assert "how to fix" not in text  # the report's in-page links have no target in a mail
        assert glued_words(text) == []
        assert p.evaluate("document.documentElement.scrollWidth") <= width
        p.screenshot(path=str(artifacts() / f"email-{width}.png"), full_page=True)
    finally:
        page.close()
