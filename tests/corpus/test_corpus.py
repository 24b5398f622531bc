"""The issue-14 corpus through the real audit run: every banned app found with the expected confidence, no
look-alike found at any confidence, precision 1.00 among confirmed findings, across at least five formats."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List

import pytest

from auditor.model import AuditResult
from auditor.policy import Library, select
from tests.corpus.corpus import (CEO_EMAIL, NONE, Outcome, figures, load_rows, outcomes, row_platform, run_corpus,
                                 covered)

AS_OF, ROWS = load_rows()


@pytest.fixture(scope="module")
def library_and_packs():  # type: ignore[no-untyped-def]
    selection = select((), AS_OF, ("all",))
    return selection.library, selection.packs


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, library_and_packs) -> Dict[str, object]:  # type: ignore[no-untyped-def]
    library, packs = library_and_packs
    result, devices = run_corpus(tmp_path_factory.mktemp("corpus"), ROWS, AS_OF)
    return {"result": result, "outcomes": {o.id: o for o in outcomes(result, devices, ROWS, library, packs)}}


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_row(run: Dict[str, object], row: Dict[str, object]) -> None:
    outcome: Outcome = run["outcomes"][row["id"]]  # type: ignore[index]
    assert outcome.found == outcome.expected, (
        f"{row['fmt']} {row.get('name')!r} by {row.get('pub', '')!r} ({row.get('ident') or row.get('pfn') or '-'}): "
        f"expected {sorted(outcome.expected) or 'no finding'}, found {sorted(outcome.found) or 'nothing'}")


def test_every_banned_app_found_no_lookalike_and_confirmed_precision(run: Dict[str, object]) -> None:
    f = figures(list(run["outcomes"].values()))  # type: ignore[union-attr]
    assert f.formats >= 5
    assert f.banned >= 150 and f.lookalike_rows >= 30
    assert (f.recall, f.lookalike_hits, f.confirmed_precision) == (1.0, 0, 1.0)


def test_ceo_phone_found_with_her_tier_and_priority(run: Dict[str, object]) -> None:
    result: AuditResult = run["result"]  # type: ignore[assignment]
    mine = [f for f in result.findings if f.owner.email == CEO_EMAIL]
    assert mine and {f.catalog_id for f in mine} == {"tiktok"}
    assert {f.owner.tier for f in mine} == {"critical"}
    assert "P1" in {f.priority for f in mine}


def test_rows_are_well_formed(library_and_packs) -> None:  # type: ignore[no-untyped-def]
    library, packs = library_and_packs
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids))
    sources = Path(__file__).resolve().parents[2].joinpath("docs", "sources-notes.md").read_text(encoding="utf-8")
    for row in ROWS:
        expect = str(row["expect"])
        company = expect.startswith("company:") and expect[len("company:"):]
        assert expect == NONE or expect in library.apps or company in library.companies, row
        assert expect == NONE or row.get("conf") in ("confirmed", "probable"), row
        assert row["basis"] in ("seen", "composed", "illustrative"), row
        assert row["basis"] == "illustrative" or row["src"], row
        for key in row["src"]:
            assert f"`{key}`" in sources, f"{row['id']}: source key {key} is not explained in docs/sources-notes.md"
    # The expectations rest on the packs: these apps must stay banned somewhere for the corpus to mean anything.
    for app in ("tiktok", "kaspersky-endpoint-security", "wechat", "lark", "deepseek", "telegram", "wps-office"):
        assert any(covered(library, packs, app, row_platform(r)) for r in ROWS if r["expect"] == app), app
