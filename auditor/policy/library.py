"""Loading the catalog and packs, resolving `extends`, and choosing which packs an audit evaluates."""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Mapping, Optional, Sequence, Tuple

from auditor.errors import PolicyError
from auditor.model import Binding
from auditor.policy.binds import ORGANISATION_POLICY
from auditor.policy.catalog import CATALOG_SCHEMA, CatalogApp, Company, parse_app, parse_company
from auditor.policy.packs import Pack, Rule, parse_pack
from auditor.policy.publishers import company_entry_id, company_entry_name, company_of_entry
from auditor.resources import POLICIES_VARIABLE, policies_dir
from auditor.textio.suggest import did_you_mean
from auditor.textio.yamlfile import Fields, load_yaml


@dataclass(frozen=True)
class Library:
    apps: Mapping[str, CatalogApp]
    companies: Mapping[str, Company]
    packs: Mapping[str, Pack]
    pack_files: Mapping[str, Path]

    def company_apps(self, company_id: str) -> Tuple[str, ...]:
        return tuple(sorted(a.id for a in self.apps.values() if a.company == company_id))

    def rule_apps(self, rule: Rule) -> Tuple[str, ...]:
        """The catalog apps a rule covers: its apps plus every app of its companies."""
        ids = set(rule.apps)
        for company in rule.companies:
            ids.update(self.company_apps(company))
        return tuple(sorted(ids))

    def pack_apps(self, pack: Pack) -> Tuple[str, ...]:
        return tuple(sorted({a for r in pack.rules for a in self.rule_apps(r)}))

    def rule_targets(self, rule: Rule) -> Tuple[str, ...]:
        """What a finding under a rule can be about: the apps it covers and, for each company it bans as a
        whole, the company's entry `company:<id>` (a product of the company that the catalog does not name)."""
        return self.rule_apps(rule) + tuple(company_entry_id(c) for c in rule.companies)

    def catalog_ids(self) -> FrozenSet[str]:
        """Every id a finding's `catalog_id` can have (what a waiver's `app:` may name)."""
        return frozenset(self.apps) | frozenset(company_entry_id(c) for c in self.companies)

    def entry_name(self, catalog_id: str) -> str:
        """The display name of a catalog app or company entry."""
        company_id = company_of_entry(catalog_id)
        return company_entry_name(self.companies[company_id]) if company_id else self.apps[catalog_id].name


def _display(path: Path, root: Path) -> str:
    """Library files are named as policies/packs/x.yaml; other files as the user named them."""
    try:
        return "policies/" + path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _read_catalog(path: Path, name: str, apps: Dict[str, CatalogApp], companies: Dict[str, Company]) -> None:
    f = Fields(name, "", load_yaml(path, PolicyError), ("schema", "companies", "apps", "sources", "notes"),
               PolicyError)
    if f.data.get("schema") != CATALOG_SCHEMA:
        raise f.fail("schema", repr(CATALOG_SCHEMA), f.data.get("schema"))
    for cpath, item in f.items("companies"):
        company = parse_company(name, cpath, item)
        if company.id in companies:
            raise PolicyError(f"{name}: {cpath}.id: company '{company.id}' is also defined in "
                              f"{companies[company.id].file}")
        companies[company.id] = company
    _add_apps(name, f, apps)


def _add_apps(name: str, f: Fields, apps: Dict[str, CatalogApp]) -> None:
    for apath, item in f.items("apps"):
        app = parse_app(name, apath, item)
        if app.id in apps:
            raise PolicyError(f"{name}: {apath}.id: app '{app.id}' is also defined in {apps[app.id].file}")
        apps[app.id] = app


def _add_companies(name: str, f: Fields, companies: Dict[str, Company]) -> None:
    """A pack's `companies:`: a known company id gets the publishers listed added to its family (an
    organisation confirms a publisher it saw as a near miss); an unknown one is a new company (with a name):
    an unknown id without a name is a typo of a known one, named as such."""
    for cpath, item in f.items("companies"):
        if isinstance(item, dict) and item.get("id") in companies and "name" not in item:
            item = dict(item, name=companies[item["id"]].name)
        elif isinstance(item, dict) and isinstance(item.get("id"), str) and "name" not in item:
            raise PolicyError(f"{name}: {cpath}.id: unknown company '{item['id']}'"
                              f"{did_you_mean(item['id'], companies)}; the id of a known company adds publishers "
                              f"to its family (known: {', '.join(sorted(companies))}); a new company also needs a "
                              "`name`")
        company = parse_company(name, cpath, item)
        held = companies.get(company.id)
        if held is None:
            companies[company.id] = company
        else:
            companies[company.id] = dataclasses.replace(
                held, publishers=held.publishers + company.publishers, sources=held.sources + company.sources,
                namespaces=held.namespaces + company.namespaces, brands=held.brands + company.brands,
                namespace_lookalikes=held.namespace_lookalikes + company.namespace_lookalikes)


