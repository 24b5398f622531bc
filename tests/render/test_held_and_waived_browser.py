"""In real headless Chromium: the headline of a run that found nothing reads "No banned app was found. 1 finding"
with its space (REPORT3: "found.0 findings"); a complete run whose history holds a P1 open (its device's apps not
seen tonight) shows it under Act first as "not re-checked tonight" and never says "Nothing needs a call today";
waived P1/P2 people are named with the waiver and its expiry."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from auditor.model import CarriedFinding, Status, WaiverRef
from auditor.render import OutputOptions, Report, render_all
from tests.render.browser import Page, browser, sync_api  # noqa: F401
from tests.render.factory import CEO, device, finding, result

pytestmark = pytest.mark.integration


def _write(folder: Path, report: Report) -> Path:
    folder.mkdir()
    for name, text in render_all(report).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "report.html"


def _text(browser: "sync_api.Browser", path: Path, selector: str) -> str:
    page = Page(browser, path)
    try:
        assert not page.errors
        return " ".join(str(page.page.inner_text(selector)).split())
    finally:
        page.close()


def test_nothing_found_headline_and_held_open_p1(browser: "sync_api.Browser", tmp_path: Path) -> None:
    clean = result([], devices=[device(1)])
    options = OutputOptions(generated_at="2026-11-23T08:00:00Z")
    headline = _text(browser, _write(tmp_path / "clean", Report.of(clean, options)), "p.headline")
    assert "No banned app was found. 0 findings on 0 of 1 device." in headline

    held = dataclasses.replace(clean, held_open=(CarriedFinding(
        "k1", "P1", "violation", "TikTok", "test-pack", "CEO-IPHONE", "ana.kim@example.com", dt.date(2023, 3, 29),
        dt.date(2026, 11, 20), dt.date(2026, 11, 22), "critical", "dev-9"),))
    path = _write(tmp_path / "held", Report.of(held, options))
    headline = _text(browser, path, "p.headline")
    assert "1 open P1/P2 finding not re-checked tonight" in headline
    assert "No banned app was found among the apps seen tonight. 0 findings" in headline
    act = _text(browser, path, "#act-first")
    assert "Nothing needs a call today" not in act
    assert ("P1 ana.kim@example.com: TikTok on CEO-IPHONE · violation when last seen (deadline 2023-03-29) · first "
            "seen 2026-11-20 · last seen 2026-11-22 · policy: test-pack not re-checked tonight") in act.replace(
                "NOT RE-CHECKED TONIGHT", "not re-checked tonight")  # the mark is set in capitals by the CSS


def test_waived_p1_people_are_named(browser: "sync_api.Browser", tmp_path: Path) -> None:
    waived = dataclasses.replace(finding(1, device(1, name="CEO-IPHONE"), "P1", owner=CEO, catalog_name="TikTok"),
                                 status=Status.WAIVED,
                                 waiver=WaiverRef("W-1", "need", "cio", "", dt.date(2027, 12, 31), "active"))
    path = _write(tmp_path / "w", Report.of(result([waived]), OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    act = _text(browser, path, "#act-first")
    assert "Waived P1 and P2 findings" in act
    assert "P1 Ana Kim <ana.kim@example.com>: TikTok on CEO-IPHONE · waived by W-1 until 2027-12-31" in act
