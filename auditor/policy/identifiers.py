"""What an inventory's identifier is, and whether a miss on it settles the row: ONE table.

An identifier the catalog lists decides the match, whatever its form. When the catalog does not list it,
whether the row may still be matched by its name (and publisher) depends on what kind of identifier it is:

- MSIX full name `Name_1.2.3.4_x64_res_publisherid`: looked up as its family `Name_publisherid`, then its
  package name `Name`. A miss blocks name matching (the package identity is namespaced).
- MSIX family `Name_publisherid` (13 characters of Crockford base32): itself, then `Name`. Blocks.
- Product code, a GUID (`{...}`, `{...}_is1`): itself. Does not block: MSI product codes and uninstall keys
  change with every version.
- CPE `vendor:product` (Defender TVM): itself. Does not block: Defender's vendor and product are the
  publisher and the name in other words.
- Uninstall key, on Windows a key name that is not dotted (`CapCut`, `Mozilla Firefox 120.0 (x64 en-US)`):
  itself. Does not block: installers name their keys as they like.
- Namespaced id, anything else (Android package, Apple bundle id, MSIX package name, winget id, Linux package,
  Flatpak or Snap name, Chrome extension id): itself. Blocks: a clone with the real app's name has its own id.

An MSIX identity written in a NAME column (`BytedancePte.Ltd.TikTok`, or a full or family name) is looked up
the same way, among the catalog's `msix_family` and `appx_name` identifiers only.

A namespaced id the catalog does not list may still say WHOSE it is: when it lies in a company's namespace
(`companies[].namespaces`, reverse-DNS prefixes such as `com.tencent.`, matched at a dot, never inside a
label), it is that company's app (auditor.policy.matcher: a probable finding under a rule that bans the whole
company, a near miss otherwise). Only that form is looked up in namespaces: MSIX names, product codes, CPEs and
uninstall keys are not reverse-DNS."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Mapping, Optional, Tuple

from auditor.model import Platform
from auditor.policy.catalog import CPE_VALUE, Company

# A package publisher id: 13 characters of Crockford base32 (no i, l, o, u).
_PUBLISHER_ID = r"[0-9a-hjkmnp-tv-z]{13}"
_MSIX_NAME = r"[a-z0-9][a-z0-9.\-]*"
_MSIX_FULL = re.compile(rf"(?P<name>{_MSIX_NAME})_\d+(?:\.\d+){{3}}_(?:x86|x64|arm|arm64|neutral)_[a-z0-9.\-]*_"
                        rf"(?P<publisher>{_PUBLISHER_ID})")
_MSIX_FAMILY = re.compile(rf"(?P<name>{_MSIX_NAME})_(?P<publisher>{_PUBLISHER_ID})")
# A bare MSIX package name in a name column: dotted, no spaces ("BytedancePte.Ltd.TikTok").
_MSIX_BARE = re.compile(r"[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)+")
_GUID = re.compile(r"\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?(?:_is1)?")
_CPE = re.compile(CPE_VALUE)
_DOTTED = re.compile(r"[^\s.]+(?:\.[^\s.]+)+")

MSIX_TYPES = frozenset({"msix_family", "appx_name"})
# Prefixes Linux distributions put before a vendor's own package name when they repackage it as a plug-in of an
# input-method framework: Arch's AUR repackages Sogou's `sogoupinyin` deb as `fcitx-sogoupinyin` and Ubuntu Kylin's
# `sogouimebs` as `fcitx-sogouimebs` (docs/sources-notes.md, 'Fifth held-out evaluation keys', `fcitx-repack`).
# Only a catalogued `linux_package` is looked up behind them (auditor.policy.matcher: a probable match), never a
# name: `fcitx-googlepinyin`, `fcitx5-rime` are other engines, whose names the catalog does not list.
REPACKAGING_PREFIXES = ("fcitx5-", "fcitx-")


Lookups = Optional[Tuple[str, ...]]  # the values to look up in the catalog; None: not this form


# Each recogniser looks for a character its form must have before it tries a regular expression: most
# identifiers are bundle ids and packages, recognised by none but the last.
def _msix_full(_platform: Platform, key: str) -> Lookups:
    found = _MSIX_FULL.fullmatch(key) if "__" in key or key.count("_") >= 4 else None
    return (f"{found['name']}_{found['publisher']}", found["name"]) if found else None


def _msix_family(_platform: Platform, key: str) -> Lookups:
    found = _MSIX_FAMILY.fullmatch(key) if "_" in key else None
    return (key, found["name"]) if found else None


def _product_code(_platform: Platform, key: str) -> Lookups:
    return (key,) if "-" in key and _GUID.fullmatch(key) else None


def _cpe(_platform: Platform, key: str) -> Lookups:
    return (key,) if ":" in key and _CPE.fullmatch(key) else None


def _uninstall_key(platform: Platform, key: str) -> Lookups:
    return (key,) if platform == Platform.WINDOWS and not _DOTTED.fullmatch(key) else None


def _namespaced(_platform: Platform, key: str) -> Lookups:
    return (key,)


@dataclass(frozen=True)
class IdentifierForm:
    kind: str
    decides: bool  # True: when the catalog does not list it, the row is not matched by name
    recognise: Callable[[Platform, str], Lookups]
    in_namespaces: bool = False  # True: a company namespace may say whose an unlisted one is


# THE table (the module docstring says why each row decides or not); the first form that recognises wins.
FORMS: Tuple[IdentifierForm, ...] = (
    IdentifierForm("msix-full-name", True, _msix_full),
    IdentifierForm("msix-family", True, _msix_family),
    IdentifierForm("product-code", False, _product_code),
    IdentifierForm("cpe", False, _cpe),
    IdentifierForm("uninstall-key", False, _uninstall_key),
    IdentifierForm("namespaced", True, _namespaced, in_namespaces=True),
)


def identifier_form(platform: Platform, key: str) -> Tuple[IdentifierForm, Tuple[str, ...]]:
    """The form of a normalised inventory identifier, and the values to look up in the catalog."""
    for form in FORMS:
        lookups = form.recognise(platform, key)
        if lookups is not None:
            return form, lookups
    raise AssertionError("the last form recognises every identifier")


def cpe_product_name(key: str) -> str:
    """The name a Defender TVM `vendor:product` CPE spells ("kaspersky:endpoint_security" -> "kaspersky endpoint
    security"), for a row whose display name is the product token alone; "" when the key is not a CPE. The vendor
    is not repeated when the product already starts with it ("kaspersky:kaspersky_anti-virus")."""
    if ":" not in key or not _CPE.fullmatch(key):
        return ""
    vendor, product = (part.replace("_", " ").strip() for part in key.split(":", 1))
    return product if product.startswith(vendor) else f"{vendor} {product}"


def msix_identity_in_name(name_key: str) -> Optional[Tuple[str, ...]]:
    """The MSIX identity values a name column holds (a full name, a family or a bare package name), as
    lower-case lookups among msix_family / appx_name identifiers; None when the name is not one."""
    key = name_key.strip()
    if " " in key:
        return None
    found = _msix_full(Platform.WINDOWS, key) or _msix_family(Platform.WINDOWS, key)
    if found is not None:
        return found
    return (key,) if _MSIX_BARE.fullmatch(key) else None


Owner = Tuple[str, str]  # (company id, the namespace prefix)


class Namespaces:
    """Every company namespace, by prefix, computed once per library. Not memoised here: the classifier
    (auditor.reading.classifier) remembers each distinct identifier's answer, namespace included, and the
    matcher asks once per distinct app."""

    def __init__(self, companies: Mapping[str, Company]) -> None:
        self._owners: Dict[str, Optional[Owner]] = {}
        for company in companies.values():
            for n in company.namespaces:
                self._owners[n.prefix] = (company.id, n.prefix)
        for company in companies.values():
            for n in company.namespace_lookalikes:
                self._owners[n.prefix] = None  # a longer prefix: it decides before the namespace it lies in

    def owner(self, key: str) -> Optional[Owner]:
        """(company id, prefix) of the namespace a normalised identifier lies in, or None: the longest prefix
        ending at a dot decides ("com.kaspersky.kaspresso.sample" lies in a look-alike, not in com.kaspersky.);
        the namespace's own domain ("com.romwe" for com.romwe.) lies in it too."""
        if not self._owners or "." not in key:
            return None
        end = len(key) + 1
        text = key + "."
        while end > 0:
            prefix = text[:end]
            if prefix in self._owners:
                return self._owners[prefix]
            end = text.rfind(".", 0, end - 1) + 1
        return None
