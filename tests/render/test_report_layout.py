"""What the report, summary.md and actions.csv say and in which order, without a browser (issue 17): people
first (family members and minors whose devices cannot be seen, with tier and relation), one line per device
and app, remediation once per (tool, platform, app), confidence marks, near misses, binding and changes in
the law, the trend's geometry, empty and odd states, and messages never cut. Also the counted test of
issue 15: problems are indexed by source once, never walked once per source."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from html.parser import HTMLParser
from typing import Dict, List

from auditor.model import Binding, Platform, Problem, Status, Tier, Visibility
from auditor.render import OutputOptions, Report
from auditor.render.actions import act_first, app_lines, relation, unseen_high_risk
from auditor.render.actions_csv import render_actions_csv
from auditor.render.charts import trend_chart
from auditor.render.html import render_html
from auditor.render.markdown import render_markdown
from auditor.render.safe import markdown as md
from auditor.render.report_context import build_context, file_name
from tests.render.factory import (MINOR, PROBABLE_NOTE, SPOUSE, CountingProblems, device, family_fleet, finding,
                                  many_sources, result)


def report(res, **options) -> Report:  # type: ignore[no-untyped-def]
    return Report.of(res, OutputOptions(generated_at="2026-11-23T08:00:00Z", organisation="Contoso", **options))


class Text(HTMLParser):
    """The page's text by section id, as a reader sees it (tags dropped, no script or style)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.sections: Dict[str, List[str]] = {}
        self._stack: List[str] = []
        self._skip = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        ident = dict(attrs).get("id")
        if tag == "section" and ident:
            self._stack.append(ident)
        elif tag == "section":
            self._stack.append(self._stack[-1] if self._stack else "")
        self._skip = tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self._stack:
            self._stack.pop()
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            for ident in set(self._stack) or {""}:
                self.sections.setdefault(ident, []).append(data)

    def of(self, ident: str) -> str:
        return " ".join(" ".join(self.sections.get(ident, [])).split())


def family_html() -> str:
    return render_html(report(family_fleet()))


