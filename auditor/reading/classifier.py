"""Memoised classification: which catalog apps an installed app is, restricted to what a rule names, and,
for an app that matched nothing, what banned app it resembles (a near miss)."""
from __future__ import annotations

from typing import Collection, Dict, FrozenSet, Set, Tuple, Union

from auditor.model import Platform
from auditor.policy import (Match, Matcher, Resemblance, company_of_entry, normalise_identifier,
                            normalise_publisher)

# What the classifier says of one distinct app: () nothing; its matches (each with a confidence); or
# (Resemblance,): it matched nothing a rule names but resembles an app that one does (a near miss). Rows are
# kept (as hits) only when this is not empty, so a near miss costs nothing more per row than a match.
Matches = Tuple[Union[Match, Resemblance], ...]


class Classifier:
    """Which catalog apps an installed app is, restricted to the apps (and company entries) a rule names;
    memoised, with confidence and near misses worked out inside the memo, once per distinct app.

    Fleets repeat a few thousand apps across millions of rows, so each distinct (platform, identifier,
    name, publisher) is classified once. Fast paths also ask first about the name alone, the identifier
    alone and the publisher alone: a name settles every match and resemblance by name (a publisher or
    platform only changes a match's confidence), an identifier every match by identifier, a publisher every
    match and resemblance by publisher; when none of the three may match, the row matches nothing and
    resembles nothing, settled by one question per distinct name, identifier and publisher.
    `classified` records each distinct classification asked (an app, a name, an identifier); its size is the
    number of classifications, the same whether the inputs were read by one process or several: a worker
    records what each task asked, even when its memo already knew the answer, and the sets are merged."""

    def __init__(self, matcher: Matcher, relevant: Collection[str]) -> None:
        self.matcher = matcher
        self.relevant = frozenset(relevant)
        self.memo: Dict[tuple, Matches] = {}
        self._names: Dict[str, Matches] = {}
        self._identifiers: Dict[str, bool] = {}
        self._publishers: Dict[str, bool] = {}
        self.classified: Set[tuple] = set()
        # Companies whose publishers may matter: a rule bans the company, or names one of its apps.
        self._companies: FrozenSet[str] = frozenset(
            {company_of_entry(i) for i in self.relevant if company_of_entry(i)}
            | {matcher.apps[i].company for i in self.relevant if i in matcher.apps and matcher.apps[i].company})

    def _run(self, platform: Platform, identifier: str, name: str, publisher: str) -> Matches:
        found = self.matcher.classify(platform, identifier, name, publisher)
        kept = tuple(m for m in found if m.app_id in self.relevant)
        if kept:
            return kept
        if any(not company_of_entry(m.app_id) for m in found) or not (name.strip() or publisher.strip()):
            return ()  # a catalog app that no rule of this run names (known), or an identifier alone
        resembles = self.matcher.resemblance(platform, identifier, name, publisher, self.relevant)
        return (resembles,) if resembles is not None else ()

    def app(self, platform: Platform, identifier: str, name: str, publisher: str) -> Matches:
        if not identifier and not publisher.strip():
            return self._by_name(name)  # the platform does not matter to a name: the name's answer
        key = (platform, identifier, name, publisher)
        self.classified.add(("app",) + key)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._run(*key)
        return found

    def _by_name(self, name: str) -> Matches:
        self.classified.add(("name", name))
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = self._run(Platform.OTHER, "", name, "")
        return found

    def name_may_match(self, name: str) -> bool:
        return bool(self._by_name(name))

    def identifier_may_match(self, identifier: str) -> bool:
        """True also when the identifier lies in the namespace of a company a rule names an app of: with its name
        it may be a near miss (an identifier alone never is). Both answers are remembered together, once per
        distinct identifier (the only memo of namespace owners)."""
        self.classified.add(("identifier", identifier))
        found = self._identifiers.get(identifier)
        if found is None:
            found = self._identifiers[identifier] = (bool(self._run(Platform.OTHER, identifier, "", ""))
                                                     or self._in_namespace_of_relevant_company(identifier))
        return found

    def _in_namespace_of_relevant_company(self, identifier: str) -> bool:
        owner = self.matcher.namespaces.owner(normalise_identifier(identifier)) if "." in identifier else None
        return owner is not None and owner[0] in self._companies

    def publisher_may_match(self, publisher: str) -> bool:
        """False when no app of this publisher (whatever its name) may match or resemble what a rule names: a
        set lookup per distinct publisher, not a classification. A publisher that carries the brand of a company
        a rule names may be its legal entity (a finding) or resemble it (a near miss): it may match."""
        found = self._publishers.get(publisher)
        if found is None:
            # A "may": the name alone, whatever its legal form (the classification then decides).
            key = normalise_publisher(publisher) if publisher.strip() else ""
            found = self._publishers[publisher] = bool(key) and (
                bool(self.matcher.families.companies_named(key) & self._companies)
                or bool(self.matcher.families.apps_named(key) & self.relevant)
                or any(hit.company_id in self._companies for hit in self.matcher.brands.carried(publisher)))
        return found
