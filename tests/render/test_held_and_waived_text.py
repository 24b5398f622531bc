"""The e-mail's text part and summary.md, from results built in memory: held-open findings (a complete run that
did not see their devices' apps) are listed as not re-checked tonight and the mail never says nobody needs a
call; waived P1/P2 people are named with the waiver and its expiry; hostile strings recorded in the history stay
inert. (The whole path through `auditor run` and a real history: tests/run/test_held_open_shown.py.)"""
from __future__ import annotations

import dataclasses
import datetime as dt

from auditor.model import CarriedFinding, Status, WaiverRef
from auditor.render import OutputOptions, Report, render_all, render_email_text
from tests.render.factory import CEO, device, finding, result

HELD = (CarriedFinding("k1", "P1", "violation", "TikTok", "test-pack", "<b>PHONE\u202e-1</b>", "ana@contoso.com",
                       dt.date(2023, 3, 29), dt.date(2026, 10, 1), dt.date(2026, 11, 22), "critical", "dev-1"),
        CarriedFinding("k2", "P3", "violation", "CapCut", "test-pack", "PHONE-2", "bo@contoso.com", None,
                       dt.date(2026, 10, 2), dt.date(2026, 11, 22), "medium", "dev-2"))


def _report(res) -> Report:  # type: ignore[no-untyped-def]
    return Report.of(res, OutputOptions(generated_at="2026-11-24T02:00:00Z", organisation="Contoso"))


def test_held_open_findings_in_the_mail_and_summary() -> None:
    report = _report(dataclasses.replace(result([], devices=[device(1)]), held_open=HELD))
    text = render_email_text(report)
    assert "no P1 or P2 waiver is about to expire" not in text
    assert "No P1 or P2 finding seen tonight is in violation or overdue, but open P1/P2 findings were not" in text
    assert ("   - [P1, not re-checked tonight] ana@contoso.com: TikTok on <b>PHONE⟨U+202E⟩-1</b>: violation when "
            "last seen on 2026-11-22 (deadline 2023-03-29); first seen 2026-10-01") in text
    assert "\u202e" not in text
    summary_md = render_all(report)["summary.md"]
    assert summary_md.count("(not re-checked tonight)") == 2 and "\u202e" not in summary_md and "<b>" not in summary_md
    assert "Nothing needs a call" not in summary_md
    assert report.summary["held_open"] == {"findings": 2, "open_by_priority": {"P1": 1, "P2": 0, "P3": 1, "P4": 0},
                                           "lines": 2, "urgent_lines": 1}


def test_held_findings_of_a_pack_not_in_force_are_listed_but_counted_nowhere_as_open() -> None:
    """A pack enjoined tonight (or no longer selected) holds nothing open: its held findings are still listed,
    and the outputs' counts and the exit code agree that none is open (AuditResult.held_counts_as_open)."""
    from auditor.errors import result_exit_code
    from auditor.model import PackSummary

    enjoined = (PackSummary("test-pack", "Test Act", "Test Act sec. 1", "https://example.org/act", "enjoined", "XX",
                            "", "", 1, 1),)
    for packs, held in ((enjoined, HELD), ((), tuple(dataclasses.replace(h, policy="dropped-pack") for h in HELD))):
        res = dataclasses.replace(result([], devices=[device(1)], packs=packs), held_open=held)
        report = _report(res)
        assert report.summary["held_open"] == {"findings": 2, "open_by_priority": {"P1": 0, "P2": 0, "P3": 0, "P4": 0},
                                               "lines": 2, "urgent_lines": 0}
        assert "no P1 or P2 waiver is about to expire" in render_email_text(report)  # nobody needs a call
        assert render_all(report)["summary.md"].count("(not re-checked tonight)") == 2  # still listed
        assert result_exit_code(res, "high") == 0


def test_only_p3_held_open_still_lets_the_run_say_nobody_needs_a_call() -> None:
    report = _report(dataclasses.replace(result([], devices=[device(1)]), held_open=HELD[1:]))
    summary_md = render_all(report)["summary.md"]
    assert "no P1 or P2 waiver is about to expire" in summary_md  # nobody needs a call about a P3
    assert summary_md.count("(not re-checked tonight)") == 1  # and the P3 is still listed


def test_waived_p1_people_are_named_in_the_mail() -> None:
    waived = dataclasses.replace(finding(1, device(1, name="CEO-IPHONE"), "P1", owner=CEO, catalog_name="TikTok"),
                                 status=Status.WAIVED,
                                 waiver=WaiverRef("W-1", "need", "cio", "", dt.date(2027, 12, 31), "active"))
    text = render_email_text(_report(result([waived])))
    assert "WAIVED P1/P2 (1, not counted as open):" in text
    assert ("   - [P1] Ana Kim <ana.kim@example.com>: Chief Executive Officer, Executive Office: TikTok on CEO-IPHONE: "
            "waived by W-1 until 2027-12-31") in text
