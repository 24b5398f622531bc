"""The terminal's one line counts what the report's cards count: open findings (in violation or overdue) by
priority, waived and upcoming apart; an incomplete run's line starts with INCOMPLETE: (stdout alone must not
look clean)."""
from __future__ import annotations

import dataclasses

from auditor.cli.console import summary_line
from auditor.model import Problem, ProblemKind, Status
from auditor.render import summarise
from tests.render.factory import device, finding, result


def test_the_line_counts_open_findings_as_the_cards_do() -> None:
    findings = [finding(1, device(1), "P1", Status.VIOLATION), finding(2, device(2), "P1", Status.WAIVED),
                finding(3, device(3), "P2", Status.UPCOMING), finding(4, device(4), "P3", Status.OVERDUE)]
    summary = summarise(result(findings))
    assert summary_line(True, summary, "2026-11-23") == (
        "4 findings on 4 of 4 devices: open P1 1, P2 0, P3 1, P4 0 (+1 waived, 1 upcoming); 0 probable; "
        "as of 2026-11-23.")


def test_an_incomplete_run_says_so_first() -> None:
    lost = (Problem("exports", "no such file or folder", None, True, ProblemKind.INPUT),)
    summary = summarise(dataclasses.replace(result([]), problems=lost))
    assert summary_line(False, summary, "2026-11-23").startswith("INCOMPLETE: 0 findings on 0 of ")


def test_one_finding_and_one_device_are_singular() -> None:
    summary = summarise(result([finding(1, device(1), "P2", Status.VIOLATION)]))
    assert summary_line(True, summary, "2026-11-23").startswith("1 finding on 1 of 1 device: open P1 0, P2 1,")
