"""The JSON streamer's work is linear in the size of a record, however large the record: counted as the
characters the JSON parser is given to scan, never timed."""
from __future__ import annotations

import io
import json
from typing import Any, List

import pytest

from auditor.textio.jsonstream import JsonStreamError, iter_records

MB = 1024 * 1024


class _Counted:
    """Every parse attempt of the streamer, and the characters it made the parser scan."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scanned = 0
        self.attempts = 0
        original = json.JSONDecoder.raw_decode

        def counting(decoder: json.JSONDecoder, text: str, index: int = 0) -> Any:
            self.attempts += 1
            try:
                value, end = original(decoder, text, index)
            except ValueError:
                self.scanned += len(text) - index  # a failed attempt may have scanned all it was given
                raise
            self.scanned += end - index
            return value, end
        monkeypatch.setattr(json.JSONDecoder, "raw_decode", counting)


def _records(text: str) -> List[Any]:
    return [value for _, value, is_record in iter_records(io.StringIO(text), ("value",)) if is_record]


def _graph(notes: int) -> str:
    return '{"value": [{"displayName": "TikTok", "notes": "' + "x" * notes + '"}, {"displayName": "Slack"}]}'


def test_one_huge_record_costs_work_linear_in_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    work = {}
    for size in (2 * MB, 16 * MB):
        counted.scanned = counted.attempts = 0
        records = _records(_graph(size))
        assert [r["displayName"] for r in records] == ["TikTok", "Slack"] and len(records[0]["notes"]) == size
        work[size] = (counted.scanned, counted.attempts)
    # Re-parsing the whole buffer once per 64 kB block scanned 2,100 MB for the 16 MB record (quadratic).
    for size, (scanned, attempts) in work.items():
        assert scanned <= 4 * size, f"{scanned / size:.0f} characters scanned per character of a {size >> 20} MB record"
        assert attempts <= 64
    assert work[16 * MB][0] / work[2 * MB][0] < 8 * 1.5  # eight times the record, about eight times the work


def test_a_record_over_the_limit_is_refused_after_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    with pytest.raises(JsonStreamError, match="larger than 64 MB"):
        _records(_graph(70 * MB))
    assert counted.scanned <= 4 * 70 * MB


def test_many_small_records_cost_one_parse_each(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    text = '{"value": [' + ", ".join('{"displayName": "App %d", "id": "%032d"}' % (i, i) for i in range(50_000)) + "]}"
    assert len(_records(text)) == 50_000
    assert counted.scanned <= 3 * len(text)


def test_truncated_record_is_an_error_at_its_offset() -> None:
    with pytest.raises(JsonStreamError, match="invalid or truncated JSON"):
        _records(_graph(300_000)[:-40])
