"""The e-mail's two bodies, from the same Report as report.html: the HTML part from the report's own
templates (auditor.render.html.render_email_html), and this plain-text part for clients that show text.

Plain text is read in mail clients and terminals: every string passes the visible-text filter (control,
escape and bidi characters shown as ⟨U+202E⟩, newlines as spaces, so no line can be forged), and no message
is cut: a reason that makes a run incomplete is given whole."""
from __future__ import annotations

from typing import List

from auditor.model import Owner
from auditor.render.actions import (app_label, device_label, due_text, fleet_changes, pack_change_text, people_to_call,
                                    relation, role, since_last_run, unseen_high_risk)
from auditor.render.carried import carried_lines, held_lines, held_sentence, held_urgent, incomplete_act_first
from auditor.render.interface import Report
from auditor.render.safe import display
from auditor.render.summary import counts_sentence
from auditor.render.waived import waived_lines

WHOLE = 100_000  # messages are never cut; the limit only guards against a runaway string
NAME = 300
TOP = 20


def _t(value: object, limit: int = NAME) -> str:
    return display(value, limit)


def render_email_text(report: Report, report_location: str = "", attached: bool = False) -> str:
    result, summary = report.result, report.summary
    organisation = report.options.organisation
    out: List[str] = [f"Banned-app audit{': ' + _t(organisation) if organisation else ''}, as of {result.as_of}", ""]
    if result.complete:
        out.append("Complete run: every input was read.")
    else:
        out.append("INCOMPLETE RUN: these findings are not the whole picture.")
        out += [f"  - {_t(reason, WHOLE)}" for reason in summary["incomplete_reasons"]]
    people = people_to_call(result)
    unseen = unseen_high_risk(result.not_visible)
    out.append("")
    if summary["devices"]:
        if people:
            worst = people[0].worst
            out.append(f"Call {len(people)} {'person' if len(people) == 1 else 'people'} first about P1/P2 findings "
                       f"(most urgent: {_t(people[0].owner.name or people[0].owner.email or 'owner unknown')}, "
                       f"{_t(app_label(worst))}, {worst.priority}, {due_text(worst)}).")
        if unseen:
            named = ", ".join(_t(u.owner.name or u.owner.email or "owner unknown")
                              + (f" ({_t(relation(u.owner))})" if relation(u.owner) else "") for u in unseen[:3])
            out.append(f"{len(unseen)} high-risk {'person' if len(unseen) == 1 else 'people'}'s devices cannot be "
                       f"seen: {named}{f' and {len(unseen) - 3} more' if len(unseen) > 3 else ''}.")
    out.append(counts_sentence(summary, markdown=False))
    out += ["", _where(report_location, attached)]
    out += ["", "ACT FIRST: P1 AND P2 FINDINGS, BY PERSON"]
    if not people and result.complete and held_urgent(result):
        out.append("No P1 or P2 finding seen tonight is in violation or overdue, but open P1/P2 findings were not "
                   "re-checked tonight (below): call about them as before.")
    elif not people:
        out.append("No P1 or P2 finding is in violation or overdue, and no P1 or P2 waiver is about to expire."
                   if result.complete else "No P1 or P2 finding is in violation or overdue in what could be read.")
    for i, person in enumerate(people[:TOP], 1):
        out.append(f"{i}. [{person.priority}] {_person(person.owner)}; risk tier {person.owner.tier}")
        for line in person.lines:
            verify = f" VERIFY: {_t(line.confidence_note, WHOLE)}" if line.probable else ""
            out.append(f"   - {_t(line.app)} on {_t(device_label(line.device))} ({line.device.platform.value}, "
                       f"{line.device.ownership.value}): {due_text(line.worst)}; "
                       f"{'policy' if len(line.policies) == 1 else 'policies'} {_t(', '.join(line.policies), WHOLE)}"
                       f"{verify}")
    if len(people) > TOP:
        out.append(f"{len(people) - TOP} more people: in the report and actions.csv.")
    sentence = incomplete_act_first(result)
    if sentence:
        out += ["", f"INCOMPLETE RUN: {_t(sentence, WHOLE)}"]
        for c in carried_lines(result.carried_forward) if result.carried_forward else ():
            out.append(f"   - [{c.priority}, carried] {_t(c.owner or 'owner unknown')}: {_t(c.app)} on "
                       f"{_t(c.device_name)}: {c.status}{f' (deadline {c.deadline})' if c.deadline else ''}; "
                       f"first seen {c.first_seen}; {'policy' if len(c.policies) == 1 else 'policies'} "
                       f"{_t(', '.join(c.policies), WHOLE)}")
    waived = waived_lines(result.findings)
    if waived:
        out += ["", f"WAIVED P1/P2 ({len(waived)}, not counted as open):"]
        for w in waived[:TOP]:
            out.append(f"   - [{w.priority}] {_person(w.owner)}: {_t(w.app)} on {_t(w.device)}: waived by "
                       f"{_t(', '.join(w.waivers), WHOLE)}")
        if len(waived) > TOP:
            out.append(f"{len(waived) - TOP} more: in the report (Waivers) and findings.json.")
    held = held_sentence(result)
    if held:
        out += ["", _t(held, WHOLE)]
        for c in held_lines(result)[:TOP]:
            out.append(f"   - [{c.priority}, not re-checked tonight] {_t(c.owner or 'owner unknown')}: {_t(c.app)} on "
                       f"{_t(c.device_name)}: {c.status} when last seen on {c.last_seen}"
                       f"{f' (deadline {c.deadline})' if c.deadline else ''}; first seen {c.first_seen}")
        if len(held_lines(result)) > TOP:
            out.append(f"{len(held_lines(result)) - TOP} more: in the report and findings.json.")
    out += ["", "ACT FIRST: HIGH-RISK PEOPLE WHOSE DEVICES CANNOT BE SEEN"]
    if not unseen:
        out.append("None.")
    for i, unseen_person in enumerate(unseen[:TOP], 1):
        out.append(f"{i}. [{unseen_person.owner.tier}] {_person(unseen_person.owner)}")
        for item in unseen_person.devices:
            out.append(f"   - {_t(device_label(item.device))} ({item.device.platform.value}, "
                       f"{item.device.ownership.value}, {item.device.app_visibility.value}): "
                       f"what to do: {_t(item.todo, WHOLE)}")
    if len(unseen) > TOP:
        out.append(f"{len(unseen) - TOP} more: in the report (Visibility) and actions.csv.")
    out += _changes(report)
    return "\n".join(out) + "\n"


