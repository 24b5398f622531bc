"""Findings regrouped for action: one ticket per device, and the people to call first.

A device with TikTok under eight policies is one job for one person, not eight: the HTML's "Act first",
actions.csv and summary.md all read these groupings, so they agree with each other."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from auditor.model import Device, Finding, MatchMode, Owner, Status
from auditor.render.remediation import all_steps, primary_tool

STATUS_RANK = {Status.OVERDUE: 0, Status.VIOLATION: 1, Status.UPCOMING: 2, Status.WAIVED: 3}
URGENT = ("P1", "P2")


def due_text(f: Finding) -> str:
    """The deadline countdown as of the audit date (never 'now': the report is a record of one date), and
    what became of the finding's waiver when that needs someone to act: about to expire, or expired."""
    if f.status == Status.WAIVED:
        expires = f.waiver.expires.isoformat() if f.waiver and f.waiver.expires else "no expiry"
        if f.waiver is not None and f.waiver.state == "expiring-soon":
            return f"waived until {expires}, soon: renew waiver {f.waiver.id} or remove the app"
        return f"waived until {expires}"
    if f.status == Status.UPCOMING:
        text = f"ban starts in {f.days_until_effective} days ({f.effective.isoformat()})"
    elif f.status == Status.OVERDUE:
        text = f"{f.days_overdue} days overdue (deadline {f.deadline.isoformat() if f.deadline else '?'})"
    elif f.deadline is not None:
        text = f"due {f.deadline.isoformat()}"
    else:
        text = f"in violation since {f.effective.isoformat()}"
    if f.waiver is not None and f.waiver.state == "expired" and f.waiver.expires is not None:
        text += f"; waiver {f.waiver.id} expired {f.waiver.expires.isoformat()}"
    return text


def expiring_waiver(f: Finding) -> bool:
    """A finding waived by a waiver that expires within EXPIRING_SOON_DAYS: someone must renew or remove."""
    return f.status == Status.WAIVED and f.waiver is not None and f.waiver.state == "expiring-soon"


def catalog_identifier(f: Finding) -> str:
    """The identifier the catalog matched, when the match was by identifier (else empty)."""
    return f.matched_value if f.matched_by == MatchMode.IDENTIFIER else ""


def urgency(f: Finding) -> Tuple[str, int, int, str]:
    """Sort key: priority, then overdue before violation before upcoming, then the most overdue first."""
    return (f.priority, STATUS_RANK[f.status], -(f.days_overdue or 0),
            (f.deadline or f.effective).isoformat())


def person_key(owner: Owner, device: Device) -> str:
    if owner.email:
        return owner.email.lower()
    if owner.name:
        return "name:" + owner.name
    return "device:" + device.key  # nobody known: the device is its own line, never merged with others


@dataclass(frozen=True)
class DeviceAction:
    """Everything to do on one device: one ticket."""

    device: Device
    owner: Owner
    findings: Tuple[Finding, ...]
    tool: str
    steps: Tuple[str, ...]

    @property
    def priority(self) -> str:
        return min(f.priority for f in self.findings)

    @property
    def worst(self) -> Finding:
        return min(self.findings, key=urgency)

    @property
    def earliest_deadline(self) -> Optional[dt.date]:
        dates = [f.deadline for f in self.findings if f.deadline is not None]
        return min(dates) if dates else None

    @property
    def apps(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(f.catalog_name for f in self.findings))

    @property
    def policies(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(f.pack_id for f in self.findings))


def device_actions(findings: Iterable[Finding], expiring_waivers: bool = False) -> List[DeviceAction]:
    """One action per device with at least one finding that needs work (waived findings need none, unless
    `expiring_waivers` and their waiver is about to expire)."""
    by_device: Dict[str, List[Finding]] = {}
    for f in findings:
        if f.status != Status.WAIVED or (expiring_waivers and expiring_waiver(f)):
            by_device.setdefault(f.device.key, []).append(f)
    actions = []
    for group in by_device.values():
        group.sort(key=urgency)
        first = group[0]
        tool = primary_tool(first.device)
        steps: Dict[str, None] = {}
        for f in group:
            for step in all_steps([f.remediation], tool, f.device, f.app, f.catalog_name, catalog_identifier(f)):
                steps.setdefault(step, None)
        actions.append(DeviceAction(first.device, first.owner, tuple(group), tool, tuple(steps)))
    actions.sort(key=lambda a: (urgency(a.worst), a.device.name, a.device.key))
    return actions


@dataclass(frozen=True)
class PersonAction:
    """One person to call, about which devices and apps, by when."""

    key: str
    owner: Owner
    devices: Tuple[DeviceAction, ...]

    @property
    def priority(self) -> str:
        return min(d.priority for d in self.devices)

    @property
    def worst(self) -> Finding:
        return min((d.worst for d in self.devices), key=urgency)

    @property
    def findings(self) -> int:
        return sum(len(d.findings) for d in self.devices)


def act_first(findings: Sequence[Finding], priorities: Sequence[str] = URGENT) -> List[PersonAction]:
    """People with P1/P2 violations or overdue findings, or whose P1/P2 waiver is about to expire (someone
    must renew it or remove the app before it does), the most urgent first."""
    urgent = [f for f in findings if f.priority in priorities
              and (f.status in (Status.OVERDUE, Status.VIOLATION) or expiring_waiver(f))]
    people: Dict[str, List[DeviceAction]] = {}
    for action in device_actions(urgent, expiring_waivers=True):
        people.setdefault(person_key(action.owner, action.device), []).append(action)
    result = [PersonAction(key, devices[0].owner, tuple(devices)) for key, devices in people.items()]
    result.sort(key=lambda p: (urgency(p.worst), p.owner.name or p.owner.email or "~", p.key))
    return result
