"""The terminal line about near misses agrees in number: "1 near miss", "2 near misses"."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from auditor.cli.console import print_summary
from auditor.render import summarise
from auditor.run.once import RunOutcome
from tests.render.factory import family_fleet


@pytest.mark.parametrize("count, said", [(1, "1 near miss to review (an app that resembles a banned app)"),
                                         (2, "2 near misses to review (apps that resemble a banned app)")])
def test_near_misses_are_counted_in_words_that_agree(count: int, said: str, capsys: pytest.CaptureFixture) -> None:
    base = family_fleet()
    result = dataclasses.replace(base, near_misses=base.near_misses * count)
    print_summary(RunOutcome(result, 1, {"report.html": Path("report.html")}, summarise(result)))
    out = capsys.readouterr().out
    assert said + ": summary.md, findings.json." in out
