"""summary.md: the report's headline for chat and tickets, in the report's order: complete or not, the
headline and counts (confirmed and probable), Act first (whom to call about what and by when; the high-risk
people whose devices cannot be seen, with their relation and what to do), what changed in the law and in the
fleet, near misses to review, then where the detail is. Messages (why a run is incomplete) are never cut."""
from __future__ import annotations

from typing import List

from auditor.model import AuditResult, Binding, Status
from auditor.render.actions import (binding_text, device_label, due_text, fleet_changes, pack_change_text,
                                    people_to_call, relation, role, since_last_run, unseen_high_risk)
from auditor.render.carried import carried_lines, held_lines, held_sentence, held_urgent, incomplete_act_first
from auditor.render.interface import Report
from auditor.render.waived import waived_lines
from auditor.render.safe import markdown as md
from auditor.render.safe import markdown_code as code
from auditor.render.summary import counts_sentence

TOP_PEOPLE = 10
TOP_LINES = 3
TOP_APPS = 5
TOP_POLICIES = 12
TOP_NEAR_MISSES = 10
TOP_PROBLEMS = 5
TOP_HELD = 20  # held-open lines (P1 first); the rest in report.html, findings.json and actions.csv
WHOLE = 100_000  # a message is never cut (the limit only guards against a runaway string)


def _who(owner_name: str, owner_email: str) -> str:
    who = md(owner_name or owner_email or "owner unknown", 60)
    if owner_name and owner_email:
        who += f" ({md(owner_email, 60)})"
    return who


def _policy_changes(result: AuditResult) -> List[str]:
    """What changed in the law since the previous run: packs added, or whose status changed (issue 18)."""
    if not result.pack_changes:
        return []
    lines = ["", "## Policy changes since the last run", ""]
    for c in result.pack_changes:
        source = f" ({md(c.source, 200)})" if c.source else ""
        lines.append(f"- **{md(c.title, 120)}** ({code(c.pack_id)}): {md(pack_change_text(c), 400)}{source}")
    return lines


def _carried(result: AuditResult) -> List[str]:
    """An incomplete run: the last complete run's open P1/P2 findings it could not check, marked carried."""
    sentence = incomplete_act_first(result)
    if not sentence:
        return []
    lines = ["", f"**INCOMPLETE RUN:** {md(sentence, WHOLE)}"]
    carried = carried_lines(result.carried_forward) if result.carried_forward else ()
    if carried:
        lines += ["", "| Priority | Person | Device and app | Policies | Status | First seen |",
                  "|---|---|---|---|---|---|"]
        for c in carried:
            status = c.status + (f" (deadline {c.deadline})" if c.deadline else "")
            lines.append(f"| {c.priority} (carried) | {md(c.owner or 'owner unknown', 60)} | {md(c.app, 40)} on "
                         f"{md(c.device_name, 50)} | {md(', '.join(c.policies), 300)} | {status} | {c.first_seen} |")
    return lines


def _held(result: AuditResult) -> List[str]:
    """A complete run: the findings the history holds open because this run did not see their devices' apps."""
    sentence = held_sentence(result)
    if not sentence:
        return []
    lines = ["", f"## Not re-checked tonight: {len(result.held_open)} held open", "", md(sentence, WHOLE), "",
             "| Priority | Person | Device and app | Policies | Status when last seen | First seen | Last seen |",
             "|---|---|---|---|---|---|---|"]
    held = held_lines(result)
    for c in held[:TOP_HELD]:
        status = c.status + (f" (deadline {c.deadline})" if c.deadline else "")
        lines.append(f"| {c.priority} (not re-checked tonight) | {md(c.owner or 'owner unknown', 60)} | "
                     f"{md(c.app, 40)} on {md(c.device_name, 50)} | {md(', '.join(c.policies), 300)} | {status} | "
                     f"{c.first_seen} | {c.last_seen} |")
    if len(held) > TOP_HELD:
        lines += ["", f"{len(held) - TOP_HELD} more in report.html, findings.json (`held_open`) and actions.csv."]
    return lines


