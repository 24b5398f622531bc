"""Near misses: inventory apps that matched nothing but resemble an app a rule names, so that an officer can
confirm them (and add them to the organisation's catalog) or dismiss them. Never findings.

An app resembles a catalog app when it has the same normalised name but an identifier the catalog does not
list, a publisher of the app's family, or a distinctive word of the app's names ("tiktok", "kaspersky",
"抖音"). Distinctive: the whole of a one-word name ("QQ", "Lark", "Telegram"), or a word of three letters or
more of a longer name that is not an ordinary word of app names ("video", "player", "security", ...)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Dict, List, Mapping, Optional, Set, Tuple

from auditor.policy.catalog import CatalogApp, Company
from auditor.policy.publishers import PublisherFamilies
from auditor.policy.textnorm import has_cjk, normalise_name

# Latin letters and digits, or a run of another script: "tiktok国际版" -> tiktok, 国际版.
_TOKENS = re.compile(r"[a-z0-9]+|[^\W_a-z0-9]+")

# Words that app names share without being the same app.
STOP_WORDS = frozenset("""
about agent ai all anti antivirus app apps assistant bang battery booster browser business call calls camera
center centre chat clean cleaner cleaning clash client cloud club community connect connection desktop download
downloader edition editor email endpoint enterprise explorer factory file files fly for free game games global go
guide helper hide international internet kids kings launcher legends lite live mac macos mail maker manager map
maps market master meet meeting messenger mini mobile music network new news newsfeed office player plus
privacy pro protection recorder safe saver scan scanner screen secure security selfie service shop shopping
social space status store studio sweet templates the tool tools total trade trading translate translator video
videos vpn wallet windows linux android ios wonder work workplace world your you and with""".split())


@dataclass(frozen=True)
class Resemblance:
    """What an inventory app that matched nothing shares with a catalog app a rule names."""

    resembles: str  # the catalog app id
    reason: str


def tokens(key: str) -> Tuple[str, ...]:
    return tuple(_TOKENS.findall(key))


class Resemblances:
    """Precomputed once per library: names, distinctive words and CJK names of every catalog app."""

    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company],
                 families: PublisherFamilies) -> None:
        self.apps = apps
        self.companies = companies
        self.families = families
        self._words: Dict[str, List[str]] = {}
        self._cjk: Dict[str, List[str]] = {}
        for app in sorted(apps.values(), key=lambda a: a.id):
            for raw in (app.name, *app.names, *app.aliases):
                key = normalise_name(raw)
                words = tokens(key)
                for word in words:
                    if has_cjk(word):
                        if len(word) >= 2:
                            self._add(self._cjk, word, app.id)
                    elif len(words) == 1 or (len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()):
                        self._add(self._words, word, app.id)

    @staticmethod
    def _add(index: Dict[str, List[str]], key: str, app_id: str) -> None:
        if app_id not in index.setdefault(key, []):
            index[key].append(app_id)

    def of(self, name_key: str, named_by: Collection[str], identifier: str, publisher: str, publisher_key: str,
           relevant: Collection[str]) -> Optional[Resemblance]:
        """The first resemblance of an app that matched nothing: its name names an app (the identifier told it
        apart), its publisher is of an app's family, or its name shares a distinctive word."""
        for app_id in sorted(named_by):
            if app_id in relevant:
                return Resemblance(app_id, f"same name as {self.apps[app_id].name}, but identifier "
                                           f"'{identifier}' is not one of its identifiers in the catalog")
        if publisher_key:
            for app_id in sorted(self.families.apps(publisher_key)):
                if app_id in relevant:
                    app = self.apps[app_id]
                    company = self.companies.get(app.company)
                    whose = f"{company.name}'s" if company else f"{app.name}'s"
                    return Resemblance(app_id, f"publisher '{publisher}' is {whose}, but the catalog does not name "
                                               "this app")
        seen: Set[str] = set()
        for word in tokens(name_key):
            for app_id in self._words.get(word, ()):
                if app_id in relevant and app_id not in seen:
                    return Resemblance(app_id, f"its name has the word '{word}' of {self.apps[app_id].name}")
                seen.add(app_id)
        if has_cjk(name_key):
            for part, app_ids in self._cjk.items():
                if part in name_key:
                    for app_id in app_ids:
                        if app_id in relevant:
                            return Resemblance(app_id, f"its name contains '{part}' of {self.apps[app_id].name}")
        return None
