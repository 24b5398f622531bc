"""The split path of the Intune fast path (auditor.sources.intune_scan, auditor.textio.csvlines) gives
exactly what read() gives, line for line, and stays on the split path wherever that is exact.

Data-driven cases for each kind of line the split path must take or hand over, then a property test over
generated exports (any quoting, line ending, blank and malformed lines, devices whose suffix changes)."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Callable, List, Optional

import pytest
from hypothesis import given, strategies as st

from auditor.policy import Library
from auditor.reading import InputResult, read_generic, read_input
from auditor.textio import csvlines, csvsplit
from auditor.sources import fastpath, intune_scan
from tests.perf.test_read_paths import READER, by_spans, classifier, comparable, context, item, sequential
from tests.property.settings import profile

HEADER = "ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform"
DEV1 = "dev-1,ONE,iOS"
DEV2 = "dev-2,TWO,Android"


def both(path: Path, library: Library) -> tuple:
    fast = read_input(READER, item(path), classifier(library))
    slow = InputResult(context(path))
    read_generic(READER, classifier(library), slow)
    view = lambda r: (r.records, r.hits, r.with_apps, r.apps, r.rows, r.rows_skipped, r.problems)  # noqa: E731
    return view(fast), view(slow)


def handed_over(monkeypatch: pytest.MonkeyPatch) -> List[int]:
    """Records how often the split path handed the rest of a file to the csv reader."""
    calls: List[int] = []
    original = csvlines.LineBlocks.rest
    monkeypatch.setattr(csvlines.LineBlocks, "rest", lambda self, head: calls.append(1) or original(self, head))
    return calls


CASES = {
    # name: (data lines after the header, whether the csv reader must take over)
    "plain rows of two devices": ([f"k1,TikTok,,37.0,{DEV1}", f"k2,Notes,Apple,1.0,{DEV1}",
                                   f"k1,TikTok,,37.0,{DEV2}", f"k3,Slack,Slack,4.1,{DEV2}"], False),
    "a quoted publisher with a delimiter": ([f'k4,CapCut,"Bytedance, Pte. Ltd.",9.0,{DEV1}',
                                             f'k5,Zoom,"Zoom Video Communications, Inc.",6.0,{DEV1}'], False),
    "every field quoted": (['"k1","TikTok","","37.0","dev-1","ONE","iOS"',
                            '"k2","Notes","Apple","1.0","dev-1","ONE","iOS"',
                            '"k6","WeChat","Tencent, Inc.","8.0","dev-2","TWO","Android"',
                            '"k2","Notes","Apple","1.0","dev-3","THREE","iOS"'], False),
    "a doubled quote inside a quoted field": ([f'k7,"""Quoted"" TikTok",,1.0,{DEV1}',
                                               '"k1","TikTok","","37.0","dev-1","ONE","iOS"'], False),
    "a stray quote in an unquoted field": ([f'k8,27" Monitor Tool,Dell,2.0,{DEV1}', f'k1,TikTok,,37.0,{DEV1}'], False),
    "a quote opened in the app part and closed in the device part": (
        [f'k1,TikTok,,37.0,{DEV1}', 'k9,"TikTok,,1.0,dev-1",ONE,iOS,x', f'k1,TikTok,,37.0,{DEV1}'], False),
    "an app part that looks like a device suffix": ([f'k1,TikTok,,37.0,{DEV1}', f'k1,TikTok,,37.0,{DEV1},{DEV1}',
                                                     f'k2,"a,dev-1,ONE,iOS",x,1,{DEV1}'], False),
    "the same device with another suffix": ([f"k1,TikTok,,37.0,{DEV1}", "k1,TikTok,,37.0,dev-1,ONE-RENAMED,iOS",
                                             f"k1,TikTok,,37.0,{DEV1}"], False),
    "a device again after others": ([f"k1,TikTok,,37.0,{DEV1}", f"k2,Notes,,1,{DEV2}", f"k1,TikTok,,37.0,{DEV1}"],
                                    False),
    "rows without a device or a name": ([f"k1,TikTok,,37.0,{DEV1}", "k6,WeChat,,8.0,  ,NOBODY,iOS",
                                         "k6,WeChat,,8.0,  ,NOBODY,iOS", f"k7,  ,,1.0,{DEV1}", f"k8,,,1.0,{DEV1}"],
                                        False),
    "blank and malformed lines": ([f"k1,TikTok,,37.0,{DEV1}", "", "too,few,fields", f"k1,TikTok,,37.0,{DEV1},extra",
                                   f"a,b,c,d,e,k1,TikTok,,37.0,{DEV1}", "", f"k2,WeChat,,1,{DEV1}"], False),
    "a delimiter-only app part": ([f",,,,{DEV1}", f"k1,TikTok,,37.0,{DEV1}", f",,,,{DEV1}"], False),
    "look-alikes and identifiers": ([f"k8,TikTok Downloader,VidGrab Tools,2.0,{DEV2}",
                                     f"com.zhiliaoapp.musically,Whatever,,38.0,{DEV1}",
                                     f" com.zhiliaoapp.musically ,Whatever,,38.0,{DEV1}"], False),
    "non-Latin names": ([f"k1,微信,腾讯科技(深圳)有限公司,8.0,{DEV1}", f"k2,抖音,,1.0,{DEV1}"], False),
    "a quoted line break late in the file": ([f"k1,TikTok,,37.0,{DEV1}"] * 5 + [f'k2,"Notes\nsecond",,1,{DEV1}',
                                             f"k1,TikTok,,37.0,{DEV2}"], True),
    "a quote never closed": ([f"k1,TikTok,,37.0,{DEV1}", f'k2,"Notes,,1.0,{DEV1}', f"k3,WeChat,,1.0,{DEV2}"], True),
    "a quote never closed on the last line": ([f"k1,TikTok,,37.0,{DEV1}", f'k2,"Notes,,1.0,{DEV1}'], True),
    "a first line whose app part an earlier device settled": ([f'k5,Zoom,"Zoom, Inc.",6.0,{DEV1}',
                                                               f'k5,Zoom,"Zoom, Inc.",6.0,{DEV2}',
                                                               f'k1,TikTok,,37.0,{DEV1}', f'k1,TikTok,,37.0,{DEV2}',
                                                               f'k5,Zoom,"Zoom, Inc.",6.0,dev-3,"TH,REE",iOS'], False),
    "a blank DeviceId after its app part was settled": ([f"k1,TikTok,,37.0,{DEV1}", "k1,TikTok,,37.0,  ,NOBODY,iOS",
                                                         f"k2,Notes,,1,{DEV2}", "k2,Notes,,1,,NOBODY,iOS"], False),
    "the header again, its app part settled before": (
        [f"k1,TikTok,,37.0,{DEV1}", "ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationVersion,dev-4,D,iOS",
         HEADER, f"k1,TikTok,,37.0,{DEV2}"], False),
    "a bare CR in the device part of a line whose app part is settled": (
        [f"k1,TikTok,,37.0,{DEV2}", "k1,TikTok,,37.0,dev-1,ONE,i\rOS", f"k2,Notes,,1,{DEV2}"], True),
    # A quoted field that is just the delimiter (","): its quotes and comma look like a separator. Found by an
    # adversarial review: the suffix, and the app part settled from it, were taken one field off.
    "a field that is a quoted delimiter, then a line of another width": (
        ['"k1","TikTok",",","37.0","dev-1","ONE","iOS"', '"k1","TikTok",",",dev-2,TWO,iOS'], False),
    "a field that is a quoted delimiter, then another app of the device": (
        ['"k1","Notes",",","1.0","dev-1","ONE","iOS"', '"k1","TikTok","x","37.0","dev-1","ONE","iOS"'], False),
    "a field that is a quoted delimiter, then a wider line": (
        ['"k1","Notes",",","1.0","dev-1","ONE","iOS"', '"a","TikTok","c","d","1.0","dev-1","ONE","iOS"'], False),
    # A device whose id is a column's name, then the header again with that same DeviceId cell (found by an
    # adversarial review: the header was read as one of the device's rows).
    "the header again after a device named like its column": ([f"k1,TikTok,,37.0,{DEV1}",
                                                               "k1,TikTok,,37.0,DeviceId,DeviceName,Platform", HEADER,
                                                               f"k1,TikTok,,37.0,{DEV2}"], False),
    "the header again in another order after such a device": (
        [f"k1,TikTok,,37.0,{DEV1}", "k1,TikTok,,37.0,DeviceId,X,iOS",
         "ApplicationName,ApplicationKey,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform",
         f"k1,TikTok,,37.0,{DEV2}"], False),
    "a NUL byte": ([f"k1,TikTok,,37.0,{DEV1}", f"k2,No\0tes,,1,{DEV1}", f"k1,TikTok,,37.0,{DEV2}"], True),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("final_newline", [True, False])