def _person(owner: Owner) -> str:
    """"Tariq Kim <tariq.kim@example.com>: minor child of Ana Kim, Chief Executive Officer"."""
    said = relation(owner) or role(owner)
    return (_t(owner.name or owner.email or "owner unknown") + (f" <{_t(owner.email)}>" if owner.name and owner.email else "")
            + (f": {_t(said)}" if said else ""))


def _where(report_location: str, attached: bool) -> str:
    parts = []
    if attached:
        parts.append("The whole report is attached (report.html: open it in a browser).")
    if report_location:
        parts.append(f"The report: {_t(report_location, WHOLE)}")
    return " ".join(parts) or "The whole report is in the run's output folder."


def _changes(report: Report) -> List[str]:
    result = report.result
    out = ["", "WHAT CHANGED IN THE LAW"]
    if result.pack_changes:
        for c in result.pack_changes:
            out.append(f"- {_t(c.title)} ({_t(c.pack_id)}): {_t(pack_change_text(c), WHOLE)}"
                       + (f" (source: {_t(c.source, WHOLE)})" if c.source else ""))
    else:
        out.append("No policy pack was added or changed status." if len(result.trend) > 1
                   else "Nothing to compare with yet.")
    out += ["", "SINCE THE LAST RUN"]
    changes = fleet_changes(result)
    if changes.history:
        out.append(since_last_run(changes, _t, names=TOP))
    else:
        out.append("Nothing to compare with yet: changes are shown from the second run that keeps a history.")
    return out
