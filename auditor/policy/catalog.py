"""The app catalog: what each app is, who makes it, and how inventories name it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Tuple

from auditor.errors import PolicyError
from auditor.textio.yamlfile import Fields

CATALOG_SCHEMA = "fleet-auditor/catalog/1"
ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
CATALOG_PLATFORMS = ("ios", "ipados", "android", "macos", "windows", "linux", "chromeos", "chrome", "web", "any")
IDENTIFIER_TYPES = ("bundle_id", "package", "msix_family", "appx_name", "winget_id", "arp_product_code",
                    "linux_package", "chrome_extension", "cpe", "app_store_id", "team_id")
# Kept in the catalog as documentation: inventories do not carry these, so they are never matched.
DOCUMENTATION_TYPES = ("app_store_id", "team_id")
CONFIDENCE = ("verified", "likely", "unverified")


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
class Company:
    id: str
    name: str
    publishers: Tuple[str, ...]
    sources: Tuple[str, ...]
    file: str


@dataclass(frozen=True)
class CatalogApp:
    id: str
    name: str
    company: str
    names: Tuple[str, ...]
    aliases: Tuple[str, ...]
    publishers: Tuple[str, ...]
    identifiers: Tuple[Identifier, ...]
    lookalikes: Tuple[Lookalike, ...]
    sources: Tuple[str, ...]
    file: str

    def platforms(self) -> Tuple[str, ...]:
        return tuple(sorted({i.platform for i in self.identifiers}))


def parse_company(file: str, path: str, data: Any) -> Company:
    f = Fields(file, path, data, ("id", "name", "publishers", "sources", "notes"), PolicyError)
    return Company(
        id=f.text("id", required=True, pattern=ID_PATTERN, what="an id of lower-case letters, digits and '-'"),
        name=f.text("name", required=True),
        publishers=f.texts("publishers"),
        sources=f.texts("sources"),
        file=file,
    )


def parse_app(file: str, path: str, data: Any) -> CatalogApp:
    f = Fields(file, path, data, ("id", "name", "company", "names", "aliases", "publishers", "identifiers",
                                  "lookalikes", "sources", "notes", "owner"), PolicyError)
    identifiers = []
    for ipath, item in f.items("identifiers"):
        i = Fields(file, ipath, item, ("platform", "type", "value", "confidence", "sources", "note"), PolicyError)
        identifiers.append(Identifier(
            platform=i.choice("platform", CATALOG_PLATFORMS),
            type=i.choice("type", IDENTIFIER_TYPES),
            value=i.text("value", required=True),
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
        publishers=f.texts("publishers"),
        identifiers=tuple(identifiers),
        lookalikes=tuple(lookalikes),
        sources=f.texts("sources"),
        file=file,
    )
