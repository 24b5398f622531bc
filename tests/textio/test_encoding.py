"""An export without a BOM is UTF-8 or Excel's Windows-1252, decided by its first bytes that are not
ASCII wherever they are; the source summary says which encoding was used."""
from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from auditor.textio.context import ReadContext
from auditor.textio.csvtable import CsvTable, decode_head
from auditor.textio.encoding import choose
from auditor.textio.inputs import InputFile

HEADER = "DeviceId,ApplicationName,UserName\n"


def _read(path: Path, strict: bool = False) -> Tuple[List[List[str]], ReadContext]:
    ctx = ReadContext(InputFile(str(path), path, None, path.stat().st_size))
    table = CsvTable(ctx, strict=strict)
    try:
        rows = [row for _, row in table.rows()]
    finally:
        table.close()
    return rows, ctx


@pytest.mark.parametrize("ascii_rows", [0, 20_000])  # the first accented name in the header's block, or 600 kB on
def test_windows_1252_is_read_as_such_wherever_its_first_accent_is(tmp_path: Path, ascii_rows: int) -> None:
    text = HEADER + "".join(f"d{i},Slack,Plain Name\n" for i in range(ascii_rows))
    text += "d-x,Caf\u00e9 Menu,Jos\u00e9 N\u00fa\u00f1ez\n"
    (tmp_path / "a.csv").write_bytes(text.encode("cp1252"))
    rows, ctx = _read(tmp_path / "a.csv")
    assert rows[-1] == ["d-x", "Caf\u00e9 Menu", "Jos\u00e9 N\u00fa\u00f1ez"]
    assert ctx.problems == [] and ctx.encoding == "windows-1252"


def test_utf8_is_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes((HEADER + "d1,\u6296\u97f3,Jos\u00e9\n").encode())
    rows, ctx = _read(tmp_path / "a.csv")
    assert rows == [["d1", "\u6296\u97f3", "Jos\u00e9"]] and ctx.encoding == "utf-8" and ctx.problems == []


def test_mixed_encodings_stay_utf8_and_each_bad_row_is_reported(tmp_path: Path) -> None:
    data = (HEADER + "d1,\u6296\u97f3,Jos\u00e9\n").encode() + "d2,Caf\u00e9,X\n".encode("cp1252")
    (tmp_path / "a.csv").write_bytes(data)
    rows, ctx = _read(tmp_path / "a.csv")
    assert rows[1] == ["d2", "Caf\ufffd", "X"] and ctx.encoding == "utf-8"
    assert [(p.line, p.fatal) for p in ctx.problems] == [(3, False)]
    assert "invalid utf-8 bytes shown as U+FFFD" in ctx.problems[0].message


def test_the_fast_paths_strict_read_of_windows_1252_decodes_it(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes((HEADER + "d1,Caf\u00e9,Jos\u00e9\n").encode("cp1252"))
    rows, ctx = _read(tmp_path / "a.csv", strict=True)
    assert rows == [["d1", "Caf\u00e9", "Jos\u00e9"]] and ctx.encoding == "windows-1252"


def test_detection_sees_a_windows_1252_header() -> None:
    assert decode_head("Ger\u00e4t,Anwendung\n".encode("cp1252")) == "Ger\u00e4t,Anwendung\n"


@pytest.mark.parametrize("data,final,expected", [
    (b"plain ascii", True, None),
    ("caf\u00e9".encode(), True, "utf-8"),
    ("caf\u00e9".encode("cp1252"), True, "cp1252"),
    ("ab\u00e9".encode()[:-1], False, None),  # a UTF-8 sequence cut at the end of a block: wait for the next
    ("ab\u00e9".encode()[:-1], True, "cp1252"),
    ("\u00e9".encode() + b"\xff", True, "utf-8"),  # UTF-8 beside bytes that are not: mixed, UTF-8
    (b"Sl\x81ck caf\xe9", True, "utf-8"),  # 0x81 is undefined in Windows-1252: not text in it either
])
def test_choose(data: bytes, final: bool, expected: object) -> None:
    assert choose(data, final) == expected
