"""The compiled matcher: which catalog apps an installed app is, and how we know.

Precision first: identifiers, then publisher plus exact name, then exact name or alias only when the
inventory has nothing else. Never substrings."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Mapping, Set, Tuple

from auditor.model import MatchMode, Platform
from auditor.policy.catalog import DOCUMENTATION_TYPES, CatalogApp, Company
from auditor.policy.textnorm import normalise_identifier, normalise_name, normalise_publisher

# Catalog platforms an inventory platform may carry identifiers of. An iPad app runs on Apple silicon
# Macs with its iOS bundle id; Chrome extensions appear on any desktop and on ChromeOS.
_IDENTIFIER_PLATFORMS: Mapping[Platform, FrozenSet[str]] = {
    Platform.IOS: frozenset({"ios", "ipados", "any"}),
    Platform.IPADOS: frozenset({"ios", "ipados", "any"}),
    Platform.MACOS: frozenset({"macos", "ios", "ipados", "chrome", "any"}),
    Platform.ANDROID: frozenset({"android", "any"}),
    Platform.WINDOWS: frozenset({"windows", "chrome", "any"}),
    Platform.LINUX: frozenset({"linux", "chrome", "any"}),
    Platform.CHROMEOS: frozenset({"chromeos", "chrome", "android", "any"}),
}


@dataclass(frozen=True)
class Match:
    app_id: str
    mode: MatchMode
    value: str  # what matched: the identifier, or the name (and publisher)
    verified: bool  # False when only an `unverified` catalog identifier matched


class Matcher:
    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company]) -> None:
        self._identifiers: Dict[str, List[Tuple[str, str, bool]]] = {}
        self._names: Dict[str, List[Tuple[str, bool]]] = {}
        self._publishers: Dict[str, Set[str]] = {}
        for app in apps.values():
            for ident in app.identifiers:
                if ident.type in DOCUMENTATION_TYPES:
                    continue
                self._identifiers.setdefault(normalise_identifier(ident.value), []).append(
                    (app.id, ident.platform, ident.confidence != "unverified"))
            for name in (app.name, *app.names):
                self._add_name(normalise_name(name), app.id, False)
            for alias in app.aliases:
                self._add_name(normalise_name(alias), app.id, True)
            publishers = set(app.publishers)
            if app.company and app.company in companies:
                publishers.update(companies[app.company].publishers)
            self._publishers[app.id] = {normalise_publisher(p) for p in publishers}

    def _add_name(self, key: str, app_id: str, is_alias: bool) -> None:
        entries = self._names.setdefault(key, [])
        if not any(a == app_id for a, _ in entries):
            entries.append((app_id, is_alias))

    def classify(self, platform: Platform, identifier: str, name: str, publisher: str) -> Tuple[Match, ...]:
        """Every catalog app this installed app is. Called once per distinct app (the engine memoises)."""
        if identifier.strip():
            return self._by_identifier(platform, identifier)
        key = normalise_name(name)
        if not key:
            return ()
        entries = self._names.get(key, ())
        if publisher.strip():
            pub = normalise_publisher(publisher)
            return tuple(Match(app_id, MatchMode.PUBLISHER_NAME, f"{name.strip()} / {publisher.strip()}", True)
                         for app_id, _ in entries if pub in self._publishers.get(app_id, ()))
        return tuple(Match(app_id, MatchMode.ALIAS if is_alias else MatchMode.NAME, name.strip(), True)
                     for app_id, is_alias in entries)

    def _by_identifier(self, platform: Platform, identifier: str) -> Tuple[Match, ...]:
        allowed = _IDENTIFIER_PLATFORMS.get(platform)  # None: the source did not say; any platform
        found: Dict[str, Match] = {}
        for app_id, ident_platform, verified in self._identifiers.get(normalise_identifier(identifier), ()):
            if allowed is not None and ident_platform not in allowed:
                continue
            if app_id not in found or (verified and not found[app_id].verified):
                found[app_id] = Match(app_id, MatchMode.IDENTIFIER, identifier.strip(), verified)
        return tuple(found.values())
