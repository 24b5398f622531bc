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
    unended = tmp_path / "unended.csv"
    unended.write_bytes(b'a,b\nx,1\n"open,2\ny,3\nz,4')
    classic_mac = tmp_path / "cr.csv"  # lines ended by CR alone, as the csv module ends them too
    classic_mac.write_bytes(b'a,b\rx,1\r"open,2\ry,3\rz,4\r')
    end = truncation.CsvEnd("utf-8", 2, ",")
    swallowed = {}
    for path in (clean, stray, unended, classic_mac):
        item = InputFile(str(path), path, None, path.stat().st_size, path.stat().st_mtime)
        found = truncation.open_quote(item, set(), end, counted_by_reading(path))
        assert found == truncation.open_quote(item, set(), end)
        swallowed[path.name] = found and found.swallowed
    # The lines after the open quote's line: with and without a final line ending.
    assert swallowed == {"clean.csv": None, "stray.csv": 2, "unended.csv": 2, "cr.csv": 2}
    opened = []
    real_open = InputFile.open
    monkeypatch.setattr(InputFile, "open", lambda self: opened.append(self) or real_open(self))
    item = InputFile(str(clean), clean, None, clean.stat().st_size, clean.stat().st_mtime)
    assert truncation.open_quote(item, set(), end, counted_by_reading(clean)) is None
    assert opened == []  # an even number of quotes and no skipped row: nothing read again
    item = InputFile(str(stray), stray, None, stray.stat().st_size, stray.stat().st_mtime)
    assert truncation.open_quote(item, set(), end, counted_by_reading(stray)) is not None


def test_quotes_are_counted_exactly_whichever_way_each_chunk_is_counted() -> None:
    """QuoteCounts counts a chunk by a replace after a chunk with few quotes and by bytes.count after a dense one:
    every mix of sparse and dense chunks (and empty ones, and the switch both ways) gives bytes.count's total."""
    from auditor.textio.inputs import SPARSE_QUOTES, QuoteCounts

    sparse = b"x" * (4 * SPARSE_QUOTES) + b'"'  # one quote in over SPARSE_QUOTES bytes
    dense = b'"a","b","c"\n' * 50
    edge = b'"' + b"y" * (SPARSE_QUOTES - 1)  # exactly one in SPARSE_QUOTES: not sparse
    for chunks in ([sparse, sparse, dense, dense, sparse], [dense, sparse, b"", sparse, dense], [edge, sparse, edge],
                   [b"", b'"'], [sparse] * 5):
        counted = QuoteCounts()
        for chunk in chunks:
            counted.add(chunk)
        assert counted.quotes == b"".join(chunks).count(b'"'), chunks
    counted, modes = QuoteCounts(), []
    for chunk in (sparse, dense, edge):
        counted.add(chunk)
        modes.append(counted.sparse)
    assert modes == [True, False, False]  # the way the next chunk is counted follows this one's density


def test_a_reader_looks_at_every_piece_of_a_long_chunk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """HashingReader hashes and looks at a chunk a piece (LOOKED_PIECE) at a time: the quotes of every piece are
    counted, signs past the first piece are seen, a short last piece too, and the hash is the file's."""
    import hashlib
    import io

    from auditor.textio.encoding import CodePageSigns
    from auditor.textio.inputs import LOOKED_PIECE, HashingReader

    line = b'k1,"Contoso, Inc.",Notes,1.0\n'
    body = line * (3 * LOOKED_PIECE // len(line))
    lost = b'k2,??,Notes,1.0\n'  # a name saved as question marks, in the third piece
    foreign = "k3,Лаборатория,Notes,1.0\n".encode("cp1251")  # a Cyrillic name, in the last, short piece
    data = body + lost + foreign
    assert len(data) > 3 * LOOKED_PIECE and len(data) % LOOKED_PIECE
    path = tmp_path / "long.csv"
    path.write_bytes(data)
    signs = CodePageSigns()
    signs.foreign_possible = True
    reader = HashingReader(path.open("rb"), signs, count_quotes=True)
    buffered = io.BufferedReader(reader, 4 * LOOKED_PIECE)  # one readinto: every piece of one chunk
    assert buffered.read() == data
    assert reader.finish() == hashlib.sha256(data).hexdigest()
    reader.close()
    assert reader.counted is not None and reader.counted.quotes == data.count(b'"')
    assert signs.lost == 1 and signs.foreign == [foreign.split(b",")[1].decode("cp1252")]
