"""Risk tiers: which people a foreign government would most like to track, and why.

Rules are evaluated in order; every rule whose conditions all hold contributes its reason, and the
person's tier is the highest among them. A family member inherits the sponsor's tier."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Pattern, Tuple

from auditor.errors import ConfigError
from auditor.people.identity import normalise_identity
from auditor.textio.csvtable import looked_for
from auditor.model import Problem, ProblemKind, Severity, Tier
from auditor.people.priority import DEFAULT_MATRIX, PRIORITIES, Matrix
from auditor.resources import shipped_policies_dir
from auditor.people.directory import Directory, Person, sponsors
from auditor.textio.regexcheck import backtracking_problem
from auditor.textio.suggest import suggestions
from auditor.textio.yamlfile import Fields, load_yaml
from auditor.textio.names import shown

SCHEMA = "fleet-auditor/risk/1"
RANKED_TIERS = tuple(t.value for t in Tier.ranked())  # the tiers a rule or default_tier may name
_RULE_KEYS = ("tier", "reason", "title", "title_words", "title_not_after", "departments", "groups", "clearance",
              "people", "notes")
# Titles are matched as words: letters and digits, case-folded ("Founder & CEO" is founder, ceo; "Vice-President"
# is vice, president). No pattern a person wrote runs against a title here, so nothing can backtrack.
_WORD = re.compile(r"[^\W_]+")
WILDCARD = "*"  # in a title_words phrase: one to MAX_WILDCARD_WORDS words ("Chief * Officer")
MAX_WILDCARD_WORDS = 4
MAX_WILDCARDS = 2  # per phrase
Phrase = Tuple[str, ...]
# Words that make a title look senior. A title with one of them that no title rule matched is listed in a
# data-quality note ("Assistant to the CEO", "Associate General Counsel"): someone decides whether it should rank.
SENIOR_WORDS = frozenset({"ceo", "cfo", "coo", "cto", "cio", "ciso", "chief", "president", "chair", "chairman",
                          "chairwoman", "chairperson", "counsel", "director", "vp", "svp", "evp", "founder", "head",
                          "board", "treasurer"})
MAX_TITLES_NAMED = 10


def title_words(title: str) -> Phrase:
    return tuple(w.casefold() for w in _WORD.findall(title))


def _ends(words: Phrase, phrase: Phrase, at: int) -> Iterable[int]:
    """Where `phrase` ends when it starts at words[at] (a wildcard takes one to MAX_WILDCARD_WORDS words)."""
    if not phrase:
        yield at
        return
    head, rest = phrase[0], phrase[1:]
    if head == WILDCARD:
        for n in range(1, MAX_WILDCARD_WORDS + 1):
            if at + n > len(words):
                return
            yield from _ends(words, rest, at + n)
    elif at < len(words) and words[at] == head:
        yield from _ends(words, rest, at + 1)


def phrase_in(words: Phrase, phrases: Tuple[Phrase, ...], not_after: Tuple[Phrase, ...] = ()) -> bool:
    """True when one of `phrases` occurs in the title's words and is not right after one of `not_after`
    ("president" in "Vice President" is after "vice"; "CEO" in "Assistant to the CEO" is after "to the")."""
    for at in range(len(words)):
        for phrase in phrases:
            if next(iter(_ends(words, phrase, at)), None) is None:
                continue
            if not any(at >= len(before) and words[at - len(before):at] == before for before in not_after):
                return True
    return False


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
    words: Tuple[Phrase, ...] = ()  # title_words: phrases anywhere in the title
    not_after: Tuple[Phrase, ...] = ()  # title_not_after: a phrase right after one of these does not count
    # Each condition's values as the risk file writes them ((key, values) pairs): notes quote them so.
    written: Tuple[Tuple[str, Tuple[str, ...]], ...] = ()

    @property
    def on_title(self) -> bool:
        return self.title is not None or bool(self.words)

    def title_matches(self, title: str) -> bool:
        if self.title is not None and not self.title.fullmatch(title.strip()):
            return False
        return not self.words or phrase_in(title_words(title), self.words, self.not_after)

    def fields(self) -> Tuple[str, ...]:
        """The staff directory's fields this rule reads (besides the identifiers every directory has)."""
        used = (("title", self.on_title), ("department", bool(self.departments)),
                ("groups", bool(self.groups)), ("clearance", bool(self.clearance)))
        return tuple(name for name, uses in used if uses)

    def matches(self, person: Person, domain_aliases: Mapping[str, str]) -> bool:
        if self.on_title and not self.title_matches(person.title):
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
        words = _phrases(r, "title_words")
        not_after = _phrases(r, "title_not_after")
        if not_after and not words:
            raise r.fail(r.sub("title_words"), "phrases (title_not_after qualifies title_words)", None)
        if pattern is None and not words and not any(conditions):
            raise r.fail(r.sub("title"), "at least one condition (title, title_words, departments, groups, "
                                         "clearance, people)", None)
        rules.append(RiskRule(
            tier=Tier(r.choice("tier", RANKED_TIERS)), reason=r.text("reason", required=True), title=pattern,
            departments=tuple(d.casefold() for d in conditions[0]), groups=tuple(g.casefold() for g in conditions[1]),
            clearance=tuple(c.casefold() for c in conditions[2]), people=conditions[3], where=f"{path}: {rpath}",
            words=words, not_after=not_after,
            written=tuple(zip(("departments", "groups", "clearance", "people", "title_words"),
                              (*(tuple(c) for c in conditions), tuple(r.texts("title_words")))))))
    default_tier = Tier(f.choice("default_tier", RANKED_TIERS, Tier.STANDARD.value))
    return RiskModel(tuple(rules), default_tier, _matrix(f), shown(path))