def _resolve_extends(raw: Dict[str, Pack]) -> Dict[str, Pack]:
    resolved: Dict[str, Pack] = {}

    def resolve(pack_id: str, chain: Tuple[str, ...]) -> Pack:
        if pack_id in resolved:
            return resolved[pack_id]
        pack = raw[pack_id]
        if not pack.extends:
            resolved[pack_id] = pack
            return pack
        if pack.extends in chain + (pack_id,):
            raise PolicyError(f"{pack.file}: extends: circular: {' -> '.join(chain + (pack_id, pack.extends))}")
        if pack.extends not in raw:
            raise PolicyError(f"{pack.file}: extends: expected the id of a known pack, got '{pack.extends}'"
                              f"{did_you_mean(pack.extends, raw)}")
        parent = resolve(pack.extends, chain + (pack_id,))
        own = {r.id: r for r in pack.rules}
        inherited = parent.rules
        if ORGANISATION_POLICY in pack.binds and ORGANISATION_POLICY not in parent.binds:
            # The organisation's own policy takes the law's rules as adopted rules: worded for an adopter.
            inherited = tuple(dataclasses.replace(r, remediation=r.remediation_for(Binding.ADOPTED),
                                                  remediation_adopted="") for r in inherited)
        rules = [own.pop(r.id, r) for r in inherited] + list(own.values())
        scope = pack.scope if pack.scope != type(pack.scope)() else parent.scope
        merged = dataclasses.replace(pack, rules=tuple(rules), scope=scope)
        resolved[pack_id] = merged
        return merged

    for pack_id in raw:
        resolve(pack_id, ())
    return resolved


def _check_namespaces(companies: Mapping[str, Company]) -> None:
    """A namespace belongs to one company; a namespace look-alike lies under one of its company's namespaces."""
    owner: Dict[str, str] = {}
    for company in companies.values():
        for n in company.namespaces:
            held = owner.setdefault(n.prefix, company.id)
            if held != company.id:
                raise PolicyError(f"{company.file}: companies[id={company.id}].namespaces: {n.prefix!r} is also a "
                                  f"namespace of '{held}' ({companies[held].file})")
        for n in company.namespace_lookalikes:
            if not any(n.prefix.startswith(o.prefix) and n.prefix != o.prefix for o in company.namespaces):
                raise PolicyError(f"{company.file}: companies[id={company.id}].namespace_lookalikes: expected a "
                                  f"prefix under one of the company's namespaces, got {n.prefix!r}")


def _check_references(packs: Mapping[str, Pack], apps: Mapping[str, CatalogApp],
                      companies: Mapping[str, Company]) -> None:
    _check_namespaces(companies)
    for app in apps.values():
        if app.company and app.company not in companies:
            raise PolicyError(f"{app.file}: apps[id={app.id}].company: app '{app.id}' names company "
                              f"'{app.company}', which is not defined{did_you_mean(app.company, companies)}; "
                              f"known: {', '.join(sorted(companies))}")
    for pack in packs.values():
        for i, rule in enumerate(pack.rules):
            for app_id in rule.apps:
                if app_id not in apps:
                    raise PolicyError(f"{pack.file}: rules[{i}].apps: expected catalog app ids, "
                                      f"got unknown '{app_id}'{did_you_mean(app_id, apps)} (see `auditor policies "
                                      "show PACK` for the ids a pack uses)")
            for company in rule.companies:
                if company not in companies:
                    raise PolicyError(f"{pack.file}: rules[{i}].companies: expected catalog company ids, "
                                      f"got unknown '{company}'{did_you_mean(company, companies)}; known: "
                                      f"{', '.join(sorted(companies))}")


def _check_root(base: Path) -> None:
    """The library FLEET_AUDITOR_POLICIES names is a folder with packs/*.yaml and catalog/*.yaml: anything else
    (a missing or empty folder, a folder of packs only) is exit 2 naming the variable and the path, never a
    selection of nothing later."""
    where = f"{POLICIES_VARIABLE}={base}"
    expected = ("expected a policy library: a folder holding packs/*.yaml and catalog/*.yaml (the layout of the "
                "shipped policies/)")
    if not base.is_dir():
        raise PolicyError(f"{where}: {'no such folder' if not base.exists() else 'not a folder'}; {expected}")
    missing = [f"{sub}/*.yaml" for sub in ("packs", "catalog") if not any((base / sub).glob("*.yaml"))]
    if missing:
        raise PolicyError(f"{where}: no {' and no '.join(missing)}; {expected}")


def load_library(extra_pack_files: Sequence[Path] = (), root: Optional[Path] = None) -> Library:
    """The shipped catalog and packs plus any pack files given by path. Raises PolicyError."""
    base = root if root is not None else policies_dir()
    if root is None and os.environ.get(POLICIES_VARIABLE):  # a user's path is checked; a caller's root may be partial
        _check_root(base)
    apps: Dict[str, CatalogApp] = {}
    companies: Dict[str, Company] = {}
    for path in sorted((base / "catalog").glob("*.yaml")):
        _read_catalog(path, _display(path, base), apps, companies)
    raw: Dict[str, Pack] = {}
    pack_files = sorted((base / "packs").glob("*.yaml")) + [Path(p) for p in extra_pack_files]
    files: Dict[str, Path] = {}
    for path in pack_files:
        name = _display(path, base)
        data = load_yaml(path, PolicyError)
        pack = parse_pack(name, data)
        if pack.id in raw:
            if files[pack.id].resolve() == path.resolve():
                continue  # the same file named twice (or a shipped pack named by its path)
            raise PolicyError(f"{name}: id: pack '{pack.id}' is also defined in {raw[pack.id].file}")
        # Organisation packs may define their own apps inline, in catalog format, and add publishers to a
        # company's family (or define a company).
        fields = Fields(name, "", data, list(data.keys()), PolicyError)
        _add_companies(name, fields, companies)
        _add_apps(name, fields, apps)
        raw[pack.id] = pack
        files[pack.id] = path
    packs = _resolve_extends(raw)
    _check_references(packs, apps, companies)
    return Library(apps=apps, companies=companies, packs=packs, pack_files=files)
