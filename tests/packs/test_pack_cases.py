"""Every shipped pack against its YAML cases (tests/packs/cases/<pack>.yaml): inventory rows that must
produce a finding of the pack (`match`, with the expected app and match mode, and its confidence when the
row gives one), rows that must produce a probable finding and never a confirmed one (`probable`: the real
name with a publisher the catalog does not know, an identifier marked likely/unverified), and rows that must
produce no finding at any confidence (`no_match`).
Each case file runs through the real engine: a generic CSV of its rows, audited with that pack only."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from auditor.policy import Identifier, Library, load_library
from auditor.policy.catalog import DOCUMENTATION_TYPES
from tests.conftest import audit_paths

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
COLUMNS = ["device", "platform", "identifier", "name", "publisher", "version", "ownership"]
MAPPING = """schema: fleet-auditor/generic-csv/1
tool: pack-cases
files: [rows.csv]
columns: {device_id: device, platform: platform, identifier: identifier, app_name: name, publisher: publisher,
          version: version, ownership: ownership}
"""


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


def _write(folder: Path, rows: List[Dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "rows.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row["device"]] + [str(row.get(c, "") or "") for c in COLUMNS[1:-1]]
                            + [row.get("ownership", "corporate")])
    (folder / "rows.mapping.yaml").write_text(MAPPING, encoding="utf-8")
    return folder / "rows.mapping.yaml"


def test_every_shipped_pack_has_cases(shipped: Library) -> None:
    assert {p.stem for p in CASES} == set(shipped.packs)


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem)
def test_pack_cases(shipped: Library, case_file: Path, tmp_path: Path) -> None:
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    pack = shipped.packs[case["pack"]]
    as_of = case.get("as_of") or dt.date(2026, 11, 23)
    rows = [dict(r, device=f"match-{i}") for i, r in enumerate(case.get("match") or [])]
    rows += [dict(r, device=f"match-probable-{i}") for i, r in enumerate(case.get("probable") or [])]
    rows += [dict(r, device=f"nomatch-{i}") for i, r in enumerate(case.get("no_match") or [])]
    assert rows, "a case file without cases"
    result = audit_paths([_write(tmp_path, rows)], shipped, [pack], as_of, max_export_age_days=10 ** 6)
    found: Dict[str, set] = {}
    for f in result.findings:
        device_id = f.device.sources[0].device_id
        found.setdefault(device_id, set()).add((f.catalog_id, f.matched_by.value, f.confidence.value))
    failures = []
    for row in rows:
        got = found.get(row["device"], set())
        if row["device"].startswith("match-"):
            wanted = {(row["app"], row["matched_by"], c) for c in ([row["confidence"]] if row.get("confidence")
                                                                  else ["confirmed", "probable"])}
            if not wanted & got:
                failures.append(f"expected {row['app']} by {row['matched_by']} "
                                f"({row.get('confidence') or 'any confidence'}), got {sorted(got)}: {row}")
        elif got:
            failures.append(f"expected no finding, got {sorted(got)}: {row}")
    assert not failures, "\n".join(failures[:20])


def shadowed(library: Library, app_id: str, ident: Identifier) -> bool:
    """Another app lists the same identifier with more confidence: the identifier finds that app."""
    sureness = ("verified", "likely", "unverified")
    return any(other.value.casefold() == ident.value.casefold()
               and sureness.index(other.confidence) < sureness.index(ident.confidence)
               for app in library.apps.values() if app.id != app_id for other in app.identifiers)


def test_cases_cover_every_identifier_of_every_pack_app(shipped: Library) -> None:
    """Every matchable catalog identifier of every app of every pack appears in a match or probable row (those
    marked likely or unverified find too, as probable findings)."""
    missing = []
    for case_file in CASES:
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        pack = shipped.packs[case["pack"]]
        covered = {(str(r.get("identifier") or "").casefold(), r["app"])
                   for r in (case.get("match") or []) + (case.get("probable") or [])}
        for app_id in shipped.pack_apps(pack):
            scopes = [(r.scope.within(pack.scope) if r.scope else pack.scope).platforms
                      for r in pack.rules if app_id in shipped.rule_apps(r)]
            in_scope = None if any(s is None for s in scopes) else {p.value for s in scopes for p in s}
            for ident in shipped.apps[app_id].identifiers:
                if ident.type in DOCUMENTATION_TYPES or shadowed(shipped, app_id, ident):
                    continue
                if in_scope is not None and ident.platform not in in_scope | {"any"}:
                    continue  # e.g. a mobile-only ban: the Windows identifier is out of its scope
                if (ident.value.casefold(), app_id) not in covered:
                    missing.append(f"{pack.id}: {app_id} {ident.platform}:{ident.value}")
    assert not missing, "\n".join(missing[:30]) + f"\n({len(missing)} in all)"
