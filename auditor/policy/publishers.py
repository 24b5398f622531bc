"""Publishers as company families: every name under which a company and its subsidiaries publish, in the
one normalised form (auditor.policy.textnorm.normalise_publisher), computed once per library.

A company's family is its legal name, its `publishers`, and the `publishers` of each of its apps. An app's
publishers are its own and its company's family. A publisher marked `likely` or `unverified` is in the
family, but a finding that rests on it is probable, never confirmed."""
from __future__ import annotations

from typing import Dict, FrozenSet, Iterable, Mapping, Set, Tuple

from auditor.policy.catalog import CatalogApp, Company, Publisher
from auditor.policy.textnorm import normalise_publisher

# The catalog id of a finding on an app the catalog does not name, by a publisher of a company that a rule
# bans as a whole (`companies: [kaspersky]`): never an app id (app ids have no colon).
COMPANY_ENTRY_PREFIX = "company:"

Family = Mapping[str, bool]  # normalised publisher -> verified


def company_entry_id(company_id: str) -> str:
    return COMPANY_ENTRY_PREFIX + company_id


def company_of_entry(catalog_id: str) -> str:
    """The company id of a company entry ("company:kaspersky" -> "kaspersky"), "" for an app id."""
    return catalog_id[len(COMPANY_ENTRY_PREFIX):] if catalog_id.startswith(COMPANY_ENTRY_PREFIX) else ""


def company_entry_name(company: Company) -> str:
    return f"Any product of {company.name}"


def _add(family: Dict[str, bool], publishers: Iterable[Publisher]) -> None:
    for p in publishers:
        key = normalise_publisher(p.value)
        if key:
            family[key] = family.get(key, False) or p.confidence == "verified"


class PublisherFamilies:
    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company]) -> None:
        self.by_company: Dict[str, Dict[str, bool]] = {}
        for company in companies.values():
            family = self.by_company.setdefault(company.id, {})
            _add(family, (Publisher(company.name, "legal", "verified", ""),) + company.publishers)
        for app in apps.values():
            if app.company in self.by_company:
                _add(self.by_company[app.company], app.publishers)
        self.by_app: Dict[str, Dict[str, bool]] = {}
        for app in apps.values():
            own: Dict[str, bool] = dict(self.by_company.get(app.company, {}))
            _add(own, app.publishers)
            self.by_app[app.id] = own
        companies_of: Dict[str, Set[str]] = {}
        for company_id, family in self.by_company.items():
            for key in family:
                companies_of.setdefault(key, set()).add(company_id)
        self._companies_of: Dict[str, FrozenSet[str]] = {k: frozenset(v) for k, v in companies_of.items()}
        apps_of: Dict[str, Set[str]] = {}
        for app_id, family in self.by_app.items():
            for key in family:
                apps_of.setdefault(key, set()).add(app_id)
        self._apps_of: Dict[str, FrozenSet[str]] = {k: frozenset(v) for k, v in apps_of.items()}
        self._examples: Dict[str, Tuple[str, ...]] = {}
        for app in apps.values():
            company = companies.get(app.company)
            written = list(app.publishers) + (list(company.publishers) if company else [])
            self._examples[app.id] = tuple(dict.fromkeys(p.value for p in written if p.confidence == "verified"))

    def of_app(self, app_id: str) -> Family:
        return self.by_app.get(app_id, {})

    def companies(self, publisher_key: str) -> FrozenSet[str]:
        """The companies whose family holds this normalised publisher."""
        return self._companies_of.get(publisher_key, frozenset())

    def apps(self, publisher_key: str) -> FrozenSet[str]:
        """The apps whose publishers (their own or their company's family) hold this normalised publisher."""
        return self._apps_of.get(publisher_key, frozenset())

    def examples(self, app_id: str, limit: int = 2) -> Tuple[str, ...]:
        """A few verified publishers of an app as the catalog writes them, for notes that say what would
        confirm a finding."""
        return self._examples.get(app_id, ())[:limit]