def _waived(result: AuditResult) -> List[str]:
    """The people whose P1/P2 findings a waiver covers, named with the waiver and its expiry."""
    waived = waived_lines(result.findings)
    if not waived:
        return []
    lines = ["", f"**Waived P1/P2 ({len(waived)}, not counted as open):**"]
    for w in waived[:TOP_PEOPLE]:
        lines.append(f"- {w.priority}: {_who(w.owner.name or '', w.owner.email or '')}, {md(w.app, 80)} on "
                     f"{md(w.device, 50)}: waived by {md(', '.join(w.waivers), 200)}")
    if len(waived) > TOP_PEOPLE:
        lines.append(f"- {len(waived) - TOP_PEOPLE} more in report.html (Waivers) and findings.json.")
    return lines


def _act_first(result: AuditResult) -> List[str]:
    people = people_to_call(result)
    if not people and not result.complete:
        return ["", "**Act first:** no P1 or P2 finding is in violation or overdue in what could be read."] \
            + _carried(result)
    urgent = held_urgent(result)
    if not people and urgent:
        lines_were = "device and app was" if urgent == 1 else "devices and apps were"
        return ["", "**Act first:** no P1 or P2 finding seen tonight is in violation or overdue, but "
                    f"{urgent} open P1/P2 {lines_were} not re-checked tonight (below): call about them as before."] \
            + _held(result)
    if not people:
        return ["", "**Act first:** no P1 or P2 finding is in violation or overdue, and no P1 or P2 waiver is about "
                    "to expire."] + _held(result)
    lines = ["", f"## Act first: {len(people)} {'person' if len(people) == 1 else 'people'} with P1/P2 findings", "",
             "| Priority | Person | Tier, relation or role | Device and app | Policies | By when |",
             "|---|---|---|---|---|---|"]
    for person in people[:TOP_PEOPLE]:
        owner = person.owner
        tier = f"{owner.tier}" + (f"; {md(role(owner), 160)}" if role(owner) else "")
        for line in person.lines[:TOP_LINES]:
            verify = " **verify**: " + md(line.confidence_note, 300) if line.probable else ""
            deadline = (f"; earliest deadline {line.earliest_deadline.isoformat()}"
                        if line.earliest_deadline and line.earliest_deadline != line.worst.deadline else "")
            lines.append(f"| {line.priority} | {_who(owner.name or '', owner.email or '')} | {tier} | "
                         f"{md(line.app, 80)} on {md(device_label(line.device), 50)}{verify} | "
                         f"{md(', '.join(line.policies), 300)} | {md(due_text(line.worst), 200)}{deadline} |")
        if len(person.lines) > TOP_LINES:
            lines.append(f"| | | | +{len(person.lines) - TOP_LINES} more apps or devices | | |")
    if len(people) > TOP_PEOPLE:
        lines += ["", f"{len(people) - TOP_PEOPLE} more people in actions.csv."]
    return lines + _carried(result) + _held(result)


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


def _unseen(result: AuditResult) -> List[str]:
    unseen = unseen_high_risk(result.not_visible)
    if not unseen:
        return []
    lines = ["", f"## High-risk people whose devices cannot be seen: {len(unseen)}", "",
             "Their devices report only managed apps, or none: not known to be clean.", "",
             "| Tier | Person | Relation or role | Device | What to do |", "|---|---|---|---|---|"]
    for person in unseen[:TOP_PEOPLE]:
        owner = person.owner
        for item in person.devices[:TOP_LINES]:
            lines.append(f"| {owner.tier} | {_who(owner.name or '', owner.email or '')} | "
                         f"{md(relation(owner) or role(owner), 160)} | "
                         f"{md(device_label(item.device), 50)} ({item.device.platform.value}, "
                         f"{item.device.ownership.value}, {item.device.app_visibility.value}) | {md(item.todo, 400)} |")
    if len(unseen) > TOP_PEOPLE:
        lines += ["", f"{len(unseen) - TOP_PEOPLE} more in report.html (Visibility) and actions.csv."]
    return lines


