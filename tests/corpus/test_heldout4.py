"""The fourth held-out corpus (tests/corpus/heldout4.yaml: 52 rows of an independent evaluation, 37 banned and 15
look-alikes, in 12 export formats) through the real audit run, with floors. Measured on main before the fixes
(6738f3b) with the evaluator's tools (/tmp/ho4/results.md): recall 20/37 = 0.54, precision 20/20, 0/15
look-alikes. After the fixes (branch match5) the same tools gave 31/37, 0 false; after the subsidiary coverage of
branch match6 (Huya, ArtHub's publisher, Kuwo's Mac id, Pipixia, PICO: docs/sources-notes.md, 'Subsidiary
coverage from ownership disclosures') 37/37, 0 false. Neither figure is held out: the fixes were made knowing these
rows (the rules and data are tested on other spellings in tests/policy/test_generalisation4.py and
test_generalisation6.py). No row is an expected miss any more."""
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
EXPECTED_MISSES: Dict[str, str] = {}
# Rows once missed that are now findings of a subsidiary the catalog lists (match6): row -> what the finding's note
# must say (the subsidiary, its parent and the key of its ownership source). t10 (com.kuwo.mac) was a near miss.
SUBSIDIARY_FINDINGS = {
    "t05": "namespace of Huya, a subsidiary of Tencent Holdings Ltd. (own-huya:",
    "t10": "namespace of Tencent Music Entertainment, a subsidiary of Tencent Holdings Ltd. (own-tme:",
    "d05": "namespace of PICO, a subsidiary of ByteDance Ltd. (own-pico:",
}

# (recall, precision, confirmed precision) by export format without the EXPECTED_MISSES rows, measured
# 2026-12-06 on branch match5 and again on match6 (no expected miss left): every format at 1.0.
FLOORS: Dict[str, Tuple[float, float, float]] = {name: (1.0, 1.0, 1.0) for name in set(FORMATS.values())}


@pytest.fixture(scope="module")
def heldout4(tmp_path_factory: pytest.TempPathFactory) -> Tuple[List[Outcome], AuditResult]:
    return run_heldout(tmp_path_factory.mktemp("heldout4"), ROWS, AS_OF)


def test_heldout4_overall_and_lookalikes(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout4
    check_heldout_figures(results, (52, 37, 15, 12), tuple(EXPECTED_MISSES), 37)


def test_heldout4_floors_by_format(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout4
    below = formats_below(results, tuple(EXPECTED_MISSES), FLOORS)
    assert not below, below


def test_heldout4_subsidiary_findings_name_the_subsidiary(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    _, result = heldout4
    for row in ROWS:
        if row["id"] in SUBSIDIARY_FINDINGS:
            notes = [f.confidence_note for f in result.findings
                     if f.catalog_id.startswith("company:") and row["ident"] in f.confidence_note]
            assert any(SUBSIDIARY_FINDINGS[row["id"]] in n for n in notes), (row["id"], notes)


def test_heldout4_subsidiary_brand_findings_name_the_subsidiary(heldout4: Tuple[List[Outcome], AuditResult]) -> None:
    _, result = heldout4
    notes = {f.confidence_note for f in result.findings if f.catalog_id == "company:baidu"}
    assert any("the brand of iQIYI, a subsidiary of Baidu, Inc." in n for n in notes), notes


def test_heldout4_rows_are_well_formed() -> None:
    check_heldout_file(HELDOUT4, ROWS, select((), AS_OF, ("all",)).library, 52)
