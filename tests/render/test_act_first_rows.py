"""Act first, its headline and actions.csv agree: within a priority the higher tier comes first (a CEO's TikTok
before an elevated director's long-overdue Kaspersky), in report.html's headline and list, summary.md and
actions.csv alike; actions.csv has one row per device however its findings split between the P1/P2 and the
P3/P4 parts, and every person in Act first (a P2 waiver about to expire included) has a row, so "Call N
people" counts the P1/P2 rows."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Dict, List

from auditor.model import Owner, Status, Tier, WaiverRef
from auditor.render import OutputOptions, Report, render_all
from tests.render.factory import device, finding, result


def _render(findings: list) -> Dict[str, str]:
    return render_all(Report.of(result(findings), OutputOptions(generated_at="2026-11-23T08:00:00Z")))


def _rows(out: Dict[str, str]) -> List[Dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out["actions.csv"])))


def _summary_people(out: Dict[str, str]) -> List[str]:
    table = out["summary.md"].split("## Act first", 1)[1].split("\n\n", 2)[1]
    return [re.match(r"\| P[12] \| ([^(|]+?) \(", line).group(1)  # type: ignore[union-attr]
            for line in table.splitlines() if line.startswith(("| P1", "| P2"))]


def test_within_a_priority_the_higher_tier_comes_first_in_every_output() -> None:
    # The director's finding is overdue for years under an older law; the CEO's is a plain violation of a
    # later one: the old order (status, then the law's date) put the director first.
    director = Owner("victor.novak@example.com", "Victor Novak", Tier.ELEVATED, ("Senior leadership",),
                     title="Director of Government Affairs")
    ceo = Owner("ana.kim@example.com", "Ana Kim", Tier.CRITICAL, ("Executive officer",), title="Founder & CEO")
    staff = Owner("sam.ortiz@example.com", "Sam Ortiz", Tier.STANDARD, (), title="Designer")
    server = device(1, name="srv-023", email=director.email or "", owner_name="Victor Novak")
    phone = device(2, name="Pixel-0182", email=ceo.email or "", owner_name="Ana Kim")
    laptop = device(3, name="LAPTOP-0004", email=staff.email or "", owner_name="Sam Ortiz")
    out = _render([
        finding(1, server, priority="P1", status=Status.OVERDUE, app="kaspersky", owner=director,
                deadline=dt.date(2018, 10, 1)),
        finding(2, phone, priority="P1", status=Status.VIOLATION, owner=ceo, deadline=None),
        finding(3, laptop, priority="P2", status=Status.OVERDUE, app="kaspersky", owner=staff,
                deadline=dt.date(2018, 10, 1)),
    ])
    expected = ["Ana Kim", "Victor Novak", "Sam Ortiz"]
    assert [r["owner_name"] for r in _rows(out) if r["priority"] in ("P1", "P2")] == expected
    assert _summary_people(out) == expected
    headline = re.sub(r"\s+", " ", out["report.html"].split("most urgent:", 1)[1][:200])
    assert headline.lstrip().startswith("Ana Kim, Tiktok, P1"), headline
    act = out["report.html"].split('id="act-first"', 1)[1].split("</ol>", 1)[0]
    assert [re.sub(r"\s+", " ", n).strip() for n in
            re.findall(r'<h4><span class="prio P[12]">P[12]</span>\s*([^<]+)', act)] == expected


def test_actions_csv_has_one_row_per_device_and_a_row_for_every_person_in_act_first() -> None:
    omar = Owner("omar.silva@example.com", "Omar Silva", Tier.STANDARD, (), title="Analyst")
    erin = Owner("erin.silva@example.com", "Erin Silva", Tier.STANDARD, (), title="Designer")
    laptop = device(1, name="LAPTOP-0014", email=omar.email or "", owner_name="Omar Silva")
    other = device(2, name="LAPTOP-0004", email=erin.email or "", owner_name="Erin Silva")
    soon = WaiverRef("WAIVER-2026-021", "migration", "CISO", "SEC-1", dt.date(2026, 12, 1), "expiring-soon")
    out = _render([
        # Omar: a waived P2 Kaspersky whose waiver expires soon (Act first: renew or remove) and a P3 CapCut.
        finding(1, laptop, priority="P2", status=Status.WAIVED, app="kaspersky", owner=omar, waiver=soon),
        finding(2, laptop, priority="P3", status=Status.VIOLATION, app="capcut", owner=omar),
        finding(3, other, priority="P2", status=Status.VIOLATION, app="kaspersky", owner=erin),
    ])
    rows = _rows(out)
    keys = [r["device_key"] for r in rows]
    assert len(keys) == len(set(keys)), keys  # once, not in the P1/P2 part and again in the P3 part
    omar_row = next(r for r in rows if r["device_name"] == "LAPTOP-0014")
    assert omar_row["priority"] == "P2" and "renew waiver WAIVER-2026-021" in omar_row["subject"]
    assert set(omar_row["apps"].split("; ")) == {"Kaspersky", "Capcut"}
    people = _summary_people(out)
    assert sorted(people) == ["Erin Silva", "Omar Silva"]
    called = int(re.search(r"Call (\d+) people first", out["report.html"]).group(1))  # type: ignore[union-attr]
    assert called == len(people) == len([r for r in rows if r["priority"] in ("P1", "P2")])


def test_actions_csv_puts_no_device_first_for_a_pack_not_in_force() -> None:
    """actions.csv follows Act first (people_to_call): a P1 violation under a pack enjoined that day is for the
    record, so its device comes after a P2 device with work in force, and is still listed (nothing dropped)."""
    import csv as csv_module
    import io

    from auditor.model import PackSummary
    from auditor.render import OutputOptions, Report, render_all
    from tests.render.factory import device, finding, result

    packs = (PackSummary("test-pack", "Test Act", "Test Act sec. 1", "https://example.org/act", "in-force", "XX", "",
                         "", 1, 1),
             PackSummary("old-pack", "Old Order", "Old Order sec. 1", "https://example.org/old", "enjoined", "XX", "",
                         "", 1, 1))
    res = result([finding(1, device(1), "P1", pack="old-pack"), finding(2, device(2), "P2")], packs=packs)
    text = render_all(Report.of(res, OutputOptions(generated_at="2026-11-24T02:00:00Z")))["actions.csv"]
    rows = list(csv_module.DictReader(io.StringIO(text)))
    assert [r["device_key"] for r in rows] == [device(2).key, device(1).key]