@pytest.mark.parametrize("case", sorted(CASES))
def test_split_path_reads_what_read_reads(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                          case: str, newline: str, final_newline: bool) -> None:
    lines, hands_over = CASES[case]
    read_case(tmp_path / "AppInvRawData.csv", HEADER, lines, hands_over, newline, final_newline, monkeypatch,
              lambda path: both(path, test_library))


def read_case(path: Path, header: str, lines: List[str], hands_over: bool, newline: str, final_newline: bool,
              monkeypatch: pytest.MonkeyPatch, both: Callable[[Path], tuple]) -> tuple:
    """Writes the lines under the header, asserts the fast path reads what read() reads, and that it handed
    the rest of the file to the csv module exactly when it must; returns what the fast path read."""
    path.write_bytes((newline.join([header] + lines) + (newline if final_newline else "")).encode("utf-8"))
    calls = handed_over(monkeypatch)
    fast, slow = both(path)
    assert fast == slow
    if not any("\0" in line for line in lines):  # a NUL is a csv error in Python 3.11: read() reports it
        assert bool(calls) == hands_over
    return fast


def test_a_bare_cr_is_a_line_end_as_for_the_csv_module(tmp_path: Path, test_library: Library,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "AppInvRawData.csv"
    path.write_bytes(f"{HEADER}\nk1,TikTok,,37.0,{DEV1}\rk2,WeChat,,1,{DEV2}\nk3,Lark,,1,{DEV2}\n".encode())
    calls = handed_over(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and calls == [1]
    assert [h[0][6] for h in fast[1]] == [2, 3, 4]  # the CR ended line 2


@pytest.mark.parametrize("break_at", [None, 3001, 4999])
def test_a_large_file_in_many_blocks(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                     break_at: Optional[int]) -> None:
    """Several blocks (block size made small), devices across block edges, a finding in the last block; with
    a quoted line break, the csv reader takes over from that line, mid-block, where a line spans two blocks."""
    monkeypatch.setattr(csvlines, "BLOCK_BYTES", 4096)
    rows = [f'k{i % 37},"App, {i % 37}",Pub,1.{i % 5},dev-{i // 50},D{i // 50},iOS' for i in range(5000)]
    rows[4990] = "k1,TikTok,,37.0,dev-99,D99,iOS"
    if break_at is not None:
        rows[break_at] = f'k2,"Notes\r\nsecond line",,1,dev-{break_at // 50},D{break_at // 50},iOS'
    path = tmp_path / "AppInvRawData.csv"
    path.write_text("\r\n".join([HEADER] + rows) + "\r\n", encoding="utf-8")
    calls = handed_over(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and len(calls) == (break_at is not None)
    before = break_at is not None and break_at < 4990  # the line break shifts the finding's line
    assert [h[0][6] for h in fast[1]] == [4992 + before] and fast[4] == 5000


# --- generated exports ------------------------------------------------------------------------------

CELLS = st.sampled_from(["", " ", "TikTok", "WeChat", "微信", "Notes", "a,b", 'say "hi"', '"', ",", "x\ny",
                         "com.zhiliaoapp.musically", "Tencent, Inc.", "27\" Monitor", "\u00e9t\u00e9"])
DEVICE = st.tuples(st.sampled_from(["dev-1", "dev-2", " dev-1", "", "dev,3"]),
                   st.sampled_from(["ONE", "O,NE", 'O"NE']), st.sampled_from(["iOS", "Android", "Windows"]))
ROW = st.tuples(st.tuples(CELLS, CELLS, CELLS, CELLS), DEVICE)
QUOTING = st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])


@profile(60)
@given(groups=st.lists(st.tuples(DEVICE, st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), min_size=1, max_size=6)),
                       min_size=1, max_size=8),
       quoting=QUOTING, newline=st.sampled_from(["\n", "\r\n"]),
       extra=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["", "one,field", "a,b,c,d,e,f,g,h"])),
                      max_size=3))
