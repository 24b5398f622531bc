"""Every shipped pack against its YAML cases (tests/packs/cases/<pack>.yaml): inventory rows that must
produce a finding of the pack (with the expected app and match mode) and rows that must not.
Each case file runs through the real engine: a generic CSV of its rows, audited with that pack only."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from auditor.policy import Library, load_library
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
    rows += [dict(r, device=f"nomatch-{i}") for i, r in enumerate(case.get("no_match") or [])]
    assert rows, "a case file without cases"
    result = audit_paths([_write(tmp_path, rows)], shipped, [pack], as_of, max_export_age_days=10 ** 6)
    found: Dict[str, set] = {}
    for f in result.findings:
        device_id = f.device.sources[0].device_id
        found.setdefault(device_id, set()).add((f.catalog_id, f.matched_by.value))
    failures = []
    for row in rows:
        got = found.get(row["device"], set())
        if row["device"].startswith("match-"):
            if (row["app"], row["matched_by"]) not in got:
                failures.append(f"expected {row['app']} by {row['matched_by']}, got {sorted(got)}: {row}")
        elif got:
            failures.append(f"expected no finding, got {sorted(got)}: {row}")
    assert not failures, "\n".join(failures[:20])


def test_cases_cover_every_identifier_of_every_pack_app(shipped: Library) -> None:
    """Every non-unverified, matchable catalog identifier of every app of every pack appears in a match row."""
    missing = []
    for case_file in CASES:
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        pack = shipped.packs[case["pack"]]
        covered = {(str(r.get("identifier") or "").casefold(), r["app"]) for r in case.get("match") or []}
        for app_id in shipped.pack_apps(pack):
            scopes = [(r.scope.within(pack.scope) if r.scope else pack.scope).platforms
                      for r in pack.rules if app_id in shipped.rule_apps(r)]
            in_scope = None if any(s is None for s in scopes) else {p.value for s in scopes for p in s}
            for ident in shipped.apps[app_id].identifiers:
                if ident.confidence == "unverified" or ident.type in DOCUMENTATION_TYPES:
                    continue
                if in_scope is not None and ident.platform not in in_scope | {"any"}:
                    continue  # e.g. a mobile-only ban: the Windows identifier is out of its scope
                if (ident.value.casefold(), app_id) not in covered:
                    missing.append(f"{pack.id}: {app_id} {ident.platform}:{ident.value}")
    assert not missing, "\n".join(missing[:30]) + f"\n({len(missing)} in all)"
