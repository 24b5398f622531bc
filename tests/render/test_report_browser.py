"""report.html in real headless Chromium (Debian's package, driven by Playwright): it loads with no console
error and no request, the filters and the search show the right rows, it reads without JavaScript, and
hostile inventory strings never run as script."""
from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from typing import Iterator, List

import pytest

from auditor import cli
from tests.conftest import FIXTURES, IN_CI, REPO

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
ARTIFACTS = REPO / "test-artifacts"

if not IN_CI and not CHROMIUM.exists():  # in CI a missing browser is a failure, never a skip
    pytest.skip("Chromium is not installed (bash .ci/run installs it)", allow_module_level=True)

if IN_CI:
    from playwright import sync_api
else:
    sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def browser() -> Iterator["sync_api.Browser"]:
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield instance
        instance.close()


class Page:
    """A page with every console message, page error and request recorded."""

    def __init__(self, browser: "sync_api.Browser", path: Path, javascript: bool = True, width: int = 1280) -> None:
        self.context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: List[str] = []
        self.requests: List[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())
        if javascript:
            self.page.wait_for_selector("html[data-ready='1']")

    def visible_rows(self) -> int:
        return int(self.page.evaluate(
            "document.querySelectorAll('#findings tr[data-p]:not([hidden])').length"))

    def visible_row_texts(self) -> List[str]:
        return list(self.page.evaluate(
            "Array.from(document.querySelectorAll('#findings tr[data-p]')).filter(r => !r.hidden)"
            ".map(r => r.textContent)"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    previous = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "FLEET_AUDITOR_POLICIES")}
    os.environ["SOURCE_DATE_EPOCH"] = "1795420800"
    os.environ.pop("FLEET_AUDITOR_POLICIES", None)
    try:
        with pytest.raises(SystemExit) as info:
            cli.main(["demo", "--out", str(out), "--as-of", "2026-11-23", "--org-type", "federal-agency"])
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert info.value.code == 0
    return out


def findings_rows(out: Path) -> List[dict]:
    return list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8"))))


def test_example_report_loads_without_errors_or_requests(browser: "sync_api.Browser", example_report: Path) -> None:
    page = Page(browser, example_report / "report.html")
    try:
        assert page.errors == []  # includes CSP violations: the inline script and style match their hashes
        assert all(url.startswith(("file://", "data:")) for url in page.requests), page.requests
        assert [u for u in page.requests if u.startswith("file://")] == [(example_report / "report.html").as_uri()]
        assert page.visible_rows() == len(findings_rows(example_report))
        assert page.page.is_visible("#controls")  # the script revealed the filters
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / "report-example.png"), full_page=True)
        page.page.emulate_media(media="print")
        assert not page.page.is_visible("#controls") and not page.page.is_visible("nav.toc")
        assert page.page.is_visible("#findings tr[data-p]")
        page.page.pdf(path=str(ARTIFACTS / "report-example.pdf"))
    finally:
        page.close()


def test_filters_and_search_show_the_right_rows(browser: "sync_api.Browser", example_report: Path) -> None:
    rows = findings_rows(example_report)
    page = Page(browser, example_report / "report.html")
    try:
        p = page.page
        total = len(rows)
        assert p.inner_text("#f-count") == f"Showing {total} of {total} findings."

        # The script applies filters on the next animation frame: wait for its count, then check the rows.
        p.uncheck("input[name=prio][value=P3]")
        expected = sum(1 for r in rows if r["priority"] != "P3")
        sync_api.expect(p.locator("#f-count")).to_have_text(f"Showing {expected} of {total} findings.")
        assert page.visible_rows() == expected and expected < total
        assert all("P3" not in text.split()[0] for text in page.visible_row_texts())
        assert p.inner_text("#f-count") == f"Showing {expected} of {total} findings."

        p.click("#f-reset")
        p.select_option("#f-status", "overdue")
        overdue = [r for r in rows if r["status"] == "overdue"]
        sync_api.expect(p.locator("#f-count")).to_have_text(f"Showing {len(overdue)} of {total} findings.")
        assert page.visible_rows() == len(overdue) > 0
        # A group without a visible row is hidden with its "how to fix" block.
        hidden_groups = p.evaluate("document.querySelectorAll('#findings section.group[hidden]').length")
        assert hidden_groups == len({(r["policy"], r["app"]) for r in rows}) - len({(r["policy"], r["app"]) for r in overdue})

        p.click("#f-reset")
        p.select_option("#f-platform", "linux")
        linux = sum(1 for r in rows if r["platform"] == "linux")
        sync_api.expect(p.locator("#f-count")).to_have_text(f"Showing {linux} of {total} findings.")
        assert page.visible_rows() == linux > 0

        p.click("#f-reset")
        sync_api.expect(p.locator("#f-count")).to_have_text(f"Showing {total} of {total} findings.")
        target = next(r for r in rows if r["owner_email"])
        p.fill("#q", target["owner_email"].upper())  # search ignores case
        mine = [r for r in rows if r["owner_email"] == target["owner_email"]]
        sync_api.expect(p.locator("#f-count")).to_have_text(re.compile(fr"^Showing {len(mine)} "))
        assert page.visible_rows() == len(mine)
        assert all(target["owner_email"] in text for text in page.visible_row_texts())

        p.fill("#q", "no such thing anywhere")
        sync_api.expect(p.locator("#f-count")).to_have_text(re.compile(r"^Showing 0 "))
        assert page.visible_rows() == 0
        assert page.errors == []
    finally:
        page.close()


