"""One device seen by several tools reported once; Defender CPE matching; stale exports; bad input."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import List

import pytest

from auditor.engine import merge_devices
from auditor.model import AuditResult, DeviceRecord, Ownership, SourceRef
from auditor.policy import Library, load_library, select_packs
from auditor.sources.defender import cpe_identifier
from tests.conftest import AS_OF, FIXTURES, audit_paths, run_audit

F = FIXTURES
ENTRA = "3f6c1a2e-8b4d-4e5f-9a0b-1c2d3e4f5a6b"
INTUNE_DEVICES = ("Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,OS version,"
                  "Microsoft Entra Device ID,Last check-in\n"
                  f"intune-17,MBP-ANA,C02JAMF0001,ana@contoso.com,Corporate,macOS,15.1.1,{ENTRA},2026-11-22 08:14:03\n")
INTUNE_APPS = ("ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"
               "CapCut,,5.1.0,intune-17,MBP-ANA,macOS\n")


@pytest.fixture
def kaspersky_library(tmp_path: Path) -> Library:
    """The test library plus a Kaspersky app with a CPE identifier and a pack that bans it (built in tmp:
    the shared test library and its golden outputs stay as they are)."""
    root = tmp_path / "policies"
    shutil.copytree(F / "policies", root)
    (root / "catalog" / "kaspersky.yaml").write_text(
        "schema: fleet-auditor/catalog/1\ncompanies:\n  - {id: kaspersky, name: AO Kaspersky Lab, publishers: [AO Kaspersky Lab]}\n"
        "apps:\n  - id: kaspersky-endpoint\n    name: Kaspersky Endpoint Security\n    company: kaspersky\n"
        "    identifiers:\n      - {platform: any, type: cpe, value: 'kaspersky:endpoint_security', confidence: verified}\n"
        "    lookalikes: [Kaspersky Virus Removal Tool]\n", encoding="utf-8")
    (root / "packs" / "test-kaspersky.yaml").write_text(
        "schema: fleet-auditor/pack/1\nid: test-kaspersky\ntitle: Test Kaspersky ban\njurisdiction: US\ncitation: Test rule\n"
        "signed: 2024-06-20\nstatus: in-force\nrules:\n  - id: kaspersky\n    companies: [kaspersky]\n"
        "    effective: 2024-09-29\n    severity: critical\n    remediation: Remove it.\n", encoding="utf-8")
    return load_library(root=root)


def _run(library: Library, paths: List[Path], as_of: dt.date = AS_OF, max_age: int = 7) -> AuditResult:
    return audit_paths(paths, library, select_packs(library, [], as_of), as_of, max_export_age_days=max_age)


def test_device_seen_by_intune_defender_and_jamf_is_reported_once(tmp_path: Path, kaspersky_library: Library) -> None:
    (tmp_path / "devices.csv").write_text(INTUNE_DEVICES)
    (tmp_path / "apps.csv").write_text(INTUNE_APPS)
    inputs = [tmp_path / "devices.csv", tmp_path / "apps.csv", F / "jamf/computers-inventory.json",
              F / "defender/machines.json", F / "defender/DeviceTvmSoftwareInventory.csv"]
    result = _run(kaspersky_library, inputs)
    assert result.complete, result.problems
    # Intune and Jamf share the serial; Defender's machine shares Intune's Entra device id
    (device,) = [d for d in result.devices if d.serial == "C02JAMF0001"]
    assert {s.tool for s in device.sources} == {"intune", "jamf", "defender"}
    assert device.key == "serial:C02JAMF0001"
    assert [d for d in result.devices if d.name == "mbp-ana.contoso.com"] == []  # not a second device
    on_it = sorted((f.catalog_id, f.app.name, f.evidence[0].tool) for f in result.findings if f.device == device)
    assert on_it == [("capcut", "CapCut", "intune"), ("kaspersky-endpoint", "endpoint security", "defender"),
                     ("wechat", "WeChat.app", "jamf")]
    # CapCut seen by Intune and Jamf on the same Mac: one finding with both rows as evidence
    (capcut,) = [f for f in result.findings if f.catalog_id == "capcut" and f.device == device]
    assert {e.tool for e in capcut.evidence} == {"intune", "jamf"}


def test_defender_cpe_matches_only_catalog_cpe_identifiers(kaspersky_library: Library) -> None:
    result = _run(kaspersky_library, [F / "defender/DeviceTvmSoftwareInventory.csv",
                                      F / "defender/SoftwareInventoryByMachine.json"])
    found = sorted((f.catalog_id, f.device.name, f.matched_value) for f in result.findings)
    # virus_removal_tool (a look-alike by vendor) and software without a catalog cpe do not match
    assert found == [("kaspersky-endpoint", "mbp-ana.contoso.com", "kaspersky:endpoint_security"),
                     ("kaspersky-endpoint", "srv-12.contoso.com", "kaspersky:endpoint_security")]


@pytest.mark.parametrize("vendor,name,cpe,expected", [
    ("kaspersky", "endpoint_security", "kaspersky:endpoint_security:12.6", "kaspersky:endpoint_security"),
    ("Kaspersky", "Endpoint_Security", None, ""),  # capitals: a display name, not a CPE token
    ("kaspersky", "endpoint_security", None, "kaspersky:endpoint_security"),
    ("AO Kaspersky Lab", "Kaspersky Endpoint Security for Windows", "", ""),  # NoProductCode row: by name
    ("", "x", "", ""),
])
def test_cpe_identifier(vendor: str, name: str, cpe: object, expected: str) -> None:
    assert cpe_identifier(vendor, name, cpe) == expected  # type: ignore[arg-type]


def test_merge_never_joins_on_name_and_reports_owner_conflicts() -> None:
    a = DeviceRecord(SourceRef("intune", "1", "a.csv"), name="LAPTOP-1", serial="S1", owner_upn="ana@x.com",
                     authoritative=True)
    b = DeviceRecord(SourceRef("jamf", "computer-9", "b.json"), name="LAPTOP-1", serial="S2", owner_email="bo@x.com",
                     authoritative=True)
    c = DeviceRecord(SourceRef("kandji", "k1", "c.json"), name="other", serial="S1", owner_email="cy@x.com",
                     authoritative=True)
    d = DeviceRecord(SourceRef("fleet", "7", "d.json"), name="x", serial="", hardware_ids=(("udid", "u-1"),))
    e = DeviceRecord(SourceRef("jamf", "mobile-3", "e.xml"), name="y", serial="", hardware_ids=(("udid", "u-1"),))
    devices, problems = merge_devices([a, b, c, d, e])
    assert devices[("intune", "1")] is devices[("kandji", "k1")]
    assert devices[("intune", "1")] is not devices[("jamf", "computer-9")]  # same name, different serial
    assert devices[("fleet", "7")] is devices[("jamf", "mobile-3")]  # same UDID
    (problem,) = problems
    assert "device serial:S1 has conflicting owners" in problem.message and not problem.fatal


def test_page_folder_each_page_one_input_merged_on_device_id(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    pages = tmp_path / "ws1"
    pages.mkdir()
    for name in ("devices_search_page0.json", "devices_search_page1.json", "apps_5614.json", "apps_5616.json"):
        shutil.copy(F / "workspace_one" / name, pages / name)
    result = run_audit(test_library, [pages])
    assert result.complete and len(result.sources) == 4
    (tiktok,) = result.findings
    assert (tiktok.device.serial, tiktok.device.ownership) == ("R58WS1000001", Ownership.CORPORATE)
    assert len(result.devices) == 3


def test_stale_export_from_timestamps_inside(test_library) -> None:  # type: ignore[no-untyped-def]
    path = F / "jamf/computers-inventory.json"
    assert run_audit(test_library, [path], dt.date(2026, 11, 29)).complete  # 7 days: still fresh
    result = run_audit(test_library, [path], dt.date(2026, 11, 30))
    (problem,) = result.problems
    assert not result.complete and problem.source == str(path)
    assert problem.message.startswith("stale jamf export: dated 2026-11-22 (newest timestamp inside the export), 8 days")
    # an export after the as-of day is not stale (no pack is in force that day: one is named, as a default
    # selection of nothing is a usage error)
    assert run_audit(test_library, [path], dt.date(2020, 1, 1), ["test-bytedance"]).complete


def test_stale_export_from_file_time_when_the_export_has_none(tmp_path: Path, kaspersky_library: Library) -> None:
    path = tmp_path / "tvm.csv"
    shutil.copy(F / "defender/DeviceTvmSoftwareInventory.csv", path)
    old = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (old, old))
    result = _run(kaspersky_library, [path])
    assert "dated 2026-11-01 (file modification time), 22 days" in result.problems[0].message
    assert _run(kaspersky_library, [path], max_age=30).complete


def test_xml_entity_expansion_and_external_entities_are_refused(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n'
                    "<computer><general><id>1</id><name>&lol2;</name></general></computer>\n")
    external = tmp_path / "xxe.xml"
    external.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        "<computer><general><id>1</id><name>&x;</name></general></computer>\n")
    for path in (bomb, external):
        result = run_audit(test_library, [path])
        assert not result.complete and result.devices == ()
        assert "refused XML: DTDForbidden" in result.problems[0].message


def test_truncated_xml_keeps_records_before_the_cut(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    text = (F / "jamf/mobile_device.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("<mobile_device><general><id>8")] + "<mobile_device><general><id>8</id>")
    result = run_audit(test_library, [cut])
    assert [f.catalog_id for f in result.findings] == ["tiktok"]
    (problem,) = result.problems
    assert problem.fatal and problem.line == 11 and problem.message.startswith("invalid or truncated XML (no element found: line 11")


@pytest.mark.parametrize("path", ["jamf/computers-inventory.json", "fleet/hosts_with_software.json",
                                  "google_workspace/mobiledevices.json", "defender/SoftwareInventoryByMachine.json"])
def test_truncated_json_is_a_located_problem(tmp_path: Path, test_library, path: str) -> None:  # type: ignore[no-untyped-def]
    text = (F / path).read_text()
    cut = tmp_path / Path(path).name
    cut.write_text(text[: int(len(text) * 0.6)])
    result = run_audit(test_library, [cut])
    assert not result.complete
    (problem,) = [p for p in result.problems if p.fatal]
    assert "invalid or truncated JSON" in problem.message and "(at character" in problem.message


@pytest.mark.parametrize("path,renamed,message", [
    ("configmgr/installed_software.csv", ("ARPDisplayName0", "Title"), "no reader recognises this CSV header"),
    ("defender/DeviceTvmSoftwareInventory.csv", ("SoftwareName", "Product"), "no reader recognises this CSV header"),
])
def test_csv_missing_a_required_column(tmp_path: Path, test_library, path: str, renamed: tuple, message: str) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.csv"
    target.write_text((F / path).read_text().replace(*renamed))
    result = run_audit(test_library, [target])
    assert not result.complete and message in result.problems[0].message


def test_jamf_search_without_any_device_column_fails(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "x.csv"
    target.write_text("Computer Name,Application Title\nmbp,CapCut.app\n")
    result = run_audit(test_library, [target], )
    assert not result.complete
    assert "missing required column 'JSS Computer ID' or 'Serial Number'" in result.problems[0].message


def test_duplicate_device_records_are_reported_not_dropped(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads((F / "kandji/devices.json").read_text())
    clash = dict(doc[0], serial_number="C02OTHER999")
    (tmp_path / "devices.json").write_text(json.dumps(doc + [clash]))
    result = run_audit(test_library, [tmp_path / "devices.json"])
    (problem,) = [p for p in result.problems if not p.fatal]  # (a device list alone is incomplete: no apps)
    assert "appears again with different details (first at $[0]); the first record is used at $[2]" in problem.message


def test_ws1_apps_without_a_device_id_cannot_be_audited(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "apps.json"
    shutil.copy(F / "workspace_one/apps_5614.json", target)
    result = run_audit(test_library, [target])
    assert not result.complete and result.findings == ()
    assert "2 apps of an unnamed device" in result.problems[0].message


def test_osquery_csv_with_pipes_and_a_windows_1252_row(tmp_path: Path, test_library: Library) -> None:
    """The only bytes that are not ASCII are not UTF-8 either: the file is Windows-1252, read as such."""
    target = tmp_path / "apps.csv"
    target.write_bytes((F / "osquery/apps.csv").read_bytes() + "mac-kiosk-3|C02X|Caf\xe9.app|/A|com.x|1|1\n".encode("latin-1"))
    result = run_audit(test_library, [target])
    assert result.complete and len(result.devices) == 3
    assert result.problems == ()
    assert [s.encoding for s in result.sources] == ["windows-1252"]


def test_osquery_csv_with_a_mixed_encoding_row(tmp_path: Path, test_library: Library) -> None:
    """UTF-8 text and bytes that are not UTF-8 in one file: UTF-8, the other row reported with its line."""
    target = tmp_path / "apps.csv"
    target.write_bytes((F / "osquery/apps.csv").read_bytes() + "mac-kiosk-3|C02X|Caf\u00e9.app|/A|com.x|1|1\n".encode()
                       + "mac-kiosk-3|C02X|Caf\xe9.app|/A|com.y|1|1\n".encode("latin-1"))
    result = run_audit(test_library, [target])
    assert result.complete and len(result.devices) == 3
    assert [(p.line, p.fatal) for p in result.problems] == [(6, False)]
    assert [s.encoding for s in result.sources] == ["utf-8"]


def test_intune_device_export_is_dated_by_its_newest_check_in(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [FIXTURES / "intune" / "devices.csv", FIXTURES / "intune" / "AppInvRawData.csv"],
                       dt.date(2026, 12, 1))
    (problem,) = [p for p in result.problems if "devices.csv" in p.source]
    assert "dated 2026-11-22 (newest timestamp inside the export), 9 days" in problem.message
