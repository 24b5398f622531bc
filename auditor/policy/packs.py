"""Policy packs: legal instruments (or an organisation's rules) as data."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Optional, Tuple

from auditor.errors import PolicyError
from auditor.model import Binding, Ownership, Platform, Severity, Tier
from auditor.policy.binds import ORGANISATION_POLICY, check_binds
from auditor.policy.catalog import ID_PATTERN
from auditor.policy.versions import Constraint, parse_constraint
from auditor.textio.yamlfile import Fields

PACK_SCHEMA = "fleet-auditor/pack/1"
IN_FORCE = "in-force"
# Only `in-force` is evaluated by default and fails a run. `suspended`: the law stands but the executive has
# ordered it not enforced (PAFACA under EO 14166..14352); `divested`: a divest-or-ban law whose condition was
# met, so its prohibitions ceased to apply to the divested app (PAFACA after the 2026-01-22 closing).
PACK_STATUSES = (IN_FORCE, "suspended", "enjoined", "revoked", "superseded", "expired", "divested")
_SCOPE_KEYS = ("ownership", "platforms", "personal_for_tiers")
_RULE_KEYS = ("id", "title", "apps", "companies", "effective", "deadline", "severity", "versions", "scope",
              "remediation", "citation", "use_unverified", "notes")
PACK_KEYS = ("schema", "id", "title", "jurisdiction", "binds", "authority", "instrument", "citation", "url", "signed",
             "status", "status_history", "extends", "scope", "sources", "notes", "apps", "companies", "rules",
             "default")


@dataclass(frozen=True)
class Scope:
    # None: not set here (a rule's scope then takes the pack's value; a pack's None means every one).
    ownership: Optional[Tuple[Ownership, ...]] = None
    platforms: Optional[Tuple[Platform, ...]] = None
    personal_for_tiers: Optional[Tuple[Tier, ...]] = None

    def within(self, outer: "Scope") -> "Scope":
        """This (a rule's) scope with every field it leaves unset taken from the outer (pack's) scope."""
        return Scope(ownership=self.ownership if self.ownership is not None else outer.ownership,
                     platforms=self.platforms if self.platforms is not None else outer.platforms,
                     personal_for_tiers=(self.personal_for_tiers if self.personal_for_tiers is not None
                                         else outer.personal_for_tiers))

    def covers(self, platform: Platform, ownership: Ownership, tier: Tier) -> bool:
        if self.platforms is not None and platform not in self.platforms and platform != Platform.OTHER:
            return False
        if ownership == Ownership.UNKNOWN or self.ownership is None or ownership in self.ownership:
            return True  # a ban cannot be dodged by a missing ownership field
        return ownership == Ownership.PERSONAL and tier in (self.personal_for_tiers or ())


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    apps: Tuple[str, ...]
    companies: Tuple[str, ...]
    effective: dt.date
    deadline: Optional[dt.date]
    severity: Severity
    versions: Tuple[Constraint, ...]
    scope: Optional[Scope]
    remediation: str  # for an organisation the instrument binds
    citation: str
    use_unverified: bool  # deprecated (issue 14): likely/unverified identifiers always give probable findings
    remediation_adopted: str = ""  # for one that adopts it as its policy ("" : the same text)

    def remediation_for(self, binding: Binding) -> str:
        """The remediation worded for whether the pack binds the organisation or is adopted by it: an agency's
        exception process is the agency's, an adopting company records its own decision (a waiver)."""
        return self.remediation_adopted if binding == Binding.ADOPTED and self.remediation_adopted else \
            self.remediation


@dataclass(frozen=True)
class StatusChange:
    date: dt.date
    status: str
    event: str
    source: str


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    jurisdiction: str
    binds: Tuple[str, ...]  # whom the instrument binds (auditor.policy.binds); organisation-policy when unsaid
    authority: str
    instrument: str
    citation: str
    url: str
    signed: Optional[dt.date]
    status: str
    status_history: Tuple[StatusChange, ...]
    extends: str
    scope: Scope
    sources: Tuple[str, ...]
    notes: str
    rules: Tuple[Rule, ...]
    default: bool
    file: str

    def status_on(self, as_of: dt.date) -> str:
        """The pack's status on a date, from its history; `not-yet-signed` before it was signed."""
        if self.signed is not None and as_of < self.signed:
            return "not-yet-signed"
        current = None
        for change in self.status_history:
            if change.date <= as_of:
                current = change.status
        if current is None:
            return self.status if not self.status_history else "not-yet-in-force"
        return current

    def status_since(self, as_of: dt.date) -> Optional[dt.date]:
        """The day the pack took its status on `as_of` (the first of the history entries that led to it, a later
        entry of the same status being a new development): 2021-06-09 for EO 13943 revoked on any later date.
        The signing day before it was signed is in the future; None when the history does not say."""
        if self.signed is not None and as_of < self.signed:
            return self.signed
        entries = [c for c in self.status_history if c.date <= as_of]
        if not entries:
            return self.status_history[0].date if self.status_history else None
        since = entries[-1]
        for change in reversed(entries):
            if change.status != since.status:
                break
            since = change
        return since.date

    def changes_between(self, after: dt.date, until: dt.date) -> Tuple[StatusChange, ...]:
        """The status_history entries dated after `after`, up to and including `until`, oldest first."""
        return tuple(c for c in self.status_history if after < c.date <= until)


