"""Risk tiers: which people a foreign government would most like to track, and why.

Rules are evaluated in order; every rule whose conditions all hold contributes its reason, and the
person's tier is the highest among them. A family member inherits the sponsor's tier."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Pattern, Tuple

from auditor.people.identity import normalise_identity
from auditor.model import Owner, Severity
from auditor.people.priority import DEFAULT_MATRIX, TIERS
from auditor.resources import shipped_policies_dir
from auditor.people.directory import Directory, Person, sponsors
from auditor.textio.yamlfile import Fields, load_yaml

SCHEMA = "fleet-auditor/risk/1"
RANKED_TIERS = ("critical", "elevated", "standard")
_RULE_KEYS = ("tier", "reason", "title", "departments", "groups", "clearance", "people", "notes")


@dataclass(frozen=True)
class RiskRule:
    tier: str
    reason: str
    title: Optional[Pattern[str]]
    departments: Tuple[str, ...]
    groups: Tuple[str, ...]
    clearance: Tuple[str, ...]
    people: Tuple[str, ...]

    def matches(self, person: Person, domain_aliases: Mapping[str, str]) -> bool:
        if self.title is not None and not self.title.fullmatch(person.title.strip()):
            return False
        if self.departments and person.department.strip().casefold() not in self.departments:
            return False
        if self.groups and not ({g.casefold() for g in person.groups} & set(self.groups)):
            return False
        if self.clearance and person.clearance.strip().casefold() not in self.clearance:
            return False
        if self.people and not (set(person.identifiers)
                                & {normalise_identity(p, domain_aliases) for p in self.people}):
            return False
        return True


@dataclass(frozen=True)
class RiskModel:
    rules: Tuple[RiskRule, ...]
    default_tier: str
    matrix: Mapping[Severity, Mapping[str, str]]
    source: str


def default_risk_file() -> Path:
    return shipped_policies_dir() / "risk" / "default.yaml"


def load_risk(path: Optional[Path] = None) -> RiskModel:
    path = path or default_risk_file()
    f = Fields(str(path), "", load_yaml(path), ("schema", "rules", "default_tier", "priority_matrix", "notes"))
    if f.data.get("schema") != SCHEMA:
        raise f.fail("schema", repr(SCHEMA), f.data.get("schema"))
    rules = []
    for rpath, item in f.items("rules"):
        r = Fields(str(path), rpath, item, _RULE_KEYS)
        title = r.text("title")
        pattern = None
        if title:
            try:
                pattern = re.compile(title, re.IGNORECASE)  # anchored: used with fullmatch
            except re.error as exc:
                raise r.fail(r.sub("title"), f"a regular expression ({exc})", title) from None
        conditions = [r.texts(k) for k in ("departments", "groups", "clearance", "people")]
        if pattern is None and not any(conditions):
            raise r.fail(r.sub("title"), "at least one condition (title, departments, groups, clearance, people)",
                         None)
        rules.append(RiskRule(
            tier=r.choice("tier", RANKED_TIERS), reason=r.text("reason", required=True), title=pattern,
            departments=tuple(d.casefold() for d in conditions[0]), groups=tuple(g.casefold() for g in conditions[1]),
            clearance=tuple(c.casefold() for c in conditions[2]), people=conditions[3]))
    return RiskModel(tuple(rules), f.choice("default_tier", RANKED_TIERS, "standard"), _matrix(f), str(path))


def _matrix(f: Fields) -> Mapping[Severity, Mapping[str, str]]:
    given = f.data.get("priority_matrix")
    if given is None:
        return DEFAULT_MATRIX
    m = f.child("priority_matrix", [s.value for s in Severity])
    out: Dict[Severity, Dict[str, str]] = {}
    for severity in Severity:
        row = m.child(severity.value, TIERS)
        out[severity] = {tier: row.choice(tier, ("P1", "P2", "P3", "P4"), DEFAULT_MATRIX[severity][tier])
                         for tier in TIERS}
    return out


@dataclass(frozen=True)
class Assessment:
    tier: str
    reasons: Tuple[str, ...]


def assess(model: RiskModel, directory: Directory) -> Dict[int, Assessment]:
    """id(person) -> tier and reasons, family members included."""
    own: Dict[int, Assessment] = {}
    for person in directory.people:
        matched = [r for r in model.rules if r.matches(person, directory.domain_aliases)]
        if matched:
            tier = min((r.tier for r in matched), key=RANKED_TIERS.index)
            own[id(person)] = Assessment(tier, tuple(r.reason for r in matched))
        else:
            own[id(person)] = Assessment(model.default_tier, ())
    result = dict(own)
    for person_id, sponsor in sponsors(directory).items():
        person = next(p for p in directory.people if id(p) == person_id)
        inherited = own[id(sponsor)]
        described = f"{sponsor.label} ({sponsor.title})" if sponsor.title else sponsor.label
        relation = "minor child" if person.is_minor else "family member"
        reason = f"{relation} of {described}"
        mine = own[person_id]
        tier = min((inherited.tier, mine.tier), key=RANKED_TIERS.index)
        result[person_id] = Assessment(tier, (reason,) + inherited.reasons + mine.reasons)
    return result


def owner_for(person: Optional[Person], assessment: Optional[Assessment], fallback_email: str,
              fallback_name: str, sponsor: Optional[Person]) -> Owner:
    if person is None or assessment is None:
        return Owner(email=fallback_email or None, name=fallback_name or None, tier="unknown", reasons=())
    return Owner(email=person.email or fallback_email or None, name=person.name or fallback_name or None,
                 tier=assessment.tier, reasons=assessment.reasons, title=person.title,
                 department=person.department, sponsor=sponsor.label if sponsor else "",
                 relationship=person.relationship)


def tier_rank(tier: str) -> int:
    return (list(RANKED_TIERS) + ["unknown"]).index(tier) if tier in RANKED_TIERS + ("unknown",) else 9
