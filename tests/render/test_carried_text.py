"""The carried-forward lines of an incomplete run in the e-mail's text part and summary.md, from a result built
in memory (the whole path through `auditor run` and a real history: tests/run/test_carried_forward.py). A
complete run never shows them; hostile strings recorded in the history stay inert."""
from __future__ import annotations

import dataclasses
import datetime as dt

from auditor.model import AuditResult, CarriedFinding, CarriedForward, Problem, ProblemKind
from auditor.render import OutputOptions, Report, render_all, render_email_text
from tests.render.factory import result

CARRIED = CarriedForward(7, "2026-11-23T02:00:00+00:00", dt.date(2026, 11, 23), "2026-11-23T0200Z", (
    CarriedFinding("k1", "P1", "overdue", "TikTok", "pack-a", "IPHONE-ANA", "ana@contoso.com",
                   dt.date(2023, 3, 29), dt.date(2026, 10, 1)),
    CarriedFinding("k2", "P1", "violation", "TikTok", "pack-b", "IPHONE-ANA", "ana@contoso.com", None,
                   dt.date(2026, 10, 2)),
    CarriedFinding("k3", "P2", "violation", "DeepSeek", "pack-a", "<b>PC\u202e-1</b>", "bo@contoso.com", None,
                   dt.date(2026, 11, 1)),
))
LOST = (Problem("exports/intune", "no such file or folder", None, True, ProblemKind.INPUT),)


def _report(res: AuditResult) -> Report:
    return Report.of(res, OutputOptions(generated_at="2026-11-24T02:00:00Z", organisation="Contoso"))


def test_an_incomplete_run_lists_the_carried_lines_in_the_mail_and_summary() -> None:
    report = _report(dataclasses.replace(result([]), problems=LOST, carried_forward=CARRIED))
    text = render_email_text(report)
    assert "no P1 or P2 waiver is about to expire" not in text
    assert ("INCOMPLETE RUN: Carried forward from the last complete run (2026-11-23 02:00 UTC, as of 2026-11-23, "
            "report 2026-11-23T0200Z): 2 open P1/P2 findings (P1 1, P2 1; one per device and app)") in text
    assert ("- [P1, carried] ana@contoso.com: TikTok on IPHONE-ANA: overdue (deadline 2023-03-29); first seen "
            "2026-10-01; policies pack-a, pack-b") in text
    assert "<b>PC⟨U+202E⟩-1</b>" in text and "\u202e" not in text
    summary_md = render_all(report)["summary.md"]
    assert summary_md.count("(carried)") == 2 and "\u202e" not in summary_md and "<b>" not in summary_md
    assert report.summary["carried_forward"] == {
        "run_id": 7, "run_at": "2026-11-23T02:00:00+00:00", "as_of": "2026-11-23", "report": "2026-11-23T0200Z",
        "by_priority": {"P1": 1, "P2": 1}, "lines": 2, "findings": 3}


def test_a_complete_run_shows_nothing_carried() -> None:
    report = _report(dataclasses.replace(result([]), carried_forward=CARRIED))
    outputs = render_all(report)
    assert "carried" not in render_email_text(report).lower()
    assert "carried" not in outputs["summary.md"].lower() and 'class="carried-mark"' not in outputs["report.html"]
    assert report.summary["carried_forward"] is None
    assert "Nothing needs a call today" in " ".join(outputs["report.html"].split())


def test_an_incomplete_run_without_a_history_says_so_and_never_that_nobody_needs_a_call() -> None:
    report = _report(dataclasses.replace(result([]), problems=LOST))
    html = " ".join(render_all(report)["report.html"].split())
    assert "no history was kept to carry forward" in html and "history holds no complete run" not in html
    assert "Nothing needs a call today" not in html and "nobody needs a call" not in html
    assert "no history was kept to carry forward" in render_email_text(report)


def test_two_devices_of_one_name_are_two_lines() -> None:
    """One owner's two phones both named IPHONE-ANA, each with TikTok: two lines, told apart by device key (one
    line for both hid the second phone); one phone's two policies stay one line."""
    from auditor.render.carried import carried_lines
    two = dataclasses.replace(CARRIED, findings=tuple(
        dataclasses.replace(f, device_key="intune:1") for f in CARRIED.findings[:2]) + (
        dataclasses.replace(CARRIED.findings[0], key="k4", policy="pack-c", device_key="intune:2"),))
    lines = [(line.device_name, line.policies) for line in carried_lines(two)]
    assert lines == [("IPHONE-ANA", ("pack-a", "pack-b")), ("IPHONE-ANA", ("pack-c",))]
