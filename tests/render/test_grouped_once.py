"""The groupings every output reads (app lines, people to call first, unseen high-risk people) are worked out once
per run's findings, counted; an input that can change (a list) is never answered from the memo."""
from __future__ import annotations

from typing import List

import pytest

import auditor.render.actions as actions
from auditor.render import OutputOptions, Report, render_all
from tests.render.factory import device, finding, result


def test_every_output_of_a_run_shares_one_grouping(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: List[type] = []
    grouping = actions.app_lines.__wrapped__  # type: ignore[attr-defined]

    def counted(findings: object) -> list:
        calls.append(type(findings))
        return grouping(findings)
    monkeypatch.setattr(actions, "app_lines", actions._once_per_input(counted))
    findings = [finding(i, device(i)) for i in range(3)]
    out = render_all(Report.of(result(findings), OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    assert "report.html" in out and "actions.csv" in out
    # The run's findings (a tuple) grouped once, though report.html, summary.md and the e-mail's changes each ask;
    # device_actions groups lists of its own (new each time: never from the memo).
    assert calls.count(tuple) == 1
    assert calls.count(list) >= 1


def test_a_list_is_grouped_anew_and_a_tuple_is_handed_out_as_a_new_list() -> None:
    first, second = finding(1, device(1)), finding(2, device(2))
    work = [first]
    assert [line.device.key for line in actions.app_lines(work)] == [first.device.key]
    work.append(second)  # the same list, changed: never the memo's answer
    assert len(actions.app_lines(work)) == 2
    both = (first, second)
    a, b = actions.app_lines(both), actions.app_lines(both)
    assert a == b and a is not b
    a.clear()
    assert len(actions.app_lines(both)) == 2  # a caller's change to its list is its own
