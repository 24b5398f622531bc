"""Devices whose last check-in is older than the export age limit (auditor.reading.staleness.not_current_since,
auditor.engine.not_current): listed in one data-quality problem with their owners' tiers, highest first,
although the export itself is current. Real readers, the repository's example staff directory."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List

from auditor.engine import audit
from auditor.model import AuditResult, ProblemKind
from auditor.people import PeopleFiles
from auditor.policy import Library, select_packs, selection_of
from auditor.reading import not_current_since
from auditor.sources import plan_inputs
from tests.conftest import AS_OF, REPO

DEVICES = "Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,OS version,Last check-in\n"
APPS = "ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"


def run(library: Library, tmp_path: Path, devices: List[tuple], max_age: int = 7) -> AuditResult:
    """devices: (id, owner e-mail, last check-in)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "devices.csv").write_text(DEVICES + "".join(
        f"{d},{d.upper()},S{d},{mail},Corporate,Windows,10,{seen}\n" for d, mail, seen in devices))
    (folder / "AppInvRawData.csv").write_text(APPS + "".join(
        f"Microsoft Edge,Microsoft Corporation,1,{d},{d.upper()},Windows\n" for d, _, _ in devices))
    people = PeopleFiles(staff=REPO / "examples" / "people" / "staff.csv").load()
    return audit(plan_inputs([folder]), selection_of(library, select_packs(library, [], AS_OF), AS_OF), people,
                 max_export_age_days=max_age)


def not_current(result: AuditResult) -> List[str]:
    return [p.message for p in result.problems if "not checked in" in p.message]


def test_devices_that_have_not_checked_in_are_listed_with_their_tier(test_library: Library, tmp_path: Path) -> None:
    result = run(test_library, tmp_path, [
        ("pc-1", "ana.schmidt@example.com", "2025-10-01 09:00:00"),  # standard
        ("pc-2", "ana.kim@example.com", "2025-09-01 09:00:00"),  # the CEO: critical
        ("pc-3", "bob.nguyen@example.com", "2026-11-22 08:00:00")])  # current
    (message,) = not_current(result)
    assert message.startswith("2 devices have not checked in for more than 7 days (--max-export-age)")
    assert ("PC-2 (Ana Kim, critical, last check-in 2025-09-01); PC-1 (Ana Schmidt, standard, last check-in "
            "2025-10-01)") in message
    assert "PC-3" not in message
    (problem,) = [p for p in result.problems if p.message == message]
    assert problem.kind == ProblemKind.DATA and not problem.fatal
    assert result.complete  # the export is current: its date (the newest check-in) is within the limit


def test_a_larger_limit_lists_none(test_library: Library, tmp_path: Path) -> None:
    result = run(test_library, tmp_path, [("pc-1", "ana.kim@example.com", "2025-09-01 09:00:00"),
                                          ("pc-2", "bob.nguyen@example.com", "2026-11-22 08:00:00")], max_age=500)
    assert not not_current(result)


def test_the_newest_sighting_decides_and_every_form_is_read() -> None:
    as_of = dt.date(2026, 11, 23)
    assert not_current_since(["2025-09-01T00:00:00Z", "2026-11-20 10:00"], as_of, 7) is None
    assert not_current_since(["2025-09-01T00:00:00Z", "2025-10-02"], as_of, 7) == dt.date(2025, 10, 2)
    assert not_current_since([str(int(dt.datetime(2025, 1, 5, tzinfo=dt.timezone.utc).timestamp()))], as_of,
                             7) == dt.date(2025, 1, 5)
    assert not_current_since([None, "", "not a time"], as_of, 7) is None
    assert not_current_since(["0001-01-02"], as_of, 10**6) is None  # a limit longer than the calendar
    assert not_current_since(["2026-11-16"], as_of, 7) is None and not_current_since(["2026-11-15"], as_of, 7)


def test_a_placeholder_check_in_is_no_check_in() -> None:
    """'0001-01-01' and '9999-12-31' are tools' words for "never" (timestamps.parse_time reads neither): a device
    is not 'last seen in year 1', and a 9999 placeholder does not hide its real, old check-in."""
    import datetime as dt

    from auditor.reading.staleness import not_current_since

    as_of = dt.date(2026, 11, 23)
    assert not_current_since(["0001-01-01T00:00:00Z"], as_of, 30) is None
    assert not_current_since(["9999-12-31T00:00:00Z", "2025-01-01T00:00:00Z"], as_of, 30) == dt.date(2025, 1, 1)
