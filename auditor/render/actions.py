"""Findings regrouped for action: one line per device and app, one ticket per device, the people to call
first, and the high-risk people whose devices no tool can see into.

A device with TikTok under eight policies is one line for one person, not eight: the HTML's "Act first" and
findings, actions.csv, summary.md and the e-mail all read these groupings, so they agree with each other.
Family members come before staff of the same priority or tier, minors first: a CEO's teenager's phone is how
the CEO is reached."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import AbstractSet, Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple, TypeVar

from auditor.model import (AuditResult, Binding, Confidence, Device, Finding, MatchMode, Owner, Ownership, PackChange,
                           PackSummary, ResolvedFinding, Status, Tier, Visibility)
from auditor.policy import company_of_entry, describe_binds
from auditor.render.remediation import TOOL_TITLES, all_steps, primary_tool, tool_family
from auditor.sources import source_visibility

STATUS_RANK = {Status.OVERDUE: 0, Status.VIOLATION: 1, Status.UPCOMING: 2, Status.WAIVED: 3}
URGENT = ("P1", "P2")
NO_STATUTORY_DEADLINE = "no statutory deadline for you"  # an adopted pack's finding: the law binds others
_Item = TypeVar("_Item")


def _once_per_input(grouping: Callable[..., List[_Item]]) -> Callable[..., List[_Item]]:
    """Each output of a run asks for the same groupings of the same findings (the app lines, the people to call
    first, the unseen high-risk people): worked out once for the last tuple seen (the very tuple, held here: a
    tuple cannot change, and no other object is ever at its address), handed out as a new list each time. Any
    other input (a list, a generator) is grouped anew."""
    last: List[Any] = []  # [input, the other arguments, the grouping]

    @functools.wraps(grouping)
    def grouped(first: Any, *args: Any, **kwargs: Any) -> List[_Item]:
        if type(first) is not tuple:
            return grouping(first, *args, **kwargs)
        if not (last and last[0] is first and last[1] == (args, kwargs)):
            last[:] = [first, (args, kwargs), grouping(first, *args, **kwargs)]
        return list(last[2])
    return grouped


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
    (it adopted the rule, not the deadline), so it is named as theirs and never counted as days overdue. Under
    a "By when" heading this says what applies: no statutory deadline, the organisation's own policy and since
    when (a "since" alone reads as a deadline missed)."""
    whom = describe_binds(f.binds, short=True) if f.binds else "those it binds"
    if f.status == Status.UPCOMING:
        days = f.days_until_effective
        return (f"your policy from {f.effective.isoformat()}, in {days} {'day' if days == 1 else 'days'} "
                f"(no statutory deadline for you: a law for {whom})")
    head = f"{NO_STATUTORY_DEADLINE}: your policy, in force since {f.effective.isoformat()}"
    if f.deadline is not None:
        return f"{head} (the law's deadline for {whom}: {f.deadline.isoformat()})"
    return f"{head} (a law for {whom})"


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


def seen_name(f: Finding) -> str:
    """The app as the inventory names it."""
    return f.app.name or f.app.identifier or f.catalog_name


def company_wide(f: Finding) -> bool:
    """A product the catalog does not name, found by its publisher under a rule that bans the whole company:
    its catalog label ("Any product of ...") is no app anyone can find on a device."""
    return bool(company_of_entry(f.catalog_id))


def app_label(f: Finding) -> str:
    """The app in every output: the catalog's name; for a company-wide finding the name as seen, with the
    catalog label ("endpoint security (Any product of AO Kaspersky Lab)")."""
    return f"{seen_name(f)} ({f.catalog_name})" if company_wide(f) else f.catalog_name


def remedy_name(f: Finding) -> str:
    """The app a remediation step names: the catalog's name, or for a company-wide finding the installed app
    as seen (never "Any product of ...", which no console can find)."""
    return seen_name(f) if company_wide(f) else f.catalog_name


def line_key(f: Finding) -> Tuple[str, str]:
    """What one line (and one bar) is about on a device: the catalog app, or for a company-wide finding the
    product as seen (two unnamed products of one company are two lines)."""
    return (f.catalog_id, seen_name(f).strip().lower() if company_wide(f) else "")


def catalog_identifier(f: Finding) -> str:
    """The identifier the catalog matched, when the match was by identifier (else empty)."""
    return f.matched_value if f.matched_by == MatchMode.IDENTIFIER else ""


def urgency(f: Finding) -> Tuple[str, int, int, int, str]:
    """THE sort key of findings in every output: priority; then the owner's tier (within a priority a CEO's
    TikTok comes before an elevated director's Kaspersky: the person is what a foreign government wants, and an
    adopted pack has no deadline of the organisation's to sort by); then overdue before violation before
    upcoming, the most overdue first, the earliest date first."""
    return (f.priority, tier_of(f.owner).rank, STATUS_RANK[f.status], -(f.days_overdue or 0),
            (f.deadline or f.effective).isoformat())


