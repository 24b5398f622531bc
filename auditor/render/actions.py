"""Findings regrouped for action: one ticket per device, and the people to call first.

A device with TikTok under eight policies is one job for one person, not eight: the HTML's "Act first",
actions.csv and summary.md all read these groupings, so they agree with each other."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from auditor.model import Binding, Device, Finding, MatchMode, Owner, PackChange, PackSummary, Status
from auditor.policy import describe_binds
from auditor.render.remediation import all_steps, primary_tool

STATUS_RANK = {Status.OVERDUE: 0, Status.VIOLATION: 1, Status.UPCOMING: 2, Status.WAIVED: 3}
URGENT = ("P1", "P2")


def due_text(f: Finding) -> str:
    """The deadline countdown as of the audit date (never 'now': the report is a record of one date), worded
    for whether the finding's pack binds the organisation (f.binding): a deadline a law set for others is named
    as theirs, never "N days overdue" (issue 18); and what became of the finding's waiver when that needs
    someone to act: about to expire, or expired. Every output words a finding's date with this function."""
    if f.status == Status.WAIVED:
        expires = f.waiver.expires.isoformat() if f.waiver and f.waiver.expires else "no expiry"
        if f.waiver is not None and f.waiver.state == "expiring-soon":
            return f"waived until {expires}, soon: renew waiver {f.waiver.id} or remove the app"
        return f"waived until {expires}"
    text = _binding_due(f) if f.binding == Binding.BINDING else _adopted_due(f)
    if f.waiver is not None and f.waiver.state == "expired" and f.waiver.expires is not None:
        text += f"; waiver {f.waiver.id} expired {f.waiver.expires.isoformat()}"
    return text


def _binding_due(f: Finding) -> str:
    if f.status == Status.UPCOMING:
        return f"ban starts in {f.days_until_effective} days ({f.effective.isoformat()})"
    if f.status == Status.OVERDUE:
        return f"{f.days_overdue} days overdue (deadline {f.deadline.isoformat() if f.deadline else '?'})"
    if f.deadline is not None:
        return f"due {f.deadline.isoformat()}"
    return f"in violation since {f.effective.isoformat()}"


def _adopted_due(f: Finding) -> str:
    """Worded without the audit date: the law's deadline was set for those it binds, not for this organisation
    (it adopted the rule, not the deadline), so it is named as theirs and never counted as days overdue."""
    whom = describe_binds(f.binds, short=True) if f.binds else "those it binds"
    if f.status == Status.UPCOMING:
        return (f"adopted policy: ban from {f.effective.isoformat()}, in {f.days_until_effective} days "
                f"(a law for {whom})")
    if f.deadline is not None:
        return (f"against your adopted policy since {f.effective.isoformat()} (the law's deadline for {whom}: "
                f"{f.deadline.isoformat()})")
    return f"against your adopted policy since {f.effective.isoformat()} (a law for {whom})"


def binding_text(pack: PackSummary) -> str:
    """Whether a pack binds the organisation, in the words every output uses."""
    if pack.binding == Binding.BINDING:
        own = pack.binds == "organisation-policy"
        return "this organisation's own policy" if own else "binding on this organisation"
    return f"adopted as this organisation's policy (it binds {describe_binds(pack.binds, short=True)})"


STATUS_WORDS = {"in-force": "in force", "suspended": "enforcement suspended", "enjoined": "enjoined by a court",
                "revoked": "revoked", "superseded": "superseded", "expired": "expired",
                "divested": "divested (no longer applies to the divested app)", "not-yet-in-force": "not yet in force",
                "not-yet-signed": "not yet signed"}


def pack_change_text(change: PackChange) -> str:
    """A pack added or changed since the previous run, in words: 'enforcement suspended: EO 14352 ...'."""
    after = STATUS_WORDS.get(change.after, change.after)
    if change.change == "added":
        head = f"now evaluated ({after})"
    elif change.before != change.after:
        head = f"{STATUS_WORDS.get(change.before, change.before)} → {after}"
    else:
        head = f"{after}, with a new development"
    return f"{head}: {change.event}" if change.event else head


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
