"""Publishers as company families: every name under which a company and its subsidiaries publish, in the
one normalised form (auditor.policy.textnorm.publisher_key: the name, and the kinds of its legal forms),
computed once per library.

A company's family is its legal name and its `publishers`. An app's own `publishers` (app-level strings such
as Trae's or 夸克's, which normalise to common words) confirm that app's names only: they never join the
company's family, so they never make another vendor's software a product of the company under a company-wide
rule. A publisher is of a family when its name is one of the family's and its legal form is of the same kind
(or either has none): "Lark Technologies, Inc." is not "Lark Technologies Pte. Ltd.". A publisher marked
`likely` or `unverified` is in the family, but a finding that rests on it is probable, never confirmed.

A company's domains are in its family too, as `likely` publishers: the domain of each namespace of two labels
(`com.tencent.` -> "tencent.com"), since installers write domain-form publishers ("tencent.com", winget's
Tencent.Weiyun) and a namespace is listed only for a domain the company owns (auditor.policy.catalog)."""
from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Set, Tuple

from auditor.policy.catalog import CatalogApp, Company, Namespace, Publisher
from auditor.policy.textnorm import PublisherKey, publisher_key

# The catalog id of a finding on an app the catalog does not name, by a publisher of a company that a rule
# bans as a whole (`companies: [kaspersky]`): never an app id (app ids have no colon).
COMPANY_ENTRY_PREFIX = "company:"


def company_entry_id(company_id: str) -> str:
    return COMPANY_ENTRY_PREFIX + company_id


def company_of_entry(catalog_id: str) -> str:
    """The company id of a company entry ("company:kaspersky" -> "kaspersky"), "" for an app id."""
    return catalog_id[len(COMPANY_ENTRY_PREFIX):] if catalog_id.startswith(COMPANY_ENTRY_PREFIX) else ""


def company_entry_name(company: Company) -> str:
    return f"Any product of {company.name}"


class Family:
    """A set of publishers, by normalised name: each name with the legal-form kinds it was listed with, and
    whether it is verified."""

    def __init__(self) -> None:
        self._entries: Dict[str, List[Tuple[FrozenSet[str], bool]]] = {}

    def add(self, publishers: Iterable[Publisher]) -> None:
        for p in publishers:
            key = publisher_key(p.value)
            if key.name:
                self._entries.setdefault(key.name, []).append((key.kinds, p.confidence == "verified"))

    def extend(self, other: "Family") -> None:
        for name, entries in other._entries.items():
            self._entries.setdefault(name, []).extend(entries)

    def verified(self, key: PublisherKey) -> Optional[bool]:
        """None: not of this family (another name, or the same name with another kind of legal form); True:
        a verified publisher of it; False: one it lists as likely or unverified."""
        found: Optional[bool] = None
        for kinds, verified in self._entries.get(key.name, ()):
            if PublisherKey(key.name, kinds).same_company(key):
                found = verified or bool(found)
        return found

    def other_kind(self, key: PublisherKey) -> str:
        """For a publisher that is not of the family but has a family name: the family's spelling of that name's
        legal kinds ("limited"), to say why it is another company; "" otherwise."""
        if self.verified(key) is not None:
            return ""
        return ", ".join(sorted({k for kinds, _ in self._entries.get(key.name, ()) for k in kinds}))

    def names(self) -> Iterable[str]:
        return self._entries.keys()


class PublisherFamilies:
    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company]) -> None:
        self.by_company: Dict[str, Family] = {}
        for company in companies.values():
            family = self.by_company.setdefault(company.id, Family())
            family.add((Publisher(company.name, "legal", "verified", ""),) + company.publishers)
            family.add(Publisher(domain, "other", "likely", n.source) for domain, n in _domains(company))
        self.by_app: Dict[str, Family] = {}
        for app in apps.values():
            own = Family()
            if app.company in self.by_company:
                own.extend(self.by_company[app.company])
            own.add(app.publishers)
            self.by_app[app.id] = own
        # Which families hold a name (whatever its legal form): the candidates a lookup then checks.
        self._companies_of = _index(self.by_company)
        self._apps_of = _index(self.by_app)
        self._examples: Dict[str, Tuple[str, ...]] = {}
        for app in apps.values():
            company = companies.get(app.company)
            written = list(app.publishers) + (list(company.publishers) if company else [])
            self._examples[app.id] = tuple(dict.fromkeys(p.value for p in written if p.confidence == "verified"))

    def of_app(self, app_id: str) -> Family:
        return self.by_app.get(app_id) or Family()

    def companies(self, key: PublisherKey) -> FrozenSet[str]:
        """The companies whose family holds this publisher (its name, with a legal form of the same kind)."""
        return frozenset(c for c in self._companies_of.get(key.name, ())
                         if self.by_company[c].verified(key) is not None)

    def apps(self, key: PublisherKey) -> FrozenSet[str]:
        """The apps whose publishers (their own or their company's family) hold this publisher."""
        return frozenset(a for a in self._apps_of.get(key.name, ()) if self.by_app[a].verified(key) is not None)

    def companies_named(self, name: str) -> FrozenSet[str]:
        """The companies whose family has this normalised name, whatever the legal form (a superset of
        `companies`, for questions that only need a "may")."""
        return self._companies_of.get(name, frozenset())

    def apps_named(self, name: str) -> FrozenSet[str]:
        return self._apps_of.get(name, frozenset())

    def examples(self, app_id: str, limit: int = 2) -> Tuple[str, ...]:
        """A few verified publishers of an app as the catalog writes them, for notes that say what would
        confirm a finding."""
        return self._examples.get(app_id, ())[:limit]


def _domains(company: Company) -> Iterator[Tuple[str, Namespace]]:
    """The domain of each namespace of exactly two labels ("com.tencent." -> "tencent.com"); a longer prefix
    (`com.sohu.inputmethod.sogou.`) is a product line under a domain the company need not own, and a namespace
    marked `domain: false` (`com.larus.`, a code name) is no domain at all."""
    for n in company.namespaces:
        labels = n.prefix.rstrip(".").split(".")
        if len(labels) == 2 and n.domain:
            yield ".".join(reversed(labels)), n


def _index(families: Mapping[str, Family]) -> Dict[str, FrozenSet[str]]:
    holders: Dict[str, Set[str]] = {}
    for owner, family in families.items():
        for name in family.names():
            holders.setdefault(name, set()).add(owner)
    return {name: frozenset(owners) for name, owners in holders.items()}
