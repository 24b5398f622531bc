"""The fast read path and the parallel one give exactly what the row-by-row path gives.

- IntuneAppInventoryCsv.scan (the fast path) against read() (the protocol every reader has);
- byte spans of one file, split at every newline, against one sequential read: quoted fields with
  newlines right at a split point, a record longer than a whole span, CRLF and lone CR line ends;
- audit(jobs=N) against audit(jobs=1): findings, problems with their lines, summaries, hashes."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import List, Optional

import pytest

from auditor.policy import Library, select_packs
from auditor.policy import Match, Matcher, Resemblance
from auditor.reading import parallel
from auditor.reading.parallel import join_spans
from auditor.reading import Classifier, InputResult, read_generic, read_input
from auditor.textio import csvsplit
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from auditor.sources import BY_ID
from auditor.textio.csvtable import Span
from tests.conftest import audit_paths

AS_OF = dt.date(2026, 11, 23)
READER = BY_ID["intune-appinv-csv"]
HEADER = "ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"
# Rows that make a split point hard: quoted newlines (one holding a whole fake record), a quote inside an
# unquoted field, blank lines, malformed rows, rows without a device or a name, banned apps and look-alikes.
ROWS = [
    'k1,TikTok,,37.0,dev-1,ONE,iOS\n',
    'k2,"Notes\nwith a second line",Apple,1.0,dev-1,ONE,iOS\n',
    'k3,Slack,"Slack\n\nTechnologies",4.1,dev-1,ONE,iOS\n',
    'com.zhiliaoapp.musically,Whatever,,38.0,dev-2,TWO,iOS\n',
    '\n',
    'k4,"x\nk9,TikTok,,1.0,dev-9,NINE,iOS\nk9,WeChat,,1.0,dev-9,NINE,iOS",,1.0,dev-2,TWO,iOS\n',
    'k5,27" Monitor Tool,Dell,2.0,dev-2,TWO,iOS\n',
    'too,few,fields\n',
    'k6,WeChat,,8.0,  ,NOBODY,iOS\n',
    'k7,  ,,1.0,dev-3,THREE,Android\n',
    'k8,TikTok Downloader,VidGrab Tools,2.0,dev-3,THREE,Android\n',
    'k1,TikTok,,37.0,dev-3,THREE,Android\n',
    'k10,"CapCut","Bytedance Pte. Ltd.",9.0,dev-4,FOUR,Windows\n',
    'k11,"""Quoted"" name\n",,1.0,dev-4,FOUR,Windows\n',
    'k1,TikTok,,37.0,dev-1,ONE,iOS\n',  # dev-1 again, after other devices: one record, one finding
]


def write(folder: Path, newline: str = "\n", rows: Optional[List[str]] = None) -> Path:
    text = HEADER + "".join(rows if rows is not None else ROWS)
    path = folder / "AppInvRawData.csv"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def classifier(library: Library) -> Classifier:
    packs = select_packs(library, (), AS_OF)
    return Classifier(Matcher(library.apps, library.companies),
                      {a for p in packs for r in p.rules for a in library.rule_targets(r)})


def item(path: Path) -> InputFile:
    return InputFile(str(path), path, None, path.stat().st_size)


def context(path: Path) -> ReadContext:
    return ReadContext(item(path), tool=READER.tool)


def comparable(result: InputResult) -> tuple:
    return (result.records, result.hits, result.with_apps, result.apps, result.rows, result.rows_skipped,
            result.problems, result.classified)


def matched_lines(result: InputResult) -> List[int]:
    return [h[0][6] for h in result.hits if isinstance(h[1][0], Match)]


def sequential(library: Library, path: Path) -> InputResult:
    return read_input(READER, item(path), classifier(library))


def by_spans(library: Library, path: Path, cuts: List[int]) -> Optional[InputResult]:
    start = path.read_bytes().index(b"\n") + 1
    bounds = [start] + cuts + [path.stat().st_size]
    spans = [Span(a, b) for a, b in zip(bounds, bounds[1:])]
    run = lambda span: read_input(READER, item(path), classifier(library), span)  # noqa: E731
    return join_spans(READER, spans, lambda k, span: run(span), run)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_fast_path_reads_what_read_reads(tmp_path: Path, test_library: Library, newline: str) -> None:
    path = write(tmp_path, newline)
    fast = sequential(test_library, path)
    slow = InputResult(context(path))
    read_generic(READER, classifier(test_library), slow)
    assert comparable(fast)[:7] == comparable(slow)[:7]
    assert fast.sha256 == slow.sha256 != ""
    assert matched_lines(fast) == [2, 8, 18, 19, 22]  # file-absolute lines of the matched rows
    # ... and of the near misses: a name with the word "tiktok" (inside a quoted field), "TikTok Downloader"
    assert [h[0][6] for h in fast.hits if isinstance(h[1][0], Resemblance)] == [10, 17]
    assert [(p.line, p.message) for p in fast.problems] == [
        (14, "expected 7 fields, got 3"), (15, "row has no DeviceId"), (16, "row has no ApplicationName")]


