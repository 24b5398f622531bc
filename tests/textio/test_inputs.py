"""Expanding the paths named into input files: folders walked without recursion and to a bounded depth,
names that are not UTF-8 shown escaped, exclusion patterns, and ZIP files judged from their headers."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor.textio.archives import InflateLimits
from auditor.textio.exclude import Exclusions
from auditor.textio.inputs import MAX_DEPTH, Expansion, expand
from auditor.textio.names import shown
from tests.hostile.zipcraft import overlapping_bomb, single_member

MB = 1024 * 1024


def _expand(paths: List[Path], exclusions: Exclusions = Exclusions(),
            limits: InflateLimits = InflateLimits()) -> Tuple[Expansion, List[Tuple[str, str]]]:
    problems: List[Tuple[str, str]] = []
    expansion = expand(paths, lambda display, message: problems.append((display, message)), exclusions, limits)
    return expansion, problems


def _deep(top: Path, levels: int) -> Path:
    folder = top
    for _ in range(levels):  # os.makedirs recurses once per level
        folder = folder / "d"
        folder.mkdir()
    return folder


def _remove_deep(top: Path) -> None:
    levels = [top]
    while (levels[-1] / "d").is_dir():
        levels.append(levels[-1] / "d")
    for level in reversed(levels[1:]):
        for child in level.iterdir():
            child.unlink()
        level.rmdir()


def test_a_folder_1200_levels_deep_is_walked_without_recursion_and_cut_at_the_depth_limit(tmp_path: Path) -> None:
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "top.csv").write_text("a,b\n")
    _deep(tmp_path / "drop", MAX_DEPTH)  # the deepest level read
    (tmp_path / "drop" / os.path.join(*["d"] * MAX_DEPTH) / "deepest-read.csv").write_text("a,b\n")
    bottom = _deep(tmp_path / "drop" / os.path.join(*["d"] * MAX_DEPTH), 1200 - MAX_DEPTH)
    (bottom / "too-deep.csv").write_text("a,b\n")
    try:
        expansion, problems = _expand([tmp_path / "drop"])
    finally:
        _remove_deep(tmp_path / "drop")
    assert [Path(f.display).name for f in expansion.files] == ["deepest-read.csv", "top.csv"]
    (display, message), = problems
    assert f"nested deeper than {MAX_DEPTH} levels" in message
    assert len(Path(display).relative_to(tmp_path / "drop").parts) == MAX_DEPTH + 1


def test_a_name_that_is_not_utf8_is_shown_escaped_and_still_read(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.csv")
    with open(raw, "wb") as handle:
        handle.write(b"a,b\n")
    expansion, problems = _expand([tmp_path])
    (item,) = expansion.files
    assert item.display.endswith("caf\\xe9.csv") and item.display.encode("utf-8")
    assert item.open().read() == b"a,b\n" and problems == []
    assert shown(Path(os.fsdecode(raw))) == item.display


@pytest.mark.parametrize("pattern,relative,excluded", [
    ("*.pdf", "minutes.pdf", True), ("*.pdf", "2025/q3/minutes.pdf", True), ("*.pdf", "apps.csv", False),
    ("archive/**", "archive/old.csv", True), ("archive/**", "archive/2024/old.csv", True),
    ("archive/**", "live/archive.csv", False), ("archive/", "archive/old.csv", True),
    ("**/tmp-*.csv", "a/b/tmp-1.csv", True), ("**/tmp-*.csv", "tmp-1.csv", True), ("*/old.csv", "a/b/old.csv", False),
    ("page-[0-9].csv", "page-7.csv", True), ("page-[!0-9].csv", "page-7.csv", False), ("*.PDF", "minutes.pdf", False),
])
def test_exclusion_patterns(pattern: str, relative: str, excluded: bool) -> None:
    assert (Exclusions((pattern,)).matching(relative) == pattern) is excluded


def test_excluded_files_and_members_are_listed_not_read(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    for name in ("apps.csv", "minutes.pdf", "archive/old.csv"):
        (tmp_path / name).write_text("a,b\n")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("devices.csv", "a,b\n")
        archive.writestr("scan.pdf", "%PDF-1.7\n")
    expansion, problems = _expand([tmp_path], exclusions=Exclusions(("*.pdf", "archive/**")))
    assert [Path(f.display).name for f in expansion.files] == ["apps.csv", "export.zip!devices.csv"]
    assert sorted((Path(e.display).name, e.pattern) for e in expansion.excluded) == [
        ("export.zip!scan.pdf", "*.pdf"), ("minutes.pdf", "*.pdf"), ("old.csv", "archive/**")]
    assert problems == []


def test_a_named_path_whose_every_file_is_excluded_is_a_problem_naming_the_pattern(tmp_path: Path) -> None:
    """--exclude '*' (or a pattern per subfolder) leaves nothing of a folder named as an input: never a quiet
    empty fleet. Excluding part of a folder (an archive subfolder) stays quiet."""
    (tmp_path / "intune").mkdir()
    (tmp_path / "jamf").mkdir()
    for name in ("intune/apps.csv", "intune/devices.csv", "jamf/page-0.json"):
        (tmp_path / name).write_text("a,b\n")
    expansion, problems = _expand([tmp_path / "intune", tmp_path / "jamf"], exclusions=Exclusions(("*.csv",)))
    assert [Path(f.display).name for f in expansion.files] == ["page-0.json"]
    (display, message), = problems
    assert display == shown(tmp_path / "intune")
    assert "every file here was excluded" in message and "'*.csv' excluded 2 (apps.csv, devices.csv)" in message
    expansion, problems = _expand([tmp_path], exclusions=Exclusions(("intune/**", "jamf/**")))
    (display, message), = problems
    assert display == shown(tmp_path) and "'intune/**' excluded 2" in message and "'jamf/**' excluded 1" in message
    expansion, problems = _expand([tmp_path], exclusions=Exclusions(("jamf/**",)))
    assert problems == [] and len(expansion.files) == 2


def test_overlapping_members_refuse_the_archive_before_anything_is_inflated(tmp_path: Path) -> None:
    claimed = overlapping_bomb(tmp_path / "bomb.zip", 200, 8 * MB)
    assert claimed > 1600 * MB and (tmp_path / "bomb.zip").stat().st_size < 64 * 1024
    expansion, problems = _expand([tmp_path / "bomb.zip"])
    assert expansion.files == ()
    (display, message), = problems
    assert display.endswith("bomb.zip") and "overlap" in message and "zip bomb" in message


def _padded(path: Path, members: int, size: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"page-{i}.csv", b"a,b\n" + b"\n" * (size - 4))


def test_what_archives_inflate_to_is_capped_per_archive_and_per_run(tmp_path: Path) -> None:
    _padded(tmp_path / "a.zip", 3, 2 * MB)
    _padded(tmp_path / "b.zip", 2, 2 * MB)
    limits = InflateLimits(per_archive=5 * MB, per_run=7 * MB)
    expansion, problems = _expand([tmp_path / "a.zip", tmp_path / "b.zip"], limits=limits)
    assert [f.display.rsplit("/", 1)[-1] for f in expansion.files] == ["a.zip!page-0.csv", "a.zip!page-1.csv",
                                                                       "b.zip!page-0.csv"]
    assert [(Path(d).name, m.split(":")[0]) for d, m in problems] == [
        ("a.zip", "1 members not read (page-2.csv)"), ("b.zip", "1 members not read (page-1.csv)")]
    assert "limit per archive of 5 MiB (inputs.max_inflated_bytes.per_archive" in problems[0][1]
    assert "limit per run of 7 MiB (inputs.max_inflated_bytes.per_run" in problems[1][1]


@pytest.mark.parametrize("name,header,says", [
    (b"x.csv", {"flags": 1}, "encrypted"), (b"x.csv", {"method": 9}, "Deflate64"),
    (b"x.csv", {"method": 98}, "PPMd"), (b"", {}, "empty name"),
])
def test_members_no_reader_can_open_are_named_from_their_headers(tmp_path: Path, name: bytes, header: dict,
                                                                 says: str) -> None:
    single_member(tmp_path / "e.zip", name, b"a,b\n", also=((b"ok.csv", b"a,b\n"),), **header)
    expansion, problems = _expand([tmp_path / "e.zip"])
    assert [Path(f.display).name for f in expansion.files] == ["e.zip!ok.csv"]
    (display, message), = [p for p in problems if "contains no files" not in p[1]]
    assert says in message and "not read" in message


def test_a_damaged_member_is_unreadable_not_a_crash(tmp_path: Path) -> None:
    single_member(tmp_path / "e.zip", b"x.csv", b"a,b\n" * 100_000, crc_delta=1)
    expansion, problems = _expand([tmp_path / "e.zip"])
    (item,) = expansion.files
    with pytest.raises(OSError, match="CRC-32 does not match"):
        with item.open() as handle:
            while handle.read(1 << 16):
                pass


def test_an_office_document_is_one_problem(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "fleet.xlsx", "w") as archive:
        for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/worksheets/sheet1.xml"):
            archive.writestr(name, "<x/>")
    expansion, problems = _expand([tmp_path / "fleet.xlsx"])
    assert expansion.files == ()
    assert [(Path(d).name, m) for d, m in problems] == [("fleet.xlsx", "Excel workbook: export it as CSV (not read)")]
