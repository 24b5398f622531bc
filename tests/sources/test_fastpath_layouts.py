"""fastpath.Layouts: the one memo of JSON row shapes that the Defender and osquery fast paths share."""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

import pytest

from auditor.sources import fastpath


def test_a_shape_is_made_once_and_numbers_are_never_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    made: List[Tuple[Any, ...]] = []

    def make(names: Tuple[Any, ...], number: int) -> Optional[int]:
        made.append(names)
        return None if "skip" in names else number

    layouts = fastpath.Layouts(make)
    for _ in range(3):
        assert layouts[("a", "b")] == 0 and layouts[("skip",)] is None and layouts[("b", "a")] == 2
    assert made == [("a", "b"), ("skip",), ("b", "a")], "each shape made once, a None shape too"
    monkeypatch.setattr(fastpath, "MEMO_LIMIT", 4)
    numbers = [layouts[(f"k{n}",)] for n in range(10)]
    assert len(layouts) <= 4, "bounded like every memo"
    assert numbers == list(range(3, 13)) and layouts[("a", "b")] == 13, "a forgotten shape gets a new number"

