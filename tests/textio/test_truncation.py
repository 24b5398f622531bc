"""Judging a CSV's end (auditor.textio.truncation) with what detection read of its head: the encoding, the
header's fields and the delimiter come from planning, and only the file's end is read again."""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, List

import pytest

from auditor.sources import plan_inputs
from auditor.textio.inputs import InputFile
from auditor.textio.truncation import CutRecord, cut_record

HEADER = "ApplicationName;Gerät;Platform\n"
ROWS = "TikTok;d-1;Android\nNotes;d-2;iOS\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-16-le", "cp1252"])
@pytest.mark.parametrize("last,expected", [
    ("WeChat;d-3", CutRecord(4, 2, 3, False)),  # fewer fields than the header (a row the reader skipped)
    ('WeChat;d-3;"And', CutRecord(4, 3, 3, True)),  # a quoted field that never closes
    ("WeChat;d-3;Android", None),  # a whole record without a final line ending
])
def test_a_cut_is_judged_in_the_encoding_and_delimiter_detection_found(tmp_path: Path, encoding: str, last: str,
                                                                       expected: Any) -> None:
    text = HEADER + ROWS + last
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be") if encoding == "utf-16-be-bom" else text.encode(encoding)
    path = tmp_path / "apps.csv"
    path.write_bytes(data)
    (planned,) = plan_inputs([path]).inputs
    assert planned.csv_end is not None and (planned.csv_end.fields, planned.csv_end.delimiter) == (3, ";")
    assert cut_record(planned.file, {4}, planned.csv_end) == expected


def test_only_the_end_of_a_large_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "apps.csv"
    path.write_text(HEADER + ROWS * 10_000 + "WeChat;d-3;Android", encoding="utf-8")
    (planned,) = plan_inputs([path]).inputs
    read: List[int] = []
    real_open = InputFile.open

    class Counting:
        def __init__(self, item: InputFile) -> None:
            self.handle = real_open(item)

        def read(self, size: int = -1) -> bytes:
            data = self.handle.read(size)
            read.append(len(data))
            return data

        def seek(self, offset: int) -> int:
            return self.handle.seek(offset)

        def __enter__(self) -> "Counting":
            return self

        def __exit__(self, *exc: Any) -> None:
            self.handle.close()

    monkeypatch.setattr(InputFile, "open", lambda item: Counting(item))
    assert cut_record(planned.file, set(), planned.csv_end) is None  # whole, without a final line ending
    assert sum(read) == 1 << 16, "the last 64 KB, not the head again"


def test_open_quote_takes_the_counts_the_reader_made_and_reads_nothing_again(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from auditor.textio import truncation
    from auditor.textio.inputs import HashingReader, InputFile

    def counted_by_reading(path):  # type: ignore[no-untyped-def]
        reader = HashingReader(path.open("rb"), count_quotes=True)
        reader.finish()
        reader.close()
        return reader.counted

    clean = tmp_path / "clean.csv"
    clean.write_bytes(b'a,b\n"x, y",1\nz,2\n')
    stray = tmp_path / "stray.csv"
    stray.write_bytes(b'a,b\nx,1\n"open,2\ny,3\nz,4\n')
    end = truncation.CsvEnd("utf-8", 2, ",")
    for path in (clean, stray):
        item = InputFile(str(path), path, None, path.stat().st_size, path.stat().st_mtime)
        assert truncation.open_quote(item, set(), end, counted_by_reading(path)) == truncation.open_quote(item, set(), end)
    opened = []
    real_open = InputFile.open
    monkeypatch.setattr(InputFile, "open", lambda self: opened.append(self) or real_open(self))
    item = InputFile(str(clean), clean, None, clean.stat().st_size, clean.stat().st_mtime)
    assert truncation.open_quote(item, set(), end, counted_by_reading(clean)) is None
    assert opened == []  # an even number of quotes and no skipped row: nothing read again
    item = InputFile(str(stray), stray, None, stray.stat().st_size, stray.stat().st_mtime)
    assert truncation.open_quote(item, set(), end, counted_by_reading(stray)) is not None