def _phrases(r: Fields, key: str) -> Tuple[Phrase, ...]:
    """title_words / title_not_after: phrases of words ("General Counsel", "Chief * Officer"), each compared
    word by word, case-insensitively; a wildcard only between words."""
    phrases: List[Phrase] = []
    for i, text in enumerate(r.texts(key)):
        words: List[str] = []
        for part in text.split():
            words.extend((WILDCARD,) if part == WILDCARD else title_words(part))
        phrase = tuple(words)
        wildcard_ok = (key == "title_words" and bool(phrase) and WILDCARD not in (phrase[0], phrase[-1])
                       and phrase.count(WILDCARD) <= MAX_WILDCARDS)  # each one multiplies the work per word
        if not phrase or (WILDCARD in phrase and not wildcard_ok):
            raise r.fail(f"{r.sub(key)}[{i}]", f"words (letters or digits; at most {MAX_WILDCARDS} '*', only between "
                                               "words of title_words)", text)
        phrases.append(phrase)
    return tuple(phrases)


def senior_titles_unmatched(model: RiskModel, directory: Directory) -> Tuple[Problem, ...]:
    """Titles that look senior (a word of SENIOR_WORDS: "Assistant to the CEO", "Associate General Counsel") but
    that no title rule matches: one data-quality note naming them, so an unusual executive title ("Founder and
    Chief Visionary") cannot fall to standard unseen. Nothing when no rule reads titles."""
    rules = [r for r in model.rules if r.on_title]
    if not rules or "title" not in directory.fields:
        return ()
    counts: Dict[str, int] = {}
    for person in directory.people:
        if person.title:
            counts[person.title] = counts.get(person.title, 0) + 1
    unmatched = sorted((title for title in counts
                        if SENIOR_WORDS & set(title_words(title)) and not any(r.title_matches(title) for r in rules)),
                       key=lambda t: (-counts[t], t.casefold()))
    if not unmatched:
        return ()
    named = ", ".join(f"'{shown_title(t)}' ({counts[t]})" for t in unmatched[:MAX_TITLES_NAMED])
    more = f" and {len(unmatched) - MAX_TITLES_NAMED} more" if len(unmatched) > MAX_TITLES_NAMED else ""
    return (Problem(directory.source, f"{len(unmatched)} job {'title looks' if len(unmatched) == 1 else 'titles look'}"
                    f" senior but {'matches' if len(unmatched) == 1 else 'match'} no title rule of {model.source}, so "
                    f"nobody is ranked by it: {named}{more} (people with each title); if one should rank higher, "
                    "add it to a rule's title_words (--risk)", None, False, ProblemKind.DATA),)


