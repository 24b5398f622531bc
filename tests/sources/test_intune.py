"""Intune readers: AppInvRawData joined to the device export, Graph JSON, and the CSV quirks."""
from __future__ import annotations

import codecs
import json
import zipfile
from pathlib import Path

import pytest

from auditor.model import MatchMode, Ownership, Platform, Visibility
from tests.conftest import FIXTURES, run_audit

INTUNE = FIXTURES / "intune"
APPS = (INTUNE / "AppInvRawData.csv").read_text(encoding="utf-8")
DEVICES = (INTUNE / "devices.csv").read_text(encoding="utf-8")


def test_appinv_joined_to_device_export_on_device_id(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [INTUNE])
    assert result.complete and not result.problems
    (tiktok,) = [f for f in result.findings if f.catalog_id == "tiktok"]
    # serial and ownership exist only in the device export: the join supplied them
    assert tiktok.device.serial == "F2LXK0AAHG7F"
    assert tiktok.device.ownership == Ownership.CORPORATE
    assert tiktok.device.key == "serial:F2LXK0AAHG7F"
    assert [s.file for s in tiktok.device.sources] == [str(INTUNE / "devices.csv"), str(INTUNE / "AppInvRawData.csv")]
    assert tiktok.matched_by == MatchMode.NAME
    assert [str(e) for e in tiktok.evidence] == [f"{INTUNE / 'AppInvRawData.csv'}:2"]
    found = {(f.catalog_id, f.device.name) for f in result.findings}
    # CapCut sits on a personal laptop, outside the pack's corporate scope; look-alikes never match
    assert found == {("tiktok", "IPHONE-ANA"), ("wechat", "LAPTOP-17")}
    counts = {Path(s.path).name: (s.format, s.rows, s.rows_skipped, s.devices, s.apps) for s in result.sources}
    assert counts == {"AppInvRawData.csv": ("intune-appinv-csv", 8, 0, 4, 8),
                      "devices.csv": ("intune-devices-csv", 4, 0, 4, 0)}


def test_personal_phone_under_intune_is_managed_only(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [INTUNE])
    visibility = {d.name: d.app_visibility for d in result.devices}
    assert visibility["PIXEL-7"] == Visibility.MANAGED_ONLY  # personal Android
    assert visibility["LAPTOP-22"] == Visibility.FULL  # personal Windows: Intune sees Win32 apps


def _variant(tmp_path: Path, apps_text: str, devices_text: str, encoding: str, name: str = "v") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "apps.csv").write_bytes(apps_text.encode(encoding) if encoding != "utf-8-sig"
                                      else codecs.BOM_UTF8 + apps_text.encode("utf-8"))
    (folder / "devices.csv").write_bytes(devices_text.encode("utf-8"))
    return folder


def _keys(result):  # type: ignore[no-untyped-def]
    return sorted((f.catalog_id, f.device.key, f.status.value) for f in result.findings)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le"])
@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_delimiters_and_line_endings_give_the_same_findings(
        tmp_path: Path, test_library, encoding: str, delimiter: str, newline: str) -> None:  # type: ignore[no-untyped-def]
    text = APPS.replace(",", delimiter).replace("\n", newline)
    if delimiter == ";":
        text = text.replace("Ltd.;", "Ltd.,")  # keep the publisher's own comma
    result = run_audit(test_library, [_variant(tmp_path, text, DEVICES, encoding)])
    assert result.complete, result.problems
    assert _keys(result) == _keys(run_audit(test_library, [INTUNE]))


