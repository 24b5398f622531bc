"""The fourth held-out corpus (tests/corpus/heldout4.yaml: 52 rows of an independent evaluation, 37 banned and 15
look-alikes, in 12 export formats) through the real audit run, with floors. Measured on main before the fixes
(6738f3b) with the evaluator's tools (/tmp/ho4/results.md): recall 20/37 = 0.54, precision 20/20, 0/15
look-alikes. After the fixes (branch match5) the same tools give 31/37, 0 false; that figure is NOT held out: the
fixes were made knowing these rows (the rules are tested on other spellings in tests/policy/test_generalisation4.py).
The rows still missed are listed below with the reason each stays a miss."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from auditor.model import AuditResult
from auditor.policy import select
from tests.corpus.corpus import (Outcome, check_heldout_figures, check_heldout_file, formats_below, load_rows,
                                 run_heldout)
from tests.corpus.writers import FORMATS

HELDOUT4 = Path(__file__).with_name("heldout4.yaml")
AS_OF, ROWS = load_rows(HELDOUT4)
# Rows that stay misses, by decision or for want of a source: row -> why.
EXPECTED_MISSES: Dict[str, str] = {
    "t05": "Huya (com.duowan.kiwi): Tencent's control of Huya is not in the catalog (no ownership source), and "
           "com.duowan. is shared with YY/JOYY, so it would need a per-id entry",
    "t07": "ArtHub, Inc.: a product unit's publisher with no company word; only a sourced catalog entry could catch it",
    "t10": "com.kuwo.mac: kuwo.com is not shown to be Kuwo's (v2fly-dlc lists kuwo.cn, koowo.cn, koowo.com); a near miss",
    "d03": "Pipixia (com.sup.android.superb): ByteDance's ownership of Pipixia's package namespace is not sourced",
    "d04": "Pipixia for iOS (com.sup.iphone.superb): as d03",
    "d05": "PICO (com.picovr.guide): not a catalog subsidiary (no ownership source read)",
}
# Rows whose miss must still be a near miss of the app or company it resembles.
NEAR_MISSES = {"t10": "company:tencent"}

# (recall, precision, confirmed precision) by export format without the EXPECTED_MISSES rows, measured
# 2026-12-06 on branch match5: every format at 1.0.
FLOORS: Dict[str, Tuple[float, float, float]] = {name: (1.0, 1.0, 1.0) for name in set(FORMATS.values())}


@pytest.fixture(scope="module")
def heldout4(tmp_path_factory: pytest.TempPathFactory) -> Tuple[List[Outcome], AuditResult]:
    return run_heldout(tmp_path_factory.mktemp("heldout4"), ROWS, AS_OF)


def test_heldout4_overall_and_lookalikes(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout4
    check_heldout_figures(results, (52, 37, 15, 12), tuple(EXPECTED_MISSES), 31)


def test_heldout4_floors_by_format(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout4
    below = formats_below(results, tuple(EXPECTED_MISSES), FLOORS)
    assert not below, below


def test_heldout4_misses_that_resemble_stay_near_misses(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    _, result = heldout4
    for row in ROWS:
        if row["id"] in NEAR_MISSES:
            near = [n for n in result.near_misses if n.name == row["name"]]
            assert NEAR_MISSES[row["id"]] in [n.resembles for n in near], (row["id"], near)


def test_heldout4_subsidiary_brand_findings_name_the_subsidiary(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    _, result = heldout4
    notes = {f.confidence_note for f in result.findings if f.catalog_id == "company:baidu"}
    assert any("the brand of iQIYI, a subsidiary of Baidu, Inc." in n for n in notes), notes


def test_heldout4_rows_are_well_formed() -> None:
    check_heldout_file(HELDOUT4, ROWS, select((), AS_OF, ("all",)).library, 52)
