"""ManageEngine Endpoint Central (both envelope casings, the computer of an installedsoftware page, the
catalogue refused), NinjaOne (device facts from three queries, the latest logged-on user) and Jamf Pro mobile
devices (every ownership type, sections not requested)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from auditor.model import DeviceRecord, Ownership, Platform
from auditor.sources.jamf_mobile import JamfMobileDevicesJson
from auditor.sources.manageengine import ManageEngineJson
from auditor.sources.ninjaone import NinjaOneDevicesJson, NinjaOneSoftwareJson
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from tests.conftest import FIXTURES

ME = FIXTURES / "manageengine"


def read(reader: Any, path: Path) -> Tuple[List[DeviceRecord], List[tuple], ReadContext]:
    ctx = ReadContext(InputFile(path.name, path), tool=reader.tool)
    items = list(reader.read(ctx))
    return [i for i in items if isinstance(i, DeviceRecord)], [i for i in items if isinstance(i, tuple)], ctx


# ---------------------------------------------------------------- ManageEngine
def test_vendor_documentation_examples_are_read() -> None:
    (computer,), rows, ctx = read(ManageEngineJson(), ME / "doc-example__msp-api-1.3-inventory-computers-hwid.json")
    assert (computer.source.device_id, computer.name, computer.serial, computer.owner_username) == (
        "301", "computer1", "68YFG32", "admin")
    assert rows == [] and ctx.problems == [] and ctx.export_time is not None  # computer_status_update_time (ms)


def test_an_installedsoftware_page_needs_its_computer(tmp_path: Path) -> None:
    devices, rows, ctx = read(ManageEngineJson(), ME / "doc-example__api-1.4-inventory-installedsoftware.json")
    (problem,) = ctx.problems
    assert (devices, rows) == ([], []) and problem.fatal and '"resource_id"' in problem.message
    named = tmp_path / "installedsoftware_301.json"  # the same documentation example, named by the pull
    named.write_bytes((ME / "doc-example__api-1.4-inventory-installedsoftware.json").read_bytes())
    (device,), (row,), ctx = read(ManageEngineJson(), named)
    assert device.source.device_id == "301" and row[3:6] == ("Adobe Flash Player 15 Plugin", "Adobe Systems Incorporated",
                                                             "15.0.0.239")
    assert ctx.problems == [] and ctx.export_time.startswith("2015-12-08")  # detected_time, epoch ms


def test_a_resource_id_added_by_the_pull_names_the_computer(tmp_path: Path) -> None:
    page = json.loads((ME / "installedsoftware_302.json").read_text(encoding="utf-8"))
    (tmp_path / "page.json").write_text(json.dumps({"resource_id": 777, **page}), encoding="utf-8")
    (device,), (row,), _ = read(ManageEngineJson(), tmp_path / "page.json")
    assert device.source.device_id == "777" and row[0] == "777"


def test_the_other_envelope_casing_is_read(tmp_path: Path) -> None:
    page = json.loads((ME / "computers.json").read_text(encoding="utf-8"))
    pascal = {"Status": "Success", "MessageVersion": "1.0", "MessageType": "computers",
              "MessageResponse": page["message_response"]}
    (tmp_path / "pascal.json").write_text(json.dumps(pascal), encoding="utf-8")
    devices, _, ctx = read(ManageEngineJson(), tmp_path / "pascal.json")
    assert [d.name for d in devices] == ["NED-PC", "OLA-PC", "PIA-PC"] and ctx.problems == []


def test_the_software_catalogue_is_refused_with_what_to_pull() -> None:
    _, _, ctx = read(ManageEngineJson(), ME / "doc-example__api-1.4-inventory-software.json")
    (problem,) = ctx.problems
    assert problem.fatal and "names no computer" in problem.message and "installedsoftware" in problem.message


def test_a_computer_list_filtered_on_a_software_says_it_is_installed(tmp_path: Path) -> None:
    page = json.loads((ME / "computers.json").read_text(encoding="utf-8"))
    for computer in page["message_response"]["computers"][:1]:
        computer.update(software_name="CapCut", software_version="5.9", manufacturer_name="Bytedance Pte. Ltd.")
    (tmp_path / "swid.json").write_text(json.dumps(page), encoding="utf-8")
    _, (row,), _ = read(ManageEngineJson(), tmp_path / "swid.json")
    assert row[0] == "301" and row[2:6] == ("", "CapCut", "Bytedance Pte. Ltd.", "5.9")


def test_placeholders_are_empty_values() -> None:
    devices, _, _ = read(ManageEngineJson(), ME / "computers.json")
    ola = next(d for d in devices if d.name == "OLA-PC")
    assert ola.owner_username == "ola"  # primary_owner_name "--": the first logged-on user


# ---------------------------------------------------------------- NinjaOne
def test_ninjaone_software_rows_name_their_device_and_date_the_export() -> None:
    devices, rows, ctx = read(NinjaOneSoftwareJson(), FIXTURES / "ninjaone/software.json")
    assert [d.source.device_id for d in devices] == ["11", "12", "13"]
    assert [r[0] for r in rows] == ["11", "11", "12", "13"] and all(r[2] == "" for r in rows)  # productCode unused
    assert ctx.export_time == "2026-11-22T08:00:00.250000+00:00"


def test_ninjaone_device_facts_from_the_device_list_and_computer_systems() -> None:
    devices, _, _ = read(NinjaOneDevicesJson(), FIXTURES / "ninjaone/devices.json")
    tom = devices[0]
    assert (tom.name, tom.platform, tom.owner_email, tom.owner_name) == ("TOM-PC", Platform.WINDOWS, "tom@contoso.com",
                                                                         "Tom Ruiz")
    systems, _, _ = read(NinjaOneDevicesJson(), FIXTURES / "ninjaone/computer-systems.json")
    assert [(d.source.device_id, d.serial) for d in systems] == [("11", "5CG9876ABC"), ("12", "CZC7654321"),
                                                                 ("13", "H9XK2LQ7N3")]


def test_ninjaone_logged_on_users_give_the_latest_user_once(tmp_path: Path) -> None:
    (tmp_path / "users.json").write_text(json.dumps({"cursor": {"name": "c"}, "results": [
        {"deviceId": 11, "userName": "CONTOSO\\old", "logonTime": 1790000000.0},
        {"deviceId": 11, "userName": "CONTOSO\\tom", "logonTime": 1795330000.0},
        {"deviceId": 12, "userName": "CONTOSO\\uma", "logonTime": 1795000000.0}]}))
    devices, _, ctx = read(NinjaOneDevicesJson(), tmp_path / "users.json")
    assert [(d.source.device_id, d.owner_username, d.authoritative) for d in devices] == [
        ("11", "CONTOSO\\tom", False), ("12", "CONTOSO\\uma", False)]
    assert ctx.problems == [] and ctx.rows == 3


# ---------------------------------------------------------------- Jamf Pro mobile devices
@pytest.mark.parametrize("word,ownership", [
    ("Institutional", Ownership.CORPORATE), ("AccountDrivenDeviceEnrollment", Ownership.CORPORATE),
    ("UserEnrollment", Ownership.PERSONAL), ("AccountDrivenUserEnrollment", Ownership.PERSONAL),
    ("PersonalDeviceProfile", Ownership.PERSONAL), ("", Ownership.UNKNOWN),
])
def test_every_jamf_ownership_type(tmp_path: Path, word: str, ownership: Ownership) -> None:
    record = {"mobileDeviceId": "5", "deviceType": "iOS", "general": {"displayName": "x", "deviceOwnershipType": word},
              "hardware": {"modelIdentifier": "iPhone15,4"}}
    (tmp_path / "page.json").write_text(json.dumps({"totalCount": 1, "results": [record]}))
    (device,), _, _ = read(JamfMobileDevicesJson(), tmp_path / "page.json")
    assert device.ownership == ownership and device.source.device_id == "mobile-5"


def test_jamf_supervision_without_an_ownership_type_is_the_companys(tmp_path: Path) -> None:
    record = {"mobileDeviceId": "6", "deviceType": "iOS", "general": {"supervised": True}}
    (tmp_path / "page.json").write_text(json.dumps({"results": [record]}))
    (device,), _, _ = read(JamfMobileDevicesJson(), tmp_path / "page.json")
    assert device.ownership == Ownership.CORPORATE


def test_jamf_sections_not_requested_and_other_device_types(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_text(json.dumps({"totalCount": 3, "results": [
        {"mobileDeviceId": "7", "deviceType": "iOS", "general": None, "hardware": None, "applications": None},
        {"mobileDeviceId": "8", "deviceType": "tvOS", "general": {"displayName": "Lobby TV"}},
        {"deviceType": "iOS"}]}))
    devices, rows, ctx = read(JamfMobileDevicesJson(), tmp_path / "page.json")
    assert [(d.source.device_id, d.platform) for d in devices] == [("mobile-7", Platform.IOS),
                                                                  ("mobile-8", Platform.OTHER)]
    assert rows == [] and (ctx.rows, ctx.rows_skipped) == (3, 1)


def test_jamf_mobile_ids_join_the_classic_api_records() -> None:
    devices, rows, _ = read(JamfMobileDevicesJson(), FIXTURES / "jamf/mobile-devices-detail.json")
    assert [d.source.device_id for d in devices] == ["mobile-11", "mobile-12", "mobile-13"]
    assert [d.platform for d in devices] == [Platform.IOS, Platform.IPADOS, Platform.IOS]
    assert rows[0][2:6] == ("com.zhiliaoapp.musically", "TikTok", "", "38.1.0")
