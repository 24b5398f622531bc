"""A registry-style export writes an Intune device id in braces ({0B5C...}): the same GUID, so the halves join
(REPORT4 problem 6: before, none of the devices joined and the run blamed "different tenants or days").
Both read paths of the apps export (the fast path when the ids are the only change, and read())."""
from __future__ import annotations

from pathlib import Path

from auditor.policy import Library
from auditor.sources.intune_rows import intune_device_id
from tests.reading.test_intune_inputs import DEVICES, GUID, WHOLE, audit, both_exports, fatal


def test_braced_upper_case_guids_join_the_devices_export(test_library: Library, tmp_path: Path) -> None:
    folder = both_exports(tmp_path / "b", WHOLE.replace("dev-1", "{" + GUID.upper() + "}"))
    (folder / "devices.csv").write_text(DEVICES.read_text().replace("dev-1", GUID))
    result = audit(test_library, [folder])
    assert result.complete, fatal(result)
    assert len(result.devices) == 4
    (tiktok,) = [f for f in result.findings if f.device.name == "IPHONE-ANA"]
    assert tiktok.device.serial == "F2LXK0AAHG7F"
    assert [s.device_id for s in tiktok.device.sources] == [GUID, GUID]


def test_only_a_whole_guid_loses_its_braces() -> None:
    assert intune_device_id(" {" + GUID.upper() + "} ") == GUID
    assert intune_device_id("{dev-1}") == "{dev-1}"  # not a GUID: kept as written
    assert intune_device_id("{" + GUID) == "{" + GUID