def _problems(result: AuditResult) -> List[str]:
    """The count "Problems: N" is never left unexplained: the first few, each with its source and line, and
    where the rest are."""
    if not result.problems:
        return []
    n = len(result.problems)
    lines = ["", f"Problems ({n}):"]
    for p in result.problems[:TOP_PROBLEMS]:
        where = md(p.source, 120) + (f", line {p.line}" if p.line else "")
        lines.append(f"- {p.kind.value}: {where}: {md(p.message, 400)}")
    if n > TOP_PROBLEMS:
        lines.append(f"- {n - TOP_PROBLEMS} more under Data quality in report.html (and in findings.json).")
    return lines


def render_markdown(report: Report) -> str:
    result, summary, organisation = report.result, report.summary, report.options.organisation
    lines: List[str] = []
    title = f"# Fleet Auditor: {md(organisation)}" if organisation else "# Fleet Auditor"
    lines += [title, "", f"As of {result.as_of.isoformat()}."]
    if not result.complete:
        lines += ["", "**INCOMPLETE RUN**: some inputs could not be read, so these findings are not the whole "
                      "picture:"]
        lines += [f"- {md(reason, WHOLE, line_start=True)}" for reason in summary["incomplete_reasons"]]
    lines += ["", counts_sentence(summary, markdown=True)]
    if summary["open_devices_by_app"]:
        names = {f.catalog_id: f.catalog_name for f in result.findings}
        apps = list(summary["open_devices_by_app"].items())
        lines += ["", "Devices with open findings, by app: "
                  + ", ".join(f"{md(names.get(k, k), 40)} {v}" for k, v in apps[:TOP_APPS])
                  + (f", {len(apps) - TOP_APPS} more" if len(apps) > TOP_APPS else "") + "."]
    lines += _confidence(result, summary)
    lines += _act_first(result)
    lines += _waived(result)
    lines += _unseen(result)
    changes = fleet_changes(result)
    if changes.history:
        lines += ["", since_last_run(changes, lambda text: md(text, 60))]
    lines += _policy_changes(result)
    upcoming = sorted({(f.effective, f.catalog_name, f.pack_id) for f in result.findings
                       if f.status == Status.UPCOMING})
    if upcoming:
        lines += ["", "Upcoming bans: " + "; ".join(f"{md(app, 40)} from {day.isoformat()} ({md(pack)})"
                                                    for day, app, pack in upcoming[:5])
                  + (f"; {len(upcoming) - 5} more" if len(upcoming) > 5 else "") + "."]
    lines += _near_misses(result)
    hidden = summary["devices_not_fully_visible"]
    if hidden:
        lines += ["", f"Visibility: {hidden} of {summary['devices']} {'device does' if hidden == 1 else 'devices do'} "
                      "not show all their apps: not known to be compliant."]
    binding = sum(1 for p in result.packs if p.binding == Binding.BINDING)
    lines += ["", f"Sources: {summary['sources']} ({summary['rows']} rows, {summary['rows_skipped']} skipped). "
                  f"Problems: {summary['problems']}. Policies: {len(result.packs)} ({binding} binding on this "
                  f"organisation, {len(result.packs) - binding} adopted as its policy)."]
    lines += [f"- {code(p.id)} ({md(p.status)}): {md(binding_text(p), 200)}"
              for p in result.packs[:TOP_POLICIES]]
    if len(result.packs) > TOP_POLICIES:
        lines += [f"- {len(result.packs) - TOP_POLICIES} more in report.html."]
    lines += _problems(result)
    lines += ["", "Details: report.html (for people), actions.csv (one ticket per device), findings.csv and "
                  "findings.json (every finding)."]
    return "\n".join(lines) + "\n"
