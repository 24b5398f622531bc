"""The staff readers hand a record on as its values in FIELDS order, and load_directory unpacks them in that order."""
from __future__ import annotations

import inspect

from auditor.people import directory


def test_the_record_is_unpacked_in_fields_order() -> None:
    assert directory.FIELDS[:4] == directory.IDENTIFIER_FIELDS
    source = inspect.getsource(directory.load_directory)
    unpacked = source.split(") = record")[0].rsplit("(", 1)[1]
    assert tuple(name.strip() for name in unpacked.replace("\n", " ").split(",")) == directory.FIELDS