def values_matching_nobody(model: RiskModel, directory: Directory) -> Tuple[Problem, ...]:
    """Values of the rules in a risk file the user gave (departments, groups, clearance, people, title phrases)
    that no person in the staff directory has: a typo ('Goverment Affairs') silently ranks nobody, and a P1
    becomes a P2. A data-quality note for each such value that is close to a value the directory has, naming
    it and how many people have it (auditor.textio.suggest: the one did-you-mean helper); and, when none of a
    rule's values of one condition fits anybody, one note naming the rest (the rule ranks nobody by it). A
    value that fits nobody and resembles nothing, beside values of the same condition that do fit, is taken as
    meant (a copy of the generic shipped rules names many departments one organisation lacks). Only for a
    risk file given with --risk; a column the directory lacks is check_directory_columns' note."""
    counts: Dict[str, Dict[str, int]] = {"departments": {}, "groups": {}, "clearance": {}, "title_words": {}}
    for person in directory.people:
        for key, values in (("departments", (person.department,)), ("groups", person.groups),
                            ("clearance", (person.clearance,)), ("title_words", (person.title,))):
            for value in values:
                value = value.strip()
                if value:
                    counts[key][value] = counts[key].get(value, 0) + 1
    folded = {key: {v.casefold() for v in values} for key, values in counts.items()}
    identifiers = {i for person in directory.people for i in person.identifiers}
    counts["people"] = {person.email: 1 for person in directory.people if person.email}
    field = {"departments": "department", "groups": "groups", "clearance": "clearance", "title_words": "title"}

    def fits(key: str, value: str) -> bool:
        if key == "people":
            return normalise_identity(value, directory.domain_aliases) in identifiers
        if key == "title_words":
            phrase = tuple(w for part in value.split() for w in ((WILDCARD,) if part == WILDCARD else title_words(part)))
            return any(phrase_in(title_words(t), (phrase,)) for t in counts[key])
        return value.strip().casefold() in folded[key]

    notes = []
    for rule in model.rules:
        at = rule.where.rsplit(": ", 1)[-1]
        for key, values in rule.written:
            if not values or (key in field and field[key] not in directory.fields):
                continue
            unfit = [v for v in values if not fits(key, v)]
            rest = []
            for value in unfit:
                near = [k for k in suggestions(value, counts[key]) if k != value][:1]
                if not near:
                    rest.append(value)
                    continue
                n = counts[key][near[0]]
                people = f", {n} {'person' if n == 1 else 'people'}" if key != "people" else ""
                notes.append(Problem(model.source, f"{at}.{key}: '{shown_title(value)}' matches nobody in the staff "
                                                   f"directory {directory.source} (did you mean '{shown_title(near[0])}'"
                                                   f"{people}?): the rule ranks nobody by it", None, False,
                                     ProblemKind.DATA))
            if rest and len(unfit) == len(values):
                named = ", ".join(f"'{shown_title(v)}'" for v in rest[:MAX_TITLES_NAMED])
                more = f" and {len(rest) - MAX_TITLES_NAMED} more" if len(rest) > MAX_TITLES_NAMED else ""
                notes.append(Problem(model.source, f"{at}.{key}: {named}{more} "
                                                   f"{'matches' if len(rest) == 1 else 'match'} nobody in the staff "
                                                   f"directory {directory.source}, and no value there is close: the "
                                                   f"rule ranks nobody by its {key}", None, False, ProblemKind.DATA))
    return tuple(notes)


def shown_title(title: str) -> str:
    return title if len(title) <= 80 else title[:80] + "…"


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
    if "sponsor" in directory.fields and "relationship" not in directory.fields:
        # Without it a minor child reads "family member": the advice loses "(through the parent)" and minors
        # are no longer listed first.
        notes.append(Problem(directory.source, f"no relationship column (looked for: "
                                               f"{looked_for(directory.mapping['relationship'])}): every family "
                                               "member (the sponsor column) reads as 'family member', none as a "
                                               "minor child (minors are not listed first, nor reached through the "
                                               f"parent); {directory.seen}", None, False, ProblemKind.DATA))
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
    family = sponsors(directory)
    if not family:
        return own
    result = dict(own)
    by_id = {id(p): p for p in directory.people}
    for person_id, sponsor in family.items():
        person = by_id[person_id]
        inherited = own[id(sponsor)]
        described = f"{sponsor.label} ({sponsor.title})" if sponsor.title else sponsor.label
        relation = "minor child" if person.is_minor else "family member"
        reason = f"{relation} of {described}"
        mine = own[person_id]
        tier = min((inherited.tier, mine.tier), key=lambda tier: tier.rank)
        result[person_id] = Assessment(tier, (reason,) + inherited.reasons + mine.reasons)
    return result
