"""report.html in real headless Chromium (Debian's package, driven by Playwright), at 1400 px (a laptop) and
390 px (a phone): it loads with no console error and no request; Act first names the family members whose
phones cannot be seen; the filters, the search and a click on a chart bar show the right findings; nothing
is wider than a phone and no table cell is too narrow to read; print to PDF and a full-page capture have
content on every page and stretch; CJK names are drawn with real glyphs; hostile strings never run.
Screenshots of both widths are saved under tests/artifacts/ (or $ARTIFACTS_DIR)."""
from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest

from auditor import cli
from auditor.render import OutputOptions, Report, render_all
from tests.conftest import FIXTURES, IN_CI
from tests.render.browser import (WIDTHS, Page, artifacts, browser, glued_words, ink_per_band, inked,  # noqa: F401
                                  pgm_rows, sync_api)
from tests.render.factory import family_fleet

pytestmark = pytest.mark.integration

MIN_CELL_PX = 64  # a table cell narrower than this breaks words into letters
SECTIONS = ("#act-first", "#summary", "#changes", "#findings", "#near-misses", "#upcoming", "#waivers",
            "#not-visible", "#data-quality", "#sources", "#policies")


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    previous = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "FLEET_AUDITOR_POLICIES")}
    os.environ["SOURCE_DATE_EPOCH"] = "1795420800"
    os.environ.pop("FLEET_AUDITOR_POLICIES", None)
    try:
        with pytest.raises(SystemExit) as info:
            # an agency that is also a federal contractor: TikTok under the Act (overdue) and the FAR clause
            cli.main(["demo", "--out", str(out), "--as-of", "2026-11-23", "--org-type", "federal-agency",
                      "--org-type", "federal-contractor"])
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert info.value.code == 0
    return out


