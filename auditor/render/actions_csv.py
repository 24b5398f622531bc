"""actions.csv: one row per device with work to do (never two), ready to import as one ticket per device.

Each row names the owner (tier, and for a family member the relation: "minor child of Ana Kim, CEO"), every
finding on the device, the earliest deadline and the steps (the rules' own remediation first, then the steps
in the tool that manages the device). In the order of "Act first" (the report's and summary.md's order of
people, one function: render.actions.act_first): devices with P1/P2 work, then the devices
whose findings the history holds open (status `not-re-checked`: this run did not see their apps), then the
devices of high-risk people that no tool can see into (status `not-visible`, no priority: nothing was found, someone
must ask, enrol or check by hand), then the rest. Multi-line cells are quoted CSV; every line is made
spreadsheet-safe like findings.csv."""
from __future__ import annotations

import csv
import io
from typing import Callable, Dict, List, Sequence, Tuple

from auditor.model import AuditResult, CarriedFinding, Confidence, Finding
from auditor.render.actions import (URGENT, DeviceAction, UnseenDevice, device_actions, device_label, due_text,
                                    people_to_call, relation, unseen_high_risk)
from auditor.render.interface import Report
from auditor.render.safe import csv_cell


def _subject(a: DeviceAction) -> str:
    owner = a.owner.email or a.owner.name or "owner unknown"
    return f"{a.priority}: remove {', '.join(a.apps)} from {device_label(a.device)} ({owner}): {due_text(a.worst)}"


def _lines(values: List[str]) -> str:
    # Neutralise every line, not only the cell's first: some tools split cells on newlines on import.
    return "\n".join(csv_cell(v) for v in values)


def _verify(a: DeviceAction) -> str:
    return _lines([f"{line.app}: {line.confidence_note or 'probable'}" for line in a.lines if line.probable])


COLUMNS: List[Tuple[str, Callable[[DeviceAction], str]]] = [
    ("priority", lambda a: a.priority),
    ("status", lambda a: a.worst.status.value),
    ("subject", lambda a: csv_cell(_subject(a))),
    ("earliest_deadline", lambda a: a.earliest_deadline.isoformat() if a.earliest_deadline else ""),
    ("most_days_overdue", lambda a: str(max((f.days_overdue or 0) for f in a.findings) or "")),
    ("device_key", lambda a: csv_cell(a.device.key)),
    ("device_name", lambda a: csv_cell(a.device.name)),
    ("serial", lambda a: csv_cell(a.device.serial)),
    ("platform", lambda a: a.device.platform.value),
    ("ownership", lambda a: a.device.ownership.value),
    ("managed_by", lambda a: csv_cell(a.tool)),
    ("owner_email", lambda a: csv_cell(a.owner.email)),
    ("owner_name", lambda a: csv_cell(a.owner.name)),
    ("owner_title", lambda a: csv_cell(a.owner.title)),
    ("owner_department", lambda a: csv_cell(a.owner.department)),
    ("owner_tier", lambda a: csv_cell(a.owner.tier)),
    ("owner_relation", lambda a: csv_cell(relation(a.owner))),
    ("apps", lambda a: csv_cell("; ".join(a.apps))),
    ("policies", lambda a: csv_cell("; ".join(a.policies))),
    ("findings", lambda a: str(len(a.findings))),
    ("finding_details", lambda a: _lines([f"{f.priority} {f.status.value} {f.catalog_name} ({f.app.name} "
                                          f"{f.app.version}) under {f.pack_id}/{f.rule_id}: {due_text(f)}"
                                          for f in a.findings])),
    ("verify", _verify),
    ("steps", lambda a: _lines([f"{i}. {step}" for i, step in enumerate(a.steps, 1)])),
    ("finding_keys", lambda a: " ".join(f.key for f in a.findings)),
    # Added with confidence (issue 14): appended. "probable" when no finding on the device is confirmed:
    # check the device before acting.
    ("confidence", lambda a: "confirmed" if any(f.confidence == Confidence.CONFIRMED for f in a.findings)
     else "probable"),
]


def _unseen_row(item: UnseenDevice) -> List[str]:
    d, o = item.device, item.owner
    who = o.email or o.name or "owner unknown"
    said = relation(o)
    values = {
        "priority": "", "status": "not-visible",
        "subject": csv_cell(f"check by hand: {device_label(d)} ({who}{', ' + said if said else ''}, tier {o.tier}): "
                            f"its apps cannot be seen"),
        "device_key": csv_cell(d.key), "device_name": csv_cell(d.name), "serial": csv_cell(d.serial),
        "platform": d.platform.value, "ownership": d.ownership.value, "managed_by": csv_cell(item.tool),
        "owner_email": csv_cell(o.email), "owner_name": csv_cell(o.name), "owner_title": csv_cell(o.title),
        "owner_department": csv_cell(o.department), "owner_tier": csv_cell(o.tier), "owner_relation": csv_cell(said),
        "findings": "0", "steps": _lines([f"1. {item.todo}"]),
    }
    return [values.get(name, "") for name, _ in COLUMNS]


