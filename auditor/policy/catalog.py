"""The app catalog: what each app is, who makes it, and how inventories name it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from auditor.errors import PolicyError
from auditor.policy.patterns import pattern_problem
from auditor.policy.textnorm import normalise_name
from auditor.textio.yamlfile import Fields

CATALOG_SCHEMA = "fleet-auditor/catalog/1"
ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
CATALOG_PLATFORMS = ("ios", "ipados", "android", "macos", "windows", "linux", "chromeos", "chrome", "web", "any")
IDENTIFIER_TYPES = ("bundle_id", "package", "msix_family", "appx_name", "winget_id", "arp_product_code",
                    "linux_package", "flatpak", "snap", "chrome_extension", "cpe", "app_store_id", "team_id")
# Kept in the catalog as documentation: inventories do not carry these, so they are never matched.
DOCUMENTATION_TYPES = ("app_store_id", "team_id")
CONFIDENCE = ("verified", "likely", "unverified")
PUBLISHER_KINDS = ("arp", "winget", "msix", "play", "appstore", "codesign", "legal", "other")
# What a CPE looks like in Defender TVM: `vendor:product`, lower case.
CPE_VALUE = r"[a-z0-9][a-z0-9_.\-+~!]*:[a-z0-9][a-z0-9_.\-+~!]*"
# No product name is longer: a longer (hostile) name is never tried against a pattern.
MAX_PATTERN_NAME = 256
# A company namespace: a reverse-DNS prefix of two labels or more, ending with a dot ("com.tencent.").
_NAMESPACE = r"[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+\."


@dataclass(frozen=True)
class Publisher:
    """A name a company (or one app) publishes under, as inventories show it: ARP and winget publishers,
    MSIX publishers, store developer names, code-signing subjects, legal names."""

    value: str
    kind: str
    confidence: str  # verified: counts for a confirmed finding; likely / unverified: probable at most
    source: str
    subsidiary: str = ""  # the subsidiary (companies[].subsidiaries[].name) it is the name of; "": the company


@dataclass(frozen=True)
class NamePattern:
    pattern: str  # matched with re.fullmatch against normalise_name(...) (auditor.policy.patterns)
    examples: Tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Identifier:
    platform: str
    type: str
    value: str
    confidence: str
    note: str
    sources: Tuple[str, ...]


@dataclass(frozen=True)
class Lookalike:
    name: str
    publisher: str
    identifier: str
    note: str


@dataclass(frozen=True)
class Namespace:
    """A reverse-DNS prefix ("com.tencent.") under which a company names its apps' identifiers (Android
    packages, Apple bundle ids, Flatpak and Linux package names): a domain the company owns, or one only its
    apps are seen to use. A namespace look-alike is a prefix under it that is not the company's apps."""

    prefix: str
    source: str
    note: str
    subsidiary: str = ""  # the subsidiary whose namespace it is; "": the company's own
    domain: bool = True  # False: not the reverse of a domain the company owns (a code name, a bundle prefix)


@dataclass(frozen=True)
class Brand:
    """A company's name as other names and publishers contain it ("腾讯", "Tencent"): near misses, and with a
    legal form in a publisher a probable finding (auditor.policy.matcher)."""

    value: str
    source: str
    subsidiary: str = ""
    # False: the brand is also an ordinary word ("Qidian", 起点 "starting point"; "Tudou", potato), so a publisher
    # with it and a legal form is no finding, only a near miss; the catalog says why in the brand's `note`.
    legal_entity: bool = True


@dataclass(frozen=True)
class Subsidiary:
    """A company the parent owns or controls (Tencent Music under Tencent, iQIYI under Baidu): a rule that bans
    the parent as a whole reaches it. Its publishers, namespaces and brands join the parent's (each marked with
    the subsidiary, so that a finding says which one); `ownership` is the source for the ownership itself."""

    name: str
    ownership: str
    note: str = ""
    # Names of its products as inventories write them (exact, normalised like app names): a name-only row
    # ("KugouMusic.app", no publisher, no id) is then a probable finding of the company.
    products: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Company:
    id: str
    name: str
    publishers: Tuple[Publisher, ...]
    sources: Tuple[str, ...]
    file: str
    namespaces: Tuple[Namespace, ...] = ()
    namespace_lookalikes: Tuple[Namespace, ...] = ()
    brands: Tuple[Brand, ...] = ()
    subsidiaries: Tuple[Subsidiary, ...] = ()

    def subsidiary(self, name: str) -> Optional[Subsidiary]:
        return next((s for s in self.subsidiaries if s.name == name), None) if name else None


