"""The catalog's look-alikes: inventory apps known NOT to be a banned app ("TikTok Downloader", "Lark Player",
"TikTok" by an unrelated developer). A row that a look-alike covers is never matched by its name, pattern or
publisher (an identifier the catalog lists still decides), and is never a near miss.

A look-alike covers a row when every field it sets (name, publisher, identifier) equals the row's, after the
same normalisation as matching; a look-alike publisher with a legal form covers only publishers with a form of
the same kind ("Lark Technologies, Inc." covers "Lark Technologies Inc", not "Lark Technologies Pte. Ltd.").
`catalog_problems` checks the catalog as a whole: no look-alike may match an app by name or pattern unless a
publisher or identifier it names tells it apart, and none names a publisher of the app's own family."""
from __future__ import annotations

from typing import Dict, List, Mapping, Optional, Tuple

from auditor.policy.catalog import CatalogApp, Lookalike
from auditor.policy.patterns import PatternSet
from auditor.policy.publishers import PublisherFamilies
from auditor.policy.textnorm import PublisherKey, normalise_identifier, normalise_name, publisher_key

_Pinned = Tuple[Optional[PublisherKey], Optional[str]]  # (publisher, identifier key); None: not set


class Lookalikes:
    def __init__(self, apps: Mapping[str, CatalogApp]) -> None:
        self._by_name: Dict[str, List[_Pinned]] = {}
        for app in apps.values():
            for lk in app.lookalikes:
                name, pinned = key_of(lk)
                self._by_name.setdefault(name, []).append(pinned)

    def covers(self, name_key: str, publisher: Optional[PublisherKey], identifier_key: str) -> bool:
        for name in (name_key, "") if "" in self._by_name else (name_key,):
            for pinned, identifier in self._by_name.get(name, ()):
                if (pinned is None or _covers_publisher(pinned, publisher)) and (
                        identifier is None or identifier == identifier_key):
                    if name or pinned is not None or identifier is not None:
                        return True
        return False


def _covers_publisher(pinned: PublisherKey, publisher: Optional[PublisherKey]) -> bool:
    return publisher is not None and pinned.name == publisher.name and (
        not pinned.kinds or bool(pinned.kinds & publisher.kinds))


def key_of(lk: Lookalike) -> Tuple[str, _Pinned]:
    return (normalise_name(lk.name) if lk.name else "",
            (publisher_key(lk.publisher) if lk.publisher else None,
             normalise_identifier(lk.identifier) if lk.identifier else None))


def catalog_problems(apps: Mapping[str, CatalogApp], names: Mapping[str, List[Tuple[str, bool]]],
                     patterns: PatternSet, families: PublisherFamilies, identifiers: Mapping[str, object]) -> List[str]:
    """Every look-alike that the matching rules alone would match, or that contradicts the catalog."""
    problems: List[str] = []
    for app in apps.values():
        for i, lk in enumerate(app.lookalikes):
            where = f"{app.file}: apps[id={app.id}].lookalikes[{i}]"
            name, (publisher, identifier) = key_of(lk)
            named_by = sorted({a for a, _ in names.get(name, ())} | set(patterns.apps(name))) if name else []
            if named_by and publisher is None and identifier is None:
                problems.append(f"{where}: {lk.name!r} is a name or pattern of {', '.join(named_by)}: a look-alike "
                                "with only a name would hide the real app; name its publisher or identifier")
            if name and patterns.apps(name):
                problems.append(f"{where}: {lk.name!r} matches the pattern of {', '.join(patterns.apps(name))}: "
                                "narrow the pattern")
            if publisher is not None and families.of_app(app.id).verified(publisher) is not None:
                problems.append(f"{where}: publisher {lk.publisher!r} is a publisher of {app.id}'s own family")
            if identifier is not None and identifier in identifiers:
                problems.append(f"{where}: identifier {lk.identifier!r} is a catalog identifier")
    return problems
