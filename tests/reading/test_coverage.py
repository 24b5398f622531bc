"""Which devices show apps, judged per tool across the inputs (auditor.reading.coverage): an input that lists
devices and no app for any of them, of any reader, makes the run incomplete naming what is missing and how
to export it; an apps export that covers only some devices of the devices export is incomplete (most, or a
whole platform) or a counted note (a few); devices that legitimately show no app (personal phones, Android
fully managed in Intune) are not counted. Real readers, real files (the repository's fixtures)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import List

import pytest

from auditor.model import AuditResult, ProblemKind
from auditor.policy import Library, select_packs
from tests.conftest import AS_OF, FIXTURES, audit_paths


def audit(library: Library, paths: List[Path], as_of: dt.date = AS_OF) -> AuditResult:
    return audit_paths(paths, library, select_packs(library, [], as_of), as_of, max_export_age_days=100000)


def coverage(result: AuditResult) -> List[str]:
    return [p.message for p in result.problems if "app row" in p.message or "no app for any" in p.message]


def copies(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(FIXTURES / name, folder / Path(name).name)
    return folder


def jamf_without_applications(tmp_path: Path) -> Path:
    """The Jamf Pro page fixture as fetched without section=APPLICATIONS (sections not requested are null)."""
    page = json.loads((FIXTURES / "jamf" / "computers-inventory.json").read_text())
    for record in page["results"]:
        record["applications"] = None
    out = tmp_path / "computers-inventory_page-0.json"
    out.write_text(json.dumps(page))
    return out


def fleet_without_software(tmp_path: Path) -> Path:
    document = json.loads((FIXTURES / "fleet" / "hosts_with_software.json").read_text())
    for host in document["hosts"]:
        host.pop("software", None)
    out = tmp_path / "hosts.json"
    out.write_text(json.dumps(document))
    return out


@pytest.mark.parametrize("make, says", [
    pytest.param(lambda tmp: FIXTURES / "kandji" / "devices.json", "GET /api/v1/devices/{device_id}/apps",
                 id="Kandji devices"),
    pytest.param(lambda tmp: copies(tmp, "workspace_one/devices_search_page0.json",
                                    "workspace_one/devices_search_page1.json"), "/API/mdm/devices/{id}/apps",
                 id="Workspace ONE devices (both pages)"),
    pytest.param(lambda tmp: FIXTURES / "ninjaone" / "devices.json", "GET /v2/queries/software",
                 id="NinjaOne devices"),
    pytest.param(lambda tmp: FIXTURES / "defender" / "machines.json", "SoftwareInventoryByMachine",
                 id="Defender machines"),
    pytest.param(lambda tmp: FIXTURES / "fleet" / "fleetctl_get_hosts.json", "`fleetctl get host <id> --json`",
                 id="fleetctl get hosts"),
    pytest.param(fleet_without_software, "`fleetctl get host <id> --json`", id="Fleet hosts without software"),
    pytest.param(lambda tmp: FIXTURES / "intune_graph" / "rapid7_managedDevices_list.json", "$expand=detectedApps",
                 id="Graph managedDevices"),
    pytest.param(jamf_without_applications, "section=APPLICATIONS", id="Jamf pages without APPLICATIONS"),
    pytest.param(lambda tmp: FIXTURES / "intune" / "devices.csv", "Discovered apps export (AppInvRawData)",
                 id="Intune devices export"),
])
def test_a_device_list_without_apps_is_incomplete_naming_what_to_export(
        test_library: Library, tmp_path: Path, make, says: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    result = audit(test_library, [path])
    problems = [p for p in result.problems if p.fatal and "no app for any of them" in p.message]
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    assert [p.source for p in problems] == [str(f) for f in files], [p.message for p in result.problems]
    assert all(p.kind == ProblemKind.INPUT and says in p.message for p in problems)
    assert not result.complete


@pytest.mark.parametrize("paths", [
    pytest.param(["kandji/devices.json", "kandji/device_apps_dee.json", "kandji/device_apps_kiosk.json"], id="Kandji"),
    pytest.param(["workspace_one/devices_search_page0.json", "workspace_one/devices_search_page1.json",
                  "workspace_one/apps_5614.json", "workspace_one/apps_5616.json"], id="Workspace ONE"),
    pytest.param(["ninjaone/devices.json", "ninjaone/software.json", "ninjaone/computer-systems.json"], id="NinjaOne"),
    pytest.param(["defender/machines.json", "defender/DeviceTvmSoftwareInventory.csv"], id="Defender"),
    pytest.param(["intune/devices.csv", "intune/AppInvRawData.csv"], id="Intune pair"),
])
def test_a_device_list_beside_the_apps_of_its_devices_is_complete(test_library: Library, paths: List[str]) -> None:
    result = audit(test_library, [FIXTURES / p for p in paths])
    assert not coverage(result), coverage(result)
    assert result.complete, [p.message for p in result.problems if p.fatal]


def test_a_jamf_page_with_its_applications_is_complete(test_library: Library) -> None:
    result = audit(test_library, [FIXTURES / "jamf" / "computers-inventory.json"])
    assert not coverage(result) and result.complete, [p.message for p in result.problems]


# --- an apps export covering some devices of the devices export ------------------------------------------

DEVICE_HEADER = "Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,OS version,Last check-in\n"
APP_HEADER = "ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"


def intune_pair(folder: Path, devices: List[tuple], apps_of: List[str]) -> Path:
    """devices: (id, OS, ownership); apps_of: the device ids with an app row (one harmless app each)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "devices.csv").write_text(DEVICE_HEADER + "".join(
        f"{d},{d.upper()},SN{d},{d}@contoso.com,{own},{os},1,2026-11-22 08:00:00\n" for d, os, own in devices))
    platform = {d: os for d, os, _ in devices}
    (folder / "AppInvRawData.csv").write_text(APP_HEADER + "".join(
        f"Microsoft Edge,Microsoft Corporation,1,{d},{d.upper()},{platform[d]}\n" for d in apps_of))
    return folder