def test_sorting_works_from_the_keyboard(browser: "sync_api.Browser", example_report: Path) -> None:
    page = Page(browser, example_report / "report.html")
    try:
        p = page.page
        p.keyboard.press("Tab")
        assert p.evaluate("document.activeElement.className") == "skip"  # first stop: skip to the report
        table = p.locator("#findings table").filter(has=p.locator("tr[data-p]")).first
        header = table.locator("th").nth(1).locator("button")  # Status and deadline
        header.focus()
        p.keyboard.press("Enter")
        keys = table.evaluate("t => Array.from(t.tBodies[0].rows).map(r => r.cells[1].getAttribute('data-k'))")
        assert keys == sorted(keys)
        assert table.locator("th").nth(1).get_attribute("aria-sort") == "ascending"
        p.keyboard.press("Enter")
        keys = table.evaluate("t => Array.from(t.tBodies[0].rows).map(r => r.cells[1].getAttribute('data-k'))")
        assert keys == sorted(keys, reverse=True)
    finally:
        page.close()


def test_readable_without_javascript(browser: "sync_api.Browser", example_report: Path) -> None:
    page = Page(browser, example_report / "report.html", javascript=False)
    try:
        p = page.page
        assert not p.is_visible("#controls")  # controls that would do nothing stay hidden
        assert page.visible_rows() == len(findings_rows(example_report))
        for section in ("#act-first", "#summary", "#findings", "#upcoming", "#waivers", "#not-visible",
                        "#data-quality", "#policies", "#sources"):
            assert p.is_visible(section), section
        assert p.locator("#summary svg").count() >= 4  # charts are drawn by the server
    finally:
        page.close()


def test_accessible_structure_and_200_percent_zoom(browser: "sync_api.Browser", example_report: Path) -> None:
    # 640 CSS pixels wide is what a 1280-pixel window shows at 200% zoom.
    page = Page(browser, example_report / "report.html", width=640)
    try:
        p = page.page
        assert p.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
        assert p.locator("h1").count() == 1
        levels = p.evaluate("Array.from(document.querySelectorAll('h1,h2,h3,h4,h5')).map(h => +h.tagName[1])")
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no skipped heading level
        assert p.evaluate("Array.from(document.querySelectorAll('table')).every(t => t.querySelector('th'))")
        assert p.evaluate("Array.from(document.querySelectorAll('svg.chart')).every("
                          "s => s.getAttribute('role') === 'img' && s.querySelector('desc'))")
        ARTIFACTS.mkdir(exist_ok=True)
        p.screenshot(path=str(ARTIFACTS / "report-example-640px.png"))
    finally:
        page.close()


PWNED = {
    "script": "<script>window.__pwned='script'</script>",
    "attr": "\"><img src=x onerror=\"window.__pwned='img'\">",
    "svg": "<svg onload=\"window.__pwned='svg'\"></svg>",
    "link": "javascript:window.__pwned='link'",
    "bidi": "Invoice\u202egpj.exe",
    "long": "B" * 10240,
}


def test_hostile_strings_stay_text_in_the_browser(browser: "sync_api.Browser", tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    fleet = tmp_path / "fleet"
    fleet.mkdir()
    header = "ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,EmailAddress,UserName,Platform\n"
    rows = []
    for i, value in enumerate(PWNED.values()):
        cell = '"' + value.replace('"', '""') + '"'
        rows.append(f"TikTok,,{cell},dev-{i},{cell},{cell},{cell},iOS\n")
    (fleet / "apps.csv").write_text(header + "".join(rows), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    out = tmp_path / "out"
    with pytest.raises(SystemExit):
        cli.main(["audit", str(fleet), "--out", str(out), "--as-of", "2026-11-23", "--org", PWNED["attr"]])
    page = Page(browser, out / "report.html")
    try:
        p = page.page
        assert p.evaluate("typeof window.__pwned") == "undefined"
        for box in p.locator("#findings tr[data-p]").all():  # hovering and clicking rows runs nothing either
            box.click()
        assert p.evaluate("typeof window.__pwned") == "undefined"
        assert p.evaluate("document.querySelectorAll('a[href^=\"javascript\"], [onerror], [onload]').length") == 0
        text = p.inner_text("body")
        assert PWNED["script"] in text and PWNED["svg"] in text and PWNED["link"] in text
        assert "\u202e" not in text and "⟨U+202E⟩" in text
        assert PWNED["long"] not in text
        p.fill("#q", "<script>")  # the search treats it as text too
        sync_api.expect(p.locator("#f-count")).to_have_text(re.compile(r"^Showing 1 "))
        assert p.evaluate("typeof window.__pwned") == "undefined"
        assert page.errors == [] and all(u.startswith(("file://", "data:")) for u in page.requests)
    finally:
        page.close()