def test_undecodable_bytes_fall_back_to_read(tmp_path: Path, test_library: Library) -> None:
    path = write(tmp_path)
    # 0x81: not UTF-8, and undefined in Windows-1252 (the other encoding a file without BOM may be in)
    path.write_bytes(path.read_bytes().replace(b"Slack", b"Sl\x81ck"))
    result = sequential(test_library, path)
    assert any("U+FFFD" in p.message and p.line == 5 for p in result.problems)
    assert matched_lines(result) == [2, 8, 18, 19, 22]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_two_spans_split_at_every_newline(tmp_path: Path, test_library: Library, newline: str) -> None:
    path = write(tmp_path, newline)
    expected = comparable(sequential(test_library, path))
    data = path.read_bytes()
    cuts = [i + 1 for i in range(len(HEADER.replace("\n", newline)), len(data) - 1) if data[i:i + 1] == b"\n"]
    assert len(cuts) == 20
    inside = 0
    for cut in cuts:  # many of them inside quoted fields
        joined = by_spans(test_library, path, [cut])
        assert joined is not None and comparable(joined) == expected, f"split after byte {cut}"
        first = read_input(READER, item(path), classifier(test_library), Span(data.index(b"\n") + 1, cut))
        inside += first.straddle > 0
    assert inside == 6  # split points inside a quoted field (6 quoted newlines): the second span was parsed again


def test_a_record_longer_than_a_whole_span(tmp_path: Path, test_library: Library) -> None:
    long_field = "".join(f"line {i}\n" for i in range(12))
    rows = ROWS[:2] + [f'k20,"{long_field}",,1.0,dev-5,FIVE,iOS\n'] + ROWS[2:]
    path = write(tmp_path, rows=rows)
    expected = comparable(sequential(test_library, path))
    data = path.read_bytes()
    cuts = [i + 1 for i in range(len(HEADER), len(data) - 1) if data[i:i + 1] == b"\n"]
    for a, b in itertools.combinations(cuts, 2):  # three spans, both cuts often inside the long field
        joined = by_spans(test_library, path, [a, b])
        assert joined is not None and comparable(joined) == expected, f"split after bytes {a} and {b}"


def test_split_points_end_after_a_newline(tmp_path: Path) -> None:
    path = write(tmp_path, rows=ROWS * 50)
    data = path.read_bytes()
    spans = csvsplit.split_points(path, len(HEADER), 7)
    assert spans[0].start == len(HEADER) and spans[-1].end == len(data)
    assert all(a.end == b.start and data[a.end - 1:a.end] == b"\n" for a, b in zip(spans, spans[1:]))


def _result_view(result):  # type: ignore[no-untyped-def]
    return (result.findings, result.problems, result.sources, result.devices, result.not_visible,
            result.classifications)


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_give_the_same_result(tmp_path: Path, test_library: Library, monkeypatch: pytest.MonkeyPatch,
                                   jobs: int) -> None:
    monkeypatch.setattr(csvsplit, "MIN_SPLIT_BYTES", 0)  # split even this small file
    joined = []
    monkeypatch.setattr(parallel, "join_spans", lambda *a: joined.append(a[1]) or join_spans(*a))
    write(tmp_path, rows=ROWS * 40)
    (tmp_path / "devices.csv").write_text(
        "Device ID,Device name,Serial number,Ownership,OS,Primary user UPN\n"
        "dev-1,ONE,SER1,Corporate,iOS,ana@example.com\ndev-2,TWO,SER2,Personal,iOS,bo@example.com\n"
        "dev-3,THREE,SER3,Corporate,Android,cy@example.com\n")
    packs = select_packs(test_library, (), AS_OF)
    one = audit_paths([tmp_path], test_library, packs, AS_OF, max_export_age_days=10 ** 5)
    many = audit_paths([tmp_path], test_library, packs, AS_OF, max_export_age_days=10 ** 5, jobs=jobs)
    assert one.findings and any(p.line for p in one.problems)
    assert _result_view(many) == _result_view(one)
    assert len(joined) == 1 and len(joined[0]) == jobs, "the large file was read in spans"
