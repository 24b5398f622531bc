"""Every reader on realistic exports: detection by content, a banned app found, a look-alike not
matched, a clean device listed, ownership and visibility mapped, and the kept real samples read."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from auditor.model import AuditResult, Ownership, Platform, Visibility
from auditor.policy import select_packs
from auditor.textio.inputs import InputFile
from auditor.sources import detect
from tests.conftest import AS_OF, FIXTURES, audit_paths, run_audit
from tests.sources.conftest import GLPI_REAL, NINJAONE

F = FIXTURES


@pytest.mark.parametrize("path,format_id", [
    ("jamf/computers-inventory.json", "jamf-pro-inventory-json"),
    ("jamf/mobile_device.xml", "jamf-classic-xml"),
    ("jamf/advanced_search.csv", "jamf-advanced-search-csv"),
    ("jamf/demisto_get_computer_by_id_raw_response.json", "jamf-classic-json"),
    ("defender/DeviceTvmSoftwareInventory.csv", "defender-tvm-csv"),
    ("defender/SoftwareInventoryByMachine.json", "defender-tvm-json"),
    ("defender/machines.json", "defender-machines-json"),
    ("defender/rapid7_machine.json", "defender-machines-json"),
    ("fleet/fleetctl_expectedListHostsJson.json", "fleet-hosts-json"),
    ("fleet/fleetctl_expectedHostDetailResponseJson.json", "fleet-hosts-json"),
    ("fleet/host_with_software.json", "fleet-hosts-json"),
    ("fleet/hosts_with_software.json", "fleet-hosts-json"),
    ("osquery/programs.json", "osquery-json"),
    ("osquery/apps.csv", "osquery-csv"),
    ("osquery/osqueryd.results.log", "osquery-json"),
    ("workspace_one/demisto_devices_search_resp.json", "ws1-devices-json"),
    ("workspace_one/apps_5614.json", "ws1-device-apps-json"),
    ("google_workspace/demisto_gsuite_mobiledevices_raw_results.json", "google-mobiledevices-json"),
    ("google_workspace/mobiledevices.json", "google-mobiledevices-json"),
    ("kandji/devices.json", "kandji-devices-json"),
    ("kandji/device_apps_dee.json", "kandji-device-apps-json"),
    ("configmgr/installed_software.csv", "configmgr-software-csv"),
    *((f"glpi/{name}", fid) for name, fid in GLPI_REAL.items()),
    ("glpi/built/ana-phone.json", "glpi-inventory-json"),
    ("glpi/built/dee-pc.xml", "glpi-inventory-xml"),
    ("glpi/built/eve-phone.xml", "glpi-inventory-xml"),
    ("glpi/built/computers.csv", "glpi-computers-csv"),
    ("jamf/mobile-devices-detail.json", "jamf-pro-mobile-devices-json"),
    ("chrome/installed-app-devices_ahkjpbeeocnddjkakilopmfdlnjdpcdm_page-0.json", "chrome-app-devices-json"),
    ("chrome/app-devices.csv", "chrome-app-devices-csv"),
    ("manageengine/computers.json", "manageengine-json"),
    ("manageengine/installedsoftware_301.json", "manageengine-json"),
    ("manageengine/doc-example__api-1.4-inventory-installedsoftware.json", "manageengine-json"),
    ("manageengine/doc-example__api-1.4-inventory-software.json", "manageengine-json"),
    ("manageengine/doc-example__msp-api-1.3-inventory-computers-hwid.json", "manageengine-json"),
    ("manageengine/software.csv", "manageengine-software-csv"),
    ("ninjaone/software.json", "ninjaone-software-json"),
    ("ninjaone/devices.json", "ninjaone-devices-json"),
    ("ninjaone/computer-systems.json", "ninjaone-devices-json"),
])
def test_detected_by_content_whatever_the_file_name(tmp_path: Path, path: str, format_id: str) -> None:
    renamed = tmp_path / "export.dat"  # the name says nothing: only the content can
    renamed.write_bytes((F / path).read_bytes())
    reader, reason = detect(InputFile(str(renamed), renamed))
    assert reader is not None and reader.format_id == format_id, reason


def _findings(result: AuditResult) -> Set[Tuple[str, str, str]]:
    return {(f.catalog_id, f.device.name, f.matched_by.value) for f in result.findings}


# (inputs, findings (app, device, how), look-alike / clean device names that must have no finding)
CASES = [
    (["jamf/computers-inventory.json"], {("capcut", "mbp-ana", "name"), ("wechat", "mbp-ana", "identifier")},
     ["mbp-bo", "mbp-cy"]),
    (["jamf/mobile_device.xml"], {("tiktok", "iPhone Ana", "identifier")}, ["iPad Bo"]),
    (["jamf/advanced_search.csv"], {("capcut", "mbp-dee", "name")}, ["mbp-eve"]),
    (["fleet/hosts_with_software.json", "fleet/host_with_software.json", "fleet/fleetctl_get_hosts.json"],
     {("wechat", "eve-mbp", "identifier")}, ["build-07", "ana-mbp", "bo-iphone"]),
    (["osquery/programs.json"], {("tiktok", "", "identifier"), ("wechat", "", "publisher+name")}, []),
    (["osquery/apps.csv"], {("wechat", "mac-kiosk-1", "identifier")}, ["mac-kiosk-2"]),
    # srv-web-2's deb `lark` by "Lark Technologies Pte. Ltd." (Lark's publisher) is Lark, probable: its package
    # name is not one the catalog lists, and an unlisted identifier blocks the name alone, not the publisher.
    (["osquery/osqueryd.results.log"], {("lark", "srv-web-2", "publisher+name")}, ["srv-db-1"]),
    (["workspace_one/devices_search_page0.json", "workspace_one/devices_search_page1.json",
      "workspace_one/apps_5614.json", "workspace_one/apps_5616.json"],
     {("tiktok", "Ana Android", "identifier")}, ["Cy Android", "Bo iPhone"]),
    (["google_workspace/mobiledevices.json"], {("capcut", "Pixel 8", "identifier")}, ["Galaxy S24", "iPhone"]),
    (["kandji"], {("wechat", "Dee's MacBook Air", "identifier")}, ["Kiosk iPad"]),
    (["configmgr/installed_software.csv"], {("capcut", "ANA-PC", "publisher+name")}, ["BO-PC"]),
    (["glpi/built/ana-phone.json", "glpi/built/bo-laptop.json", "glpi/built/cy-laptop.json"],
     {("tiktok", "ana-phone", "identifier")}, ["BO-LAPTOP", "cy-laptop"]),
    (["glpi/built/dee-pc.xml", "glpi/built/eve-phone.xml", "glpi/built/fay-mac.xml"],
     {("capcut", "DEE-PC", "publisher+name"), ("wechat", "eve-phone", "identifier")}, ["fay-mac"]),
    (["glpi/built/computers.csv"], {("lark", "gus-pc", "publisher+name")}, ["hal-pc", "ivy-pc"]),
    (["jamf/mobile-devices-detail.json"], {("tiktok", "iPhone Dee", "identifier")}, ["iPad Eve", "iPhone Fay"]),
    (["manageengine/computers.json", "manageengine/installedsoftware_301.json",
      "manageengine/installedsoftware_302.json", "manageengine/installedsoftware_303.json"],
     {("capcut", "NED-PC", "publisher+name")}, ["OLA-PC", "PIA-PC"]),
    (["manageengine/software.csv"], {("wechat", "QUO-PC", "publisher+name")}, ["RAY-PC", "SUE-PC"]),
    (NINJAONE, {("wechat", "TOM-PC", "publisher+name")}, ["UMA-PC", "VIC-MAC"]),
]


# Fixtures that are incomplete on their own, and why (auditor.reading.coverage, .paging, sources.osquery).
INCOMPLETE_ALONE = {
    "fleet/fleetctl_get_hosts.json": "no app for any of them",  # a host list carries no software
    "osquery/osqueryd.results.log": "differential results only",  # srv-db-1: one differential event
    "google_workspace/mobiledevices.json": "names a next page",  # nextPageToken: page 1 of more
}


@pytest.mark.parametrize("inputs,expected,clean", CASES, ids=[c[0][0].split("/")[0] + str(i) for i, c in enumerate(CASES)])
def test_banned_found_lookalike_and_clean_device_not(test_library, inputs: List[str], expected: set,
                                                      clean: List[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / p for p in inputs])
    for problem in (p for p in result.problems if p.fatal):
        why = next((w for name, w in INCOMPLETE_ALONE.items() if problem.source.endswith(name)), None)
        assert why is not None and why in problem.message, problem
    assert _findings(result) == expected
    names = {d.name for d in result.devices}
    assert set(clean) <= names  # clean and look-alike devices are listed, with no finding
    assert not {f.device.name for f in result.findings} & set(clean)


def test_lookalikes_are_read_but_never_matched(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / "jamf/computers-inventory.json", F / "jamf/advanced_search.csv",
                                      F / "workspace_one/apps_5614.json", F / "configmgr/installed_software.csv"])
    apps = {f.app.name for f in result.findings}
    assert not apps & {"Lark Player.app", "CapCut Templates Guide.app", "Lark Player", "CapCut Templates Guide"}
    assert sum(s.apps for s in result.sources) == 6 + 4 + 2 + 4


@pytest.mark.parametrize("inputs,name,ownership,visibility", [
    (["jamf/mobile_device.xml"], "iPad Bo", Ownership.PERSONAL, Visibility.MANAGED_ONLY),
    (["jamf/mobile_device.xml"], "iPhone Ana", Ownership.CORPORATE, Visibility.FULL),
    (["jamf/computers-inventory.json"], "mbp-ana", Ownership.CORPORATE, Visibility.FULL),  # ADE-enrolled
    (["jamf/computers-inventory.json"], "mbp-cy", Ownership.UNKNOWN, Visibility.FULL),
    (["workspace_one/devices_search_page0.json"], "Bo iPhone", Ownership.PERSONAL, Visibility.NONE),
    # a device list without an app list: nothing is known of the apps, whatever the tool could see
    (["workspace_one/devices_search_page1.json"], "Cy Android", Ownership.SHARED, Visibility.NONE),
    (["google_workspace/mobiledevices.json"], "iPhone", Ownership.UNKNOWN, Visibility.NONE),
    (["fleet/fleetctl_get_hosts.json"], "bo-iphone", Ownership.PERSONAL, Visibility.NONE),
    (["fleet/fleetctl_get_hosts.json"], "ana-mbp", Ownership.CORPORATE, Visibility.NONE),
])
def test_ownership_and_visibility(test_library, inputs: List[str], name: str, ownership: Ownership,
                                  visibility: Visibility) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / p for p in inputs])
    (device,) = [d for d in result.devices if d.name == name]
    assert (device.ownership, device.app_visibility) == (ownership, visibility)


def _audit(library, paths: List[Path], as_of: dt.date = AS_OF, max_age: int = 7) -> AuditResult:  # type: ignore[no-untyped-def]
    return audit_paths(paths, library, select_packs(library, [], as_of), as_of, max_export_age_days=max_age)


@pytest.mark.parametrize("sample,devices,apps,serial,owner", [
    ("jamf/demisto_get_computer_by_id_raw_response.json", 1, 48, "AB40F81C60A1", "User91@email.com"),
    ("workspace_one/demisto_devices_search_resp.json", 1, 0, "ABCD123", "dummy-email"),
    ("google_workspace/demisto_gsuite_mobiledevices_raw_results.json", 1, 0, "DUMMY_SERIAL_NUMBER", "example@example.com"),
    ("defender/rapid7_machine.json", 1, 0, "", ""),
    ("fleet/fleetctl_expectedListHostsJson.json", 2, 0, "", ""),
])
def test_kept_real_samples(test_library, sample: str, devices: int, apps: int, serial: str, owner: str) -> None:  # type: ignore[no-untyped-def]
    result = _audit(test_library, [F / sample], max_age=100000)  # real samples are years old
    fatal = [p.message for p in result.problems if p.fatal]
    # A device list without apps is incomplete alone (auditor.reading.coverage); anything else is not.
    assert all("no app for any of them" in m for m in fatal) and bool(fatal) == (apps == 0), fatal
    (source,) = result.sources
    assert (source.devices, source.apps) == (devices, apps)
    assert result.devices[0].serial == serial and result.devices[0].owner_email == owner


def test_real_sample_dates_make_the_export_stale(test_library) -> None:  # type: ignore[no-untyped-def]
    result = _audit(test_library, [F / "jamf/demisto_get_computer_by_id_raw_response.json"])
    (problem,) = result.problems
    assert problem.fatal and not result.complete
    assert "stale jamf export: dated 2021-03-29 (newest timestamp inside the export)" in problem.message


def test_defender_machine_joins_to_intune_by_entra_id(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / "defender/machines.json", F / "defender/DeviceTvmSoftwareInventory.csv"])
    laptop = next(d for d in result.devices if d.name == "mbp-ana.contoso.com")
    assert ("entra", "3f6c1a2e-8b4d-4e5f-9a0b-1c2d3e4f5a6b") in laptop.hardware_ids
    assert {s.file.rsplit("/", 1)[-1] for s in laptop.sources} == {"machines.json", "DeviceTvmSoftwareInventory.csv"}
    assert laptop.platform == Platform.MACOS


@pytest.mark.parametrize("tool,platform,ownership,visibility", [
    ("workspace-one", Platform.ANDROID, Ownership.SHARED, Visibility.FULL),
    ("workspace-one", Platform.IOS, Ownership.PERSONAL, Visibility.NONE),
    ("fleet", Platform.IOS, Ownership.PERSONAL, Visibility.MANAGED_ONLY),
    ("fleet", Platform.MACOS, Ownership.CORPORATE, Visibility.FULL),
    ("intune", Platform.ANDROID, Ownership.PERSONAL, Visibility.MANAGED_ONLY),
    ("intune", Platform.WINDOWS, Ownership.PERSONAL, Visibility.FULL),
    ("jamf", Platform.IPADOS, Ownership.PERSONAL, Visibility.MANAGED_ONLY),
    ("google", Platform.IOS, Ownership.CORPORATE, Visibility.NONE),
    ("defender", Platform.WINDOWS, Ownership.UNKNOWN, Visibility.FULL),
    # Unknown ownership (not given, or a value no reader knows): a phone or tablet under an MDM is not known to
    # show all its apps (REPORT3 problem 8); a computer still is, and so is a phone seen by an agent.
    ("intune", Platform.IOS, Ownership.UNKNOWN, Visibility.MANAGED_ONLY),
    ("jamf", Platform.IPADOS, Ownership.UNKNOWN, Visibility.MANAGED_ONLY),
    ("fleet", Platform.ANDROID, Ownership.UNKNOWN, Visibility.MANAGED_ONLY),
    ("intune", Platform.IOS, Ownership.CORPORATE, Visibility.FULL),
    ("intune", Platform.WINDOWS, Ownership.UNKNOWN, Visibility.FULL),
    ("defender", Platform.ANDROID, Ownership.UNKNOWN, Visibility.FULL),
])
def test_what_each_tool_can_see(tool: str, platform: "Platform", ownership: Ownership, visibility: Visibility) -> None:
    from auditor.engine import source_visibility
    assert source_visibility(tool, platform, ownership) == visibility


def test_an_unlisted_linux_package_by_the_apps_publisher_is_a_probable_finding(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / "osquery/osqueryd.results.log"])
    (lark,) = [f for f in result.findings if f.device.name == "srv-web-2"]
    assert lark.confidence.value == "probable" and lark.confidence_note
