"""Every JSON reader, fed its real-shaped sample with values of the wrong JSON type in any place (a list where
an object was, a number where a string was, null anywhere): it reads what it can and reports the rest; no
exception ever leaves a reader. (A GLPI inventory with `"users": 7` once did.)"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, List, Tuple

import pytest
from hypothesis import given, strategies as st

from auditor.sources import BY_ID
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from tests.conftest import FIXTURES
from tests.property.settings import profile
from tests.property.test_readers_bytes import SAMPLES

JSON_FORMATS = sorted(f for f, rel in SAMPLES.items() if rel.endswith(".json"))
WRONG = st.sampled_from([None, 0, 7, -1, 1.5, True, "", "x", "--", [], [1, "a"], {}, {"a": {}}, 10 ** 30])
Path_ = Tuple[Any, ...]


def places(value: Any, at: Path_ = ()) -> List[Path_]:
    found = [at]
    if isinstance(value, dict):
        for key, child in value.items():
            found += places(child, at + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += places(child, at + (i,))
    return found


def replaced(value: Any, at: Path_, new: Any) -> Any:
    if not at:
        return new
    copy = json.loads(json.dumps(value))
    parent = copy
    for step in at[:-1]:
        parent = parent[step]
    parent[at[-1]] = new
    return copy


@pytest.mark.parametrize("format_id", JSON_FORMATS)
def test_values_of_the_wrong_type_never_crash_a_json_reader(format_id: str) -> None:
    sample = json.loads((FIXTURES / SAMPLES[format_id]).read_text(encoding="utf-8"))
    spots = places(sample)

    @profile(25)
    @given(st.lists(st.tuples(st.sampled_from(spots), WRONG), min_size=1, max_size=3))
    def check(changes: List[Tuple[Path_, Any]]) -> None:
        document = sample
        for at, new in changes:
            try:
                document = replaced(document, at, new)
            except (KeyError, IndexError, TypeError):  # an earlier change removed this place
                continue
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(SAMPLES[format_id]).name  # file names carry ids for some readers
            path.write_text(json.dumps(document), encoding="utf-8")
            reader = BY_ID[format_id]
            ctx = ReadContext(InputFile(path.name, path), tool=reader.tool)
            list(reader.read(ctx))  # an exception here is the bug this test looks for
            assert ctx.rows_skipped <= ctx.rows
    check()
