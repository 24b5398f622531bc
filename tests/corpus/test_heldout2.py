"""The second held-out corpus (tests/corpus/heldout2.yaml: 60 rows of an independent evaluation, 39 banned and 21
look-alikes, in 8 export formats) through the real audit run, with floors. Measured on main before the fixes
(e4b2f5c): recall 17/39 = 0.44, precision 1.00. The misses it still has are the four rows of 字节跳动开发者工具
(d01-d04): a ByteDance brand in the name of an app whose publisher is a person is a near miss, not a finding
(auditor.policy.nearmiss), so they must be listed as near misses of ByteDance."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from auditor.model import AuditResult
from auditor.policy import select
from tests.corpus.corpus import Outcome, check_heldout_file, figures, formats_below, load_rows, run_heldout
from tests.corpus.writers import FORMATS

HELDOUT2 = Path(__file__).with_name("heldout2.yaml")
AS_OF, ROWS = load_rows(HELDOUT2)
# Rows that stay misses by decision: a brand in a name is a near miss only (third parties name tools after the
# vendor: "Xiaomi ADB/Fastboot Tools"; docs/sources-notes.md `brand-lookalike`).
BRAND_IN_NAME = ("d01", "d02", "d03", "d04")

# (recall, precision, confirmed precision) by export format, measured 2026-12-06 on branch match3 (the formats
# the d-rows land in lose one row each).
FLOORS: Dict[str, Tuple[float, float, float]] = {name: (1.0, 1.0, 1.0) for name in set(FORMATS.values())}


@pytest.fixture(scope="module")
def heldout2(tmp_path_factory: pytest.TempPathFactory) -> Tuple[List[Outcome], AuditResult]:
    return run_heldout(tmp_path_factory.mktemp("heldout2"), ROWS, AS_OF)


def test_heldout2_overall_and_lookalikes(heldout2: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout2
    f = figures(results)
    assert (f.rows, f.banned, f.lookalike_rows) == (60, 39, 21)
    missed = sorted(o.id for o in results if o.expected and not o.is_found())
    assert missed == sorted(BRAND_IN_NAME), missed
    assert f.precision == 1.0 and f.confirmed_precision == 1.0, [(o.id, sorted(o.found)) for o in results
                                                                  if o.wrong_apps()]
    assert f.lookalike_hits == 0, [o.id for o in results if not o.expected and o.found]
    assert f.found >= 35 and f.exact >= 32, (f.found, f.exact)


def test_heldout2_floors_by_format(heldout2: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout2
    below = formats_below(results, BRAND_IN_NAME, FLOORS)
    assert not below, below


def test_heldout2_brand_in_name_is_a_near_miss_of_the_company(heldout2: Tuple[List[Outcome], AuditResult]) -> None:
    _, result = heldout2
    names = {r["name"] for r in ROWS if r["id"] in BRAND_IN_NAME}
    near = [n for n in result.near_misses if n.name in names]
    assert near, "no near miss for 字节跳动开发者工具"
    assert {n.resembles for n in near} == {"company:bytedance"}, near
    assert all("brand '字节跳动'" in n.reason for n in near), near


def test_heldout2_rows_are_well_formed() -> None:
    check_heldout_file(HELDOUT2, ROWS, select((), AS_OF, ("all",)).library, 60)