def earliest_deadline(findings: Iterable[Finding]) -> Optional[dt.date]:
    """The earliest deadline that is this organisation's: an adopted pack's deadline is the one a law set for
    those it binds (issue 18), never counted as the organisation's."""
    dates = [f.deadline for f in findings if f.deadline is not None and f.binding == Binding.BINDING]
    return min(dates) if dates else None


def tier_of(owner: Owner) -> Tier:
    return Tier.of(owner.tier)


def family_rank(owner: Owner) -> int:
    """0 for a minor, 1 for another family member, 2 for staff: the order within a priority or a tier."""
    if "minor" in owner.relationship.lower():
        return 0
    return 1 if owner.relationship or owner.sponsor else 2


def relation(owner: Owner) -> str:
    """A family member in words, "minor child of Ana Kim, Chief Executive Officer"; "" for staff."""
    if not (owner.relationship or owner.sponsor):
        return ""
    text = owner.relationship or "family member"
    if owner.sponsor:
        text += f" of {owner.sponsor}" + (f", {owner.sponsor_title}" if owner.sponsor_title else "")
    return text


def role(owner: Owner) -> str:
    """Staff in words, "Chief Executive Officer, Executive Office"; a family member's relation instead."""
    return relation(owner) or ", ".join(x for x in (owner.title, owner.department) if x)


def person_key(owner: Owner, device: Device) -> str:
    if owner.email:
        return owner.email.lower()
    if owner.name:
        return "name:" + owner.name
    return "device:" + device.key  # nobody known: the device is its own line, never merged with others


def device_label(device: Device) -> str:
    return device.name or device.serial or device.key


@dataclass(frozen=True)
class AppLine:
    """One app on one device, with every policy it breaks there: one line in every output."""

    device: Device
    owner: Owner
    catalog_id: str
    app: str  # the app's label (app_label): the catalog's name, or the name as seen for a company-wide finding
    findings: Tuple[Finding, ...]  # the most urgent first

    @property
    def worst(self) -> Finding:
        return self.findings[0]

    @property
    def priority(self) -> str:
        return self.worst.priority

    @property
    def earliest_deadline(self) -> Optional[dt.date]:
        return earliest_deadline(self.findings)

    @property
    def policies(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(f.pack_id for f in self.findings))

    @property
    def probable(self) -> bool:
        """Probable only when no policy's finding of it is confirmed (they share the app, so its evidence)."""
        return all(f.confidence == Confidence.PROBABLE for f in self.findings)

    @property
    def confidence_note(self) -> str:
        return next((f.confidence_note for f in self.findings if f.confidence_note), "")


@_once_per_input
def app_lines(findings: Iterable[Finding]) -> List[AppLine]:
    """One line per (device, app), the most urgent first."""
    grouped: Dict[Tuple[str, Tuple[str, str]], List[Finding]] = {}
    for f in findings:
        grouped.setdefault((f.device.key, line_key(f)), []).append(f)
    lines = []
    for group in grouped.values():
        group.sort(key=urgency)
        first = group[0]
        lines.append(AppLine(first.device, first.owner, first.catalog_id, app_label(first), tuple(group)))
    lines.sort(key=lambda line: (urgency(line.worst), device_label(line.device), line.device.key, line.catalog_id))
    return lines


@dataclass(frozen=True)
class DeviceAction:
    """Everything to do on one device: one ticket."""

    device: Device
    owner: Owner
    findings: Tuple[Finding, ...]
    lines: Tuple[AppLine, ...]
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
        return earliest_deadline(self.findings)

    @property
    def apps(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(app_label(f) for f in self.findings))

    @property
    def policies(self) -> Tuple[str, ...]:
        return tuple(dict.fromkeys(f.pack_id for f in self.findings))


def device_actions(findings: Iterable[Finding], expiring_waivers: bool = False) -> List[DeviceAction]:
    """One action per device with at least one finding that needs work (waived findings need none, unless
    `expiring_waivers` and their waiver is about to expire)."""
    work = [f for f in findings if f.status != Status.WAIVED or (expiring_waivers and expiring_waiver(f))]
    by_device: Dict[str, List[AppLine]] = {}
    for line in app_lines(work):
        by_device.setdefault(line.device.key, []).append(line)
    actions = []
    for lines in by_device.values():
        group = sorted((f for line in lines for f in line.findings), key=urgency)
        first = group[0]
        tool = primary_tool(first.device)
        steps: Dict[str, None] = {}
        for f in group:
            for step in all_steps([f.remediation], tool, f.device, f.app, remedy_name(f), catalog_identifier(f)):
                steps.setdefault(step, None)
        actions.append(DeviceAction(first.device, first.owner, tuple(group), tuple(lines), tool, tuple(steps)))
    actions.sort(key=lambda a: (urgency(a.worst), device_label(a.device), a.device.key))
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

    @property
    def lines(self) -> Tuple[AppLine, ...]:
        return tuple(line for d in self.devices for line in d.lines)