@pytest.fixture(scope="module")
def family_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The factory's fleet: the contract fields of the open issues set (confidence, near misses, binding, pack
    changes), CJK names, a history with an incomplete run."""
    out = tmp_path_factory.mktemp("family")
    report = Report.of(family_fleet(), OutputOptions(generated_at="2026-11-23T08:00:00Z", organisation="Contoso"))
    for name, text in render_all(report).items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def findings_rows(out: Path) -> List[Dict[str, str]]:
    return list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8"))))


def lines_of(rows: List[Dict[str, str]]) -> int:
    """Device-and-app lines: what the report shows one row for."""
    return len({(r["device_key"], r["app"]) for r in rows})


@pytest.mark.parametrize("width", WIDTHS)
def test_example_report_loads_without_errors_or_requests(browser: "sync_api.Browser", example_report: Path,
                                                          width: int) -> None:
    page = Page(browser, example_report / "report.html", width=width)
    try:
        rows = findings_rows(example_report)
        assert page.errors == []  # includes CSP violations: the inline script and style match their hashes
        assert [u for u in page.requests if u.startswith("file://")] == [(example_report / "report.html").as_uri()]
        assert all(url.startswith(("file://", "data:")) for url in page.requests), page.requests
        assert page.visible_rows() == lines_of(rows) < len(rows)  # a device with TikTok under 2 policies: 1 row
        assert page.visible_findings() == len(rows)
        assert page.page.is_visible("#controls")  # the script revealed the filters
        page.page.screenshot(path=str(artifacts() / f"report-demo-{width}.png"), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_order_headline_act_first_summary_then_findings_and_sources_below(browser: "sync_api.Browser",
                                                                          example_report: Path, width: int) -> None:
    page = Page(browser, example_report / "report.html", width=width)
    try:
        tops = page.page.evaluate("s => s.map(q => document.querySelector(q).getBoundingClientRect().top)",
                                  [".headline", *SECTIONS])
        assert tops == sorted(tops), dict(zip([".headline", *SECTIONS], tops))
        sources = page.page.locator("#sources")
        assert sources.locator("details").count() == 1
        assert not page.page.is_visible("#sources details code")  # hashes and paths folded away
        assert "/examples/fleet/" not in sources.locator("table").first.inner_text()  # file names, not paths
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_demo_act_first_names_the_minor_child_and_the_spouse(browser: "sync_api.Browser", example_report: Path,
                                                             width: int) -> None:
    page = Page(browser, example_report / "report.html", width=width)
    try:
        p = page.page
        act = p.inner_text("#act-first")
        for text in ("Tariq Kim", "minor child of Ana Kim, Chief Executive Officer", "Uma Kim",
                     "spouse of Farid Rossi, Chief Financial Officer", "What to do:", "check it by hand"):
            assert text in act, text
        assert p.is_visible("#act-first .relation")
        headline = p.inner_text(".headline")
        assert "Tariq Kim (minor child of Ana Kim, Chief Executive Officer)" in headline
        # The not-visible list: tier and relation columns, by tier (family members first within a tier).
        tiers = p.evaluate("Array.from(document.querySelectorAll('#not-visible table')[1].tBodies[0].rows)"
                           ".map(r => r.cells[0].textContent.trim())")
        rank = {"critical": 0, "elevated": 1, "standard": 2, "unknown": 3}
        assert [rank[t] for t in tiers] == sorted(rank[t] for t in tiers) and tiers[0] == "critical"
        first = p.evaluate("document.querySelectorAll('#not-visible table')[1].tBodies[0].rows[0].cells[2].textContent")
        assert "minor child of Ana Kim" in first
    finally:
        page.close()


def test_filters_and_search_show_the_right_findings(browser: "sync_api.Browser", example_report: Path) -> None:
    rows = findings_rows(example_report)
    page = Page(browser, example_report / "report.html")
    try:
        p = page.page
        total, lines = len(rows), lines_of(rows)
        count = p.locator("#f-count")
        assert p.inner_text("#f-count").startswith(f"Showing {total} of {total} findings, on {lines} of {lines} lines")

        # The script applies filters on the next animation frame: wait for its count, then check the rows.
        p.uncheck("input[name=prio][value=P3]")
        kept = [r for r in rows if r["priority"] != "P3"]
        sync_api.expect(count).to_have_text(re.compile(fr"^Showing {len(kept)} of {total} findings"))
        assert page.visible_rows() == lines_of(kept) < lines
        assert all("P3" not in text.split()[0] for text in page.visible_row_texts())

        p.click("#f-reset")
        p.select_option("#f-status", "overdue")
        overdue = [r for r in rows if r["status"] == "overdue"]
        sync_api.expect(count).to_have_text(re.compile(fr"^Showing {len(overdue)} of "))
        assert page.visible_rows() == lines_of(overdue) > 0
        # An app without a visible row is hidden with its "how to fix" block.
        hidden_groups = p.evaluate("document.querySelectorAll('#findings section.group[hidden]').length")
        assert hidden_groups == len({r["app"] for r in rows}) - len({r["app"] for r in overdue})

        p.click("#f-reset")
        p.select_option("#f-platform", "linux")
        linux = [r for r in rows if r["platform"] == "linux"]
        sync_api.expect(count).to_have_text(re.compile(fr"^Showing {len(linux)} of "))
        assert page.visible_rows() == lines_of(linux) > 0

        p.click("#f-reset")
        sync_api.expect(count).to_have_text(re.compile(fr"^Showing {total} of {total} "))
        target = next(r for r in rows if r["owner_email"])
        p.fill("#q", target["owner_email"].upper())  # search ignores case
        mine = [r for r in rows if r["owner_email"] == target["owner_email"]]
        sync_api.expect(count).to_have_text(re.compile(fr"^Showing {len(mine)} "))
        assert page.visible_rows() == lines_of(mine)
        assert all(target["owner_email"] in text for text in page.visible_row_texts())

        p.fill("#q", "no such thing anywhere")
        sync_api.expect(count).to_have_text(re.compile(r"^Showing 0 "))
        assert page.visible_rows() == 0
        assert page.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("which, width", [("example_report", 1400), ("family_report", 1400), ("family_report", 390)])
def test_clicking_a_chart_bar_lists_exactly_the_devices_it_counts(browser: "sync_api.Browser", which: str,
                                                                   width: int, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    page = Page(browser, out / "report.html", width=width)
    try:
        p = page.page
        bars = p.evaluate("Array.from(document.querySelectorAll('svg.chart [data-filter]')).map(g => ["
                          "g.closest('svg').id, g.getAttribute('data-filter'), g.getAttribute('data-key'),"
                          "+g.querySelectorAll('text')[1].textContent])")
        assert {chart for chart, *_ in bars} == {"chart-app", "chart-priority", "chart-department", "chart-platform"}
        attribute = {"app": "data-app", "platform": "data-pl", "dept": "data-dept"}
        for chart, kind, key, value in bars:
            p.locator(f"#{chart} [data-filter][data-key='{key}']").click()
            # A bar counts devices (never one device once per policy): the list shows exactly that many.
            sync_api.expect(p.locator("#f-count")).to_have_text(
                re.compile(fr"^Showing \d+ of .*, {value} devices?\.$"))
            shown = p.evaluate("new Set(Array.from(document.querySelectorAll('#findings tr[data-f]:not([hidden])'))"
                               ".map(r => r.getAttribute('data-dev'))).size")
            assert shown == value, (chart, key, shown, value)
            assert p.evaluate("document.getElementById('f-status').value") == "open"
            if kind in attribute:
                keys = p.evaluate(f"Array.from(document.querySelectorAll('#findings tr[data-f]:not([hidden])'))"
                                  f".map(r => r.getAttribute('{attribute[kind]}'))")
                assert keys and set(keys) == {key}, (chart, key, keys)
        assert page.errors == []
    finally:
        page.close()


def test_sorting_works_from_the_keyboard(browser: "sync_api.Browser", example_report: Path) -> None:
    page = Page(browser, example_report / "report.html")
    try:
        p = page.page
        p.keyboard.press("Tab")
        assert p.evaluate("document.activeElement.className") == "skip"  # first stop: skip to the report
        table = p.locator("#findings table").filter(has=p.locator("tr[data-f]")).first
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
        assert page.visible_rows() == lines_of(findings_rows(example_report))
        for section in SECTIONS:
            assert p.is_visible(section), section
        assert p.locator("#summary svg").count() >= 4  # charts are drawn by the server
    finally:
        page.close()


@pytest.mark.parametrize("width", [390, 480])
@pytest.mark.parametrize("which", ["example_report", "family_report"])
def test_phone_width_nothing_scrolls_sideways_and_cells_stay_readable(browser: "sync_api.Browser", which: str,
                                                                      width: int, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    page = Page(browser, out / "report.html", width=width)
    try:
        p = page.page
        p.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # folded tables too
        assert p.evaluate("document.documentElement.scrollWidth") <= width
        wide = p.evaluate("""w => Array.from(document.querySelectorAll('body *')).filter(e => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && r.height > 0 && !e.closest('.skip') && (r.right > w + 0.5 || r.width > w);
            }).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""", width)
        assert wide == [], wide[:10]
        narrow = p.evaluate("""min => Array.from(document.querySelectorAll('th, td')).filter(c => {
              const r = c.getBoundingClientRect();
              return getComputedStyle(c).display === 'table-cell' && r.width > 0 && r.width < min;
            }).map(c => c.textContent.trim().slice(0, 30) + ' ' + Math.round(c.getBoundingClientRect().width))""",
                            MIN_CELL_PX)
        assert narrow == [], narrow[:10]
        # Findings are cards: each cell says what it is.
        labels = p.evaluate("getComputedStyle(document.querySelector('#findings td'), '::before').content")
        assert labels == '"Priority"'
    finally:
        page.close()


@pytest.mark.skipif(not IN_CI and shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_print_to_pdf_shows_every_section_and_every_page_has_content(browser: "sync_api.Browser",
                                                                     example_report: Path, tmp_path: Path) -> None:
    page = Page(browser, example_report / "report.html")
    try:
        p = page.page
        p.emulate_media(media="print")
        assert not p.is_visible("#controls") and not p.is_visible("nav.toc")
        assert p.is_visible("#findings tr[data-f]")
        pdf = artifacts() / "report-demo.pdf"
        p.pdf(path=str(pdf), format="A4", print_background=True)
    finally:
        page.close()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    for heading in ("Act first", "High-risk people whose devices cannot be seen", "Summary", "What changed",
                    "Findings by app", "Upcoming bans", "Waivers", "Visibility", "Data quality", "Sources",
                    "Appendix: policies evaluated", "minor child of Ana Kim"):
        assert heading in text, heading
    subprocess.run(["pdftoppm", "-gray", "-r", "24", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.pgm"))
    assert len(pages) >= 3
    for path in pages:
        width, height, rows = pgm_rows(path.read_bytes())
        ink = sum(inked(row) for row in rows)
        assert ink > width * height // 200, f"{path.name}: {ink} dark pixels of {width * height}: a blank page"


@pytest.mark.parametrize("width", WIDTHS)
def test_full_page_capture_has_content_in_every_stretch(browser: "sync_api.Browser", example_report: Path,
                                                        width: int) -> None:
    """content-visibility: auto left most of a full-page capture blank: nothing is skipped when painting."""
    page = Page(browser, example_report / "report.html", width=width)
    try:
        p = page.page
        skipped = p.evaluate("Array.from(document.querySelectorAll('*')).filter(e => "
                             "['auto', 'hidden'].includes(getComputedStyle(e).contentVisibility)).length")
        assert skipped == 0
        png = p.screenshot(full_page=True)
    finally:
        page.close()
    bands = ink_per_band(browser, png, 600)
    height = int.from_bytes(png[20:24], "big")  # the PNG's IHDR
    if 0 < height % 600 < 100:  # a last band of a few pixels holds only the page's bottom margin
        bands = bands[:-1]
    assert len(bands) > 5
    # The last band may be a few pixels of the page's bottom margin (a page 21,604 px tall ends in a 4 px band).
    assert all(ink > 0 for ink in bands[:-1]), [i for i, ink in enumerate(bands[:-1]) if ink == 0]


@pytest.mark.parametrize("width", WIDTHS)
def test_cjk_names_are_drawn_with_real_glyphs(browser: "sync_api.Browser", family_report: Path, width: int) -> None:
    page = Page(browser, family_report / "report.html", width=width)
    try:
        p = page.page
        assert "抖音" in p.inner_text("#findings") and "微信" in p.inner_text("#findings")
        # The same font, the same size: CJK names against characters no font has (missing-glyph boxes).
        widths = p.evaluate("""() => {
              const cell = Array.from(document.querySelectorAll('#findings td')).find(c => c.textContent.includes('抖音'));
              const measure = text => { const s = document.createElement('span'); s.textContent = text;
                cell.appendChild(s); const w = s.getBoundingClientRect().width; s.remove(); return w; };
              return [measure('抖音微信'), measure('\\u{10FFFD}\\u{10FFFC}\\u{10FFFB}\\u{10FFFA}'),
                      parseFloat(getComputedStyle(cell).fontSize)];
            }""")
        cjk, boxes, size = widths
        assert abs(cjk - boxes) > 1, widths
        assert cjk >= 3.6 * size, widths  # four full-width glyphs
        session = p.context.new_cdp_session(p)
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "#g-douyin tbody td:nth-child(5) > span"})
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        names = [f["familyName"] for f in fonts]
        assert any("CJK" in name or "Han" in name or "Hei" in name or "Gothic" in name for name in names), names
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_trend_has_a_marker_and_date_per_run_gaps_and_counts_that_agree_with_the_cards(
        browser: "sync_api.Browser", family_report: Path, width: int) -> None:
    page = Page(browser, family_report / "report.html", width=width)
    try:
        p = page.page
        result = family_fleet()
        complete = [t for t in result.trend if t.complete]
        assert p.locator("#chart-trend circle").count() == 4 * len(complete)
        dates = p.evaluate("Array.from(document.querySelectorAll('#chart-trend text.date')).map(t => t.textContent)")
        assert dates == ["11-20", "11-21", "11-22?", "11-23"]
        labels = p.inner_text("#summary figure:last-of-type") + " ".join(
            p.evaluate("Array.from(document.querySelectorAll('#chart-trend .axis-label')).map(t => t.textContent)"))
        assert "Open findings" in labels and "Run (as-of date, 2026)" in labels
        # The incomplete run is a gap: no line crosses its x, and no marker sits on it (never a drop to zero).
        gap_x = float(p.evaluate("document.querySelector('#chart-trend .tick-x.gap').getAttribute('x1')"))
        for points in p.evaluate("Array.from(document.querySelectorAll('#chart-trend polyline'))"
                                 ".map(l => l.getAttribute('points'))"):
            xs = [float(pair.split(",")[0]) for pair in points.split()]
            assert not (min(xs) <= gap_x <= max(xs)), points
        assert p.evaluate(f"Array.from(document.querySelectorAll('#chart-trend circle'))"
                          f".filter(c => Math.abs(c.getAttribute('cx') - {gap_x}) < 0.5).length") == 0
        # The last markers are this run: the same numbers as the cards.
        last = p.evaluate("""() => { const cs = Array.from(document.querySelectorAll('#chart-trend circle'));
              const x = Math.max(...cs.map(c => +c.getAttribute('cx')));
              return Object.fromEntries(cs.filter(c => +c.getAttribute('cx') === x)
                .map(c => [c.classList[1], +c.getAttribute('data-v')])); }""")
        cards = p.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('.cards li'))"
                           ".filter(li => li.querySelector('.prio')).map(li => [li.querySelector('.prio').textContent,"
                           " +li.querySelector('b').textContent]))")
        assert last == cards == dict(result.trend[-1].by_priority)
        assert "Waived (1) and upcoming (1) findings are not counted" in p.inner_text("#summary")
        p.screenshot(path=str(artifacts() / f"report-family-{width}.png"), full_page=True)
    finally:
        page.close()


def test_trend_lines_are_lines_never_filled_wedges(browser: "sync_api.Browser", family_report: Path) -> None:
    """A rule for the bars' fills (svg.chart .P1) once beat the trend's no-fill rule: every line whose count
    changed was drawn as a filled wedge. The family trend's P1 goes 4, 3, (gap), 2."""
    page = Page(browser, family_report / "report.html")
    try:
        styles = page.page.evaluate("Array.from(document.querySelectorAll('#chart-trend polyline')).map(l => "
                                    "[l.getAttribute('class'), getComputedStyle(l).fill, getComputedStyle(l).stroke])")
        assert {cls for cls, _, _ in styles} >= {"P1", "P2"}
        assert [fill for _, fill, _ in styles] == ["none"] * len(styles), styles
        assert all(stroke not in ("none", "") for _, _, stroke in styles), styles
        # The markers and the bars keep their priority's colour.
        marker = page.page.evaluate("getComputedStyle(document.querySelector('#chart-trend circle.P1')).fill")
        bar = page.page.evaluate("getComputedStyle(document.querySelector('#chart-priority rect.P1')).fill")
        assert marker == bar and marker not in ("none", "rgb(0, 0, 0)"), (marker, bar)
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_an_empty_run_says_what_it_did_not_see(browser: "sync_api.Browser", tmp_path: Path, width: int) -> None:
    """No device read: not "0 of 0 devices", not "every device's app list was visible"."""
    empty = dataclasses.replace(family_fleet(trend=False), findings=(), devices=(), not_visible=(), near_misses=(),
                                pack_changes=())
    out = tmp_path / "report.html"
    out.write_text(render_all(Report.of(empty, OutputOptions(generated_at="2026-11-23T08:00:00Z")))["report.html"],
                   encoding="utf-8")
    page = Page(browser, out, width=width)
    try:
        p = page.page
        text = p.inner_text("body")
        assert "No device was read" in p.inner_text(".headline")
        assert "0 of 0" not in text and "every device's" not in text.lower()
        assert "No device was read: nothing is known about any device's apps." in p.inner_text("#not-visible")
        assert p.evaluate("document.documentElement.scrollWidth") <= width and page.errors == []
        p.screenshot(path=str(artifacts() / f"report-empty-{width}.png"), full_page=True)
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_probable_findings_carry_a_visible_verify_mark_with_why(browser: "sync_api.Browser", family_report: Path,
                                                               width: int) -> None:
    page = Page(browser, family_report / "report.html", width=width)
    try:
        p = page.page
        row = p.locator("#findings tr[data-app=wechat]")
        assert row.locator(".verify").first.is_visible()
        assert "confirm by the bundle id com.tencent.xin" in row.inner_text()
        assert p.locator("#act-first .verify").first.is_visible()
        assert p.locator("#findings .verify").count() == 1  # the confirmed findings carry none
    finally:
        page.close()


