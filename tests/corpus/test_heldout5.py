"""The fifth held-out corpus (tests/corpus/heldout5.yaml: 67 rows of an independent evaluation, 47 banned and 20
look-alikes, in 14 export formats) through the real audit run, with floors. Measured with the evaluator's tools
(/tmp/ho5/results-*.md) on main before the subsidiary work of branch match6: recall 18/47 = 0.38, precision 1.00,
0/20 look-alikes; on main after match6 (made blind to these rows; 3260930): recall 34/47 = 0.72, precision 34/34,
0/20 look-alikes. That is the held-out figure; the in-repo harness (tests/corpus/corpus.run_heldout) gives the same
on that commit. After the fixes of branch match7 (subsidiaries' product units Bodian, Simeji and Miravia; the
companies' own products Gauth, Tencent Kona JDK and Xiaomi PC Manager; Linux packages repackaged behind an
input-method framework's prefix): 44/47, 0 false, 0/20 look-alikes; not held out, as the fixes were made knowing
these rows (the classes are tested on other spellings in tests/policy/test_generalisation7.py). The three misses
left are Moonton's, kept for want of a source on who owns it on the audit date."""
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
# Rows that stay misses, by decision or for want of a source: row -> why.
_MOONTON = ("Moonton (Mobile Legends) is not assigned to ByteDance: ByteDance agreed in March 2026 to sell it to "
            "Savvy Games Group, subject to regulatory approvals (docs/sources-notes.md `moonton-sale`, "
            "`moonton-sale-2026`); no source read says whether the sale had completed by 2026-12-06, so who owns "
            "it on the audit date is not known")
EXPECTED_MISSES: Dict[str, str] = {"b01": _MOONTON, "b02": _MOONTON, "b07": _MOONTON}
# Look-alike rows that must stay near misses (the weaker evidence shown, never a finding): row -> what it resembles.
NEAR_MISSES: Dict[str, str] = {
    "l14": "lark",              # python3-lark: the Lark parser's Debian package, named like ByteDance's Lark
    "l15": "lark",              # python3-lark-parser
    "l18": "company:alibaba",   # aliyunpan by tickstep: a third party's client of Alibaba's cloud drive
}
# Rows missed on main that are now findings of a subsidiary or unit (match7): row -> what the finding's note says.
FIXED_FINDINGS = {
    "f11": "namespace of Tencent Music Entertainment, a subsidiary of Tencent Holdings Ltd. (own-tme:",
    "f23": "product of Tencent Music Entertainment, a subsidiary of Tencent Holdings Ltd. (own-tme:",
    "u01": "namespace of Baidu Japan, a subsidiary of Baidu, Inc. (own-simeji:",
    "u02": "namespace of Baidu Japan, a subsidiary of Baidu, Inc. (own-simeji:",
    "a10": "namespace of Miravia, a subsidiary of Alibaba Group Holding Ltd. (own-miravia:",
    "f15": "Linux package 'sogoupinyin' behind 'fcitx-'",
}

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
    assert all(not o.found for o in results if o.id in NEAR_MISSES)


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
