"""Intune device ids as the join key: a GUID in lower case and without braces, anything else as written; the
GUID check is string calls, held here to the regular expression it stands for."""
from __future__ import annotations

import re

from hypothesis import given, strategies as st

from auditor.sources.intune_rows import _is_guid, intune_device_id
from tests.property.settings import profile

GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
EXAMPLE = "0A1B2C3D-0000-4000-8000-B2CC6CF03FCA"


@profile(300)
@given(st.one_of(
    st.text(alphabet="0123456789abcdefABCDEFg- \n\u0660\uff10{}", min_size=30, max_size=40),
    st.builds(lambda at, c: EXAMPLE[:at] + c + EXAMPLE[at + 1:], st.integers(0, 35),
              st.sampled_from(list("0aF-g \n\u0660\uff10"))),
    st.builds(lambda at, c: EXAMPLE[:at] + c + EXAMPLE[at:], st.integers(0, 36), st.sampled_from(list("0-\n")))))
def test_the_guid_check_is_the_regular_expression(value: str) -> None:
    assert _is_guid(value) == bool(GUID.fullmatch(value))


def test_ids_as_the_join_key() -> None:
    assert intune_device_id(f" {EXAMPLE} ") == EXAMPLE.lower()
    assert intune_device_id("{" + EXAMPLE + "}") == EXAMPLE.lower()
    assert intune_device_id("{" + EXAMPLE + "\n}") == "{" + EXAMPLE + "\n}"  # not a registry GUID: as written
    assert intune_device_id("PC-Ana") == "PC-Ana"  # not a GUID: as written, case kept
    assert intune_device_id("\u0660" + EXAMPLE[1:]) == "\u0660" + EXAMPLE[1:]  # an Arabic-Indic digit is no hex
