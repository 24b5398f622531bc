"""actions.csv, report.html ("Act first") and summary.md name the people to call in one order: priority, the tier, then
family members (minors first) before staff, then the most urgent, then by name. Built so that sorting tickets
by device name (what actions.csv once did) gives another order: the people's names and their devices' names
sort the other way round."""
from __future__ import annotations

import csv
import io
import re
from auditor.model import Owner, Status, Tier
from auditor.render import OutputOptions, Report, render_all
from tests.render.factory import device, finding, result

PEOPLE = [  # (name, device name, priority, relationship)
    ("Zoe Young", "A-LAPTOP", "P1", ""), ("Adam Baker", "Z-PHONE", "P1", ""), ("Mia Baker", "M-TABLET", "P1", "minor child"),
    ("Yann Xu", "B-LAPTOP", "P2", ""), ("Bea Abbott", "Y-PHONE", "P2", ""), ("Carl Cole", "C-PC", "P3", ""),
]


def _outputs() -> dict:
    findings = []
    for i, (name, device_name, priority, relationship) in enumerate(PEOPLE, 1):
        email = name.lower().replace(" ", ".") + "@example.com"
        dev = device(i, name=device_name, email=email, owner_name=name)
        owner = Owner(email, name, Tier.CRITICAL if priority == "P1" else Tier.STANDARD, (),
                      sponsor="Adam Baker" if relationship else "", relationship=relationship)
        findings.append(finding(i, dev, priority=priority, status=Status.OVERDUE, owner=owner))
    return render_all(Report.of(result(findings), OutputOptions(generated_at="2026-11-23T08:00:00Z")))


def test_actions_csv_report_and_summary_name_the_people_in_one_order() -> None:
    out = _outputs()
    expected = ["Mia Baker", "Adam Baker", "Zoe Young", "Bea Abbott", "Yann Xu"]  # minor first; then by name
    rows = list(csv.DictReader(io.StringIO(out["actions.csv"])))
    assert [r["owner_name"] for r in rows if r["priority"] in ("P1", "P2")] == expected
    assert [r["owner_name"] for r in rows][-1] == "Carl Cole"  # P3 after the calls
    summary = out["summary.md"].split("## Act first", 1)[1].split("\n\n", 2)[1]
    assert [re.match(r"\| P[12] \| ([^(|]+?) \(", line).group(1) for line in summary.splitlines()  # type: ignore[union-attr]
            if line.startswith(("| P1", "| P2"))] == expected
    act = out["report.html"].split('id="act-first"', 1)[1].split("</ol>", 1)[0]
    assert [re.sub(r"\s+", " ", n).strip() for n in re.findall(r'<h4><span class="prio P[12]">P[12]</span>\s*([^<]+)', act)] \
        == expected