def test_generated_exports(test_library: Library, groups: list, quoting: int, newline: str,
                           extra: list) -> None:
    text = export(HEADER, [(list(app) + list(device)) for device, apps in groups for app in apps], extra, quoting,
                  newline)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "AppInvRawData.csv"
        path.write_bytes(text.encode("utf-8"))
        fast, slow = both(path, test_library)
    assert fast == slow


def export(header: str, rows: List[list], extra: list, quoting: int, newline: str) -> str:
    """A CSV export of these rows as the csv module writes them, with the extra lines inserted where they say."""
    buffer = io.StringIO()
    csv.writer(buffer, quoting=quoting, lineterminator=newline).writerow(header.split(","))
    lines = []
    for cells in rows:
        row = io.StringIO()
        csv.writer(row, quoting=quoting, lineterminator="").writerow(cells)
        lines.append(row.getvalue())
    for at, line in extra:
        lines.insert(min(at, len(lines)), line)
    return buffer.getvalue() + newline.join(lines) + newline


def field_start(line: bytes, column: int, fields: int) -> Optional[int]:
    return csvlines.LineParser(",").field_start(line, column, fields)


@pytest.mark.parametrize("line, column, start", [
    (b"a,b,c,d", 2, 4), (b'"a","b,x","c"', 2, 10), (b'a,"b,x",c,d', 2, 8), (b'a,"b,x",c,d', 3, 10),
    (b'a,b,"c,x"', 2, None), (b'a,b,"c,x"', 1, None), (b'"a","b"', 0, 0), (b'"a","b"', 1, 4),
    # A field that is just the delimiter, quoted ("," looks like a separator): found by an adversarial review.
    (b'",","dev-1"', 1, 4), (b'"a",",","b"', 2, 8), (b'"a",",",",","b"', 3, 12), (b'"k1","TikTok",",","37.0","d"', 4, 25),
])
def test_field_start(line: bytes, column: int, start: Optional[int]) -> None:
    fields = len(next(csv.reader([line.decode()])))
    found = field_start(line, column, fields)
    assert found == start
    if found is not None:
        assert next(csv.reader([line[found:].decode()])) == next(csv.reader([line.decode()]))[column:]


