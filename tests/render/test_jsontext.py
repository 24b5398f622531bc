"""dumps_indented writes exactly what json.dumps(ensure_ascii=False, indent=2) writes (then escaped), for any value
findings.json holds, whatever the batch size; a value it does not know goes to json.dumps itself."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, strategies as st

from auditor.model import Confidence, Tier
from auditor.render import jsontext
from auditor.render.jsontext import dumps_indented, parts_indented
from auditor.render.safe import json_escape_invisible
from tests.property.settings import profile

TEXT = st.text(alphabet=st.sampled_from(list("ab \"\\\n\t\x00\x7f\u0085é腾\u2028\u202e\ufeff") + ["\U0001f600"]),
               max_size=6)
SCALAR = st.one_of(TEXT, st.none(), st.booleans(), st.integers(-10 ** 20, 10 ** 20), st.floats(allow_nan=True),
                   st.sampled_from([Tier.CRITICAL, Tier.UNKNOWN, Confidence.PROBABLE, 2 ** 70, -0.0, 1e300]))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(st.one_of(TEXT, st.sampled_from([Tier.STANDARD])), inner, max_size=4)), max_leaves=25)


def expected(value: object) -> str:
    return json_escape_invisible(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


@profile(200)
@given(value=VALUE, batch=st.sampled_from([1, 2, 7, 4096]))
def test_the_same_text_as_json_dumps(value: object, batch: int) -> None:
    previous, jsontext._BATCH = jsontext._BATCH, batch
    try:
        assert dumps_indented(value, json_escape_invisible, "\n") == expected(value)
    finally:
        jsontext._BATCH = previous


@pytest.mark.parametrize("value", [{1: "a"}, {None: 1}, {"a": {2.5: "x"}}, [{"set": {1, 2}}], {"a": b"bytes"}])
def test_what_it_does_not_write_goes_to_json_dumps(value: object) -> None:
    try:
        wanted = json.dumps(value, ensure_ascii=False, indent=2)
    except TypeError:
        with pytest.raises(TypeError):
            dumps_indented(value)
        return
    assert dumps_indented(value) == wanted


def test_nan_and_infinities_as_json_writes_them() -> None:
    value = [math.nan, math.inf, -math.inf, 0.1]
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_parts_are_the_text_in_parts() -> None:
    """parts_indented: what findings.json is written from, part by part (never joined into one text)."""
    value = {"findings": [{"name": f"抖音 {i}", "line": i} for i in range(3000)], "end": None}
    parts = parts_indented(value, json_escape_invisible, "\n")
    assert len(parts) > 2 and "".join(parts) == expected(value)
