"""Two exports joined into one file (`cat page1.csv page2.csv`, a second export's byte-order mark and header in
the middle) are read as one (REPORT4 problem 4): before, the second header was a record, a phantom device
'DeviceId' owned by 'EmailAddress' with the app 'ApplicationName'; and when the second export's columns were in
another order its rows were read under the first header's columns. Now the same header again is a note and no
record; another order fails the input, naming the line. Every CSV path: CsvTable.rows() (the Intune devices
export, every row-by-row reader) and the Intune apps and Defender TVM fast paths, which hand such a file to
read()."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor.policy import Library
from auditor.reading import InputResult
from tests.conftest import FIXTURES
from tests.sources.read_paths import both_paths

CASES = [("intune-appinv-csv", FIXTURES / "intune" / "AppInvRawData.csv"),
         ("intune-devices-csv", FIXTURES / "intune" / "devices.csv"),
         ("defender-tvm-csv", FIXTURES / "defender" / "DeviceTvmSoftwareInventory.csv")]
IDS = [c[0] for c in CASES]


def _rows(source: Path) -> List[List[str]]:
    return list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))


def _write(path: Path, first: List[List[str]], second: List[List[str]]) -> Path:
    """Two exports as `cat` joins them: the second with its own byte-order mark."""
    def text(rows: List[List[str]]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(rows)
        return out.getvalue()
    path.write_bytes(b"\xef\xbb\xbf" + text(first).encode() + b"\xef\xbb\xbf" + text(second).encode())
    return path


def _halves(source: Path) -> Tuple[List[str], List[List[str]], List[List[str]]]:
    """The export's header, and its data rows in two halves (the first half at least one row)."""
    rows = _rows(source)
    half = (len(rows) - 1) // 2 or 1
    return rows[0], rows[1:1 + half], rows[1 + half:]


def _ids(result: InputResult) -> List[str]:
    return sorted(r.source.device_id for r in result.records)


@pytest.mark.parametrize("upper", [False, True], ids=["as written", "in capitals"])
@pytest.mark.parametrize("format_id,source", CASES, ids=IDS)
def test_the_same_header_again_is_a_note_and_no_record(tmp_path: Path, test_library: Library, format_id: str,
                                                       source: Path, upper: bool) -> None:
    """The header again, as written or in another letter case (its first cell too), is no record."""
    header, first, second = _halves(source)
    half = len(first)
    again = [h.upper() for h in header] if upper else header
    joined = _write(tmp_path / source.name, [header] + first, [again] + second)
    whole = both_paths(format_id, source, test_library)[1]
    for result in both_paths(format_id, joined, test_library):
        assert _ids(result) == _ids(whole)
        assert result.with_apps == whole.with_apps
        assert result.rows_skipped == 0
        assert [(p.line, p.message, p.fatal) for p in result.problems] == [
            (half + 2, "the header again (two exports joined into one file?): not read as a record", False)]


@pytest.mark.parametrize("format_id,source", CASES, ids=IDS)
def test_the_header_again_in_another_order_fails_the_input(tmp_path: Path, test_library: Library, format_id: str,
                                                           source: Path) -> None:
    header, first, second = _halves(source)
    half = len(first)
    swapped = [row[1:] + row[:1] for row in [header] + second]  # the second export's columns rotated
    joined = _write(tmp_path / source.name, [header] + first, swapped)
    for result in both_paths(format_id, joined, test_library):
        fatal = [(p.line, p.message) for p in result.problems if p.fatal]
        assert fatal == [(half + 2, "the header again, its columns in another order (two exports joined into one "
                                    "file?): the rows after it would be read under the wrong columns; export it "
                                    "again as one file")]


def test_a_cell_that_is_a_column_name_is_no_header(tmp_path: Path, test_library: Library) -> None:
    rows = _rows(FIXTURES / "intune" / "devices.csv")
    rows[1][0] = "Serial number"  # a device id that names a column (the first cell looked at): not the header
    path = tmp_path / "devices.csv"
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    for result in both_paths("intune-devices-csv", path, test_library):
        assert not result.problems and len(result.records) == len(rows) - 1