_PRIORITY_ORDER = ("P1", "P2", "P3", "P4")


def _held_rows(result: AuditResult, unseen: Dict[str, UnseenDevice]) -> List[List[str]]:
    """The findings the history holds open (this run did not see their devices' apps): one row per device,
    status `not-re-checked`, most urgent first; a high-risk person's device that is also not visible is this
    row (never two rows for one device), with its what-to-do step."""
    by_device: Dict[str, List[CarriedFinding]] = {}
    for f in result.held_open:
        by_device.setdefault(f.device_key or f.device_name, []).append(f)
    rows = []
    for key, found in by_device.items():
        found.sort(key=lambda f: (_PRIORITY_ORDER.index(f.priority) if f.priority in _PRIORITY_ORDER else 9,
                                  f.app, f.policy))
        first, item = found[0], unseen.pop(key, None)
        owner = first.owner
        apps = sorted({f.app for f in found})
        deadlines = sorted(f.deadline for f in found if f.deadline is not None)
        last_seen = max((f.last_seen for f in found if f.last_seen is not None), default=None)
        when = f"last seen {last_seen.isoformat()}" if last_seen else "seen before"
        steps = ["Find out why this run did not see all this device's apps (missing from the exports, listed with "
                 "no app row, or showing only managed apps) and fix the export or check the device by hand: until "
                 "then the findings stay open."]
        if item is not None:
            steps.append(item.todo)
        values = {
            "priority": first.priority, "status": "not-re-checked",
            "subject": csv_cell(f"{first.priority}: not re-checked tonight: {', '.join(apps)} on {first.device_name} "
                                f"({owner or 'owner unknown'}): open when {when}"),
            "earliest_deadline": deadlines[0].isoformat() if deadlines else "",
            "device_key": csv_cell(first.device_key), "device_name": csv_cell(first.device_name),
            "owner_email": csv_cell(owner if "@" in owner else ""), "owner_name": csv_cell("" if "@" in owner else owner),
            "apps": csv_cell("; ".join(apps)), "policies": csv_cell("; ".join(sorted({f.policy for f in found}))),
            "findings": str(len(found)),
            "finding_details": _lines([f"{f.priority} {f.status} {f.app} under {f.policy}: {when}, not re-checked "
                                       "tonight" for f in found]),
            "steps": _lines([f"{i}. {step}" for i, step in enumerate(steps, 1)]),
            "finding_keys": " ".join(f.key for f in found),
        }
        if item is not None:
            d, o = item.device, item.owner
            values.update({"serial": csv_cell(d.serial), "platform": d.platform.value, "ownership": d.ownership.value,
                           "managed_by": csv_cell(item.tool), "owner_title": csv_cell(o.title),
                           "owner_department": csv_cell(o.department), "owner_tier": csv_cell(o.tier),
                           "owner_relation": csv_cell(relation(o))})
        rows.append(((_PRIORITY_ORDER.index(first.priority) if first.priority in _PRIORITY_ORDER else 9, key),
                     [values.get(name, "") for name, _ in COLUMNS]))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def _call_order(result: AuditResult) -> Tuple[List[DeviceAction], List[DeviceAction]]:
    """Every device with work, once: first the devices of the people in "Act first", in its order (the report's
    and summary.md's: people_to_call), each with all its work (a P2 waiver about to expire included: its renewal
    is a ticket); then the other P1/P2 devices (upcoming). Second, the rest (P3/P4, and the devices whose only
    findings are under packs not in force that day: for the record, nobody's ticket comes first for them)."""
    actions = {a.device.key: a for a in device_actions(result.findings, expiring_waivers=True)}
    if result.record_packs:  # a device's priority from its findings under packs in force only
        in_force = [f for f in result.findings if result.in_force(f)]
        urgent = {a.device.key for a in device_actions(in_force, expiring_waivers=True) if a.priority in URGENT}
    else:
        urgent = {key for key, a in actions.items() if a.priority in URGENT}
    ordered: Dict[str, DeviceAction] = {}
    for person in people_to_call(result):
        for device in person.devices:
            ordered.setdefault(device.device.key, actions[device.device.key])
    for key, action in actions.items():
        if key in urgent:
            ordered.setdefault(key, action)
    return list(ordered.values()), [a for key, a in actions.items() if key not in ordered]


def render_actions_csv(report: Report) -> str:
    result = report.result
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS] + ["probable_left_out", "run_complete"])
    complete = "true" if result.complete else "false"
    left_out = str(result.probable_left_out)
    first, rest = _call_order(result)
    for action in first:
        writer.writerow([get(action) for _, get in COLUMNS] + [left_out, complete])
    unseen = {item.device.key: item for person in unseen_high_risk(result.not_visible) for item in person.devices}
    for row in _held_rows(result, unseen):  # takes the not-visible devices it covers out of `unseen`
        writer.writerow(row + [left_out, complete])
    for item in unseen.values():
        writer.writerow(_unseen_row(item) + [left_out, complete])
    for action in rest:
        writer.writerow([get(action) for _, get in COLUMNS] + [left_out, complete])
    return out.getvalue()
