"""Risk tiers: which people a foreign government would most like to track, and why.

Rules are evaluated in order; every rule whose conditions all hold contributes its reason, and the
person's tier is the highest among them. A family member inherits the sponsor's tier."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Mapping, Optional, Pattern, Tuple

from auditor.errors import ConfigError
from auditor.people.identity import normalise_identity
from auditor.textio.csvtable import looked_for
from auditor.model import Problem, ProblemKind, Severity, Tier
from auditor.people.priority import DEFAULT_MATRIX, PRIORITIES, Matrix
from auditor.resources import shipped_policies_dir
from auditor.people.directory import Directory, Person, sponsors
from auditor.textio.regexcheck import backtracking_problem
from auditor.textio.yamlfile import Fields, load_yaml
from auditor.textio.names import shown

SCHEMA = "fleet-auditor/risk/1"
RANKED_TIERS = tuple(t.value for t in Tier.ranked())  # the tiers a rule or default_tier may name
_RULE_KEYS = ("tier", "reason", "title", "departments", "groups", "clearance", "people", "notes")


@dataclass(frozen=True)
class RiskRule:
    tier: Tier
    reason: str
    title: Optional[Pattern[str]]
    departments: Tuple[str, ...]
    groups: Tuple[str, ...]
    clearance: Tuple[str, ...]
    people: Tuple[str, ...]
    where: str = ""  # file: rules[i], for messages

    def fields(self) -> Tuple[str, ...]:
        """The staff directory's fields this rule reads (besides the identifiers every directory has)."""
        used = (("title", self.title is not None), ("department", bool(self.departments)),
                ("groups", bool(self.groups)), ("clearance", bool(self.clearance)))
        return tuple(name for name, uses in used if uses)

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
    default_tier: Tier
    matrix: Matrix
    source: str


def default_risk_file() -> Path:
    return shipped_policies_dir() / "risk" / "default.yaml"


def load_risk(path: Optional[Path] = None) -> RiskModel:
    path = path or default_risk_file()
    f = Fields(shown(path), "", load_yaml(path), ("schema", "rules", "default_tier", "priority_matrix", "notes"))
    if f.data.get("schema") != SCHEMA:
        raise f.fail("schema", repr(SCHEMA), f.data.get("schema"))
    rules = []
    for rpath, item in f.items("rules"):
        r = Fields(shown(path), rpath, item, _RULE_KEYS)
        title = r.text("title")
        pattern = None
        if title:
            try:
                pattern = re.compile(title, re.IGNORECASE)  # anchored: used with fullmatch
            except re.error as exc:
                raise r.fail(r.sub("title"), f"a regular expression ({exc})", title) from None
            refused = backtracking_problem(title)  # it could backtrack for hours on a long HR title
            if refused is not None:
                raise r.fail(r.sub("title"), f"a pattern without {refused}", title)
        conditions = [r.texts(k) for k in ("departments", "groups", "clearance", "people")]
        if pattern is None and not any(conditions):
            raise r.fail(r.sub("title"), "at least one condition (title, departments, groups, clearance, people)",
                         None)
        rules.append(RiskRule(
            tier=Tier(r.choice("tier", RANKED_TIERS)), reason=r.text("reason", required=True), title=pattern,
            departments=tuple(d.casefold() for d in conditions[0]), groups=tuple(g.casefold() for g in conditions[1]),
            clearance=tuple(c.casefold() for c in conditions[2]), people=conditions[3], where=f"{path}: {rpath}"))
    default_tier = Tier(f.choice("default_tier", RANKED_TIERS, Tier.STANDARD.value))
    return RiskModel(tuple(rules), default_tier, _matrix(f), shown(path))


def check_directory_columns(model: RiskModel, directory: Directory, shipped: bool) -> Tuple[Problem, ...]:
    """A rule on a field the staff file lacks (a renamed title column) would rank nobody, and every owner
    would silently be standard staff: an error (exit 2) that names the column looked for, the header seen
    and the rule. The shipped rules are generic: of their fields only the title is required, a missing
    department, groups or clearance column is a problem in the report. A file with family relationships
    but no sponsor column would silently lose the family's inheritance: an error too."""
    notes = []
    for rule in model.rules:
        for name in rule.fields():
            if name in directory.fields:
                continue
            missing = f"no {name} column (looked for: {looked_for(directory.mapping[name])}); {directory.seen}"
            if shipped and name != "title":
                notes.append(Problem(directory.source, f"{missing}: the shipped risk rule at {rule.where} ranks "
                                                       "nobody by it", None, False, ProblemKind.DATA))
                continue
            raise ConfigError(f"--staff {directory.source}: {missing}; the risk rule at {rule.where} ranks people "
                              f"by their {name}: name the column in --staff-mapping")
    if "relationship" in directory.fields and "sponsor" not in directory.fields:
        raise ConfigError(f"--staff {directory.source}: no sponsor column (looked for: "
                          f"{looked_for(directory.mapping['sponsor'])}); {directory.seen}; family members "
                          "(the relationship column) inherit their sponsor's tier: name the column in --staff-mapping")
    return tuple({p.message: p for p in notes}.values())


def _matrix(f: Fields) -> Matrix:
    given = f.data.get("priority_matrix")
    if given is None:
        return DEFAULT_MATRIX
    m = f.child("priority_matrix", [s.value for s in Severity])
    out: Dict[Severity, Dict[Tier, str]] = {}
    for severity in Severity:
        row = m.child(severity.value, [t.value for t in Tier])
        out[severity] = {tier: row.choice(tier.value, PRIORITIES, DEFAULT_MATRIX[severity][tier]) for tier in Tier}
    return out


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    reasons: Tuple[str, ...]


def assess(model: RiskModel, directory: Directory) -> Dict[int, Assessment]:
    """id(person) -> tier and reasons, family members included."""
    own: Dict[int, Assessment] = {}
    # A rule reads a person's title, department, groups and clearance, and (people rules) identifiers: people
    # who have the same of those get the same assessment, worked out once and shared.
    by_identifiers = any(r.people for r in model.rules)
    known: Dict[tuple, Assessment] = {}
    for person in directory.people:
        key = (person.title, person.department, person.groups, person.clearance,
               person.identifiers if by_identifiers else ())
        assessment = known.get(key)
        if assessment is None:
            matched = [r for r in model.rules if r.matches(person, directory.domain_aliases)]
            if matched:
                tier = min((r.tier for r in matched), key=lambda tier: tier.rank)
                assessment = Assessment(tier, tuple(r.reason for r in matched))
            else:
                assessment = Assessment(model.default_tier, ())
            if len(known) < 1 << 16:
                known[key] = assessment
        own[id(person)] = assessment
    result = dict(own)
    by_id = {id(p): p for p in directory.people}
    for person_id, sponsor in sponsors(directory).items():
        person = by_id[person_id]
        inherited = own[id(sponsor)]
        described = f"{sponsor.label} ({sponsor.title})" if sponsor.title else sponsor.label
        relation = "minor child" if person.is_minor else "family member"
        reason = f"{relation} of {described}"
        mine = own[person_id]
        tier = min((inherited.tier, mine.tier), key=lambda tier: tier.rank)
        result[person_id] = Assessment(tier, (reason,) + inherited.reasons + mine.reasons)
    return result
