"""What a reader acts on names the app as it can be found: a company-wide finding's fix names the installed app
as the inventory shows it (never the catalog label "Any product of ..."), and the fleet's change since the last
run is one line in summary.md, with the display names of what resolved, one per device and app."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from html.parser import HTMLParser
from typing import List

import pytest

from auditor.model import AuditResult, Binding, InstalledApp, Platform, ResolvedFinding, Status
from auditor.render import OutputOptions, Report, render_all, render_email_text
from auditor.render.summary import counts_sentence
from tests.render.factory import device, family_fleet, finding, result

LABEL = "Any product of AO Kaspersky Lab"


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: List[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _company_wide() -> dict:
    findings = []
    for i, (seen, tool) in enumerate([("endpoint security", "intune"), ("Kaspersky VPN Secure Connection", "jamf")], 1):
        dev = device(i, Platform.WINDOWS if tool == "intune" else Platform.MACOS, tool=tool, name=f"LAPTOP-{i}")
        f = finding(i, dev, "P2", Status.VIOLATION, app="company:kaspersky", identifier="kaspersky:endpoint_security",
                    catalog_name=LABEL, deadline=None, binding=Binding.ADOPTED, binds="federal-government")
        findings.append(dataclasses.replace(f, app=dataclasses.replace(f.app, name=seen)))
    return render_all(Report.of(result(findings), OutputOptions(generated_at="2026-11-23T08:00:00Z")))


def test_a_company_wide_findings_fix_names_the_installed_app_as_seen() -> None:
    out = _company_wide()
    rows = list(csv.DictReader(io.StringIO(out["actions.csv"])))
    steps = {r["device_name"]: r["steps"] for r in rows}
    assert "add endpoint security (Store or Win32)" in steps["LAPTOP-1"]
    assert "deny rule for endpoint security" in steps["LAPTOP-1"]
    assert "add the process name of Kaspersky VPN Secure Connection" in steps["LAPTOP-2"]
    assert all(LABEL not in s for s in steps.values()), steps
    assert {r["subject"].split(" from ")[0] for r in rows} == {
        f"P2: remove endpoint security ({LABEL})", f"P2: remove Kaspersky VPN Secure Connection ({LABEL})"}
    parser = Text()
    parser.feed(out["report.html"])
    text = re.sub(r"\s+", " ", "".join(parser.parts))
    assert f"add {LABEL}" not in text and f"for {LABEL}" not in text
    assert "add endpoint security (Store or Win32)" in text  # the steps block of each product as seen
    assert "Kaspersky VPN Secure Connection, tick 'Kill process'" in text
    assert f"endpoint security ({LABEL}) on LAPTOP-1" in out["summary.md"]


def _resolved(app_name: str) -> ResolvedFinding:
    return ResolvedFinding("r1", "org-policy", "r1", "tiktok", "dev-9", "OLD-PHONE", "sam.ortiz@example.com",
                           dt.date(2026, 11, 1), dt.date(2026, 11, 21), app_name=app_name)


def test_summary_md_says_what_changed_since_the_last_run_with_display_names_one_line_per_device_and_app() -> None:
    twice = (_resolved("TikTok"), dataclasses.replace(_resolved("TikTok"), key="r2", policy="us-no-tiktok-act"))
    base = dataclasses.replace(family_fleet(), resolved=twice)
    out = render_all(Report.of(base, OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    # CEO's TikTok: one finding persisting and one new (a new policy) is one persisting line; the CFO's Douyin new.
    assert "\nSince the last run (2026-11-22): 1 new, 0 reopened, 1 persisting, 1 resolved (TikTok on OLD-PHONE).\n" \
        in out["summary.md"]
    table = out["report.html"].split("Resolved: in the previous run, gone now", 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + 1  # the header and one line for TikTok on OLD-PHONE under two policies
    assert ">TikTok<" in table and ">tiktok<" not in table and "us-no-tiktok-act" in table and "org-policy" in table
    mail = render_email_text(Report.of(base, OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    assert "Since the last run (2026-11-22): 1 new, 0 reopened, 1 persisting, 1 resolved (TikTok on OLD-PHONE)." in mail
    # Without a history there is nothing to compare with, and summary.md does not pretend there is.
    first = render_all(Report.of(family_fleet(trend=False), OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    assert "Since the last run" not in first["summary.md"]


def test_an_app_the_library_no_longer_knows_keeps_its_id() -> None:
    from auditor.policy import load_library
    from auditor.run.once import _named
    library = load_library()
    named = _named(dataclasses.replace(family_fleet(), resolved=(
        _resolved(""), dataclasses.replace(_resolved(""), app="no-such-app"))), library)
    assert [r.app_name for r in named.resolved] == ["TikTok", ""]
    out = render_all(Report.of(named, OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    assert "2 resolved (TikTok on OLD-PHONE; no-such-app on OLD-PHONE)" in out["summary.md"]


def test_inventory_name_in_steps_stays_inert() -> None:
    dev = device(1, Platform.WINDOWS, name="LAPTOP-1")
    f = finding(1, dev, "P2", Status.VIOLATION, app="company:kaspersky", catalog_name=LABEL, deadline=None)
    hostile = "<img src=x onerror=alert(1)>|[x](https://evil.example)\u202e"
    f = dataclasses.replace(f, app=InstalledApp("", hostile, "1", "kaspersky", Platform.WINDOWS, f.app.evidence))
    out = render_all(Report.of(result([f]), OutputOptions(generated_at="2026-11-23T08:00:00Z")))
    assert "<img" not in out["report.html"] and "\u202e" not in out["report.html"]
    assert "<img" not in out["summary.md"] and "](https" not in out["summary.md"].replace("\\](", "")


def test_a_string_is_cut_only_when_cutting_saves_room() -> None:
    from auditor.render.safe import CUT_SLACK, display
    assert display("S" * 164, 160) == "S" * 164  # "Serv… (+4 characters)" hid 4 characters and saved nothing
    assert display("S" * (160 + CUT_SLACK), 160) == "S" * (160 + CUT_SLACK)
    assert display("S" * 200, 160) == "S" * 160 + "… (+40 characters)"


@pytest.mark.parametrize("fleet,plain", [
    (family_fleet(), "7 findings on 4 of 8 devices. Open (in violation or overdue): P1 3, P2 1, P3 1, P4 0; of them "
                     "overdue 1. Upcoming 1, waived 1."),
    (dataclasses.replace(family_fleet(), devices=(), findings=(), not_visible=()),
     "No device was read: this run saw no fleet, so it cannot say whether any banned app is installed."),
])
def test_the_email_and_summary_md_say_the_counts_with_one_sentence(fleet: AuditResult, plain: str) -> None:
    """One function words the counts for both (render.summary.counts_sentence): the e-mail's plain text as it
    always was, summary.md's with its lead in bold and the report's sections named."""
    report = Report.of(fleet, OutputOptions(generated_at="2026-11-23T08:00:00Z"))
    assert counts_sentence(report.summary, markdown=False) == plain
    assert plain in render_email_text(report).splitlines()
    marked = counts_sentence(report.summary, markdown=True)
    assert marked in render_all(report)["summary.md"].splitlines()
    assert marked.replace("**", "").replace(" (Upcoming bans)", "").replace(" (Waivers)", "") == plain
