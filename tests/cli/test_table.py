"""Fitting a table to the terminal (`auditor policies list`): pure logic, no terminal needed."""
from __future__ import annotations

import pytest

from auditor.cli.table import MIN_WRAPPED, fit, terminal_width

HEADER = ("ID", "TITLE", "STATUS", "WHY")
ROWS = [("pack-one", "A long title that is the first to go", "in-force", "binds US federal executive agencies"),
        ("pack-two", "Short", "revoked", "revoked on 2021-06-09")]


def test_a_table_that_fits_is_whole() -> None:
    fitted = fit(HEADER, ROWS, 200, ("TITLE",), "WHY")
    assert fitted.left_out == () and fitted.lines[0].split() == ["ID", "TITLE", "STATUS", "WHY"]
    assert fit(HEADER, ROWS, None, ("TITLE",), "WHY") == fitted  # no width: never fitted


def test_columns_are_left_out_in_order_and_the_last_is_wrapped() -> None:
    width = 8 + 2 + 8 + 2 + MIN_WRAPPED  # ID and STATUS, and room for WHY
    fitted = fit(HEADER, ROWS, width, ("TITLE",), "WHY")
    assert fitted.left_out == ("TITLE",)
    assert fitted.lines[0].split() == ["ID", "STATUS", "WHY"]
    assert all(len(line) <= width for line in fitted.lines)
    assert "pack-one  in-force  binds US federal executive agencies" in fitted.lines


def test_too_narrow_for_the_wrapped_column_puts_it_on_its_own_lines() -> None:
    fitted = fit(HEADER, ROWS, 30, ("TITLE",), "WHY")
    assert fitted.lines[:3] == ("ID        STATUS", "pack-one  in-force", "    binds US federal executive")
    assert all(len(line) <= 30 for line in fitted.lines)


def test_hostile_cells_are_inert() -> None:
    fitted = fit(HEADER, [("x\x1b[31m", "t", "s", "w\u202e")], None, (), "WHY")
    assert "\x1b" not in "".join(fitted.lines) and "\u202e" not in "".join(fitted.lines)


@pytest.mark.parametrize("value,expected", [("100", 100), ("", None), ("wide", None), ("0", None)])
def test_columns_variable(monkeypatch: pytest.MonkeyPatch, value: str, expected: object) -> None:
    monkeypatch.setenv("COLUMNS", value)  # under pytest stdout is not a terminal: no COLUMNS, no limit
    assert terminal_width() == expected
