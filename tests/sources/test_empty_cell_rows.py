"""Rows of empty cells only (",,,,,", as Excel leaves below a table it saved as CSV) are no records, as blank
lines are not (REPORT4 problem 5): before, each was a skipped row "row has no DeviceId" and 40 of them made
the nightly run incomplete (more than 1% skipped) although nothing was lost. Every CSV path: the Intune apps
and Defender TVM fast paths (scan) and their read(), the Intune devices export, and CsvTable.rows() for every
other reader; a row with one cell filled is still skipped and counted."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.policy import Library, select_packs
from auditor.reading import InputResult
from tests.conftest import AS_OF, FIXTURES, audit_paths
from tests.sources.read_paths import both_paths

CASES = [("intune-appinv-csv", FIXTURES / "intune" / "AppInvRawData.csv"),
         ("intune-devices-csv", FIXTURES / "intune" / "devices.csv"),
         ("defender-tvm-csv", FIXTURES / "defender" / "DeviceTvmSoftwareInventory.csv")]



def _with_rows(tmp_path: Path, source: Path, extra: str) -> Path:
    text = source.read_text(encoding="utf-8-sig")
    width = text.splitlines()[0].count(",")
    path = tmp_path / source.name
    path.write_text(text + extra.replace("EMPTY", "," * width).replace("SHORT", ",,"), encoding="utf-8")
    return path



def _ids(result: InputResult) -> list:
    return [r.source.device_id for r in result.records]


@pytest.mark.parametrize("format_id,source", CASES, ids=[c[0] for c in CASES])
def test_rows_of_empty_cells_are_no_records(tmp_path: Path, test_library: Library, format_id: str,
                                            source: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "excel").mkdir()
    base = both_paths(format_id, _with_rows(tmp_path / "plain", source, ""), test_library)
    excel = both_paths(format_id, _with_rows(tmp_path / "excel", source, "EMPTY\n" * 40 + "SHORT\n" * 3),
                        test_library)
    for before, after in zip(base, excel):
        assert after.rows_skipped == 0 and not after.problems
        assert (after.rows, _ids(after), after.with_apps) == (before.rows, _ids(before), before.with_apps)


def test_a_row_with_one_cell_filled_is_still_skipped(tmp_path: Path, test_library: Library) -> None:
    source = FIXTURES / "intune" / "AppInvRawData.csv"
    width = source.read_text(encoding="utf-8-sig").splitlines()[0].count(",")
    path = _with_rows(tmp_path, source, "EMPTY\nk1,TikTok" + "," * (width - 1) + "\n")
    for result in both_paths("intune-appinv-csv", path, test_library):
        assert result.rows_skipped == 1
        assert [p.message for p in result.problems] == ["row has no DeviceId"]


def test_an_excel_saved_pair_with_empty_rows_is_a_complete_run(tmp_path: Path, test_library: Library) -> None:
    apps = _with_rows(tmp_path, FIXTURES / "intune" / "AppInvRawData.csv", "EMPTY\n" * 40)
    devices = _with_rows(tmp_path, FIXTURES / "intune" / "devices.csv", "EMPTY\n" * 40)
    result = audit_paths([apps, devices], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=100000)
    assert result.complete, [p.message for p in result.problems if p.fatal]
    assert not [p for p in result.problems if "skipped" in p.message or "DeviceId" in p.message]
    assert result.findings
