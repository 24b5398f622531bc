"""The compiled matcher: which catalog apps an installed app is, how we know, and how sure we are.

Most precise first, never substrings:
1. The identifier: one the catalog lists decides (confirmed when the catalog marks it verified, probable when
   likely or unverified). One it does not list blocks name matching when it is namespaced (an Android package,
   a bundle id, a Linux package, an MSIX identity: a clone has its own), not when it is a product code, an
   uninstall key or a CPE (auditor.policy.identifiers: ONE table). It never blocks the publisher: with a
   publisher of the family, a catalog name is the app (probable) and an unknown name the company (rule 7), on
   every platform alike.
2. An MSIX identity in the name column (`BytedancePte.Ltd.TikTok`): as an identifier.
3. The exact name, a localised name or alias, or a product pattern of the app: confirmed with a publisher of
   the app's company family, probable with no publisher or another one (the note says what would confirm it).
   A look-alike the catalog lists is never matched.
4. A namespaced identifier the catalog does not list that is a catalog identifier followed by dot-separated
   labels (`com.xunmeng.pinduoduo.lifestyle`: lite, regional and OEM builds), or a catalog Linux package behind a
   distribution's repackaging prefix (`fcitx-sogoupinyin`: auditor.policy.identifiers.REPACKAGING_PREFIXES): a
   probable match of that app.
5. A namespaced identifier the catalog does not list, in a company's namespace (`com.tencent.`, or a
   subsidiary's: `com.kugou.`): a probable match of the company's app its name names, or else of the company's
   entry (`company:<id>`); the note names the subsidiary.
6. The exact name of a subsidiary's product (`companies[].subsidiaries[].products`: "KugouMusic", 爱奇艺) on an
   app the catalog does not name: a probable match of the company's entry (the note names the subsidiary).
7. A publisher of a company's family (its subsidiaries' included) on an app the catalog does not name, or a
   publisher that carries the company's or a subsidiary's brand as a word AND a legal form ("Beijing Xiaomi
   Mobile Software Co., Ltd.", "北京爱奇艺科技有限公司": a legal entity named after the company, such as a unit or
   subsidiary the catalog does not list; not a brand marked `legal_entity: false`, an ordinary word):
   a probable match of the company's entry (`company:<id>`), which only a rule that bans the whole company
   (`companies: [...]`) reports. A brand in a NAME is never a finding (auditor.policy.nearmiss).

Everything is precomputed once per library; `classify` runs once per distinct app (the classifier memoises)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Dict, FrozenSet, List, Mapping, NamedTuple, Optional, Sequence, Set, Tuple

from auditor.model import Confidence, MatchMode, Platform
from auditor.policy.catalog import DOCUMENTATION_TYPES, MAX_PATTERN_NAME, CatalogApp, Company, Identifier, Namespace
from auditor.policy.identifiers import (MSIX_TYPES, REPACKAGING_PREFIXES, Namespaces, cpe_product_name,
                                        identifier_form, msix_identity_in_name)
from auditor.policy.lookalikes import Lookalikes, catalog_problems
from auditor.policy.nearmiss import Brands, Resemblance, Resemblances
from auditor.policy.patterns import PatternSet
from auditor.policy.publishers import PublisherFamilies, company_entry_id
from auditor.policy.textnorm import PublisherKey, normalise_identifier, normalise_name, publisher_key

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
# Among matches of one app by one row, the strongest evidence is the one reported.
_MODE_RANK = {MatchMode.IDENTIFIER: 0, MatchMode.PUBLISHER_NAME: 1, MatchMode.PUBLISHER_PATTERN: 2,
              MatchMode.NAME: 3, MatchMode.ALIAS: 4, MatchMode.PATTERN: 5, MatchMode.NAMESPACE: 6,
              MatchMode.PUBLISHER: 7}
_SURENESS = {"verified": 0, "likely": 1, "unverified": 2}
# Identifier types whose variant builds append dot-separated labels to the app's own id ("….lifestyle", ".xiaomi").
_VARIANT_TYPES = frozenset({"package", "bundle_id", "flatpak"})
_NAME_MODES = {"name": (MatchMode.NAME, MatchMode.PUBLISHER_NAME), "alias": (MatchMode.ALIAS, MatchMode.PUBLISHER_NAME),
               "pattern": (MatchMode.PATTERN, MatchMode.PUBLISHER_PATTERN)}


def _publisher_key(shown: str) -> Optional[PublisherKey]:
    key = publisher_key(shown) if shown else None
    return key if key is not None and key.name else None


class _Keys(NamedTuple):
    raw: Tuple[str, str, str]  # (identifier, name, publisher) as the inventory wrote them
    identifier: str
    name: str
    publisher: Optional[PublisherKey]  # None: no publisher
    named: List[Tuple[str, str]]  # (app id, "name" | "alias" | "pattern") the name names


@dataclass(frozen=True)
class Match:
    app_id: str  # a catalog app id, or a company entry `company:<id>`
    mode: MatchMode
    value: str  # what matched: the catalog identifier, or the name (and publisher)
    confidence: Confidence = Confidence.CONFIRMED
    note: str = ""  # for a probable match: why it is not confirmed, and what would confirm it

    @property
    def confirmed(self) -> bool:
        return self.confidence == Confidence.CONFIRMED

    def outranks(self, other: "Match") -> bool:
        return (not self.confirmed, _MODE_RANK[self.mode]) < (not other.confirmed, _MODE_RANK[other.mode])


class Matcher:
    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company]) -> None:
        self.apps = apps
        self.companies = companies
        self.families = PublisherFamilies(apps, companies)
        self._identifiers: Dict[str, List[Tuple[str, Identifier]]] = {}
        self._msix: Dict[str, List[Tuple[str, Identifier]]] = {}
        self._names: Dict[str, List[Tuple[str, bool]]] = {}
        self._msix_signed: Dict[str, Set[str]] = {}  # MSIX package name -> the families the catalog lists
        for app in apps.values():
            for ident in app.identifiers:
                if ident.type in DOCUMENTATION_TYPES:
                    continue
                key = normalise_identifier(ident.value)
                self._identifiers.setdefault(key, []).append((app.id, ident))
                if ident.type in MSIX_TYPES:
                    self._msix.setdefault(key, []).append((app.id, ident))
                if ident.type == "msix_family":
                    self._msix_signed.setdefault(key.rsplit("_", 1)[0], set()).add(key)
            for name in (app.name, *app.names):
                self._add_name(normalise_name(name), app.id, False)
            for alias in app.aliases:
                self._add_name(normalise_name(alias), app.id, True)
        self.patterns = PatternSet((app.id, p.pattern) for app in apps.values() for p in app.patterns)
        self.lookalikes = Lookalikes(apps)
        self.namespaces = Namespaces(companies)
        self._prefixes: Dict[Tuple[str, str], Namespace] = {
            (c.id, n.prefix): n for c in companies.values() for n in c.namespaces}
        self.brands = Brands(companies)
        # The normalised product names of subsidiaries: (company id, subsidiary name) each.
        self._products: Dict[str, List[Tuple[str, str]]] = {}
        for company in companies.values():
            for subsidiary in company.subsidiaries:
                for product in subsidiary.products:
                    owners = self._products.setdefault(normalise_name(product), [])
                    if (company.id, subsidiary.name) not in owners:
                        owners.append((company.id, subsidiary.name))
        self.resemblances = Resemblances(apps, companies, self.families, self.brands)
        self._last: Optional[_Keys] = None

    def _add_name(self, key: str, app_id: str, is_alias: bool) -> None:
        entries = self._names.setdefault(key, [])
        if not any(a == app_id for a, _ in entries):
            entries.append((app_id, is_alias))

    def lookalike_problems(self) -> List[str]:
        """Look-alikes the rules alone would match, or that contradict the catalog (tested for the whole
        catalog: tests/policy/test_catalog_lookalikes.py)."""
        return catalog_problems(self.apps, self._names, self.patterns, self.families, self._identifiers)

    def _keys(self, identifier: str, name: str, publisher: str) -> "_Keys":
        """The normalised forms of one app's strings and the apps its name names; the last app's are kept, as
        the classifier asks `resemblance` about the app `classify` has just answered."""
        held = self._last
        if held is not None and held.raw == (identifier, name, publisher):
            return held
        name_key = normalise_name(name) if name.strip() else ""
        id_key = normalise_identifier(identifier)
        named = self._named(name_key) if name_key else []
        if name_key and not named and ":" in id_key:
            # Defender TVM names software by its CPE's product token ("endpoint security" of
            # kaspersky:endpoint_security): the vendor and product together are the name it means.
            spelled = normalise_name(cpe_product_name(id_key))
            named_by_cpe = self._named(spelled) if spelled else []
            if named_by_cpe:
                name_key, named = spelled, named_by_cpe
        shown = publisher.strip()
        keys = _Keys((identifier, name, publisher), id_key, name_key, _publisher_key(shown), named)
        self._last = keys
        return keys

    def classify(self, platform: Platform, identifier: str, name: str, publisher: str) -> Tuple[Match, ...]:
        """Every catalog app (or company entry) this installed app is. Called once per distinct app."""
        keys = self._keys(identifier, name, publisher)
        id_key, name_key, pub_key = keys.identifier, keys.name, keys.publisher
        shown_publisher = publisher.strip()
        found: Dict[str, Match] = {}
        blocked = False
        if id_key:
            form, lookups = identifier_form(platform, id_key)
            allowed = _IDENTIFIER_PLATFORMS.get(platform)  # None: the source did not say; any platform
            for value in self._signed(lookups):
                listed = [(app_id, ident) for app_id, ident in self._identifiers.get(value, ())
                          if allowed is None or ident.platform in allowed]
                # One identifier listed for two apps: the app the catalog is surest of is the app.
                surest = min((_SURENESS[ident.confidence] for _, ident in listed), default=0)
                for app_id, ident in listed:
                    if _SURENESS[ident.confidence] == surest:
                        self._keep(found, self._by_identifier(app_id, ident))
            blocked = form.decides and not found
            if blocked and form.in_namespaces and not self.lookalikes.covers(name_key, pub_key, id_key):
                self._variant(found, id_key, allowed, identifier.strip())
                if not found:
                    self._repackaged(found, id_key, allowed, identifier.strip())
                if not found:
                    self._in_namespace(found, id_key, keys, identifier.strip(), name.strip())
        if blocked:
            if not found:
                self._despite_identifier(found, keys, identifier.strip(), name.strip(), shown_publisher)
            return tuple(found.values())
        if not name_key:
            return tuple(found.values())
        msix = msix_identity_in_name(normalise_identifier(name)) if "." in name or "_" in name else None
        for value in self._signed(msix) if msix else ():
            for app_id, ident in self._msix.get(value, ()):
                self._keep(found, self._by_identifier(app_id, ident))
        if self.lookalikes.covers(name_key, pub_key, id_key):
            return tuple(found.values())
        for app_id, kind in keys.named:
            if found and app_id not in found:
                continue  # an identifier said which app this is
            self._keep(found, self._by_name(app_id, kind, name.strip(), shown_publisher, pub_key))
        if not found:
            for company_id, subsidiary in self._products.get(name_key, ()):
                self._keep(found, self._by_product(company_id, subsidiary, name.strip(), shown_publisher, pub_key))
        if not found and pub_key is not None:
            for company_id in sorted(self.families.companies(pub_key)):
                self._keep(found, self._by_publisher(company_id, name.strip(), shown_publisher, pub_key))
            if not found and pub_key.kinds:
                self._by_legal_entity(found, name.strip(), shown_publisher, pub_key)
        return tuple(found.values())

    def _despite_identifier(self, found: Dict[str, Match], keys: "_Keys", identifier: str, name: str,
                            publisher: str) -> None:
        """An identifier the catalog does not list blocks the NAME (a clone with the real app's name has its own
        id), never the PUBLISHER: a Linux package, an Android package or a bundle id by a publisher of a
        company's family is that company's product on every platform, as an app without an identifier is on
        Windows. With the name of one of the family's apps it is that app, probable (the identifier is not
        the app's in the catalog); otherwise the company's entry (the publisher rules of `classify`)."""
        pub_key = keys.publisher
        if pub_key is None or self.lookalikes.covers(keys.name, pub_key, keys.identifier):
            return
        for app_id, kind in keys.named:
            if self.families.of_app(app_id).verified(pub_key) is None:
                continue
            app = self.apps[app_id]
            matched = "matches a product pattern of" if kind == "pattern" else "is a name of"
            self._keep(found, Match(app_id, _NAME_MODES[kind][1], f"{name} / {publisher}", Confidence.PROBABLE,
                                    f"'{name}' {matched} {app.name} and publisher '{publisher}' is "
                                    f"{self._whose(app)}, but identifier '{identifier}' is not one of the app's "
                                    "identifiers in the catalog: confirm the package on the device (its vendor "
                                    "and origin), then add the identifier to your catalog"))
        shown = name or identifier
        if not found:
            for company_id in sorted(self.families.companies(pub_key)):
                self._keep(found, self._by_publisher(company_id, shown, publisher, pub_key))
        if not found and pub_key.kinds:
            self._by_legal_entity(found, shown, publisher, pub_key)

    def _variant(self, found: Dict[str, Match], id_key: str, allowed: Optional[FrozenSet[str]],
                 identifier: str) -> None:
        """An unlisted identifier that is a listed package or bundle id followed by dot-separated labels
        (`com.xunmeng.pinduoduo.lifestyle`, `com.sohu.inputmethod.sogou.xiaomi`): a variant build of that app
        (lite, regional, OEM), probable. The longest listed id decides; an id the catalog lists for another app
        has already decided before this is asked. The app's own id is the namespace here (MatchMode.NAMESPACE)."""
        end = id_key.rfind(".")
        while end > 0:
            parent = id_key[:end]
            listed = [(app_id, ident) for app_id, ident in self._identifiers.get(parent, ())
                      if ident.type in _VARIANT_TYPES and (allowed is None or ident.platform in allowed)]
            for app_id, ident in listed:
                app = self.apps[app_id]
                self._keep(found, Match(app_id, MatchMode.NAMESPACE, identifier, Confidence.PROBABLE,
                                        f"identifier '{identifier}' is {app.name}'s '{ident.value}' followed by "
                                        f"'{identifier[end:]}', as variant builds (lite, regional, OEM) are named, "
                                        "but the catalog does not list it: confirm the app in its store listing "
                                        "(its developer), then add the identifier to your catalog"))
            if listed:
                return
            end = id_key.rfind(".", 0, end)

    def _repackaged(self, found: Dict[str, Match], id_key: str, allowed: Optional[FrozenSet[str]],
                    identifier: str) -> None:
        """An unlisted Linux package that is a listed `linux_package` behind a distribution's repackaging prefix
        (`fcitx-sogoupinyin`: Sogou's `sogoupinyin` as an input-method plug-in): the vendor's package repackaged,
        probable (a repackager may change what it ships)."""
        for prefix in REPACKAGING_PREFIXES:
            if not id_key.startswith(prefix):
                continue
            vendor = id_key[len(prefix):]
            for app_id, ident in self._identifiers.get(vendor, ()):
                if ident.type == "linux_package" and (allowed is None or ident.platform in allowed):
                    app = self.apps[app_id]
                    self._keep(found, Match(app_id, MatchMode.NAMESPACE, identifier, Confidence.PROBABLE,
                                            f"package '{identifier}' is {app.name}'s Linux package '{ident.value}' "
                                            f"behind '{identifier[:len(prefix)]}', as distributions name a vendor's "
                                            "package they repackage as an input-method plug-in, but the catalog does "
                                            "not list it: confirm the package's origin on the device (its maintainer "
                                            "and the vendor's binary it carries), then add it to your catalog"))
            return

    def _signed(self, lookups: Sequence[str]) -> Sequence[str]:
        """MSIX lookups (family, then package name): a family whose package name the catalog lists with
        another publisher id is another signer's package, not the app (its package name is not looked up)."""
        if len(lookups) == 2 and lookups[1] in self._msix_signed and lookups[0] not in self._msix_signed[lookups[1]]:
            return lookups[:1]
        return lookups

    def _named(self, name_key: str) -> List[Tuple[str, str]]:
        out = [(app_id, "alias" if is_alias else "name") for app_id, is_alias in self._names.get(name_key, ())]
        if len(name_key) <= MAX_PATTERN_NAME:
            out += [(app_id, "pattern") for app_id in self.patterns.apps(name_key)]
        return out

    @staticmethod
    def _keep(found: Dict[str, Match], match: Match) -> None:
        held = found.get(match.app_id)
        if held is None or match.outranks(held):
            found[match.app_id] = match

    def _by_identifier(self, app_id: str, ident: Identifier) -> Match:
        if ident.confidence == "verified":
            return Match(app_id, MatchMode.IDENTIFIER, ident.value)
        return Match(app_id, MatchMode.IDENTIFIER, ident.value, Confidence.PROBABLE,
                     f"identifier '{ident.value}' is marked {ident.confidence} in the catalog: confirm the app on "
                     "the device or in its store listing, then mark the identifier verified in your catalog")

    def _whose(self, app: CatalogApp) -> str:
        company = self.companies.get(app.company)
        return f"{company.name}'s" if company else f"a publisher of {app.name}"

    def _by_name(self, app_id: str, kind: str, name: str, publisher: str, pub_key: Optional[PublisherKey]) -> Match:
        app = self.apps[app_id]
        plain, with_publisher = _NAME_MODES[kind]
        family = self.families.of_app(app_id)
        matched = "matches a product pattern of" if kind == "pattern" else "is a name of"
        verified = family.verified(pub_key) if pub_key is not None else None
        if verified is not None:
            if verified:
                return Match(app_id, with_publisher, f"{name} / {publisher}")
            return Match(app_id, with_publisher, f"{name} / {publisher}", Confidence.PROBABLE,
                         f"'{name}' {matched} {app.name}, and publisher '{publisher}' is listed as {self._whose(app)} "
                         "but not verified in the catalog: confirm the publisher on the device, then mark it "
                         "verified in your catalog")
        known = self.families.examples(app_id)
        confirm = f" (confirmed when it is {' or '.join(repr(p) for p in known)})" if known else ""
        other_kind = family.other_kind(pub_key) if pub_key is not None else ""
        if other_kind:
            why = (f"'{name}' {matched} {app.name}, but publisher '{publisher}' has another legal form than "
                   f"{self._whose(app)} publisher of that name ({other_kind}), so it may be another company: check "
                   "the app's publisher on the device, or add it to your catalog")
        elif pub_key is not None:
            why = (f"'{name}' {matched} {app.name}, but publisher '{publisher}' is not known as {self._whose(app)}: "
                   "check the app's publisher on the device, or add it to your catalog")
        else:
            why = (f"'{name}' {matched} {app.name}, but the inventory gives no publisher: check the app's publisher "
                   f"on the device{confirm}")
        return Match(app_id, plain, name, Confidence.PROBABLE, why)

    def _in_namespace(self, found: Dict[str, Match], id_key: str, keys: "_Keys", identifier: str, name: str) -> None:
        """An identifier the catalog does not list, in a company's namespace: the company's app its name names
        (probable: the identifier would confirm it), or else the company's entry (probable)."""
        owner = self.namespaces.owner(id_key)
        if owner is None:
            return
        company_id, prefix = owner
        company = self.companies[company_id]
        whose = self._whose_namespace(company, prefix)
        named = sorted({app_id for app_id, _ in keys.named if self.apps[app_id].company == company_id})
        for app_id in named:
            app = self.apps[app_id]
            self._keep(found, Match(app_id, MatchMode.NAMESPACE, f"{identifier} / {name}", Confidence.PROBABLE,
                                    f"'{name}' is a name of {app.name}, and identifier '{identifier}' lies in "
                                    f"{whose} '{prefix}' but is not one of the app's identifiers "
                                    "in the catalog: confirm the app on the device or in its store listing, then "
                                    "add the identifier to your catalog"))
        if not named:
            shown = f"'{name}' ({identifier})" if name else f"'{identifier}'"
            self._keep(found, Match(company_entry_id(company_id), MatchMode.NAMESPACE, identifier,
                                    Confidence.PROBABLE,
                                    f"{shown} is not in the catalog, but its identifier lies in {whose} '{prefix}': "
                                    "confirm the product on the device or in its store listing (the developer or "
                                    f"seller it names), or add it to your catalog (with company: {company_id})"))

    def _whose_namespace(self, company: Company, prefix: str) -> str:
        """"Tencent Holdings Ltd.'s namespace", or for a subsidiary's namespace "the namespace of Tencent Music
        Entertainment (a subsidiary of Tencent Holdings Ltd.: <ownership source>)"."""
        namespace = self._prefixes.get((company.id, prefix))
        return self._of_subsidiary(company, namespace.subsidiary if namespace else "", "namespace")

    @staticmethod
    def _of_subsidiary(company: Company, name: str, what: str) -> str:
        subsidiary = company.subsidiary(name)
        if subsidiary is None:
            return f"{company.name}'s {what}"
        return f"the {what} of {subsidiary.name}, a subsidiary of {company.name} ({subsidiary.ownership})"

    def _by_publisher(self, company_id: str, name: str, publisher: str, key: PublisherKey) -> Match:
        company = self.companies[company_id]
        subsidiary = next((p.subsidiary for p in company.publishers if p.subsidiary
                           and publisher_key(p.value).same_company(key)), "")
        owned = company.subsidiary(subsidiary)
        whose = (f"{owned.name}'s, a subsidiary of {company.name} ({owned.ownership})" if owned
                 else f"{company.name}'s")
        return Match(company_entry_id(company_id), MatchMode.PUBLISHER, f"{name} / {publisher}", Confidence.PROBABLE,
                     f"'{name}' is not in the catalog, but its publisher '{publisher}' is {whose}: confirm "
                     f"the product on the device, or add it to your catalog (with company: {company_id})")

    def _by_product(self, company_id: str, subsidiary: str, name: str, publisher: str,
                    pub_key: Optional[PublisherKey]) -> Match:
        """A subsidiary's product by its exact name: probable whatever the publisher (a company entry is never
        confirmed); the note says whether the publisher is the company's."""
        company = self.companies[company_id]
        owned = company.subsidiary(subsidiary)
        whose = f"{subsidiary}, a subsidiary of {company.name} ({owned.ownership})" if owned else company.name
        if pub_key is None:
            check = "the inventory gives no publisher: check the app's publisher on the device"
        elif company_id in self.families.companies(pub_key):
            check = f"publisher '{publisher}' is {company.name}'s: confirm the product on the device"
        else:
            check = (f"publisher '{publisher}' is not known as {company.name}'s: check the app's publisher on the "
                     "device")
        return Match(company_entry_id(company_id), MatchMode.NAME, name if not publisher else f"{name} / {publisher}",
                     Confidence.PROBABLE, f"'{name}' is the name of a product of {whose}, not in the catalog as an "
                                          f"app; {check}, then add it to your catalog (with company: {company_id})")

    def _by_legal_entity(self, found: Dict[str, Match], name: str, publisher: str, key: PublisherKey) -> None:
        """A publisher the catalog does not know, with a legal form and the company's own brand as a word
        ("Tencent Cloud Computing (Beijing) Company Limited"): a legal entity named after the company, probably
        one of its units or subsidiaries. A subsidiary's brand counts the same ("北京爱奇艺科技有限公司": iQIYI's,
        Baidu's), except a brand the catalog marks `legal_entity: false` (an ordinary word in other companies'
        names: "Qidian"), which stays a near miss."""
        hit = self.brands.find(key.name, legal_entity=True)
        if hit is None:
            return
        company = self.companies[hit.company_id]
        whose = self._of_subsidiary(company, hit.subsidiary, "brand")
        self._keep(found, Match(company_entry_id(company.id), MatchMode.PUBLISHER, f"{name} / {publisher}",
                                Confidence.PROBABLE,
                                f"'{name}' is not in the catalog, and its publisher '{publisher}' is not in "
                                f"{company.name}'s family, but it is a legal entity named with {whose} "
                                f"'{hit.brand}' (a unit or subsidiary, or another company using the name): "
                                "confirm the publisher's owner (its code-signing certificate or company register), "
                                f"then add it to your catalog (with company: {company.id})"))

    def resemblance(self, platform: Platform, identifier: str, name: str, publisher: str,
                    relevant: Collection[str]) -> Optional[Resemblance]:
        """For an app that matched no catalog app: what it shares with an app of `relevant` (a near miss),
        or None. Look-alikes the catalog lists are never near misses."""
        keys = self._keys(identifier, name, publisher)
        if self.lookalikes.covers(keys.name, keys.publisher, keys.identifier):
            return None
        return self.resemblances.of(keys.name, [app_id for app_id, _ in keys.named], identifier.strip(),
                                    publisher.strip(), keys.publisher, relevant, name.strip(),
                                    self.namespaces.owner(keys.identifier) if keys.identifier else None)