@_once_per_input
def act_first(findings: Sequence[Finding], priorities: Sequence[str] = URGENT,
              record: AbstractSet[str] = frozenset()) -> List[PersonAction]:
    """People with P1/P2 violations or overdue findings, or whose P1/P2 waiver is about to expire (someone
    must renew it or remove the app before it does): by priority, then the person's tier (critical first),
    family members (minors first) before staff of the same priority and tier, then the most urgent first (the
    headline's "most urgent" is the first of them in every output). `record`: the packs not in force that day
    (AuditResult.record_packs): their findings are for the record, nobody is called about them."""
    urgent = [f for f in findings if f.priority in priorities and f.pack_id not in record
              and (f.status in (Status.OVERDUE, Status.VIOLATION) or expiring_waiver(f))]
    people: Dict[str, List[DeviceAction]] = {}
    for action in device_actions(urgent, expiring_waivers=True):
        people.setdefault(person_key(action.owner, action.device), []).append(action)
    result = [PersonAction(key, devices[0].owner, tuple(devices)) for key, devices in people.items()]
    result.sort(key=lambda p: (p.priority, tier_of(p.owner).rank, family_rank(p.owner), urgency(p.worst),
                               p.owner.name or p.owner.email or "~", p.key))
    return result


def people_to_call(result: AuditResult) -> List[PersonAction]:
    """act_first of a run's findings, without the packs not in force that day (for the record): asked as
    act_first(findings) when there are none, so every output of the run shares one grouping."""
    record = result.record_packs
    return act_first(result.findings, record=record) if record else act_first(result.findings)


def tool_title(tool: str) -> str:
    family = tool_family(tool)
    return TOOL_TITLES[family] if family != "other" else (tool or "its management tool")


def _listed_without_apps(device: Device) -> bool:
    """A device some input lists under a tool that sees its apps (it is enrolled there), none of whose inputs
    listed an app of it: its app list is missing from the inputs; enrolling it again would change nothing."""
    return any(source_visibility(s.tool, device.platform, device.ownership) != Visibility.NONE
               for s in device.sources)


def _visibility_case(device: Device) -> str:
    """Why a device's apps are not all seen, decided once for the per-person and the per-group wording."""
    if device.app_visibility == Visibility.NONE:
        return "listed-without-apps" if _listed_without_apps(device) else "not-enrolled"
    return "personal" if device.ownership == Ownership.PERSONAL else "partial"


def visibility_todo(device: Device, owner: Owner) -> str:
    """What to do about a device whose apps its tool cannot see: ask, enrol, or check by hand."""
    tool = tool_title(primary_tool(device))
    case = _visibility_case(device)
    if case == "listed-without-apps":
        return (f"It is enrolled in {tool}, but no input of this run lists its apps: export the apps of every device "
                "(see the run's problems), or check it by hand.")
    if case == "not-enrolled":
        return f"Enrol it in {tool} with app inventory, or check it by hand."
    if case == "personal":
        who = owner.name or owner.email or "the owner"
        if family_rank(owner) == 0 and owner.sponsor:
            who += f" (through {owner.sponsor})"
        return (f"Ask {who} to check it for banned apps and remove them, or check it by hand together; "
                f"{tool} sees only the apps it manages on a personal device (enrolling it as corporate-owned "
                "would show them all).")
    return f"Turn on full app inventory for it in {tool}, or check it by hand."


def visibility_advice(device: Device) -> str:
    """What to do about a device whose apps its tool cannot see, said once for every device it applies to (the
    report's visibility table groups devices by it; visibility_todo says it to one named person)."""
    tool = tool_title(primary_tool(device))
    case = _visibility_case(device)
    if case == "listed-without-apps":
        return (f"Each is enrolled in {tool}, but no input of this run lists its apps: export the apps of every "
                "device (see the run's problems), or check it by hand.")
    if case == "not-enrolled":
        return f"Enrol each in {tool} with app inventory, or check it by hand."
    if case == "personal":
        return (f"Ask each owner (a minor through the parent) to check the device for banned apps and remove them, or "
                f"check it by hand together: {tool} sees only the apps it manages on a personal device (enrolling "
                "it as corporate-owned would show them all).")
    return f"Turn on full app inventory for each in {tool}, or check it by hand."


