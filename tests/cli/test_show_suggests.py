"""`auditor policies show` with a misspelt pack id offers the closest id, as every other place that resolves
ids does (REPORT4 small item)."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_small_items import run


def test_a_misspelt_pack_id_gets_the_closest_one(fixture_policies: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(["policies", "show", "test-bytedanse"], capsys)
    assert code == 2
    assert "no pack 'test-bytedanse' (did you mean test-bytedance?)" in " ".join(err.split())
