"""The integrity of Intune inputs (auditor.textio.truncation, auditor.reading.intune_pairs, intune_device_id,
auditor.reading.staleness): a run never says complete when it audited less than it should.

- an export cut mid-record (no final line ending, a short or unterminated last record) is incomplete, named
  with its file and line, whichever read path read it (row by row, the fast path, byte spans);
- the devices export alone, and the apps export alone, are incomplete, naming the missing half;
- device ids that differ only by case join; app devices missing from the devices export are counted;
- a date in an export's name dates it when older than its other dates."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import List

import pytest

from auditor.model import AuditResult, ProblemKind, Visibility
from auditor.policy import Library, select_packs
from tests.conftest import AS_OF, FIXTURES, audit_paths

APPS = FIXTURES / "intune" / "AppInvRawData.csv"
DEVICES = FIXTURES / "intune" / "devices.csv"


def audit(library: Library, paths: List[Path], as_of: dt.date = AS_OF, jobs: int = 1) -> AuditResult:
    return audit_paths(paths, library, select_packs(library, [], as_of), as_of, max_export_age_days=100000,
                       jobs=jobs)


def fatal(result: AuditResult) -> List[str]:
    return [f"{p.source}:{p.line}: {p.message}" for p in result.problems if p.fatal]


def both_exports(folder: Path, apps_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEVICES, folder / "devices.csv")
    (folder / "AppInvRawData.csv").write_text(apps_text, newline="")
    return folder


# --- item 1: a cut export ------------------------------------------------------------------------------

WHOLE = APPS.read_text()


@pytest.mark.parametrize("cut_at", [
    pytest.param(lambda text: text.rstrip("\n")[:-25], id="short last record"),
    pytest.param(lambda text: text.rstrip("\n").rsplit("\n", 1)[0] + '\nk9,"TikTok', id="open quote"),
    pytest.param(lambda text: text + 'k9,TikTok,,1,1,dev-2,LAPTOP-17,bob@contoso.com,Windows,10,Windows,u2,"Bob J',
                 id="open quote in the last field"),
])
@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "read()"])
def test_a_cut_apps_export_makes_the_run_incomplete_naming_file_and_line(
        test_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_at, fast: bool) -> None:  # type: ignore[no-untyped-def]
    text = cut_at(WHOLE)
    folder = both_exports(tmp_path / "x", text)
    if not fast:
        monkeypatch.setattr("auditor.sources.intune_csv.IntuneAppInventoryCsv.scan", None, raising=False)
    result = audit(test_library, [folder])
    last_line = text.count("\n") + 1
    cut = [p for p in result.problems if "the file was cut" in p.message]
    assert len(cut) == 1, fatal(result)
    assert cut[0].fatal and cut[0].source.endswith("AppInvRawData.csv") and cut[0].line == last_line
    assert f"line {last_line}" in cut[0].message
    assert not result.complete


STRAY = "k7,\"Contoso Notes 7,Contoso,7.0,7.0,dev-2,LAPTOP-17,bob@contoso.com,Windows,10,Windows,u2,Bob Jones\n"
LAST_FIELD = "k7,Contoso Notes,Contoso,7.0,7.0,dev-2,LAPTOP-17,bob@contoso.com,Windows,10,Windows,u2,\"Bob J\n"


@pytest.mark.parametrize("stray", [pytest.param(STRAY, id="in the name"),
                                   pytest.param(LAST_FIELD, id="in the last field")])
@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "read()"])
def test_a_quote_that_never_closes_is_fatal_whatever_the_last_byte(
        test_library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stray: str, fast: bool) -> None:
    """A stray quote on line 3 swallows the 7 lines after it into one field; the file ends with a newline."""
    header, *rows = WHOLE.splitlines(keepends=True)
    text = header + rows[0] + stray + "".join(rows[1:])
    assert text.endswith("\n") and text.count("\n") == 10
    if not fast:
        monkeypatch.setattr("auditor.sources.intune_csv.IntuneAppInventoryCsv.scan", None, raising=False)
    result = audit(test_library, [both_exports(tmp_path / "q", text)])
    (problem,) = [p for p in result.problems if "never closes" in p.message]
    assert problem.fatal and problem.line == 3 and problem.source.endswith("AppInvRawData.csv")
    assert "on line 3 never closes: the 7 lines after it were read as one field" in problem.message
    assert not result.complete


def test_a_literal_quote_inside_a_field_is_no_open_quote(test_library: Library, tmp_path: Path) -> None:
    """An odd number of quotes, none opening a field: read as text, the run complete."""
    text = WHOLE + 'k8,Monitor 27" tool,Contoso,1,1,dev-2,LAPTOP-17,bob@contoso.com,Windows,10,Windows,u2,Bob Jones\n'
    assert text.count('"') % 2 == 1
    result = audit(test_library, [both_exports(tmp_path / "l", text)])
    assert result.complete, fatal(result)


def test_a_whole_export_without_a_final_line_ending_is_complete(test_library: Library, tmp_path: Path) -> None:
    folder = both_exports(tmp_path / "x", WHOLE.rstrip("\n"))
    result = audit(test_library, [folder])
    assert result.complete, fatal(result)


def test_a_quoted_field_spanning_lines_at_the_end_is_not_a_cut(test_library: Library, tmp_path: Path) -> None:
    """The last physical line is the end of a quoted field: its quote closes, it is not short in the reader."""
    text = WHOLE + 'k9,"Notes\nfor, Ana",Apple,1,1,dev-1,IPHONE-ANA,ana@contoso.com,iPhone,17.5,iOS,u1,Ana Silva'
    folder = both_exports(tmp_path / "x", text)
    result = audit(test_library, [folder])
    assert result.complete, fatal(result)


def test_a_cut_export_read_in_byte_spans_is_incomplete(test_library: Library, tmp_path: Path) -> None:
    """A file large enough to be read in spans by worker processes (auditor.textio.csvsplit): the same."""
    header, *rows = WHOLE.splitlines()
    body = "".join(f"{row.replace('dev-1', f'dev-{i % 2 + 1}')}\n" for i in range(9000) for row in rows[1:3])
    text = header + "\n" + body * 12 + rows[0][:20]
    assert len(text) > 16 * 1024 * 1024
    folder = both_exports(tmp_path / "x", text)
    result = audit(test_library, [folder], jobs=2)
    (cut,) = [p for p in result.problems if "the file was cut" in p.message]
    assert cut.line == text.count("\n") + 1


def test_a_cut_json_export_is_already_incomplete(test_library: Library, tmp_path: Path) -> None:
    source = FIXTURES / "intune_graph" / "detectedApps_with_managedDevices.json"  # kept in the repository
    folder = tmp_path / "j"
    folder.mkdir()
    data = source.read_bytes()
    (folder / source.name).write_bytes(data[: len(data) * 2 // 3])
    assert not audit(test_library, [folder]).complete


# --- items 2 and 3: one half of the Intune export alone ------------------------------------------------

def test_the_devices_export_alone_is_incomplete(test_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(DEVICES, folder / "devices.csv")
    result = audit(test_library, [folder])
    (problem,) = [p for p in result.problems if p.fatal]
    assert problem.kind == ProblemKind.INPUT and problem.source.endswith("devices.csv")
    assert "without its Discovered apps export (AppInvRawData)" in problem.message


def test_the_apps_export_alone_is_incomplete(test_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copy(APPS, folder / "AppInvRawData.csv")
    result = audit(test_library, [folder])
    (problem,) = [p for p in result.problems if p.fatal]
    assert problem.source.endswith("AppInvRawData.csv")
    assert "without its All devices export (DevicesWithInventory)" in problem.message


def test_both_halves_are_complete(test_library: Library, tmp_path: Path) -> None:
    result = audit(test_library, [both_exports(tmp_path / "b", WHOLE)])
    assert result.complete, fatal(result)
    assert not [p for p in result.problems if "devices export" in p.message]


# --- item 6: joining the halves ------------------------------------------------------------------------

GUID = "0b5c2f7e-2c3e-4a55-9a57-2c1f1f0f3a11"


def test_device_ids_that_differ_only_by_case_join(test_library: Library, tmp_path: Path) -> None:
    """Intune device ids are GUIDs: the apps export's upper-case id is the devices export's lower-case one."""
    folder = both_exports(tmp_path / "c", WHOLE.replace("dev-1", GUID.upper()))
    (folder / "devices.csv").write_text(DEVICES.read_text().replace("dev-1", GUID))
    result = audit(test_library, [folder])
    assert result.complete, fatal(result)
    assert len(result.devices) == 4  # not 5: the apps' DEV-1 is the devices export's dev-1
    (tiktok,) = [f for f in result.findings if f.device.name == "IPHONE-ANA"]
    assert tiktok.device.serial == "F2LXK0AAHG7F"  # the devices export's serial: joined


def test_app_devices_missing_from_the_devices_export_are_counted(test_library: Library, tmp_path: Path) -> None:
    extra = "".join(f"k2,Slack,Slack,1,1,gone-{i},PC-{i},x{i}@contoso.com,Windows,10,Windows,u9,X {i}\n"
                    for i in range(5))
    result = audit(test_library, [both_exports(tmp_path / "m", WHOLE + extra)])
    (problem,) = [p for p in result.problems if "not in the devices export" in p.message]
    assert not problem.fatal and problem.kind == ProblemKind.DATA
    assert problem.message.startswith("5 of the 9 devices in the Intune apps export")
    assert "gone-0, gone-1, gone-2, ..." in problem.message


def test_apps_and_devices_exports_that_never_join_are_incomplete(test_library: Library, tmp_path: Path) -> None:
    result = audit(test_library, [both_exports(tmp_path / "n", WHOLE.replace("dev-", "other-"))])
    assert any("none of the" in p and "is in the devices export" in p for p in fatal(result)), fatal(result)


# --- item 12: a date in the name -----------------------------------------------------------------------

def test_a_date_in_the_file_name_dates_a_copied_export(test_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    shutil.copy(DEVICES, folder / "devices.csv")
    # The apps export has no date inside: its copy's modification time is today, its name says 2026-11-10.
    shutil.copy(APPS, folder / "AppInvRawData_2026-11-10.csv")
    now = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(folder / "AppInvRawData_2026-11-10.csv", (now, now))
    result = audit_paths([folder], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=7)
    (stale,) = [p for p in result.problems if p.kind == ProblemKind.STALE]
    assert stale.source.endswith("AppInvRawData_2026-11-10.csv")
    assert "dated 2026-11-10 (date in the file name), 13 days before 2026-11-23" in stale.message


def test_a_name_date_newer_than_the_content_does_not_hide_its_age(test_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    shutil.copy(APPS, folder / "AppInvRawData.csv")
    shutil.copy(DEVICES, folder / "devices_2026-11-23.csv")  # check-ins inside: 2026-11-22
    result = audit_paths([folder], test_library, select_packs(test_library, [], AS_OF), dt.date(2026, 12, 1),
                         max_export_age_days=7)
    stale = [p.message for p in result.problems if p.kind == ProblemKind.STALE and "devices" in p.source]
    assert stale and "dated 2026-11-22 (newest timestamp inside the export)" in stale[0]


def test_visibility_is_unchanged_by_the_join(test_library: Library, tmp_path: Path) -> None:
    """Guards the case-insensitive join against changing what a joined device shows."""
    folder = both_exports(tmp_path / "v", WHOLE.replace("dev-1", GUID.upper()))
    (folder / "devices.csv").write_text(DEVICES.read_text().replace("dev-1", GUID))
    result = audit(test_library, [folder])
    (ana,) = [d for d in result.devices if d.name == "IPHONE-ANA"]
    assert ana.app_visibility == Visibility.FULL and ana.owner_email == "ana@contoso.com"
    assert [s.device_id for s in ana.sources] == [GUID, GUID]  # one id, in lower case