def status_text(status: str, since: Optional[dt.date]) -> str:
    """A pack's status with the day it took it (Pack.status_since, from its status_history; never the as-of
    date), as `policies list` and the audit's notes say it: 'revoked on 2021-06-09', 'in force since
    2023-02-27', 'not yet in force (from 2023-02-27)', 'not yet signed (signing date 2027-01-02)'."""
    words = status.replace("-", " ")
    if since is None:
        return words
    if status == "not-yet-signed":
        return f"{words} (signing date {since.isoformat()})"
    if status == "not-yet-in-force":
        return f"{words} (from {since.isoformat()})"
    if status == IN_FORCE:
        return f"{words} since {since.isoformat()}"
    return f"{words} on {since.isoformat()}"


def parse_scope(f: Fields) -> Scope:
    ownership = f.texts("ownership", [o.value for o in Ownership])
    platforms = f.texts("platforms", [p.value for p in Platform])
    return Scope(
        ownership=tuple(Ownership(o) for o in ownership) if ownership else None,
        platforms=tuple(Platform(p) for p in platforms) if platforms else None,
        personal_for_tiers=(tuple(Tier(t) for t in f.texts("personal_for_tiers", [t.value for t in Tier.ranked()]))
                            if f.has("personal_for_tiers") else None),
    )


def parse_rule(file: str, path: str, data: Any) -> Rule:
    f = Fields(file, path, data, _RULE_KEYS, PolicyError)
    apps = f.texts("apps")
    companies = f.texts("companies")
    if not apps and not companies:
        raise f.fail(f.sub("apps"), "a list of catalog app ids (or companies)", None)
    constraints = []
    for i, text in enumerate(f.texts("versions")):
        constraint = parse_constraint(text)
        if constraint is None:
            raise f.fail(f"{f.sub('versions')}[{i}]", "a version constraint like '>=38.0'", text)
        constraints.append(constraint)
    effective = f.date("effective", required=True)
    deadline = f.date("deadline")
    assert effective is not None
    if deadline is not None and deadline < effective:
        raise f.fail(f.sub("deadline"), f"a date on or after effective ({effective})", str(deadline))
    remediation, adopted = parse_remediation(f)
    return Rule(
        id=f.text("id", required=True, pattern=ID_PATTERN, what="an id of lower-case letters, digits and '-'"),
        title=f.text("title"),
        apps=apps,
        companies=companies,
        effective=effective,
        deadline=deadline,
        severity=Severity(f.choice("severity", [s.value for s in Severity])),
        versions=tuple(constraints),
        scope=parse_scope(f.child("scope", _SCOPE_KEYS)) if f.has("scope") else None,
        remediation=remediation,
        citation=f.text("citation"),
        use_unverified=f.boolean("use_unverified"),
        remediation_adopted=adopted,
    )


def parse_remediation(f: Fields) -> Tuple[str, str]:
    """`remediation:` one text for every organisation, or {binding: ..., adopted: ...}: what to do when the
    instrument binds the organisation, and when the organisation adopts it as its own policy."""
    if not isinstance(f.data.get("remediation"), dict):
        return f.text("remediation", required=True), ""
    r = f.child("remediation", ("binding", "adopted"))
    return (r.text("binding", required=True, what="what to do where the instrument binds"),
            r.text("adopted", required=True, what="what to do where it is adopted as the organisation's policy"))


def parse_binds(f: Fields) -> Tuple[str, ...]:
    values = f.texts("binds")
    for i, value in enumerate(values):
        problem = check_binds(value)
        if problem:
            path = f"{f.sub('binds')}[{i}]" if isinstance(f.data.get("binds"), list) else f.sub("binds")
            raise f.fail(path, problem, value)
    return values or (ORGANISATION_POLICY,)


def parse_pack(file: str, data: Any) -> Pack:
    f = Fields(file, "", data, PACK_KEYS, PolicyError)
    if f.data.get("schema") != PACK_SCHEMA:
        raise f.fail("schema", repr(PACK_SCHEMA), f.data.get("schema"))
    history = []
    for hpath, item in f.items("status_history"):
        h = Fields(file, hpath, item, ("date", "status", "event", "source"), PolicyError)
        date = h.date("date", required=True)
        assert date is not None
        history.append(StatusChange(date, h.choice("status", PACK_STATUSES), h.text("event"), h.text("source")))
    rules = []
    seen = set()
    for rpath, item in f.items("rules"):
        rule = parse_rule(file, rpath, item)
        if rule.id in seen:
            raise f.fail(rpath + ".id", "an id not used by another rule of this pack", rule.id)
        seen.add(rule.id)
        rules.append(rule)
    extends = f.text("extends", pattern=ID_PATTERN, what="a pack id")
    if not rules and not extends:
        raise f.fail("rules", "a non-empty list of rules", f.data.get("rules"))
    return Pack(
        id=f.text("id", required=True, pattern=ID_PATTERN, what="an id of lower-case letters, digits and '-'"),
        title=f.text("title", required=True),
        jurisdiction=f.text("jurisdiction"),
        binds=parse_binds(f),
        authority=f.text("authority"),
        instrument=f.text("instrument"),
        citation=f.text("citation", required=True),
        url=f.url("url"),
        signed=f.date("signed"),
        status=f.choice("status", PACK_STATUSES, IN_FORCE),
        status_history=tuple(sorted(history, key=lambda c: c.date)),
        extends=extends,
        scope=parse_scope(f.child("scope", _SCOPE_KEYS)),
        sources=f.texts("sources"),
        notes=f.text("notes"),
        rules=tuple(rules),
        default=f.boolean("default", True),
        file=file,
    )