# --- limits (found by an adversarial review) --------------------------------------------------------

def test_a_field_over_the_csv_limit_is_the_csv_modules_call(tmp_path: Path, test_library: Library) -> None:
    """read() reports a field longer than csv.field_size_limit() as a malformed row; so does the fast path."""
    path = tmp_path / "AppInvRawData.csv"
    long_name = "A" * 3000
    for quote in ("", '"'):
        lines = [f"k1,TikTok,,37.0,{DEV1}", f"k2,{quote}{long_name}{quote},,1.0,{DEV1}", f"k1,TikTok,,37.0,{DEV2}"]
        path.write_text("\n".join([HEADER] + lines) + "\n", encoding="utf-8")
        previous = csv.field_size_limit(1000)
        try:
            fast, slow = both(path, test_library)
        finally:
            csv.field_size_limit(previous)
        assert fast == slow
        assert [(p.line, p.message.split(":")[0]) for p in fast[6]] == [(3, "malformed CSV")]


def memo_sizes(monkeypatch: pytest.MonkeyPatch, module: object) -> List[int]:
    """Records the size of a memo each time the module's fast path remembers a value in one."""
    sizes: List[int] = []
    original = module.remember  # type: ignore[attr-defined]

    def watched(memo, key, value):  # type: ignore[no-untyped-def]
        value = original(memo, key, value)
        sizes.append(len(memo))
        return value
    monkeypatch.setattr(module, "remember", watched)
    return sizes


