"""Memoised classification: which catalog apps an installed app is, restricted to apps a rule names."""
from __future__ import annotations

from typing import Collection, Dict, Set, Tuple

from auditor.model import Platform
from auditor.policy import Match, Matcher

Matches = Tuple[Match, ...]


class Classifier:
    """Which catalog apps an installed app is, restricted to apps a rule names; memoised.

    Fleets repeat a few thousand apps across millions of rows, so each distinct (platform, identifier,
    name, publisher) is classified once. Fast paths also ask first about the name alone (or the identifier
    alone): the matcher compares names exactly and a publisher or platform only narrows the result, so when
    the name alone (any publisher) or the identifier alone (any platform) matches nothing, no app of that
    name or identifier does, and that is settled by one classification per distinct name or identifier.
    `classified` records each distinct question asked (an app, a name, an identifier); its size is the number
    of classifications, the same whether the inputs were read by one process or several: a worker records
    what each task asked, even when its memo already knew the answer, and the sets are merged."""

    def __init__(self, matcher: Matcher, relevant: Collection[str]) -> None:
        self.matcher = matcher
        self.relevant = frozenset(relevant)
        self.memo: Dict[tuple, Matches] = {}
        self._names: Dict[str, Matches] = {}
        self._identifiers: Dict[str, Matches] = {}
        self.classified: Set[tuple] = set()

    def _run(self, platform: Platform, identifier: str, name: str, publisher: str) -> Matches:
        return tuple(m for m in self.matcher.classify(platform, identifier, name, publisher)
                     if m.app_id in self.relevant)

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
        self.classified.add(("identifier", identifier))
        found = self._identifiers.get(identifier)
        if found is None:
            found = self._identifiers[identifier] = self._run(Platform.OTHER, identifier, "", "")
        return bool(found)
