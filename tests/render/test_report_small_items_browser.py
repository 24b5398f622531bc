"""The new user's smaller layout complaints, in real headless Chromium at 1400 px and 390 px: a waiver's state
("unused") is one word on one line; a near miss without an identifier says so instead of an empty code box; the
visibility section says each piece of advice once for the devices it applies to; one near miss is singular on
the terminal."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from auditor.model import NearMiss, Ownership, Platform, Visibility, WaiverStatus
from auditor.render import OutputOptions, Report, render_all
from tests.render.browser import WIDTHS, Page, browser, sync_api  # noqa: F401
from tests.render.factory import device, family_fleet

pytestmark = pytest.mark.integration

PERSONAL = "Ask each owner (a minor through the parent) to check the device for banned apps"


@pytest.fixture(scope="module")
def small_items_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = family_fleet()
    waivers = tuple(WaiverStatus(f"WAIVER-2026-00{i}", "device PHONE-1, app tiktok (a long description of it)",
                                 "travel to a country where the app is required by a customer " * 3, "CISO Office",
                                 "SEC-1", dt.date(2026, 1, 1), dt.date(2027, 1, 1), state, 0)
                    for i, state in enumerate(("unused", "expiring-soon", "not-yet-granted"), 1))
    phones = tuple((device(100 + i, Platform.ANDROID, visibility=Visibility.MANAGED_ONLY, name=f"PHONE-{i}",
                           ownership=Ownership.PERSONAL), owner) for i, (_, owner) in enumerate(base.not_visible * 5))
    near = base.near_misses + (NearMiss("TikTok Lite Helper", "Some Vendor", "", "windows", "tiktok",
                                        "its name has the word 'tiktok' of TikTok", 1, "dev-4"),)
    result = dataclasses.replace(base, waivers=waivers, not_visible=base.not_visible + phones, near_misses=near,
                                 devices=base.devices + tuple(d for d, _ in phones))
    out = tmp_path_factory.mktemp("small-items")
    for name, text in render_all(Report.of(result, OutputOptions(generated_at="2026-11-23T08:00:00Z"))).items():
        (out / name).write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_waiver_states_near_miss_identifiers_and_grouped_visibility_advice(
        browser: "sync_api.Browser", small_items_report: Path, width: int) -> None:
    page = Page(browser, small_items_report / "report.html", width=width)
    try:
        p = page.page
        # Each state cell's text is laid out on one line (a wrapped word has two line boxes).
        lines = p.evaluate("Array.from(document.querySelectorAll('#waivers td[data-label=State]')).map(td => {"
                           "const r = document.createRange(); r.selectNodeContents(td);"
                           "return [td.textContent.trim(), new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size]; })")
        assert [state for state, _ in lines] == ["unused", "expiring-soon", "not-yet-granted"]
        assert all(n == 1 for _, n in lines), lines
        # No empty code box: a near miss with no identifier says so.
        codes = p.evaluate("Array.from(document.querySelectorAll('#near-misses td[data-label=Identifier]'))"
                           ".map(td => [td.querySelectorAll('code').length, td.textContent.trim()])")
        assert [1, "com.videotools.ttdl"] in codes and [0, "none in the inventory"] in codes
        assert p.evaluate("Array.from(document.querySelectorAll('#near-misses code'))"
                          ".filter(c => !c.textContent.trim()).length") == 0
        # The personal-phone advice once for its 23 devices (3 of the fleet, 20 added), not once per device.
        section = p.inner_text("#not-visible")
        assert section.count(PERSONAL) == 1, section.count(PERSONAL)
        assert "What to do (23 devices): " + PERSONAL in section
        # (enrolled in Intune, no app row: its apps are missing from the inputs, enrolling it again changes nothing)
        assert "What to do (1 device): Each is enrolled in Microsoft Intune, but no input of this run lists" in section
        rows = p.evaluate("document.querySelectorAll('#not-visible p.advice + .table-wrap tbody tr').length")
        assert rows == 24  # every device still listed, under its advice
        overflow = p.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width
        page.page.screenshot(path=str(Path(small_items_report) / f"small-{width}.png"), full_page=True)
        assert page.errors == []
    finally:
        page.close()