@pytest.mark.parametrize("which", ["example_report", "family_report"])
def test_no_words_run_together(browser: "sync_api.Browser", which: str, request: pytest.FixtureRequest) -> None:
    """Template whitespace lost around a condition glues words: "picture).Waived", "library(source:", "3overdue"."""
    out: Path = request.getfixturevalue(which)
    page = Page(browser, out / "report.html")
    try:
        text = page.page.inner_text("body")
        assert glued_words(text) == []
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
        unnamed = p.evaluate("Array.from(document.querySelectorAll('table.stack td')).filter(td => "
                             "!['none', '\"\"'].includes(getComputedStyle(td, '::before').content) ? false : true).length")
        assert unnamed == 0  # stacked on a narrow screen, every cell says which column it is
        assert p.evaluate("Array.from(document.querySelectorAll('svg.chart')).every("
                          "s => s.getAttribute('role') === 'img' && s.querySelector('desc'))")
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
        for box in p.locator("#findings tr[data-f]").all():  # hovering and clicking rows runs nothing either
            box.click()
        for bar in p.locator("svg.chart [data-filter]").all():  # nor do the chart bars
            bar.click()
        assert p.evaluate("typeof window.__pwned") == "undefined"
        assert p.evaluate("document.querySelectorAll('a[href^=\"javascript\"], [onerror], [onload]').length") == 0
        text = p.inner_text("body")
        assert PWNED["script"] in text and PWNED["svg"] in text and PWNED["link"] in text
        assert "\u202e" not in text and "⟨U+202E⟩" in text
        assert PWNED["long"] not in text
        p.click("#f-reset")
        p.fill("#q", "<script>")  # the search treats it as text too
        sync_api.expect(p.locator("#f-count")).to_have_text(re.compile(r"^Showing 1 "))
        assert p.evaluate("typeof window.__pwned") == "undefined"
        assert page.errors == [] and all(u.startswith(("file://", "data:")) for u in page.requests)
    finally:
        page.close()
