"""A complete run that does not see a device's apps (the device listed with no app row) holds that device's open
findings open in the history (table held_open); every output of that night shows them as "not re-checked
tonight" (report.html, summary.md, findings.json, actions.csv, the e-mail text and the terminal line), and a
held-open P1/P2 finding keeps the run from saying "Nothing needs a call today" and from exiting 0 (REPORT3
problems 1 and 2, "with a history"). Real `auditor run` nights over a real SQLite history; the next night,
which sees the device's apps without the app, says nothing of it (the control: each assertion can fail)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Tuple

import pytest

from auditor import cli
from tests.run.test_scheduled_runs import write_config, write_exports


def _run(config: Path, as_of: str, capsys: pytest.CaptureFixture) -> Tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", as_of])
    return int(info.value.code), capsys.readouterr().out


def _latest(site: Path, name: str) -> str:
    return (site / "reports" / "latest" / name).read_text(encoding="utf-8")


def _flat(html: str) -> str:
    return " ".join(html.split())


def test_findings_held_open_are_shown_in_every_output(exports_site: Path, capsys: pytest.CaptureFixture) -> None:
    site = exports_site
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    code, _ = _run(config, "2026-11-23", capsys)
    assert code == 1
    (seen,) = [f for f in json.loads(_latest(site, "findings.json"))["findings"]]
    assert (seen["priority"], seen["status"], seen["device"]["name"]) == ("P2", "violation", "PHONE-3")

    # PHONE-3 is listed in the devices export with no app row: complete, and its TikTok is unknown, not gone.
    write_exports(site / "exports", {"d1": ["Slack"]}, dt.date(2026, 11, 24))
    code, out = _run(config, "2026-11-24", capsys)
    assert code == 1  # before: 0, "Nothing needs a call today"
    document = json.loads(_latest(site, "findings.json"))
    assert document["complete"] is True and document["findings"] == []
    assert [(h["key"], h["priority"], h["status"], h["app"], h["device_name"], h["owner"], h["first_seen"],
             h["last_seen"], h["rechecked"]) for h in document["held_open"]] == [
        (seen["key"], "P2", "violation", "TikTok", "PHONE-3", "cy@example.com", "2026-11-23", "2026-11-23", False)]
    assert document["summary"]["held_open"] == {"findings": 1, "open_by_priority": {"P1": 0, "P2": 1, "P3": 0, "P4": 0},
                                                "lines": 1, "urgent_lines": 1}
    assert "0 findings on 0 of 3 devices: open P1 0, P2 0, P3 0, P4 0 (+0 waived, 0 upcoming); 1 not re-checked " \
           "tonight (held open: P1 0, P2 1, P3 0, P4 0);" in out

    html = _flat(_latest(site, "report.html"))
    assert "Nothing needs a call today" not in html and "nobody needs a call" not in html
    assert "1 open P1/P2 finding not re-checked tonight" in html
    assert "cy@example.com</strong>: TikTok on PHONE-3" in html
    assert html.count('class="carried-mark">not re-checked tonight<') == 1

    summary_md = _latest(site, "summary.md")
    assert "Nothing needs a call" not in summary_md and "no P1 or P2 waiver is about to expire" not in summary_md
    assert "## Not re-checked tonight: 1 held open" in summary_md
    assert "Since the last run (2026-11-23): 0 new, 0 reopened, 0 persisting, 0 resolved, 1 not re-checked (held " \
           "open)." in summary_md
    assert [line for line in summary_md.splitlines() if "(not re-checked tonight)" in line] == [
        "| P2 (not re-checked tonight) | cy@example.com | TikTok on PHONE-3 | test-deadline | violation (deadline "
        "2026-11-25) | 2026-11-23 | 2026-11-23 |"]

    rows = list(csv.DictReader(io.StringIO(_latest(site, "actions.csv"))))
    assert [(r["priority"], r["status"], r["device_name"], r["owner_email"], r["apps"], r["finding_keys"])
            for r in rows] == [("P2", "not-re-checked", "PHONE-3", "cy@example.com", "TikTok", seen["key"])]

    # The next night sees PHONE-3's apps, without TikTok: resolved, nothing held, nothing shown, exit 0.
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["Slack"]}, dt.date(2026, 11, 25))
    code, out = _run(config, "2026-11-25", capsys)
    assert code == 0
    document = json.loads(_latest(site, "findings.json"))
    assert document["held_open"] == [] and document["summary"]["held_open"] is None
    assert [r["device_name"] for r in document["resolved"]] == ["PHONE-3"]
    assert "not re-checked" not in out
    assert "Nothing needs a call today" in _flat(_latest(site, "report.html"))
    assert "not re-checked" not in _latest(site, "summary.md")


def test_a_held_open_finding_below_fail_on_shows_but_does_not_fail_the_run(
        exports_site: Path, capsys: pytest.CaptureFixture) -> None:
    """The exit code compares a held-open finding with --fail-on as it does tonight's findings."""
    site = exports_site
    config = write_config(site, extra="")
    config.write_text(config.read_text().replace("fail_on: high", "fail_on: none"))
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    assert _run(config, "2026-11-23", capsys)[0] == 0
    write_exports(site / "exports", {"d1": ["Slack"]}, dt.date(2026, 11, 24))
    code, out = _run(config, "2026-11-24", capsys)
    assert code == 0
    assert "1 not re-checked tonight" in out


def test_a_failed_night_after_a_held_night_carries_the_held_finding(exports_site: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    """Night 2 (complete) holds PHONE-3's TikTok open; night 3 reads nothing (incomplete): the carried-forward
    findings are night 2's open ones, the held one among them (before: night 2's findings rows only, so the
    held P2 vanished from the failed night)."""
    site = exports_site
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    assert _run(config, "2026-11-23", capsys)[0] == 1
    write_exports(site / "exports", {"d1": ["Slack"]}, dt.date(2026, 11, 24))
    assert _run(config, "2026-11-24", capsys)[0] == 1
    for f in (site / "exports").iterdir():
        f.unlink()
    code, out = _run(config, "2026-11-25", capsys)
    assert code == 3
    document = json.loads(_latest(site, "findings.json"))
    assert document["summary"]["carried_forward"]["by_priority"] == {"P1": 0, "P2": 1}
    assert "INCOMPLETE: 1 open P1/P2 findings carried forward" in out
    assert "cy@example.com</strong>: TikTok on PHONE-3" in _flat(_latest(site, "report.html"))


def test_a_device_that_shows_only_managed_apps_tonight_holds_its_findings_open(
        exports_site: Path, capsys: pytest.CaptureFixture) -> None:
    """Night 1 sees PHONE-3 (corporate) with TikTok; night 2 its ownership reads Personal, so Intune lists only
    its managed apps (Slack): TikTok is not re-checked, not resolved (before: resolved, on a device whose
    unmanaged apps cannot be seen)."""
    site = exports_site
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    assert _run(config, "2026-11-23", capsys)[0] == 1
    write_exports(site / "exports", {"d1": ["Slack"], "d3": ["Slack"]}, dt.date(2026, 11, 24))
    devices = site / "exports" / "devices.csv"
    devices.write_text(devices.read_text().replace("d3,PHONE-3,S3,cy@example.com,Corporate",
                                                   "d3,PHONE-3,S3,cy@example.com,Personal"))
    code, out = _run(config, "2026-11-24", capsys)
    document = json.loads(_latest(site, "findings.json"))
    assert document["resolved"] == []
    assert [(h["app"], h["device_name"]) for h in document["held_open"]] == [("TikTok", "PHONE-3")]
    assert code == 1 and "1 not re-checked tonight" in out