@dataclass(frozen=True)
class CatalogApp:
    id: str
    name: str
    company: str
    names: Tuple[str, ...]
    aliases: Tuple[str, ...]
    publishers: Tuple[Publisher, ...]
    identifiers: Tuple[Identifier, ...]
    lookalikes: Tuple[Lookalike, ...]
    sources: Tuple[str, ...]
    file: str
    patterns: Tuple[NamePattern, ...] = ()

    def platforms(self) -> Tuple[str, ...]:
        return tuple(sorted({i.platform for i in self.identifiers}))


def parse_publishers(f: Fields, subsidiary: str = "") -> Tuple[Publisher, ...]:
    """`publishers:` entries: a plain string (a verified publisher), or {value, kind, confidence, source}."""
    out: List[Publisher] = []
    for ppath, item in f.items("publishers"):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            item = {"value": item}
        p = Fields(f.file, ppath, item, ("value", "kind", "confidence", "source", "note"), PolicyError)
        out.append(Publisher(value=p.text("value", required=True), kind=p.choice("kind", PUBLISHER_KINDS, "other"),
                             confidence=p.choice("confidence", CONFIDENCE, "verified"), source=p.text("source"),
                             subsidiary=subsidiary))
    return tuple(out)


def parse_patterns(f: Fields) -> Tuple[NamePattern, ...]:
    """`patterns:` entries: {pattern, examples, source}; refused when the pattern is unsafe or too loose
    (auditor.policy.patterns) or when one of its examples does not match it."""
    out: List[NamePattern] = []
    for ppath, item in f.items("patterns"):
        p = Fields(f.file, ppath, item, ("pattern", "examples", "source", "note"), PolicyError)
        text = p.text("pattern", required=True, what="a regular expression")
        problem = pattern_problem(text)
        if problem:
            raise PolicyError(f"{f.file}: {p.sub('pattern')}: {problem}: {text!r}")
        examples = p.texts("examples")
        if not examples:
            raise p.fail(p.sub("examples"), "a list of real names (as inventories write them) that the pattern "
                                            "matches", None)
        compiled = re.compile(text)
        for i, example in enumerate(examples):
            key = normalise_name(example)
            if compiled.fullmatch(key) is None:
                raise PolicyError(f"{f.file}: {p.sub('examples')}[{i}]: expected a name the pattern {text!r} "
                                  f"matches (as normalised: {key!r}), got {example!r}")
        out.append(NamePattern(text, examples, p.text("source")))
    return tuple(out)


def parse_namespaces(f: Fields, key: str, subsidiary: str = "") -> Tuple[Namespace, ...]:
    """`namespaces:` / `namespace_lookalikes:` entries: {prefix, source, note}; a prefix is lower-case
    reverse DNS of two labels or more ending with a dot."""
    out: List[Namespace] = []
    for npath, item in f.items(key):
        n = Fields(f.file, npath, item, ("prefix", "source", "note", "domain"), PolicyError)
        prefix = n.text("prefix", required=True, pattern=_NAMESPACE,
                        what="a reverse-DNS prefix in lower case ending with a dot, such as com.tencent.")
        out.append(Namespace(prefix, n.text("source"), n.text("note"), subsidiary, n.boolean("domain", True)))
    return tuple(out)


