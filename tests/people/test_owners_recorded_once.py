"""Each device's owner is recorded once as unmatched (or the device as ownerless), whether it was looked up for a
finding before the fleet's check, by the check, or again after it."""
from __future__ import annotations

from pathlib import Path

from auditor.model import Device, Ownership, Platform, SourceRef, Visibility
from auditor.people import People, load_directory
from auditor.people.owners import Owners


def device(key: str, email: str) -> Device:
    return Device(key, key, "", Platform.WINDOWS, "", Ownership.CORPORATE, email, "", "", "",
                  (SourceRef("intune", key, "a.csv"),), (), Visibility.FULL)


def test_each_device_recorded_once(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("mail,displayName,title\nana@example.com,Ana,CEO\n", encoding="utf-8")
    owners = Owners(People(directory=load_directory(staff)))
    known, stranger, nobody = device("d1", "ana@example.com"), device("d2", "eve@example.com"), device("d3", "")
    late = device("d4", "mallory@example.com")
    owners(stranger)  # a finding's device, looked up before the check
    owners(nobody)
    owners(stranger)
    owners.check([known, stranger, nobody, device("d5", "eve@example.com")])
    owners(stranger)  # the outputs look owners up again
    owners(late)
    owners.check([stranger, late])  # a second check records nothing again
    assert owners.unmatched == {"eve@example.com": ["d2", "d5"]}
    assert owners.ownerless == ["d3"]
    assert [p.message for p in owners.problems()] == [
        "owner 'eve@example.com' of devices d2, d5 is not in the staff directory (tier unknown)",
        "1 device has no owner in any source: device d3"]
