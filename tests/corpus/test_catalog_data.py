"""The shipped catalog's data, read as YAML: every publisher, pattern and identifier keeps a source explained in
docs/sources-notes.md; no product pattern matches another app's name, no publisher belongs to two companies and
no name to two apps (each would turn one app into another)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml

from auditor.policy.textnorm import normalise_name, normalise_publisher

REPO = Path(__file__).resolve().parents[2]
CATALOG = sorted((REPO / "policies" / "catalog").glob("*.yaml"))
KINDS = ("arp", "winget", "msix", "play", "appstore", "codesign", "legal", "other")
CONFIDENCE = ("verified", "likely", "unverified")


def _catalog() -> List[Tuple[str, Dict[str, Any]]]:
    return [(p.name, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in CATALOG]


def _company_publishers(company: Dict[str, Any]) -> List[Any]:
    """A company's publisher entries, its subsidiaries' included (they join its family)."""
    return list(company.get("publishers") or []) + [
        entry for sub in company.get("subsidiaries") or [] for entry in sub.get("publishers") or []]


def _apps() -> Iterator[Tuple[str, Dict[str, Any]]]:
    for name, data in _catalog():
        for app in data.get("apps") or []:
            yield name, app


def _names(app: Dict[str, Any]) -> List[str]:
    return [app["name"], *(app.get("names") or []), *(app.get("aliases") or [])]


def _keys(source: Any) -> List[str]:
    """Source keys: a list, or one string of keys separated by commas (the form `source:` takes)."""
    items = source if isinstance(source, list) else [source] if source else []
    return [k.strip() for item in items for k in str(item).split(",") if k.strip()]


def _explained_keys() -> set:
    text = (REPO / "docs" / "sources-notes.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.M))


def test_every_source_key_is_explained() -> None:
    explained = _explained_keys()
    missing = []
    for file, data in _catalog():
        for company in data.get("companies") or []:
            for entry in _company_publishers(company):
                for key in _keys(entry.get("source")) if isinstance(entry, dict) else ():
                    if key not in explained:
                        missing.append(f"{file}: {company['id']}: {key}")
        for app in data.get("apps") or []:
            for ident in app.get("identifiers") or []:
                if not ident.get("sources"):
                    missing.append(f"{file}: {app['id']}: {ident['value']} has no source")
                missing += [f"{file}: {app['id']}: {k}" for k in ident.get("sources") or [] if k not in explained]
            for pattern in app.get("patterns") or []:
                missing += [f"{file}: {app['id']}: {k}" for k in _keys(pattern.get("source")) if k not in explained]
    assert not missing, "\n".join(missing)


def test_publisher_entries_are_complete_and_belong_to_one_company() -> None:
    owner: Dict[str, str] = {}
    problems = []
    for file, data in _catalog():
        for company in data.get("companies") or []:
            for entry in _company_publishers(company):
                if not isinstance(entry, dict) or set(entry) != {"value", "kind", "confidence", "source"}:
                    problems.append(f"{file}: {company['id']}: {entry!r}: expected value, kind, confidence, source")
                    continue
                if entry["kind"] not in KINDS or entry["confidence"] not in CONFIDENCE or not _keys(entry["source"]):
                    problems.append(f"{file}: {company['id']}: {entry!r}")
                key = normalise_publisher(str(entry["value"]))
                if owner.setdefault(key, company["id"]) != company["id"]:
                    problems.append(f"{entry['value']!r} is a publisher of {owner[key]} and of {company['id']}")
    assert not problems, "\n".join(problems)


def test_every_subsidiary_cites_its_ownership_and_namespaces() -> None:
    """A subsidiary's ownership starts with a key explained in docs/sources-notes.md ("own-tme: ..."), and each of
    its namespaces has a source: a company-wide rule reaches it only because of them."""
    explained = _explained_keys()
    problems = []
    for file, data in _catalog():
        for company in data.get("companies") or []:
            for sub in company.get("subsidiaries") or []:
                key = str(sub.get("ownership") or "").split(":", 1)[0].strip()
                if key not in explained:
                    problems.append(f"{file}: {company['id']}: {sub.get('name')}: ownership key {key!r}")
                problems += [f"{file}: {company['id']}: {sub.get('name')}: {n.get('prefix')} has no source"
                             for n in sub.get("namespaces") or [] if not n.get("source")]
    assert not problems, "\n".join(problems)


def test_no_name_belongs_to_two_apps() -> None:
    owner: Dict[str, str] = {}
    clashes = []
    for _, app in _apps():
        for name in _names(app):
            key = normalise_name(str(name))
            if owner.setdefault(key, app["id"]) != app["id"]:
                clashes.append(f"{name!r}: {owner[key]} and {app['id']}")
    assert not clashes, "\n".join(clashes)


PATTERNS = [(app["id"], p) for _, app in _apps() for p in app.get("patterns") or []]


@pytest.mark.parametrize("app_id,entry", PATTERNS, ids=[f"{a}:{p['pattern']}" for a, p in PATTERNS])
def test_pattern(app_id: str, entry: Dict[str, Any]) -> None:
    assert set(entry) == {"pattern", "examples", "source"} and entry["examples"] and entry["source"], entry
    # The loader refuses unsafe patterns and examples the pattern misses (auditor.policy.catalog); the catalog
    # test refuses look-alikes a pattern matches. What only the whole catalog shows: another app's name.
    compiled = re.compile(entry["pattern"])
    others = [(a["id"], n) for _, a in _apps() if a["id"] != app_id for n in _names(a)]
    hits = [(owner, name) for owner, name in others if compiled.fullmatch(normalise_name(str(name)))]
    assert not hits, f"{entry['pattern']} matches other apps' names: {hits}"