def test_memos_stay_bounded_when_every_row_is_a_new_app(tmp_path: Path, test_library: Library,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An export whose every row has its own version and key must not grow the memos with the rows."""
    monkeypatch.setattr(fastpath, "MEMO_LIMIT", 50)
    sizes = memo_sizes(monkeypatch, intune_scan)
    rows = [f"k{i},{'TikTok' if i % 97 == 0 else 'Notes'},,1.{i},dev-{i // 40},D,iOS" for i in range(2000)]
    path = tmp_path / "AppInvRawData.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    fast, slow = both(path, test_library)
    assert fast == slow and len(fast[1]) == 21
    assert max(sizes) == 50 and len(sizes) > 2000  # every row was new: the memos filled and started again


def test_a_line_longer_than_many_blocks_is_joined_once(tmp_path: Path) -> None:
    """Linear in the line's length: its pieces are kept and joined when its end arrives, not re-copied per
    block (a 1 GB line used to take 93 s)."""
    joined: List[int] = []
    blocks = csvlines.LineBlocks(io.BufferedReader(io.BytesIO(b"x" * 5000 + b"\ny\n")), None, block_bytes=10)
    original = blocks._carried
    blocks._carried = lambda: joined.append(1) or original()  # type: ignore[method-assign]
    assert [line for part in blocks for line in part] == [b"x" * 5000, b"y"]
    assert joined == [1]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_spans_on_the_split_path_join_to_the_sequential_read(tmp_path: Path, test_library: Library,
                                                              monkeypatch: pytest.MonkeyPatch, newline: str) -> None:
    """Byte spans read by the split path (no quoted line break anywhere): their line counts chain exactly."""
    rows = [f'k{i % 7},"App, {i % 7}",Pub,1.0,dev-{i // 6},D,iOS' for i in range(60)]
    rows[17] = "k1,TikTok,,37.0,dev-2,D,iOS"
    rows[44] = "too,few"
    rows[51] = "k1,TikTok,,37.0,dev-8,D,iOS"
    path = tmp_path / "AppInvRawData.csv"
    path.write_bytes((newline.join([HEADER] + rows) + newline).encode())
    calls = handed_over(monkeypatch)
    expected = sequential(test_library, path)
    data = path.read_bytes()
    cuts = [i + 1 for i in range(data.index(b"\n") + 1, len(data) - 1) if data[i:i + 1] == b"\n"]
    for a, b in [(cuts[k], cuts[-1 - k]) for k in range(0, len(cuts) // 2, 5)]:
        joined = by_spans(test_library, path, [a, b])
        assert joined is not None and comparable(joined) == comparable(expected), f"cuts {a}, {b}"
    assert not calls and [h[0][6] for h in expected.hits] == [19, 53]


def test_a_header_ended_by_a_bare_cr_is_not_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The data then starts where the csv module says, not after the first LF: such a file is read whole."""
    monkeypatch.setattr(csvsplit, "MIN_SPLIT_BYTES", 0)
    path = tmp_path / "AppInvRawData.csv"
    for header_end, start in [("\r\r\n", None), ("\r", None), ("\r\n", len(HEADER) + 2), ("\n", len(HEADER) + 1)]:
        path.write_bytes(f"{HEADER}{header_end}k1,TikTok,,37.0,{DEV1}\n".encode())
        assert csvsplit.can_split(path, "utf-8") == start, repr(header_end)


@pytest.mark.parametrize("shape", ["a device per line", "a suffix per line"])
def test_exports_the_suffix_does_not_help_go_to_the_csv_module(tmp_path: Path, test_library: Library,
                                                              monkeypatch: pytest.MonkeyPatch, shape: str) -> None:
    """When most lines of a block need a full parse, the csv module's loop reads the rest (it is faster)."""
    if shape == "a device per line":
        rows = [f"k{i % 5},{'TikTok' if i % 300 == 7 else 'Notes'},,1.0,dev-{i},D,iOS" for i in range(3000)]
    else:
        rows = [f"k{i % 5},{'TikTok' if i % 300 == 7 else 'Notes'},,1.0,dev-{i // 50},D{i},iOS" for i in range(3000)]
    path = tmp_path / "AppInvRawData.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    monkeypatch.setattr(csvlines, "BLOCK_BYTES", 1 << 16)
    calls = handed_over(monkeypatch)
    fast, slow = both(path, test_library)
    assert fast == slow and len(fast[1]) == 10 and calls == [1]


def test_a_device_part_that_is_not_utf8_after_a_settled_app_part(tmp_path: Path, test_library: Library) -> None:
    """The device part alone is checked as the whole line was, also a column no record reads (UserId): read()
    reads such a file (with U+FFFD) and says so."""
    path = tmp_path / "AppInvRawData.csv"
    path.write_bytes(f"{HEADER},UserId\nk2,微信,,8.0,{DEV1},u1\nk3,Notes,Apple,1.0,{DEV1},u1\n".encode("utf-8")
                     + f"k3,Notes,Apple,1.0,{DEV2},u\xff2\n".encode("latin-1"))  # UTF-8 (微信), then a byte that is not
    fast, slow = both(path, test_library)
    assert fast == slow and len(fast[1]) == 1
    assert [(p.line, p.message.split(" ")[0]) for p in fast[6]] == [(4, "invalid")]  # "invalid utf-8 bytes ..."


def test_a_device_whose_first_app_is_settled_is_not_parsed_in_full_again(tmp_path: Path, test_library: Library,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted: 300 devices whose first app has a quoted publisher (the csv module's one-line parse) cost one such
    parse, when the app part is first seen, not one per device."""
    parses: List[int] = []
    original = csvlines.OneLine.__call__
    monkeypatch.setattr(csvlines.OneLine, "__call__", lambda self, line: parses.append(1) or original(self, line))
    rows = [f'k5,Zoom,"Zoom Video Communications, Inc.",6.0,dev-{d},D{d},iOS' for d in range(300)]
    path = tmp_path / "AppInvRawData.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    fast = read_input(READER, item(path), classifier(test_library))
    assert len(fast.records) == 300 and fast.apps == 300
    assert len(parses) == 1  # the first device's line, in full: its app part is settled from it


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_quoted_delimiter_as_the_first_field(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                               newline: str) -> None:
    """Found by an adversarial review: `",","dev-1"` made the quote opened on the next line be missed (its record
    runs over two lines: the csv module reads on from there)."""
    read_case(tmp_path / "AppInvRawData.csv", "ApplicationName,DeviceId", ['",","dev-1"', '",dev-2', 'TikTok",dev-3'],
              True, newline, True, monkeypatch, lambda path: both(path, test_library))
