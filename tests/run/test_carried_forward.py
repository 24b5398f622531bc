"""An incomplete scheduled run never says "nothing needs a call": it carries forward the open P1/P2 findings of
the last complete run in the history (a real SQLite file, through `auditor run`), marked as carried and
naming that run, in the report, summary.md, findings.json, the e-mail text and on the terminal. `latest`
points to the newest run, incomplete or not (README: Every night from cron)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Tuple

import pytest

from auditor import cli
from tests.run.test_scheduled_runs import write_config, write_exports

import datetime as dt


def _run(config: Path, as_of: str, capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    """`auditor run` (not quiet) in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", as_of])
    captured = capsys.readouterr()
    return int(info.value.code), captured.out, captured.err


def _latest(site: Path, name: str) -> str:
    return (site / "reports" / "latest" / name).read_text(encoding="utf-8")


def _flat(html: str) -> str:
    return " ".join(html.split())


def test_a_failed_night_carries_the_last_complete_runs_p1_p2_findings(exports_site: Path,
                                                                      capsys: pytest.CaptureFixture) -> None:
    site = exports_site
    write_exports(site / "exports", {"d1": ["TikTok"], "d3": ["CapCut"]}, dt.date(2026, 11, 23))
    config = write_config(site)
    code, out, _ = _run(config, "2026-11-26", capsys)
    first = json.loads(_latest(site, "findings.json"))
    assert first["complete"] is True
    open_p12 = sorted((f["device"]["name"], f["app"]["catalog_name"]) for f in first["findings"]
                      if f["priority"] in ("P1", "P2") and f["status"] in ("violation", "overdue"))
    assert open_p12 == [("PHONE-1", "TikTok"), ("PHONE-3", "CapCut")]
    first_run = os.readlink(site / "reports" / "latest")
    assert not out.startswith("INCOMPLETE")

    # The next night the Intune export is missing: the run is incomplete and reads no device.
    shutil.rmtree(site / "exports")
    (site / "exports").mkdir()
    code, out, err = _run(config, "2026-11-27", capsys)
    assert code == 3
    second_run = os.readlink(site / "reports" / "latest")
    assert second_run != first_run  # latest: the newest run, its failure on top

    html = _flat(_latest(site, "report.html"))
    assert "Nothing needs a call today" not in html and "nobody needs a call" not in html
    assert "2 open P1/P2 findings carried forward" in html
    assert f"report {first_run})" in html  # names the run they come from
    for who, app, device in (("ana@example.com", "TikTok", "PHONE-1"), ("cy@example.com", "CapCut", "PHONE-3")):
        assert f"{who}</strong>: {app} on {device}" in html
    assert html.count('class="carried-mark">carried<') == 2

    summary_md = _latest(site, "summary.md")
    assert "Nothing needs a call" not in summary_md and "no P1 or P2 waiver is about to expire" not in summary_md
    assert "**INCOMPLETE RUN:** Carried forward from the last complete run" in summary_md
    assert sum(1 for line in summary_md.splitlines() if "(carried)" in line) == 2

    document = json.loads(_latest(site, "findings.json"))
    assert document["complete"] is False and document["findings"] == []
    carried = document["summary"]["carried_forward"]
    assert (carried["report"], carried["as_of"], carried["by_priority"]) == (first_run, "2026-11-26",
                                                                              {"P1": 0, "P2": 2})

    assert out.startswith("INCOMPLETE: 0 findings on 0 of 0 devices")
    assert "INCOMPLETE: 2 open P1/P2 findings carried forward from the last complete run" in out
    assert "Carried forward from the last complete run" in err  # also under --quiet (stderr)

    # The history did not record the carried findings as sightings: the run has none of its own.
    code, out, _ = _run(config, "2026-11-28", capsys)  # still incomplete: carried from the same complete run
    assert json.loads(_latest(site, "findings.json"))["summary"]["carried_forward"]["report"] == first_run

    # Exports back: a complete run carries nothing and says what it sees.
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 28))
    code, out, _ = _run(config, "2026-11-29", capsys)
    document = json.loads(_latest(site, "findings.json"))
    assert document["complete"] is True and document["summary"]["carried_forward"] is None
    assert "carried" not in _latest(site, "summary.md")
    assert out.startswith("1 finding on 1 of 3 devices: open ")


def test_an_incomplete_first_run_never_says_nobody_needs_a_call(exports_site: Path,
                                                                capsys: pytest.CaptureFixture) -> None:
    site = exports_site
    shutil.rmtree(site / "exports")
    (site / "exports").mkdir()
    code, out, _ = _run(write_config(site), "2026-11-26", capsys)
    assert code == 3
    html = _flat(_latest(site, "report.html"))
    assert "Nothing needs a call today" not in html
    assert "the history holds no complete run to carry forward" in html
    assert "the history holds no complete run to carry forward" in _latest(site, "summary.md")
    assert json.loads(_latest(site, "findings.json"))["summary"]["carried_forward"] is None
