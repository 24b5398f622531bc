"""summary.md: the report's headline for e-mail, chat and tickets: complete or not, whom to call first about
what and by when, the counts (confirmed and probable), upcoming bans, near misses to review, and where the
detail is."""
from __future__ import annotations

from typing import List

from auditor.model import AuditResult, Status
from auditor.model import Binding
from auditor.render.actions import act_first, binding_text, due_text, pack_change_text
from auditor.render.interface import Report
from auditor.render.safe import markdown as md

TOP_PEOPLE = 10
TOP_APPS = 5
TOP_POLICIES = 12
TOP_NEAR_MISSES = 10


def _policy_changes(result: AuditResult) -> List[str]:
    """What changed in the law since the previous run: packs added, or whose status changed (issue 18)."""
    if not result.pack_changes:
        return []
    lines = ["", "## Policy changes since the last run", ""]
    for c in result.pack_changes:
        source = f" ({md(c.source, 200)})" if c.source else ""
        lines.append(f"- **{md(c.title, 120)}** (`{md(c.pack_id)}`): {md(pack_change_text(c), 400)}{source}")
    return lines


def _act_first(result: AuditResult) -> List[str]:
    people = act_first(result.findings)
    if not people:
        return ["", "**Act first:** no P1 or P2 finding is in violation or overdue, and no P1 or P2 waiver is about "
                    "to expire."]
    lines = ["", f"## Act first: {len(people)} {'person' if len(people) == 1 else 'people'} with P1/P2 findings", "",
             "| Priority | Person | About | By when |", "|---|---|---|---|"]
    for person in people[:TOP_PEOPLE]:
        owner = person.owner
        who = md(owner.name or owner.email or "owner unknown", 60)
        if owner.name and owner.email:
            who += f" ({md(owner.email, 60)})"
        if owner.title or owner.department:
            who += ", " + md(", ".join(x for x in (owner.title, owner.department) if x), 80)
        about = "; ".join(f"{md(a.worst.catalog_name, 40)} on {md(a.device.name or a.device.serial or a.device.key, 50)}"
                          for a in person.devices[:3])
        if len(person.devices) > 3:
            about += f"; +{len(person.devices) - 3} devices"
        lines.append(f"| {person.priority} | {who} | {about} | {md(due_text(person.worst), 160)} |")
    if len(people) > TOP_PEOPLE:
        lines += ["", f"{len(people) - TOP_PEOPLE} more people in actions.csv."]
    return lines


def _confidence(result: AuditResult, summary: dict) -> List[str]:
    counts = summary["by_confidence"]
    lines = [f"Confidence: {counts['confirmed']} confirmed, {counts['probable']} probable (probable: check the "
             "device before acting; each says what would confirm it)."]
    if result.probable_left_out:
        lines[0] += (f" {result.probable_left_out} probable "
                     f"{'finding was' if result.probable_left_out == 1 else 'findings were'} left out "
                     f"(--min-confidence {result.min_confidence.value}).")
    return ["", lines[0]]


def _near_misses(result: AuditResult) -> List[str]:
    near = result.near_misses
    if not near:
        return []
    total = len(near) + result.near_misses_not_listed
    lines = ["", f"## Near misses: {total} {'app resembles' if total == 1 else 'apps resemble'} a banned app but "
                 "matched nothing (review)", "",
             "| App | Publisher | Resembles | Why | Devices |", "|---|---|---|---|---|"]
    for n in near[:TOP_NEAR_MISSES]:
        app = md(n.name or n.identifier, 60) + (f" ({md(n.identifier, 60)})" if n.identifier and n.name else "")
        lines.append(f"| {app} | {md(n.publisher, 60)} | {md(n.resembles, 40)} | {md(n.reason, 120)} | {n.devices} |")
    if total > TOP_NEAR_MISSES:
        lines += ["", f"{total - TOP_NEAR_MISSES} more in findings.json"
                      + (f" ({result.near_misses_not_listed} counted, not listed)" if result.near_misses_not_listed
                         else "") + "."]
    return lines


def render_markdown(report: Report) -> str:
    result, summary, organisation = report.result, report.summary, report.options.organisation
    lines: List[str] = []
    title = f"# Fleet Auditor: {md(organisation)}" if organisation else "# Fleet Auditor"
    lines += [title, "", f"As of {result.as_of.isoformat()}."]
    if not result.complete:
        lines += ["", "**INCOMPLETE RUN**: some inputs could not be read, so these findings are not the whole "
                      "picture:"]
        lines += [f"- {md(reason, 200)}" for reason in summary["incomplete_reasons"]]
    prio = summary["by_priority"]
    status = summary["by_status"]
    lines += ["", f"**{summary['findings']} findings** on {summary['devices_with_findings']} of "
                  f"{summary['devices']} devices: "
                  + ", ".join(f"{k} {v}" for k, v in prio.items())
                  + f". Overdue {status['overdue']}, violations {status['violation']}, "
                    f"upcoming {status['upcoming']}, waived {status['waived']}."]
    if summary["by_app"]:
        names = {f.catalog_id: f.catalog_name for f in result.findings}
        apps = list(summary["by_app"].items())
        lines += ["", "Apps: " + ", ".join(f"{md(names.get(k, k), 40)} {v}" for k, v in apps[:TOP_APPS])
                  + (f", {len(apps) - TOP_APPS} more" if len(apps) > TOP_APPS else "") + "."]
    lines += _confidence(result, summary)
    lines += _act_first(result)
    upcoming = sorted({(f.effective, f.catalog_name, f.pack_id) for f in result.findings
                       if f.status == Status.UPCOMING})
    if upcoming:
        lines += ["", "Upcoming bans: " + "; ".join(f"{md(app, 40)} from {day.isoformat()} ({md(pack)})"
                                                    for day, app, pack in upcoming[:5])
                  + (f"; {len(upcoming) - 5} more" if len(upcoming) > 5 else "") + "."]
    lines += _near_misses(result)
    hidden = summary["devices_not_fully_visible"]
    if hidden:
        lines += ["", f"{hidden} {'device does' if hidden == 1 else 'devices do'} not show all their apps: not known "
                      "to be compliant."]
    lines += _policy_changes(result)
    binding = sum(1 for p in result.packs if p.binding == Binding.BINDING)
    lines += ["", f"Sources: {summary['sources']} ({summary['rows']} rows, {summary['rows_skipped']} skipped). "
                  f"Problems: {summary['problems']}. Policies: {len(result.packs)} ({binding} binding on this "
                  f"organisation, {len(result.packs) - binding} adopted as its policy)."]
    lines += [f"- `{md(p.id)}` ({md(p.status)}): {md(binding_text(p), 200)}"
              for p in result.packs[:TOP_POLICIES]]
    if len(result.packs) > TOP_POLICIES:
        lines += [f"- {len(result.packs) - TOP_POLICIES} more in report.html."]
    lines += ["", "Details: report.html (for people), actions.csv (one ticket per device), findings.csv and "
                  "findings.json (every finding)."]
    return "\n".join(lines) + "\n"