def test_headers_by_name_in_any_case_and_order(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    lines = [line.split(",") for line in APPS.strip().split("\n")]
    order = list(reversed(range(len(lines[0]))))
    shuffled = "\n".join(",".join(row[i] for i in order) for row in lines).replace("DeviceId", "DEVICEID")
    shuffled = shuffled.replace("ApplicationName", "applicationname")
    result = run_audit(test_library, [_variant(tmp_path, shuffled + "\n", DEVICES, "utf-8")])
    assert _keys(result) == _keys(run_audit(test_library, [INTUNE]))


def test_zip_as_intune_delivers_it(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("AppInvRawData_0b5c2f7e.csv", codecs.BOM_UTF8 + APPS.encode())
        z.writestr("DevicesWithInventory_1a2b.csv", codecs.BOM_UTF8 + DEVICES.encode())
    result = run_audit(test_library, [archive])
    assert _keys(result) == _keys(run_audit(test_library, [INTUNE]))
    assert {s.path for s in result.sources} == {f"{archive}!AppInvRawData_0b5c2f7e.csv",
                                               f"{archive}!DevicesWithInventory_1a2b.csv"}


def test_malformed_rows_are_skipped_counted_and_located(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    lines = APPS.strip().split("\n")
    lines.insert(3, "broken,row,with,too,few")
    lines.insert(5, ",".join(["k9", "TikTok", "", "1", "1", "", "X", "", "", "", "iOS", "", ""]))  # no DeviceId
    result = run_audit(test_library, [_variant(tmp_path, "\n".join(lines) + "\n", DEVICES, "utf-8")])
    apps = next(s for s in result.sources if s.path.endswith("apps.csv"))
    assert (apps.rows, apps.rows_skipped) == (10, 2)
    assert [(p.line, p.message) for p in result.problems if not p.fatal] == [
        (4, "expected 13 fields, got 5"), (6, "row has no DeviceId")]
    # The rest of the file was audited; 2 of 10 rows skipped is more than 1% (auditor.reading.stage): incomplete.
    (share,) = [p.message for p in result.problems if p.fatal]
    assert share.startswith("2 of its 10 rows were skipped (more than 1%")
    assert _keys(result) == _keys(run_audit(test_library, [INTUNE]))


def test_missing_required_column_makes_the_run_incomplete(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    text = APPS.replace("DeviceId", "Gadget")
    result = run_audit(test_library, [_variant(tmp_path, text, DEVICES, "utf-8")])
    assert not result.complete
    # (the devices export, whose apps export was not read, is named too)
    (problem,) = [p for p in result.problems if p.fatal and p.source.endswith("apps.csv")]
    assert problem.source.endswith("apps.csv") and "ApplicationName" not in problem.message


def test_mixed_encoding_row_is_audited_and_reported_with_its_line(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    folder = _variant(tmp_path, APPS, DEVICES, "utf-8")
    latin1 = "k9,Caf\xe9 Menu,,1,1,dev-1,X,,,,iOS,,\n".encode("latin-1")
    (folder / "apps.csv").write_bytes(APPS.encode() + latin1 + b"k10,TikTok,,1,1,dev-4,Y,,,,Windows,,\n")
    result = run_audit(test_library, [folder])
    assert [(p.line, p.message) for p in result.problems] == [
        (10, "invalid utf-8 bytes shown as U+FFFD (mixed encodings?); the row was audited as shown")]
    apps = next(s for s in result.sources if s.path.endswith("apps.csv"))
    assert (apps.rows, apps.rows_skipped) == (10, 0)  # nothing lost: the rows after it were read too
    assert {f.catalog_id for f in result.findings} == {"tiktok", "wechat"}


def test_graph_managed_devices_sample(test_library) -> None:  # type: ignore[no-untyped-def]
    """The kept real Graph response (rapid7 fixture): devices only, no apps."""
    result = run_audit(test_library, [FIXTURES / "intune_graph" / "rapid7_managedDevices_list.json"])
    (source,) = result.sources
    assert (source.format, source.rows, source.devices, source.apps) == ("intune-graph-json", 2, 2, 0)
    device = result.devices[0]
    assert device.ownership == Ownership.PERSONAL and device.platform == Platform.WINDOWS
    assert device.owner_upn == "user2@example.com" and device.owner_email == "user@example.com"
    assert ("entra", "a8dc01bc-1c11-337b-8d63-82f03f5cb111") in device.hardware_ids


def test_graph_detected_apps_with_their_devices(test_library) -> None:  # type: ignore[no-untyped-def]
    path = FIXTURES / "intune_graph" / "detectedApps_with_managedDevices.json"
    result = run_audit(test_library, [path])
    found = sorted((f.catalog_id, f.device.name, f.app.version, f.evidence[0].location) for f in result.findings)
    assert found == [("tiktok", "iPhone-CEO", "1352 (37.6.0)", "$.value[0].managedDevices[0]"),
                     ("wechat", "LAPTOP-9", "3.9.12", "$.value[2].managedDevices[0]")]
    # the personal iPhone's TikTok is out of the corporate-only pack scope; still, the device is listed
    assert {d.name for d in result.devices} >= {"iPhone-Kid"}
    assert [(p.message) for p in result.problems if not p.fatal] == [
        "detectedApp without managedDevices (use detectedApps/{id}/managedDevices) at $.value[4]",
        "record is not a JSON object at $.value[5]"]
    assert [p.message[:36] for p in result.problems if p.fatal] == ["2 of its 6 rows were skipped (more t"]
    (source,) = result.sources
    assert (source.rows, source.rows_skipped) == (6, 2)


def test_truncated_json_keeps_what_was_read_and_is_incomplete(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    text = (FIXTURES / "intune_graph" / "detectedApps_with_managedDevices.json").read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: text.index('"id": "3333"')], encoding="utf-8")
    result = run_audit(test_library, [cut])
    assert not result.complete
    assert "invalid or truncated JSON" in [p for p in result.problems if p.fatal][0].message
    assert {f.catalog_id for f in result.findings} == {"tiktok", "wechat"}


def test_graph_devices_and_apps_merge_with_csv_export_by_serial(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    doc = {"value": [{"id": "graph-1", "deviceName": "IPHONE-ANA", "operatingSystem": "iOS",
                      "managedDeviceOwnerType": "company", "serialNumber": "f2lxk0aahg7f",
                      "detectedApps": [{"displayName": "TikTok", "version": "37.0", "publisher": "", "platform": "ios"}]}]}
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps(doc))
    result = run_audit(test_library, [INTUNE, graph])
    (tiktok,) = [f for f in result.findings if f.catalog_id == "tiktok"]
    assert len(tiktok.evidence) == 2  # one finding, seen in both exports
    assert {s.device_id for s in tiktok.device.sources} == {"dev-1", "graph-1"}


def test_null_hardware_ids_never_merge_devices(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    """Intune writes an all-zero Entra id for devices not joined: two such devices are still two."""
    folder = tmp_path / "nullids"
    folder.mkdir()
    (folder / "apps.csv").write_text("ApplicationName,DeviceId,Platform\nTikTok,a,iOS\nTikTok,b,iOS\n")
    (folder / "devices.csv").write_text(
        "Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,Microsoft Entra Device ID,IMEI\n"
        "a,PHONE-A,,ana@x.example,Corporate,iOS,00000000-0000-0000-0000-000000000000,0\n"
        "b,PHONE-B,,bo@x.example,Corporate,iOS,00000000-0000-0000-0000-000000000000,0\n")
    result = run_audit(test_library, [folder])
    assert sorted(f.device.name for f in result.findings) == ["PHONE-A", "PHONE-B"]
    assert not [p for p in result.problems if "conflicting owners" in p.message]
