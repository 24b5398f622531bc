"""The fifth held-out corpus (tests/corpus/heldout5.yaml: 67 rows of an independent evaluation, 47 banned and 20
look-alikes, in 14 export formats) through the real audit run, with floors. Measured with the evaluator's tools
(/tmp/ho5/results-*.md) on main before the subsidiary work of branch match6: recall 18/47 = 0.38, precision 1.00,
0/20 look-alikes; on main after match6 (made blind to these rows; 3260930): recall 34/47 = 0.72, precision 34/34,
0/20 look-alikes. That is the held-out figure; the in-repo harness (tests/corpus/corpus.run_heldout) gives the same
on that commit. This is that held-out state, every miss expected."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from auditor.model import AuditResult
from auditor.policy import select
from tests.corpus.corpus import (Outcome, check_heldout_figures, check_heldout_file, formats_below, load_rows,
                                 run_heldout)
from tests.corpus.writers import FORMATS

HELDOUT5 = Path(__file__).with_name("heldout5.yaml")
AS_OF, ROWS = load_rows(HELDOUT5)
# Rows that stay misses, by decision or for want of a source: row -> why. The held-out state: each row is a miss
# of main after match6 (3260930), the class it belongs to not yet in the catalog.
_MOONTON = ("Moonton (Mobile Legends) is not assigned to ByteDance: ByteDance agreed in 2026 to sell it "
            "(docs/sources-notes.md `moonton-sale`)")
EXPECTED_MISSES: Dict[str, str] = {
    "b01": _MOONTON, "b02": _MOONTON, "b07": _MOONTON,
    "f11": "Bodian (Tencent Music): its id cn.wenyu.bodian is in no namespace of the catalog",
    "f23": "Bodian (Tencent Music): 波点音乐 is no product name of the catalog, and the row has no publisher",
    "f12": "Tencent Kona JDK: its rpm java-17-konajdk is not catalogued",
    "f15": "fcitx-sogoupinyin: a distribution's repackaging of Sogou's catalogued package sogoupinyin; a near miss",
    "b03": "Gauth (ByteDance): its id is under a neutral namespace, not catalogued",
    "u01": "Simeji (Baidu Japan): its founder's namespace is not Baidu's",
    "u02": "Simeji (Baidu Japan): com.simeji. is not catalogued",
    "a10": "Miravia (Alibaba): com.miravia.android is not catalogued",
    "x06": "Xiaomi PC Manager: its name without a publisher; a near miss of Xiaomi's brand",
    "x07": "Xiaomi PC Manager: its name without a publisher; a near miss of Xiaomi's brand",
}
# Rows that must at least be near misses (the weaker evidence shown): row -> what the near miss resembles.
NEAR_MISSES: Dict[str, str] = {
    "f15": "company:tencent",
    "x06": "company:xiaomi",
    "x07": "company:xiaomi",
    "l14": "lark",              # python3-lark: the Lark parser's Debian package, named like ByteDance's Lark
    "l15": "lark",              # python3-lark-parser
    "l18": "company:alibaba",   # aliyunpan by tickstep: a third party's client of Alibaba's cloud drive
}
FIXED_FINDINGS: Dict[str, str] = {}

# (recall, precision, confirmed precision) by export format without the EXPECTED_MISSES rows: every format at 1.0.
FLOORS: Dict[str, Tuple[float, float, float]] = {name: (1.0, 1.0, 1.0) for name in set(FORMATS.values())}


@pytest.fixture(scope="module")
def heldout5(tmp_path_factory: pytest.TempPathFactory) -> Tuple[List[Outcome], AuditResult]:
    return run_heldout(tmp_path_factory.mktemp("heldout5"), ROWS, AS_OF)


def test_heldout5_overall_and_lookalikes(heldout5: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout5
    check_heldout_figures(results, (67, 47, 20, 14), tuple(EXPECTED_MISSES), 47 - len(EXPECTED_MISSES))


def test_heldout5_floors_by_format(heldout5: Tuple[List[Outcome], AuditResult]) -> None:
    results, _ = heldout5
    below = formats_below(results, tuple(EXPECTED_MISSES), FLOORS)
    assert not below, below


def test_heldout5_near_miss_rows_stay_near_misses(heldout5: Tuple[List[Outcome], AuditResult]) -> None:
    results, result = heldout5
    for row in ROWS:
        if row["id"] in NEAR_MISSES:
            near = [n.resembles for n in result.near_misses if n.name == row["name"]]
            assert NEAR_MISSES[row["id"]] in near, (row["id"], near)
    assert all(not o.found for o in results if o.id in NEAR_MISSES and not o.expected)


def test_heldout5_fixed_rows_say_whose_they_are(heldout5: Tuple[List[Outcome], AuditResult]) -> None:
    results, result = heldout5
    found = {o.id for o in results if o.is_found()}
    assert set(FIXED_FINDINGS) <= found, sorted(set(FIXED_FINDINGS) - found)
    by_row = {row["id"]: row for row in ROWS}
    for row_id, says in FIXED_FINDINGS.items():
        row = by_row[row_id]
        shown = str(row.get("ident") or row["name"])
        notes = [f.confidence_note for f in result.findings if shown in f.confidence_note]
        assert any(says in n for n in notes), (row_id, notes)


def test_heldout5_rows_are_well_formed() -> None:
    check_heldout_file(HELDOUT5, ROWS, select((), AS_OF, ("all",)).library, 67)
