"""The split path of the Defender TVM CSV fast path (auditor.sources.defender_scan) gives exactly what read() gives,
line for line, and stays on the split path wherever that is exact.

Data-driven cases for each kind of line the split path must take or hand over, layouts it does not read (the
csv module's loop then reads them), then a property test over generated exports (any quoting, line ending,
blank and malformed lines, devices whose prefix changes)."""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import List, Optional

import pytest
from hypothesis import given, strategies as st

from auditor.policy import Library
from auditor.reading import read_input
from auditor.sources import defender_scan, fastpath
from auditor.sources.registry import BY_ID
from auditor.textio import csvlines
from tests.perf.test_fast_paths import both as both_readers
from tests.perf.test_read_paths import classifier, item
from tests.perf.test_split_path import export, handed_over, memo_sizes, read_case
from tests.property.settings import profile

FORMAT = "defender-tvm-csv"
HEADER = "DeviceId,DeviceName,OSPlatform,OSVersion,SoftwareVendor,SoftwareName,SoftwareVersion,ProductCodeCpe"
DEV1 = "m-1,pc-1,Windows11,10.0"
DEV2 = "m-2,pc-2,Windows10,10.0"


def both(path: Path, library: Library) -> tuple:
    return both_readers(FORMAT, path, library)


def full_rows(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """Records how many rows the fast path read in full."""
    calls: List[int] = []
    original = defender_scan.TvmScan.row
    monkeypatch.setattr(defender_scan.TvmScan, "row", lambda self, i, c: calls.append(i) or original(self, i, c))
    return calls


CASES = {
    # name: (data lines after the header, whether the csv reader must take over)
    "plain rows of two devices": ([f"{DEV1},apple,notes,1.0,cpe:2.3:a:apple:notes:1.0",
                                   f"{DEV1},ByteDance Ltd.,Unlisted Studio,1.0,",
                                   f"{DEV1},ByteDance Ltd.,TikTok,37.0,", f"{DEV1},apple,notes,1.0,",
                                   f"{DEV2},apple,notes,1.0,", f"{DEV2},Tencent,WeChat,8.0,"], False),
    "CPE tokens and a CPE that names a banned app": ([f"{DEV1},tencent,wechat,8.0,", f"{DEV1},apple,notes,1,",
                                                      f"{DEV1},x,y,1,cpe:2.3:a:tencent:wechat:8", f"{DEV1},x,y,1,"],
                                                     False),
    "quoted software cells": ([f'{DEV1},"Zoom Video Communications, Inc.",Zoom,6.0,',
                               f'{DEV1},"Bytedance, Pte. Ltd.",CapCut,9.0,', f'{DEV1},"Zoom Video Communications, '
                               f'Inc.",Zoom,6.0,', f'{DEV1},"a ""quoted"" vendor",TikTok,1,'], False),
    "every field quoted": (['"m-1","pc-1","Windows11","10.0","apple","notes","1.0",""',
                            '"m-1","pc-1","Windows11","10.0","apple","notes","1.0",""',
                            '"m-1","pc-1","Windows11","10.0","ByteDance Ltd.","TikTok","1.0",""',
                            '"m-2","pc-2","Windows11","10.0","apple","notes","1.0",""'], False),
    "a quote in a device cell": (['m-1,"pc, one",Windows11,10.0,apple,notes,1,',
                                  'm-1,"pc, one",Windows11,10.0,apple,notes,1,',
                                  'm-1,"pc, one",Windows11,10.0,,TikTok,1,'], False),
    "a quote opened in the software part and closed later": ([f"{DEV1},apple,notes,1,",
                                                              f'{DEV1},"apple,notes,1,",x,y,z', f"{DEV1},apple,notes,1,"],
                                                             False),
    "the same device with another prefix": ([f"{DEV1},apple,notes,1,", "m-1,pc-1-renamed,Windows11,10.0,apple,notes,1,",
                                             f"{DEV1},apple,notes,1,", f"{DEV1},,TikTok,1,"], False),
    "a device again after others": ([f"{DEV1},apple,notes,1,", f"{DEV2},apple,notes,1,", f"{DEV1},apple,notes,1,",
                                     f"{DEV1},,TikTok,1,"], False),
    "rows without a device or a name": ([f"{DEV1},apple,notes,1,", " ,pc-9,Windows11,1,apple,notes,1,",
                                         " ,pc-9,Windows11,1,apple,notes,1,", f"{DEV1},apple,,1,", f"{DEV1},apple, ,1,",
                                         f"{DEV1},apple,notes,1,"], False),
    "blank and malformed lines": ([f"{DEV1},apple,notes,1,", "", "too,few,fields", f"{DEV1},apple,notes,1,,extra",
                                   f"{DEV1},apple,notes,1,", "", f"{DEV1},,WeChat,1,"], False),
    "an empty software part": ([f"{DEV1},,,,", f"{DEV1},apple,notes,1,", f"{DEV1},,,,"], False),
    "look-alikes and non-Latin names": ([f"{DEV1},Video Tools Inc,TikTok Downloader,2,", f"{DEV1},,Lark Player,1,",
                                         f"{DEV1},腾讯科技(深圳)有限公司,微信,8,", f"{DEV1},,抖音,1,"], False),
    "a quoted line break late in the file": ([f"{DEV1},apple,notes,1,"] * 5 + [f'{DEV1},apple,"notes\nsecond",1,',
                                             f"{DEV2},,TikTok,1,", f"{DEV2},apple,notes,1,"], True),
    "a quote never closed": ([f"{DEV1},apple,notes,1,", f'{DEV1},apple,"notes,1,', f"{DEV2},,WeChat,1,"], True),
    "a NUL byte": ([f"{DEV1},apple,notes,1,", f"{DEV1},apple,no\0tes,1,", f"{DEV2},,TikTok,1,"], True),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("case", sorted(CASES))
def test_split_path_reads_what_read_reads(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                          case: str, newline: str, final_newline: bool) -> None:
    lines, hands_over = CASES[case]
    fast = read_case(tmp_path / "DeviceTvmSoftwareInventory.csv", HEADER, lines, hands_over, newline, final_newline,
                     monkeypatch, lambda path: both(path, test_library))
    if "Unlisted" in "".join(lines):
        assert "Unlisted Studio" in {row[3] for row, _ in fast[1]}, "a publisher alone keeps a row"


def test_a_device_s_rows_that_match_nothing_are_not_read_in_full(tmp_path: Path, test_library: Library,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"m-{d},pc-{d},Windows11,10.0,vendor{a % 7},product{a % 7},1.{a},"
            for d in range(50) for a in range(40)]
    rows[777] = "m-19,pc-19,Windows11,10.0,ByteDance Ltd.,TikTok,1,"
    path = tmp_path / "DeviceTvmSoftwareInventory.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    calls = full_rows(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and fast[3] == 2000 and [h[0][6] for h in fast[1]] == [779]
    # Each device's first row and the candidate, nothing else: each of the 40 software parts is learnt once.
    assert len(calls) == 50 + 1


@pytest.mark.parametrize("header", [
    "SoftwareVendor,SoftwareName,SoftwareVersion,DeviceId,DeviceName",  # device columns after the software's
    "DeviceId,SoftwareVendor,SoftwareName,SoftwareVersion,Timestamp",  # the time after the software
])
def test_layouts_the_split_path_does_not_read(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                              header: str) -> None:
    columns = header.split(",")
    values = {"DeviceId": "m-{d}", "DeviceName": "pc-{d}", "SoftwareVendor": "{v}", "SoftwareName": "{n}",
              "SoftwareVersion": "1", "Timestamp": "2026-11-2{t}"}
    rows = []
    for i in range(60):
        name = ["notes", "TikTok", "", "zoom"][i % 4 if i % 9 else 1]
        rows.append(",".join(values[c].format(d=i // 10, v="apple" if name != "TikTok" else "ByteDance Ltd.", n=name,
                                              t=i % 3) for c in columns))
    rows[30] = "too,few"
    rows[31] = ""
    path = tmp_path / "DeviceTvmSoftwareInventory.csv"
    path.write_text("\n".join([header] + rows) + "\n", encoding="utf-8")
    calls = handed_over(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and fast[1] and fast[6]
    assert not calls  # the csv module read it from the start


def test_memos_stay_bounded_when_every_row_is_a_new_app(tmp_path: Path, test_library: Library,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastpath, "MEMO_LIMIT", 50)
    sizes = memo_sizes(monkeypatch, defender_scan)
    rows = [f"m-{i // 40},pc,Windows11,10,,{'TikTok' if i % 97 == 0 else 'notes'},1.{i}," for i in range(2000)]
    path = tmp_path / "DeviceTvmSoftwareInventory.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    fast, slow = both(path, test_library)
    assert fast == slow and len(fast[1]) == 21
    assert max(sizes) == 50 and len(sizes) > 2000


@pytest.mark.parametrize("break_at", [None, 3001])
def test_a_large_file_in_many_blocks(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                     break_at: Optional[int]) -> None:
    monkeypatch.setattr(csvlines, "BLOCK_BYTES", 4096)
    rows = [f'm-{i // 50},pc-{i // 50},Windows11,10,"Vendor, {i % 37}",app{i % 37},1.{i % 5},' for i in range(5000)]
    rows[4990] = "m-99,pc-99,Windows11,10,,TikTok,37.0,"
    if break_at is not None:
        rows[break_at] = f'm-{break_at // 50},pc-{break_at // 50},Windows11,10,"x\r\ny",notes,1,'
    path = tmp_path / "DeviceTvmSoftwareInventory.csv"
    path.write_text("\r\n".join([HEADER] + rows) + "\r\n", encoding="utf-8")
    calls = handed_over(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and len(calls) == (break_at is not None)
    assert [h[0][6] for h in fast[1]] == [4992 + (break_at is not None)] and fast[4] == 5000


@pytest.mark.parametrize("line, column, start", [
    (b"a,b,c,d", 2, 4), (b'"a","b,x","c"', 2, 10), (b'a,b,"c,x"', 2, 4), (b'a,"b,x",c', 2, None),
    (b'"a","b"', 1, 4), (b"a,b", 3, None), (b'a,b"x,c', 1, 2), (b'a,b"x,c', 2, None)])
def test_prefix_end(line: bytes, column: int, start: Optional[int]) -> None:
    found = csvlines.LineParser(",").prefix_end(line, column)
    assert found == start
    if found is not None:
        whole = next(csv.reader([line.decode()]))
        assert next(csv.reader([line[:found].decode()]))[:column] == whole[:column]
        assert next(csv.reader([line[found:].decode()])) == whole[column:]


# --- generated exports ------------------------------------------------------------------------------

CELLS = st.sampled_from(["", " ", "TikTok", "WeChat", "wechat", "tencent", "微信", "notes", "apple", "a,b",
                         'say "hi"', '"', ",", "x\ny", "ByteDance Ltd.", "Tencent, Inc.", "cpe:2.3:a:tencent:wechat:8"])
DEVICE = st.tuples(st.sampled_from(["m-1", "m-2", " m-1", "", "m,3"]), st.sampled_from(["pc", "p,c", 'p"c']),
                   st.sampled_from(["Windows11", "macOS"]), st.sampled_from(["10", ""]))
QUOTING = st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])


@profile(60)
@given(groups=st.lists(st.tuples(DEVICE, st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), min_size=1, max_size=6)),
                       min_size=1, max_size=8),
       quoting=QUOTING, newline=st.sampled_from(["\n", "\r\n"]),
       extra=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["", "one,field", "a,b,c,d,e,f,g,h,i"])),
                      max_size=3))
