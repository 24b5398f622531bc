"""The readers of issue 20 (GLPI JSON / XML / CSV, Jamf Pro mobile devices, Chrome Enterprise, ManageEngine
Endpoint Central, NinjaOne) on their fixtures: detection by content, a banned app found, a look-alike not
matched, a clean device listed without a finding, ownership and visibility, and the kept real samples read."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from auditor.model import AuditResult, Ownership, Platform, Visibility
from auditor.policy import select_packs
from auditor.sources import detect
from auditor.textio.inputs import InputFile
from tests.conftest import AS_OF, FIXTURES, audit_paths, run_audit
from tests.sources.conftest import GLPI_REAL, NINJAONE

F = FIXTURES


@pytest.mark.parametrize("path,not_this", [
    ("jamf/computers-inventory.json", "jamf-pro-mobile-devices-json"),  # the computers' page is not a mobile one
    ("intune/devices.csv", "chrome-app-devices-csv"),  # Device ID and Serial number: Intune's, not Chrome's
    ("kandji/devices.json", "ninjaone-devices-json"),
    ("jamf/mobile_device.xml", "glpi-inventory-xml"),
])
def test_the_new_readers_do_not_take_the_other_formats(path: str, not_this: str) -> None:
    item = F / path
    reader, _ = detect(InputFile(str(item), item))
    assert reader is not None and reader.format_id != not_this


def _findings(result: AuditResult) -> Set[Tuple[str, str, str]]:
    return {(f.catalog_id, f.device.name, f.matched_by.value) for f in result.findings}


@pytest.mark.parametrize("inputs,expected,clean", [
    (["chrome/installed-app-devices_ahkjpbeeocnddjkakilopmfdlnjdpcdm_page-0.json",
      "chrome/installed-app-devices_pbcdkfjmgonhaleokfjicmbadnoplkgh_page-0.json",
      "chrome/installed-app-devices_ghbmnnjooekpmoecnnnilnnbdlolhkhi_page-0.json"],
     {("kaspersky", "WS-JON", "identifier")}, ["WS-KAI", "WS-LIV"]),
    (["chrome/app-devices.csv"], {("kaspersky", "WS-MAX", "identifier")}, ["WS-NIA", "WS-OLI"]),
    # The real FusionInventory file lists Kaspersky only under <ANTIVIRUS>.
    (["glpi/inventory_format__tests_data_12.xml"], {("kaspersky", "pc-arg-23", "name")}, []),
    (["glpi/built/dee-pc.xml"], {("kaspersky", "DEE-PC", "publisher+name"), ("capcut", "DEE-PC", "publisher+name")}, []),
])
def test_extensions_and_security_products_of_banned_companies(kaspersky_library, inputs: List[str], expected: set,
                                                              clean: List[str]) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / p for p in inputs], kaspersky_library, select_packs(kaspersky_library, [], AS_OF),
                         AS_OF, max_export_age_days=100_000)
    assert [p for p in result.problems if p.fatal] == []
    assert _findings(result) == expected
    assert set(clean) <= {d.name for d in result.devices}
    assert not {f.device.name for f in result.findings} & set(clean)


def test_a_copycat_extension_with_the_banned_name_is_not_a_finding(kaspersky_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(kaspersky_library, [F / "chrome/installed-app-devices_pbcdkfjmgonhaleokfjicmbadnoplkgh_page-0.json"])
    (device,) = result.devices
    assert device.name == "WS-KAI" and result.findings == ()


@pytest.mark.parametrize("inputs,name,ownership,visibility", [
    (["jamf/mobile-devices-detail.json"], "iPhone Dee", Ownership.CORPORATE, Visibility.FULL),
    (["jamf/mobile-devices-detail.json"], "iPad Eve", Ownership.PERSONAL, Visibility.MANAGED_ONLY),  # User Enrollment
    (["jamf/mobile-devices-detail.json"], "iPhone Fay", Ownership.CORPORATE, Visibility.FULL),  # account-driven device
    (["glpi/built/ana-phone.json"], "ana-phone", Ownership.UNKNOWN, Visibility.FULL),
    # a GLPI inventory without a software section: the device is known, its apps are not
    (["glpi/inventory_format__examples_computer_2.json"], "COMP1", Ownership.UNKNOWN, Visibility.NONE),
    (["chrome/app-devices.csv"], "WS-OLI", Ownership.UNKNOWN, Visibility.MANAGED_ONLY),  # only the apps asked about
    (["manageengine/computers.json"], "PIA-PC", Ownership.UNKNOWN, Visibility.NONE),  # a device list only
    (["manageengine/computers.json", "manageengine/installedsoftware_303.json"], "PIA-PC", Ownership.UNKNOWN,
     Visibility.FULL),
    (["ninjaone/devices.json"], "VIC-MAC", Ownership.UNKNOWN, Visibility.NONE),
    (NINJAONE, "VIC-MAC", Ownership.UNKNOWN, Visibility.FULL),
])
def test_ownership_and_visibility(test_library, inputs: List[str], name: str, ownership: Ownership,
                                  visibility: Visibility) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / p for p in inputs], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=100_000)
    (device,) = [d for d in result.devices if d.name == name]
    assert (device.ownership, device.app_visibility) == (ownership, visibility)


@pytest.mark.parametrize("name,platform,devices,apps,serial,owner", [
    ("inventory_format__examples_phone_1.json", Platform.ANDROID, 1, 3, "", ""),
    ("inventory_format__examples_computer_1_partial_softs.json", Platform.LINUX, 1, 6, "640HP72", "root"),
    ("inventory_format__examples_computer_2.json", Platform.OTHER, 1, 0, "2FAGP34", "local"),
    ("glpi__tests_fixtures_inventories_softwares_02-test_software_with_html_entities_with_version.json",
     Platform.WINDOWS, 1, 1, "", "stanisla"),
    ("inventory_format__tests_data_12.xml", Platform.WINDOWS, 1, 10, "CZC0479792", "cvigneron"),  # 8 + 2 antivirus
    ("inventory_format__tests_data_13.xml", Platform.ANDROID, 1, 1, "", ""),
    ("inventory_format__tests_data_3.xml", Platform.MACOS, 1, 40, "W87051UGVUV", "teclib"),
    # "0123456789ABCDEF": the placeholder serial of many Android builds, never a merge key
    ("android-inventory-agent__app_src_main_assets_inventory.xml", Platform.ANDROID, 1, 172, "", ""),
])
def test_kept_real_glpi_samples(test_library, name: str, platform: Platform, devices: int, apps: int, serial: str,
                                owner: str) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / "glpi" / name], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=100_000)  # real samples are years old
    fatal = [p.message for p in result.problems if p.fatal]
    # An inventory without software is incomplete alone (auditor.reading.coverage); anything else is not.
    assert all("no app for any of them" in m for m in fatal) and bool(fatal) == (apps == 0), fatal
    assert result.findings == ()
    (source,) = result.sources
    assert (source.devices, source.apps, source.rows_skipped) == (devices, apps, 0)
    (device,) = result.devices
    assert (device.platform, device.serial, device.owner_username) == (platform, serial, owner)


def test_real_glpi_samples_date_their_export(test_library) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / "glpi/inventory_format__tests_data_13.xml"], test_library,
                         select_packs(test_library, [], AS_OF), AS_OF, max_export_age_days=7)
    (problem,) = result.problems
    assert problem.fatal and "stale glpi export: dated 2022-10-19 (newest timestamp inside the export)" in problem.message


def test_a_device_seen_by_glpi_and_intune_is_one_device(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / "intune/devices.csv", F / "intune/AppInvRawData.csv",
                                      F / "glpi/built/dee-pc.xml"])
    (laptop,) = [d for d in result.devices if d.serial == "5CG1234XYZ"]
    assert {s.tool for s in laptop.sources} == {"intune", "glpi"}
    assert laptop.owner_email == "bob@contoso.com"  # the management tool's assigned user wins
    (finding,) = [f for f in result.findings if f.catalog_id == "capcut"]
    assert finding.device.key == laptop.key


def test_a_real_fusioninventory_computer_merges_with_a_tiny_intune_export(test_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "devices.csv").write_text(
        "Device ID,Device name,Serial number,Primary user email address,Ownership,OS,Last check-in\n"
        "dev-9,PC-ARG-23,CZC0479792,c.vigneron@cedre.example,Corporate,Windows,2017-05-15 08:00:00\n", encoding="utf-8")
    result = audit_paths([tmp_path / "devices.csv", F / "glpi/inventory_format__tests_data_12.xml"], test_library,
                         select_packs(test_library, [], AS_OF), AS_OF, max_export_age_days=100_000)
    (device,) = result.devices
    assert {s.tool for s in device.sources} == {"intune", "glpi"}
    assert device.app_visibility == Visibility.FULL and device.ownership == Ownership.CORPORATE


def test_the_android_agents_android_id_is_never_a_merge_serial(test_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # An Intune device whose serial happens to be written like the GLPI phone's Android ID: two devices.
    (tmp_path / "devices.csv").write_text(
        "Device ID,Device name,Serial number,Primary user email address,Ownership,OS,Last check-in\n"
        "dev-7,Other phone,9B2E61C04D7A3F18,zoe@contoso.com,Corporate,Android,2026-11-22 08:00:00\n", encoding="utf-8")
    result = run_audit(test_library, [tmp_path / "devices.csv", F / "glpi/built/eve-phone.xml"])
    assert len(result.devices) == 2
    phone = next(d for d in result.devices if d.name == "eve-phone")
    assert phone.serial == "" and ("glpi-android-id", "9b2e61c04d7a3f18") in phone.hardware_ids


def test_real_android_phone_sample_keeps_its_android_id_out_of_the_serial(test_library) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / "glpi/inventory_format__examples_phone_1.json"], test_library,
                         select_packs(test_library, [], AS_OF), AS_OF, max_export_age_days=100_000)
    (phone,) = result.devices
    assert phone.serial == "" and phone.hardware_ids == (("glpi-android-id", "af8d8fcfa6fa4794"),)


def test_ninjaone_serial_from_computer_systems_merges_with_another_tool(test_library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "devices.csv").write_text(
        "Device ID,Device name,Serial number,Primary user email address,Ownership,OS,Last check-in\n"
        "dev-5,TOM-LAPTOP,5CG9876ABC,tom@contoso.com,Corporate,Windows,2026-11-22 08:00:00\n", encoding="utf-8")
    result = run_audit(test_library, [tmp_path / "devices.csv", *(F / p for p in NINJAONE)])
    (tom,) = [d for d in result.devices if d.serial == "5CG9876ABC"]
    assert {s.tool for s in tom.sources} == {"intune", "ninjaone"}
    assert {(f.catalog_id, f.device.key) for f in result.findings} == {("wechat", tom.key)}


def _sources(result: AuditResult) -> List[Tuple[str, int, int]]:
    return [(s.format, s.devices, s.apps) for s in result.sources]


def test_every_app_row_is_counted(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [F / "glpi/built/computers.csv", F / "jamf/mobile-devices-detail.json",
                                      F / "manageengine/software.csv", F / "ninjaone/software.json"])
    assert _sources(result) == [("glpi-computers-csv", 3, 6), ("jamf-pro-mobile-devices-json", 3, 4),
                                ("manageengine-software-csv", 3, 4), ("ninjaone-software-json", 3, 4)]


def test_glpi_exports_are_dated_by_their_inventories(test_library) -> None:  # type: ignore[no-untyped-def]
    result = audit_paths([F / "glpi/built/cy-laptop.json"], test_library, select_packs(test_library, [], AS_OF),
                         dt.date(2026, 12, 30), max_export_age_days=7)
    (problem,) = result.problems
    assert "stale glpi export: dated 2026-11-21" in problem.message