def test_an_apps_export_of_one_device_is_incomplete_with_the_counts(test_library: Library, tmp_path: Path) -> None:
    devices = [(f"pc-{i:02}", "Windows", "Corporate") for i in range(10)]
    result = audit(test_library, [intune_pair(tmp_path / "a", devices, ["pc-00"])])
    (problem,) = [p for p in result.problems if "app row" in p.message]
    assert problem.fatal and problem.source.endswith("devices.csv")
    assert problem.message.startswith("9 of the 10 devices in this input that should show all their apps have no "
                                      "app row in ")
    assert "AppInvRawData.csv" in problem.message and "pc-01, pc-02, pc-03, ..." in problem.message
    assert not result.complete


def test_a_few_devices_without_app_rows_are_a_counted_note(test_library: Library, tmp_path: Path) -> None:
    devices = [(f"pc-{i:02}", "Windows", "Corporate") for i in range(10)]
    result = audit(test_library, [intune_pair(tmp_path / "a", devices, [d for d, _, _ in devices[:8]])])
    (problem,) = [p for p in result.problems if "app row" in p.message]
    assert not problem.fatal and problem.kind == ProblemKind.DATA
    assert problem.message.startswith("2 of the 10 devices") and "(pc-08, pc-09)" in problem.message
    assert result.complete


def test_an_apps_export_filtered_by_platform_is_incomplete(test_library: Library, tmp_path: Path) -> None:
    """Windows-only apps: the corporate iPhones (fewer than half the devices) have no row at all."""
    devices = ([(f"pc-{i:02}", "Windows", "Corporate") for i in range(12)]
               + [(f"ip-{i:02}", "iOS", "Corporate") for i in range(5)])
    result = audit(test_library, [intune_pair(tmp_path / "w", devices, [f"pc-{i:02}" for i in range(12)])])
    (problem,) = [p for p in result.problems if "app row" in p.message]
    assert problem.fatal and "every one of its 5 ios devices" in problem.message
    # Four iPhones without rows is no filter: a note.
    devices = devices[:-1]
    result = audit(test_library, [intune_pair(tmp_path / "w4", devices, [f"pc-{i:02}" for i in range(12)])])
    (problem,) = [p for p in result.problems if "app row" in p.message]
    assert not problem.fatal


def test_devices_that_show_no_app_by_design_are_not_counted(test_library: Library, tmp_path: Path) -> None:
    """Personal phones show managed apps only (often none): never counted as missing."""
    devices = ([(f"pc-{i:02}", "Windows", "Corporate") for i in range(3)]
               + [(f"ph-{i:02}", "iOS", "Personal") for i in range(20)])
    result = audit(test_library, [intune_pair(tmp_path / "p", devices, [f"pc-{i:02}" for i in range(3)])])
    assert not coverage(result) and result.complete, coverage(result)


def test_pages_of_one_tool_are_judged_together(test_library: Library, tmp_path: Path) -> None:
    """A Jamf folder with one page without APPLICATIONS beside one with them: the page whose devices show no
    app is named, with the counts of its own devices."""
    folder = tmp_path / "jamf"
    folder.mkdir()
    shutil.copy(FIXTURES / "jamf" / "computers-inventory.json", folder / "page-0.json")
    page = json.loads((FIXTURES / "jamf" / "computers-inventory.json").read_text())
    for i, record in enumerate(page["results"]):
        record["id"] = str(9000 + i)
        record["applications"] = None
        (record.get("hardware") or {})["serialNumber"] = f"OTHER{i}"
    (folder / "page-1.json").write_text(json.dumps(page))
    result = audit(test_library, [folder])
    problems = [p for p in result.problems if p.fatal and "no app for any of them" in p.message]
    assert [p.source.rsplit("/", 1)[-1] for p in problems] == ["page-1.json"]
