"""Whom an instrument binds (a pack's `binds:`) and what an organisation is (`--org-type`, `org_type:`): the
vocabulary of both, checked here, and worded for people here. Whether a pack binds an organisation is decided
once per run in auditor.policy.selection, from these two.

A `binds` value is `category[:place][@body]`: `state-agencies:US-TX`, `national-government:AU`,
`federal-executive-agencies@nasa` (one agency's own rule). An organisation type is `kind[:place][@body]`:
`federal-agency`, `state-agency:US-TX`, `federal-agency@nasa`. Each kind stands for the binds values that reach
it (`bound_by`): a pack binds an organisation when one of its values is among them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Mapping, Optional, Sequence, Tuple, Union

from auditor.errors import PolicyError
from auditor.textio.suggest import did_you_mean

ORGANISATION_POLICY = "organisation-policy"
_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")  # ISO 3166-2, e.g. US-TX
_COUNTRY = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2 (and EU, the reserved code of the European Union)
_BODY = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# category -> (what its place is: None, "subdivision" or "country"; how people read it; the short form due
# texts use), {place} filled in
CATEGORIES: Mapping[str, Tuple[Optional[str], str, str]] = {
    "federal-executive-agencies": (None, "US federal executive agencies", "US federal agencies"),
    "federal-government": (None, "every element of the US federal government", "the US federal government"),
    "federal-contractors": (None, "US federal contractors (for work on their contracts)", "US federal contractors"),
    "intelligence-community": (None, "US intelligence-community systems", "US intelligence-community systems"),
    "military": (None, "the US military", "the US military"),
    "state-agencies": ("subdivision", "state agencies of {place}", "{place} state agencies"),
    "local-government": ("subdivision", "local governments of {place}", "{place} local governments"),
    "national-government": ("country", "the government of {place}", "the {place} government"),
    "parliament-network": ("country", "the parliament of {place} and its network", "the {place} parliament"),
    "app-stores-and-hosting": (None, "app stores and hosting providers (not device owners)", "app stores and hosts"),
    "suppliers-and-distributors": (None, "the vendor, its suppliers and resellers (not device owners)",
                                   "the vendor and its resellers"),
    ORGANISATION_POLICY: (None, "your organisation (its own policy)", "your organisation"),
}

# kind -> (what its place is, the categories that reach it, what it is)
ORG_KINDS: Mapping[str, Tuple[Optional[str], Tuple[str, ...], str]] = {
    "private": (None, (), "a company or other organisation that no shipped instrument binds"),
    "federal-agency": (None, ("federal-executive-agencies", "federal-government"), "a US federal executive agency"),
    "intelligence-community": (None, ("intelligence-community", "federal-executive-agencies", "federal-government"),
                               "an element of the US intelligence community"),
    "military": (None, ("military", "federal-executive-agencies", "federal-government"),
                 "a US military department or other DoD component"),
    "federal-contractor": (None, ("federal-contractors",), "a contractor on US federal contracts"),
    "state-agency": ("subdivision", ("state-agencies",), "an agency of a US state, e.g. state-agency:US-TX"),
    "local-government": ("subdivision", ("local-government",), "a city, county or school district, e.g. "
                                                               "local-government:US-TX"),
    "national-government": ("country", ("national-government",), "a national government body, e.g. "
                                                                 "national-government:AU"),
    "parliament": ("country", ("parliament-network",), "a parliament or legislature, e.g. parliament:US"),
    "app-store-or-host": (None, ("app-stores-and-hosting",), "an app store or hosting provider"),
    "supplier-or-distributor": (None, ("suppliers-and-distributors",), "a software supplier or reseller"),
}
DEFAULT_ORG_TYPE = "private"

# What a default audit (no --policy) does with an instrument, by whom it binds: THE decision table
# (docs/policy-format.md, "Which packs an audit evaluates"; auditor.policy.selection.decide applies it).
# DEVICE_RULE: it says what devices may carry: evaluated when it binds the organisation; otherwise adopted as
#   its policy when it is a `default: true` pack of a selected jurisdiction.
# BOUND_ONLY: a device rule evaluated only for those it binds, never adopted: the contract clause carries a
#   law into contracts (FAR 52.204-27 is the No TikTok Act's clause, with the same covered applications), so
#   adopting both would give every install one finding per instrument for one rule.
# TRANSACTION: it bars transactions (distributing, hosting, updating, selling), not having the app on a device,
#   and binds no device owner: a device inventory cannot show the transaction, only that an installed copy
#   stops getting updates. Evaluated only when named (--policy), for anyone, those it binds included.
DEVICE_RULE, BOUND_ONLY, TRANSACTION = "device-rule", "bound-only", "transaction"
ROLES: Mapping[str, Tuple[str, str]] = {
    "federal-contractors": (BOUND_ONLY, "a contract clause that binds federal contractors only (the law it "
                                        "carries into contracts is a pack of its own)"),
    "app-stores-and-hosting": (TRANSACTION, "a transaction ban on app stores, hosts and networks (offering or "
                                            "updating the app), not on using it"),
    "suppliers-and-distributors": (TRANSACTION, "a transaction ban on the vendor and its resellers (selling or "
                                                "updating the product), not on using it"),
}


def role_of(binds: Sequence[str]) -> Tuple[str, str]:
    """(role, why not by default) of an instrument binding these: a device rule when any value is one; a
    transaction ban when every value is one; else bound only."""
    roles = [ROLES.get(parts(value)[0], (DEVICE_RULE, "")) for value in binds]
    if any(role == DEVICE_RULE for role, _ in roles):
        return DEVICE_RULE, ""
    if roles and all(role == TRANSACTION for role, _ in roles):
        return roles[0]
    return next(r for r in roles if r[0] == BOUND_ONLY) if roles else (DEVICE_RULE, "")


def parts(text: str) -> Tuple[str, str, str]:
    """(head, place, body) of `head[:place][@body]`, an organisation type or a binds value: `state-agency:US-TX`
    -> ('state-agency', 'US-TX', '')."""
    head, _, body = text.partition("@")
    head, _, place = head.partition(":")
    return head, place, body


def _check_place(kind: Optional[str], place: str) -> Optional[str]:
    """What is wrong with a place for its kind, or None."""
    if kind is None:
        return "no ':place' part" if place else None
    if kind == "subdivision":
        return None if _SUBDIVISION.match(place) else "an ISO 3166-2 subdivision after ':' (US-TX)"
    return None if _COUNTRY.match(place) else "an ISO 3166-1 country code after ':' (AU, GB; EU)"


def check_binds(value: str) -> Optional[str]:
    """What is wrong with a `binds` value (as an error message's 'expected ...'), or None."""
    category, place, body = parts(value)
    if category not in CATEGORIES:
        return "one of " + ", ".join(f"{c}{':' + _hint(k) if k else ''}" for c, (k, _, _) in CATEGORIES.items())
    problem = _check_place(CATEGORIES[category][0], place)
    if problem:
        return f"{category} with {problem}"
    if body and (category == ORGANISATION_POLICY or not _BODY.match(body)):
        return f"{category}{':' + place if place else ''} with an optional '@body' of lower-case letters, digits, '-'"
    return None


def _hint(kind: str) -> str:
    return "<ISO 3166-2>" if kind == "subdivision" else "<country>"


def describe_binds(binds: Union[str, Sequence[str]], short: bool = False) -> str:
    """Whom the instrument binds (its values, or them joined with ', ' as PackSummary.binds has them), in words:
    'US federal executive agencies', 'state agencies of US-TX'; short: 'US federal agencies', 'US-TX state
    agencies'."""
    values = [v.strip() for v in binds.split(",")] if isinstance(binds, str) else list(binds)
    words = []
    for value in filter(None, values):
        category, place, body = parts(value)
        if category not in CATEGORIES:
            words.append(value)
            continue
        text = CATEGORIES[category][2 if short else 1].format(place=place)
        words.append(f"{text} ({body} only)" if body else text)
    return " and ".join(words) or CATEGORIES[ORGANISATION_POLICY][2 if short else 1]


@dataclass(frozen=True)
class OrgProfile:
    """What the organisation running the audit is (one or more types), and the binds values that reach it."""

    types: Tuple[str, ...]
    bound_by: FrozenSet[str]

    def __str__(self) -> str:
        return ", ".join(self.types)

    def country(self) -> str:
        """The country of its first type with a place (US for state-agency:US-TX); '' for none."""
        for org_type in self.types:
            _, place, _ = parts(org_type)
            if place:
                return place.split("-")[0]
        return ""


def org_profile(types: Sequence[str] = (DEFAULT_ORG_TYPE,)) -> OrgProfile:
    """The organisation of these types (`private` when none is given), each read case-insensitively as
    --jurisdiction is (`Federal-Agency`, `state-agency:us-tx`). Raises PolicyError naming the bad one."""
    types = tuple(dict.fromkeys(normalise_org_type(t) for t in types if t.strip())) or (DEFAULT_ORG_TYPE,)
    bound: Dict[str, None] = {}
    for org_type in types:
        for value in _reaching(org_type):
            bound.setdefault(value, None)
    return OrgProfile(types, frozenset(bound))


def normalise_org_type(org_type: str) -> str:
    """`kind[:place][@body]` as the vocabulary writes it: kind and body lower case, place upper case."""
    kind, place, body = parts(org_type.strip())
    return kind.lower() + (":" + place.upper() if place else "") + ("@" + body.lower() if body else "")


def _reaching(org_type: str) -> Tuple[str, ...]:
    kind, place, body = parts(org_type)
    where = f"org type {org_type!r} (--org-type, or `org_type:` in the configuration)"
    if kind not in ORG_KINDS:  # the hint last: a configuration error quotes what follows 'expected'
        raise PolicyError(f"{where}: expected one of {org_type_forms()}{did_you_mean(kind, ORG_KINDS)}")
    place_kind, categories, _ = ORG_KINDS[kind]
    problem = _check_place(place_kind, place)
    if problem is None and body and not _BODY.match(body):
        problem = "an optional '@body' of lower-case letters, digits and '-' (federal-agency@nasa)"
    if problem:
        raise PolicyError(f"{where}: expected {kind} with {problem}")
    values = []
    for category in categories:
        base = f"{category}:{place}" if CATEGORIES[category][0] else category
        values.append(base)
        if body:
            values.append(f"{base}@{body}")
    if kind == "parliament" and place == "US":
        values.append("federal-government")  # Congress is an element of the federal government
    return tuple(values)


def org_type_forms() -> str:
    """The accepted organisation types, for help texts and error messages."""
    return ", ".join(f"{k}{':' + _hint(p) if p else ''}" for k, (p, _, _) in ORG_KINDS.items()) + \
        " (any of them may end in '@body' for one body's own rules, e.g. federal-agency@nasa)"