@dataclass(frozen=True)
class UnseenDevice:
    """A device whose source cannot see every app, with its owner and what to do about it."""

    device: Device
    owner: Owner
    tool: str
    todo: str


def _unseen_order(pair: Tuple[Device, Owner]) -> Tuple[int, int, bool, str, str]:
    device, owner = pair
    return (tier_of(owner).rank, family_rank(owner), device.app_visibility != Visibility.NONE,
            (owner.name or owner.email or "~").lower(), device_label(device))


def unseen_devices(not_visible: Iterable[Tuple[Device, Owner]], limit: Optional[int] = None) -> List[UnseenDevice]:
    """Devices not fully visible, by their owner's tier (family members first, minors first within it): the
    first `limit` of them (all when None), each with what to do."""
    pairs = sorted(not_visible, key=_unseen_order)
    return [UnseenDevice(d, o, primary_tool(d), visibility_todo(d, o)) for d, o in pairs[:limit]]


@dataclass(frozen=True)
class UnseenPerson:
    """A high-risk person with devices no tool can see into: someone must ask, enrol, or check by hand."""

    key: str
    owner: Owner
    devices: Tuple[UnseenDevice, ...]


@_once_per_input
def unseen_high_risk(not_visible: Iterable[Tuple[Device, Owner]]) -> List[UnseenPerson]:
    """High-risk people whose devices cannot be seen, by tier, family members (minors first) before staff."""
    people: Dict[str, List[UnseenDevice]] = {}
    for item in unseen_devices((d, o) for d, o in not_visible if tier_of(o).high_risk):
        people.setdefault(person_key(item.owner, item.device), []).append(item)
    return [UnseenPerson(key, items[0].owner, tuple(items)) for key, items in people.items()]


@dataclass(frozen=True)
class ResolvedLine:
    """An app gone from a device since the last run: one line however many policies banned it there."""

    app: str  # the display name ('TikTok'), the catalog id when the library no longer knows it
    device: str
    owner: str
    policies: Tuple[str, ...]
    first_seen: dt.date


@dataclass(frozen=True)
class FleetChanges:
    """What changed in the fleet since the last run, in device-and-app lines (the unit every output lists):
    a line is new when none of its findings was seen before, reopened when one was resolved since, else
    persisting (an app already there that a new policy now also bans is no new app)."""

    history: bool  # a previous run to compare with
    since: str  # its as-of date
    new: int
    reopened: int
    persisting: int
    resolved: Tuple[ResolvedLine, ...]
    not_rechecked: int = 0  # lines (device and app) the history holds open: their devices' apps unseen tonight


def resolved_lines(resolved: Iterable[ResolvedFinding]) -> List[ResolvedLine]:
    grouped: Dict[Tuple[str, str], List[ResolvedFinding]] = {}
    for r in resolved:  # the history's order: most urgent first
        grouped.setdefault((r.device_key, r.app), []).append(r)
    return [ResolvedLine(rs[0].app_name or rs[0].app, rs[0].device_name or rs[0].device_key, rs[0].owner,
                         tuple(dict.fromkeys(r.policy for r in rs)), min(r.first_seen for r in rs))
            for rs in grouped.values()]


def fleet_changes(result: AuditResult) -> FleetChanges:
    history = len(result.trend) > 1
    counts = {"new": 0, "reopened": 0, "persisting": 0}
    for line in app_lines(result.findings):
        seen = {f.change for f in line.findings}
        if "persisting" in seen:
            counts["persisting"] += 1
        elif "reopened" in seen:
            counts["reopened"] += 1
        elif "new" in seen:
            counts["new"] += 1
    held = len({(f.device_key or f.device_name, f.app) for f in result.held_open})
    return FleetChanges(history, result.trend[-2].as_of.isoformat() if history else "", counts["new"],
                        counts["reopened"], counts["persisting"], tuple(resolved_lines(result.resolved)), held)


def since_last_run(changes: FleetChanges, text: Callable[[str], str], names: int = 3) -> str:
    """The fleet's change in one sentence, each name passed through `text` (the output's escaping):
    'Since the last run (2026-11-22): 0 new, 0 reopened, 22 persisting, 1 resolved (TikTok on Pixel-0182).'"""
    gone = changes.resolved
    named = "; ".join(f"{text(r.app)} on {text(r.device)}" for r in gone[:names]) + (f"; {len(gone) - names} more"
                                                                          if len(gone) > names else "")
    return (f"Since the last run ({changes.since}): {changes.new} new, {changes.reopened} reopened, "
            f"{changes.persisting} persisting, {len(gone)} resolved" + (f" ({named})" if gone else "")
            + (f", {changes.not_rechecked} not re-checked (held open)" if changes.not_rechecked else "") + ".")