def test_generated_exports(test_library: Library, groups: list, quoting: int, newline: str, extra: list) -> None:
    text = export(HEADER, [list(device) + list(app) for device, apps in groups for app in apps], extra, quoting,
                  newline)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "DeviceTvmSoftwareInventory.csv"
        path.write_bytes(text.encode("utf-8"))
        fast, slow = both(path, test_library)
    assert fast == slow


@pytest.mark.parametrize("again", [HEADER, "DeviceId,OSPlatform,DeviceName,OSVersion,SoftwareVendor,SoftwareName,"
                                           "SoftwareVersion,ProductCodeCpe"])
def test_a_device_named_like_its_column_leaves_the_input_to_read(tmp_path: Path, test_library: Library,
                                                                 again: str) -> None:
    """A device whose DeviceId cell is a column's name, then the header again with that same cell (found by an
    adversarial review of the Intune path): the split path would take the header for one of the device's rows
    (only a new device's first row was checked). Such an input is read by read(), which checks every row."""
    path = tmp_path / "DeviceTvmSoftwareInventory.csv"
    path.write_text("\n".join([HEADER, f"{DEV1},apple,notes,1,", "DeviceId,pc,Windows11,10.0,apple,notes,1,", again,
                               f"{DEV2},,WeChat,1,"]) + "\n", encoding="utf-8")
    fast = read_input(BY_ID[FORMAT], item(path), classifier(test_library))
    assert fast.fell_back
    assert any("header" in p.message for p in fast.problems), fast.problems