def parse_brands(f: Fields, subsidiary: str = "") -> Tuple[Brand, ...]:
    out: List[Brand] = []
    for bpath, item in f.items("brands"):
        if isinstance(item, str):
            item = {"value": item}
        b = Fields(f.file, bpath, item, ("value", "source", "note", "legal_entity"), PolicyError)
        legal_entity = b.boolean("legal_entity", True)
        if not legal_entity and not b.text("note"):
            raise PolicyError(f"{f.file}: {bpath}: a brand with legal_entity: false needs a `note` saying which "
                              "ordinary word it is (and its source)")
        out.append(Brand(b.text("value", required=True), b.text("source"), subsidiary, legal_entity))
    return tuple(out)


def parse_company(file: str, path: str, data: Any) -> Company:
    f = Fields(file, path, data, ("id", "name", "publishers", "namespaces", "namespace_lookalikes", "brands",
                                  "subsidiaries", "sources", "notes"), PolicyError)
    publishers = list(parse_publishers(f))
    namespaces = list(parse_namespaces(f, "namespaces"))
    lookalikes = list(parse_namespaces(f, "namespace_lookalikes"))
    brands = list(parse_brands(f))
    subsidiaries: List[Subsidiary] = []
    for spath, item in f.items("subsidiaries"):
        s = Fields(file, spath, item, ("name", "ownership", "publishers", "namespaces", "namespace_lookalikes",
                                       "brands", "products", "note"), PolicyError)
        name = s.text("name", required=True)
        if any(name == known.name for known in subsidiaries):
            raise s.fail(s.sub("name"), "a subsidiary name not listed before", name)
        subsidiaries.append(Subsidiary(name, s.text("ownership", required=True,
                                                     what="the source that the company owns or controls it"),
                                       s.text("note"), s.texts("products")))
        publishers += parse_publishers(s, name)
        namespaces += parse_namespaces(s, "namespaces", name)
        lookalikes += parse_namespaces(s, "namespace_lookalikes", name)
        brands += parse_brands(s, name)
    return Company(
        id=f.text("id", required=True, pattern=ID_PATTERN, what="an id of lower-case letters, digits and '-'"),
        name=f.text("name", required=True),
        publishers=tuple(publishers),
        sources=f.texts("sources"),
        file=file,
        namespaces=tuple(namespaces),
        namespace_lookalikes=tuple(lookalikes),
        brands=tuple(brands),
        subsidiaries=tuple(subsidiaries),
    )


def parse_app(file: str, path: str, data: Any) -> CatalogApp:
    f = Fields(file, path, data, ("id", "name", "company", "names", "aliases", "publishers", "identifiers",
                                  "patterns", "lookalikes", "sources", "notes", "owner"), PolicyError)
    identifiers = []
    for ipath, item in f.items("identifiers"):
        i = Fields(file, ipath, item, ("platform", "type", "value", "confidence", "sources", "note"), PolicyError)
        kind = i.choice("type", IDENTIFIER_TYPES)
        identifiers.append(Identifier(
            platform=i.choice("platform", CATALOG_PLATFORMS),
            type=kind,
            value=i.text("value", required=True, pattern=CPE_VALUE if kind == "cpe" else None,
                         what="vendor:product in lower case, as Defender TVM writes it" if kind == "cpe"
                         else "a string"),
            confidence=i.choice("confidence", CONFIDENCE),
            note=i.text("note"),
            sources=i.texts("sources"),
        ))
    lookalikes = []
    for lpath, item in f.items("lookalikes"):
        if isinstance(item, str):
            item = {"name": item}
        lk = Fields(file, lpath, item, ("name", "publisher", "identifier", "note"), PolicyError)
        lookalikes.append(Lookalike(lk.text("name"), lk.text("publisher"), lk.text("identifier"), lk.text("note")))
    return CatalogApp(
        id=f.text("id", required=True, pattern=ID_PATTERN, what="an id of lower-case letters, digits and '-'"),
        name=f.text("name", required=True),
        company=f.text("company", pattern=ID_PATTERN, what="a company id"),
        names=f.texts("names"),
        aliases=f.texts("aliases"),
        publishers=parse_publishers(f),
        identifiers=tuple(identifiers),
        lookalikes=tuple(lookalikes),
        sources=f.texts("sources"),
        file=file,
        patterns=parse_patterns(f),
    )
