"""CSV exports: every row is accounted for (audited + skipped = read), and the findings of a file do not
depend on row order, duplicate rows, header case, line endings or encoding."""
from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path
from typing import FrozenSet, List, Sequence, Tuple

from hypothesis import given, strategies as st

from auditor.model import AuditResult
from auditor.policy import Library, select_packs
from tests.conftest import audit_paths
from tests.property.settings import profile

AS_OF = dt.date(2026, 11, 23)

# Odd but well-formed cell text: any character a device can report except NUL and lone surrogates
# (which no encoding can carry), with delimiters, quotes, newlines and non-Latin names included.
ODD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
# A row without an app name is skipped by design; the generator makes only rows that must be audited.
APP = st.one_of(st.sampled_from(["TikTok", "WeChat", "微信", "CapCut", "Lark Player", "TikTok Downloader", "Notes"]),
                ODD.filter(lambda s: s.strip() != ""))


@st.composite
def appinv_rows(draw: st.DrawFn) -> Tuple[List[List[str]], int]:
    """(data rows, how many of them are malformed): rows of Intune's AppInvRawData export."""
    good = draw(st.lists(st.tuples(APP, st.sampled_from(["dev-1", "dev-2", "dev-3"]), ODD,
                                   st.sampled_from(["iOS", "Android", "Windows", "ios", "ANDROID"])),
                         min_size=1, max_size=25))
    rows = [[name, "", version, device, f"NAME-{device}", f"{device}@corp.example", "u", platform]
            for name, device, version, platform in good]
    bad = draw(st.lists(st.integers(0, len(rows)), max_size=4))
    for position in sorted(bad, reverse=True):
        rows.insert(position, ["too", "few", "fields"])  # a malformed row: counted, skipped, reported
    return rows, len(bad)


HEADER = ["ApplicationName", "ApplicationPublisher", "ApplicationVersion", "DeviceId", "DeviceName", "EmailAddress",
          "UserName", "Platform"]
ENCODINGS = {"utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "utf-16": "utf-16"}


def write_csv(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER, newline: str = "\n",
              encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow(header)
    # Quote every data cell: the csv module would leave a lone CR unquoted, which is a line break.
    csv.writer(out, lineterminator=newline, quoting=csv.QUOTE_ALL).writerows(rows)
    return out.getvalue().encode(ENCODINGS[encoding])


def run(library: Library, data: bytes) -> AuditResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "AppInvRawData.csv"
        path.write_bytes(data)
        return audit_paths([path], library, select_packs(library, (), AS_OF), AS_OF, max_export_age_days=100_000)


def verdict(result: AuditResult) -> FrozenSet[Tuple[str, str]]:
    return frozenset((f.key, f.status.value) for f in result.findings)


@profile(40)
@given(appinv_rows())
def test_every_row_is_audited_or_skipped_with_its_line(test_library: Library, generated: Tuple[List[List[str]], int]) -> None:
    rows, bad = generated
    result = run(test_library, write_csv(rows))
    [source] = result.sources
    assert source.format == "intune-appinv-csv"
    assert source.rows == len(rows), "every data row is read"
    assert source.rows_skipped == bad and source.apps == len(rows) - bad, "audited + skipped = read"
    skipped = [p for p in result.problems if "expected 8 fields" in p.message]
    expected_lines = [i + 2 for i, row in enumerate(rows) if len(row) == 3]  # header is line 1
    assert len(skipped) == bad
    if all("\n" not in c and "\r" not in c for row in rows for c in row):  # one line per row: exact lines
        assert sorted(p.line for p in skipped) == expected_lines


@profile(40)
@given(appinv_rows(), st.randoms(use_true_random=False), st.sampled_from(sorted(ENCODINGS)),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_findings_do_not_depend_on_order_duplicates_case_newlines_or_encoding(
        test_library: Library, generated: Tuple[List[List[str]], int], rnd, encoding: str,  # type: ignore[no-untyped-def]
        newline: str, upper: bool) -> None:
    rows, _ = generated
    reference = verdict(run(test_library, write_csv(rows)))
    shuffled = list(rows) + [list(r) for r in rows[: len(rows) // 2]]  # duplicated rows
    rnd.shuffle(shuffled)
    header = [h.upper() if upper else h.lower() for h in HEADER]
    variant = run(test_library, write_csv(shuffled, header, newline, encoding))
    assert verdict(variant) == reference
    assert variant.complete == run(test_library, write_csv(rows)).complete