def test_sections_in_the_officers_order() -> None:
    html = family_html()
    order = ["class=\"headline\"", 'id="act-first"', 'id="summary"', 'id="changes"', 'id="findings"',
             'id="near-misses"', 'id="upcoming"', 'id="waivers"', 'id="not-visible"', 'id="data-quality"',
             'id="sources"', 'id="policies"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_act_first_names_family_members_whose_devices_cannot_be_seen() -> None:
    text = Text(family_html()).of("act-first")
    unseen = text[text.index("High-risk people whose devices cannot be seen"):]
    minor = unseen.index("Tariq Kim")
    spouse = unseen.index("Uma Kim")
    assert minor < spouse  # minors first within a tier
    assert "minor child of Ana Kim, Chief Executive Officer" in unseen
    assert "spouse of Farid Rossi, Chief Financial Officer" in unseen
    assert "Ask Tariq Kim (through Ana Kim) to check it for banned apps" in unseen and "check it by hand" in unseen
    assert "Sam Ortiz" not in unseen and "LOBBY-KIOSK" not in unseen  # standard tier, unknown owner: not here
    assert [p.owner for p in unseen_high_risk(family_fleet().not_visible)] == [MINOR, SPOUSE]


def test_the_not_visible_list_has_tier_and_relation_ordered_by_tier() -> None:
    html = family_html()
    section = html[html.index('id="not-visible"'):html.index('id="data-quality"')]
    table = section[section.index("<caption>Devices"):]
    assert ">Tier<" in table and ">Relation or role<" in table
    names = re.findall(r'data-label="Owner">([^<]+)<', table)
    assert names == ["Tariq Kim", "Uma Kim", "Sam Ortiz", "unknown"]  # critical (minor first), standard, unknown
    assert "minor child of Ana Kim, Chief Executive Officer" in table
    cards = re.search(r'<ul class="cards" aria-label="Visibility">(.*?)</ul>', section, re.S)
    assert cards and "4</b> of 8 devices not fully visible" in cards.group(1) and "2</b> of them high-risk" in cards.group(1)


def test_not_visible_is_not_a_finding_count() -> None:
    html = family_html()
    cards = re.search(r'<ul class="cards" aria-label="Findings by priority and state">(.*?)</ul>', html, re.S)
    assert cards and "visible" not in cards.group(1)


def test_one_row_per_device_and_app_with_every_policy_and_the_earliest_deadline() -> None:
    res = family_fleet()
    html = render_html(report(res))
    rows = re.findall(r'<tr data-f="([^"]+)" data-dev="[0-9a-f]+" data-pl="[^"]+" data-app="([^"]+)"', html)
    assert len(rows) == len(app_lines(res.findings)) == len(res.findings) - 1  # TikTok x2 policies: one row
    assert ("P1:overdue P1:violation", "tiktok") in rows
    row = html[html.index('data-app="tiktok"'):]
    row = row[:row.index("</tr>")]
    assert "us-no-tiktok-act" in row and "org-policy" in row and "1335 days overdue (deadline 2023-03-29)" in row
    # the other policy's own words beside it: adopted, so the law's deadline is the agencies', not a countdown
    assert "no statutory deadline for you: your policy, in force since 2023-02-27 (the law&#39;s deadline for US federal agencies" in row
    act = Text(html).of("act-first")
    assert act.count("TikTok on CEO-IPHONE") == 1 and "2 policies: org-policy, us-no-tiktok-act" in act


def test_remediation_steps_appear_once_per_tool_platform_and_app() -> None:
    phones = [device(i, Platform.IOS) for i in range(1, 4)]
    laptop = device(9, Platform.WINDOWS, tool="ssh")
    findings = [finding(10 * i + j, d, pack=pack) for i, d in enumerate(phones + [laptop])
                for j, pack in enumerate(("pack-a", "pack-b"))]
    html = render_html(report(result(findings)))
    blocks = re.findall(r'<h5 id="([^"]+)">In ([^<]+)</h5>', html)
    assert blocks == [("g-tiktok-intune-ios", "Microsoft Intune · ios"), ("g-tiktok-ssh-windows", "collected over SSH · windows")]
    assert html.count("Remove the app.") == 1  # the rules' own remediation, once for the app
    assert html.count("<tr data-f=") == 4


def test_probable_findings_are_marked_verify_with_why_in_every_output() -> None:
    res = family_fleet()
    html = render_html(report(res))
    wechat = html[html.index('data-app="wechat"'):]
    wechat = wechat[:wechat.index("</tr>")]
    assert '<span class="verify">verify</span>' in wechat
    assert "confirm by the bundle id com.tencent.xin or the publisher Tencent" in wechat
    assert html.count('<span class="verify">verify</span>') == 4  # the card, the note, Act first, the row
    assert "**verify**: exact name" in render_markdown(report(res))
    rows = list(csv.DictReader(io.StringIO(render_actions_csv(report(res)))))
    assert next(r for r in rows if r["apps"] == "WeChat")["verify"] == f"WeChat: {PROBABLE_NOTE}"
    assert next(r for r in rows if r["apps"] == "TikTok")["verify"] == ""


def test_near_misses_binding_and_changes_in_the_law_are_shown() -> None:
    page = Text(family_html())
    near = page.of("near-misses")
    assert "TikTok Downloader Pro" in near and "shares the name token 'tiktok'" in near and "not findings" in near
    policies = page.of("policies")
    assert "adopted as this organisation's policy (it binds" in policies
    assert "binding on this organisation" in policies
    law = page.of("changes")
    assert "No TikTok on Government Devices Act us-no-tiktok-act : now evaluated (in force)" in law
    assert "proposed → in force: approved by the board on 2026-11-20" in law
    finding_policies = page.of("findings")
    assert "adopted as this organisation's policy (it binds" in finding_policies
    assert "your policy, in force since 2023-02-27" in finding_policies  # the policy work's due text


def test_sources_come_after_the_findings_with_paths_and_hashes_folded() -> None:
    html = family_html()
    section = html[html.index('id="sources"'):html.index('id="policies"')]
    table, folded = section.split("<details>", 1)
    assert "AppInvRawData_2026-11-22_with_a_very_long_name.csv" in table and "/srv/exports" not in table
    assert "/srv/exports/intune/2026-11-22/" in folded and "ab" * 32 in folded
    assert file_name("export.zip!sub/page-1.csv") == "page-1.csv in export.zip"


def test_empty_and_odd_states() -> None:
    nothing = Text(render_html(report(dataclasses.replace(result([]), devices=()))))
    top = nothing.of("")
    assert "No device was read" in top and "0 of 0" not in top
    assert "No device was read: nothing is known about any device's apps." in nothing.of("not-visible")
    assert "every device" not in nothing.of("not-visible").lower()
    one = render_html(report(result([], devices=[device(1)])))
    assert "Every device's full app list was visible to its source (1 device)." in one
    # Numbers and their words never run together (the text a screen reader or a copy gets).
    cards = re.search(r'<ul class="cards"[^>]*>(.*?)</ul>', one, re.S)
    assert cards and not re.search(r"</b>[A-Za-z]", cards.group(1))
    assert "No banned app was found" in one and "0 findings on 0 of 1 device." in " ".join(Text(one).of("").split())


def test_messages_are_never_cut() -> None:
    reason = "exports/intune/" + "x" * 400 + ".csv: not read: the export is 14 days old (older than 7 days)"
    res = dataclasses.replace(family_fleet(), problems=(Problem("exports/intune/x.csv", reason, None, True),))
    html = render_html(report(res))
    assert reason in html and "characters)" not in html
    assert md(reason, 10 ** 6) in render_markdown(report(res))


def test_summary_md_and_actions_csv_put_family_members_first() -> None:
    res = family_fleet()
    md = render_markdown(report(res))
    assert md.index("## Act first") < md.index("## High-risk people whose devices cannot be seen: 2")
    assert "| critical | Tariq Kim (tariq.kim@example.com) | minor child of Ana Kim, Chief Executive Officer |" in md
    assert "## Policy changes since the last run" in md
    assert md.index("## High-risk people") < md.index("## Policy changes since the last run")
    rows = list(csv.DictReader(io.StringIO(render_actions_csv(report(res)))))
    assert [(r["priority"], r["status"], r["owner_name"]) for r in rows] == [
        ("P1", "overdue", "Ana Kim"), ("P1", "violation", "Farid Rossi"), ("P2", "violation", "Lee Chen"),
        ("", "not-visible", "Tariq Kim"), ("", "not-visible", "Uma Kim"), ("P3", "violation", "Sam Ortiz")]
    minor = rows[3]
    assert minor["owner_relation"] == "minor child of Ana Kim, Chief Executive Officer"
    assert minor["owner_tier"] == "critical" and minor["steps"].startswith("1. Ask Tariq Kim (through Ana Kim)")
    assert rows[0]["policies"] == "org-policy; us-no-tiktok-act"


def test_family_members_come_before_staff_of_the_same_priority() -> None:
    staff = device(1)
    child = device(2)
    res = result([finding(1, staff, "P1"), finding(2, child, "P1", owner=dataclasses.replace(MINOR, tier="critical"))])
    assert [p.owner.name for p in act_first(res.findings)] == ["Tariq Kim", "User 1"]
    assert relation(MINOR) == "minor child of Ana Kim, Chief Executive Officer" and relation(res.findings[0].owner) == ""


def test_trend_marks_every_run_and_leaves_incomplete_runs_as_gaps() -> None:
    points = [("2026-11-20", {"P1": 4}, True), ("2026-11-21", {"P1": 3}, True), ("2026-11-22", {}, False),
              ("2026-11-23", {"P1": 2}, True), ("2026-11-24", {"P1": 1}, True)]
    chart = trend_chart(points)
    assert chart is not None
    assert [r.label for r in chart.runs] == ["11-20", "11-21", "11-22", "11-23", "11-24"]
    assert len(chart.markers) == 4 * 4  # four priorities on each complete run, none on the incomplete one
    p1 = [points for prio, points in chart.segments if prio == "P1"]
    assert len(p1) == 2 and all(len(s.split()) == 2 for s in p1)  # broken at the gap, never drawn to zero
    assert chart.incomplete == 1 and dict(chart.latest)["P1"] == 1
    assert [value for _, value in chart.ticks] == [0, 2, 4]
    assert trend_chart(points[:1]) is None
    assert [v for _, v in trend_chart([("a", {"P1": 37}), ("b", {"P1": 1})]).ticks] == [0, 25, 50]  # type: ignore[union-attr]


def test_chart_bars_carry_the_filter_a_click_applies() -> None:
    context = build_context(report(family_fleet()), "test")
    app, priority, department, platform = context.charts
    assert [b.key for b in priority.bars if b.filter] == ["P1", "P2", "P3"]  # P4 is 0: nothing to list
    assert {b.filter for b in department.bars} == {"dept"} and {b.filter for b in platform.bars} == {"platform"}
    # The bars count devices with open findings, never one device once per policy.
    result = family_fleet()
    opened = [f for f in result.findings if f.status.value in ("overdue", "violation")]
    devices_of = {b.key: b.value for b in app.bars}
    for app_id in {f.catalog_id for f in opened}:
        assert devices_of[app_id] == len({f.device.key for f in opened if f.catalog_id == app_id})
    assert sum(b.value for b in platform.bars) == len({f.device.key for f in opened}) == app.total
    assert app.counted(1) == "1 device" and app.counted(2) == "2 devices"


def test_a_device_whose_app_two_policies_ban_is_one_device_in_every_bar() -> None:
    result = family_fleet()
    f = next(f for f in result.findings if f.status.value in ("overdue", "violation"))
    twice = dataclasses.replace(result, findings=result.findings + (
        dataclasses.replace(f, key=f.key + "-2", pack_id="another-pack", rule_id="r"),))
    before, after = (build_context(report(r), "test").charts for r in (result, twice))
    assert [[(b.key, b.value) for b in c.bars] for c in before] == [[(b.key, b.value) for b in c.bars] for c in after]
    assert build_context(report(twice), "test").cards.open == build_context(report(result), "test").cards.open + 1


def test_problems_are_indexed_by_source_once() -> None:
    """Issue 15: a ZIP of 10,050 members is 10,050 inputs with a problem each; walking every problem for every
    input was quadratic. Counted: the items handed out by iterations over the problems stay a small multiple
    of their number (a walk per input would hand out inputs x problems)."""
    for count in (200, 2000):
        res = many_sources(count)
        CountingProblems.handed_out = 0
        html = render_html(report(res))
        assert CountingProblems.handed_out <= 12 * count, (count, CountingProblems.handed_out)
        assert html.count("not read: no reader recognises this CSV header") >= 300


def test_hidden_devices_without_owners_still_listed() -> None:
    """A device no staff directory names is not visible with its owner unknown (as a run has it), and listed."""
    hidden = device(2, visibility=Visibility.MANAGED_ONLY, name="PERSONAL-PHONE")
    res = result([finding(1, device(1), status=Status.OVERDUE)], devices=[device(1), hidden])
    assert [(d.name, o.tier) for d, o in res.not_visible] == [("PERSONAL-PHONE", Tier.UNKNOWN)]
    section = Text(render_html(report(res))).of("not-visible")
    assert "PERSONAL-PHONE" in section and "1 of 2 devices not fully visible" in section


def test_the_earliest_deadline_is_the_organisations_own() -> None:
    """An adopted pack's deadline is the one a law set for others (issue 18): never the line's earliest."""
    d = device(1)
    own = finding(1, d, "P2", Status.VIOLATION, pack="org-policy", deadline=dt.date(2027, 1, 31))
    adopted = finding(2, d, "P2", Status.VIOLATION, pack="us-act", deadline=dt.date(2023, 3, 29),
                      binding=Binding.ADOPTED, binds="federal-executive-agencies")
    (line,) = app_lines([own, adopted])
    assert line.earliest_deadline == dt.date(2027, 1, 31)
    rows = list(csv.DictReader(io.StringIO(render_actions_csv(report(result([own, adopted]))))))
    assert rows[0]["earliest_deadline"] == "2027-01-31"
    (alone,) = app_lines([adopted])
    assert alone.earliest_deadline is None
