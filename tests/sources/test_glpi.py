"""GLPI rules read in the agents' code and real files: identifiers by `from`, the Android agent's quirks, the
<ANTIVIRUS> section, FusionInventory's DEVICEID after </CONTENT>, partial inventories, GLPI's CSV cells."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from auditor.model import DeviceRecord, Platform
from auditor.sources.glpi_csv import GlpiComputersCsv, cell_values
from auditor.sources.glpi_json import GlpiInventoryJson
from auditor.sources.glpi_rules import software_identifier
from auditor.sources.glpi_xml import GlpiInventoryXml
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from tests.conftest import FIXTURES

GLPI = FIXTURES / "glpi"


def read(reader: Any, path: Path) -> Tuple[List[DeviceRecord], List[tuple], ReadContext]:
    ctx = ReadContext(InputFile(path.name, path), tool=reader.tool)
    items = list(reader.read(ctx))
    return [i for i in items if isinstance(i, DeviceRecord)], [i for i in items if isinstance(i, tuple)], ctx


@pytest.mark.parametrize("software,identifier", [
    ({"from": "Android", "comments": "com.amazon.mShop.android.shopping", "name": "Boutique Amazon"},
     "com.amazon.mShop.android.shopping"),
    ({"from": "Android", "comments": "not a package", "name": "X"}, ""),
    ({"from": "uwp", "folder": "C:\\Program Files\\WindowsApps\\BytedancePte.Ltd.TikTok_38.3.0.0_x64__6yccndn6064se"},
     "BytedancePte.Ltd.TikTok_6yccndn6064se"),
    ({"from": "uwp", "folder": "C:\\Program Files\\WindowsApps\\Odd"}, ""),
    ({"from": "rpm", "name": "kesl"}, "kesl"),
    ({"from": "deb", "name": "wps-office"}, "wps-office"),
    # uninstall keys: a product code or an undotted key name is passed (the matcher never lets such a form,
    # unknown to the catalog, hide the name match); a dotted key would read as a namespaced id: not passed
    ({"from": "registry", "guid": "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}", "name": "WeChat"},
     "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}"),
    ({"from": "registry", "guid": "CapCut", "name": "CapCut"}, "CapCut"),
    ({"from": "msi", "guid": "Office14.SingleImage", "name": "Microsoft Office"}, ""),
    ({"name": "Safari"}, ""),
])
def test_identifier_by_where_the_row_comes_from(software: dict, identifier: str) -> None:
    assert software_identifier(software) == identifier


def test_the_real_uwp_sample_carries_its_package_family_and_hostile_names_as_data() -> None:
    _, (row,), _ = read(GlpiInventoryJson(), GLPI / "glpi__tests_fixtures_inventories_softwares_02-test_software_with_html_entities_with_version.json")
    assert row[1:6] == (Platform.WINDOWS, "SoundcloudLtd.SoundCloudforWindowsBeta_2xc63xn306dnw", "Microsoft < Windows",
                        "Microsoft < Ltd", "2.0.0.0")


def test_real_android_phone_apps_are_identified_by_their_package() -> None:
    (device,), rows, ctx = read(GlpiInventoryJson(), GLPI / "inventory_format__examples_phone_1.json")
    assert device.platform == Platform.ANDROID and device.owner_username == ""  # "builder": the firmware's user
    assert [(r[2], r[3]) for r in rows] == [("com.miui.screenrecorder", "Enregistreur d'écran"),
                                            ("com.amazon.mShop.android.shopping", "Boutique Amazon"),
                                            ("com.xiaomi.cameratools", "CameraTools")]
    assert ctx.export_time == "2019-12-18T14:30:16+00:00"


def test_the_real_fusioninventory_file_lists_kaspersky_under_antivirus_only() -> None:
    (device,), rows, _ = read(GlpiInventoryXml(), GLPI / "inventory_format__tests_data_12.xml")
    assert device.source.device_id == "pc-arg-23.cedre.local-2017-04-18-09-26-44"  # read after </CONTENT>
    antivirus = [r for r in rows if "ANTIVIRUS" in r[6]]
    assert [(r[3], r[6]) for r in antivirus] == [("Windows Defender", "/REQUEST/CONTENT/ANTIVIRUS[0]"),
                                                 ("Kaspersky Endpoint Security 10 for Windows",
                                                  "/REQUEST/CONTENT/ANTIVIRUS[1]")]
    assert not any("Kaspersky" in r[3] for r in rows if "SOFTWARES" in r[6])
    keys = {r[3]: r[2] for r in rows if "SOFTWARES" in r[6]}
    assert keys["CCleaner"] == "CCleaner"  # an undotted uninstall key is the identifier
    assert not any("." in key and not key.startswith("{") for key in keys.values())  # a dotted key is not passed


def test_real_macos_sample_names_lose_the_agents_duplicate_suffix_and_copyright_publishers() -> None:
    (device,), rows, _ = read(GlpiInventoryXml(), GLPI / "inventory_format__tests_data_3.xml")
    assert device.platform == Platform.MACOS
    by_location = {r[6]: r for r in rows}
    assert by_location["/REQUEST/CONTENT/SOFTWARES[1]"][3:5] == ("SystemUIServer", "")
    assert by_location["/REQUEST/CONTENT/SOFTWARES[2]"][3] == "Image Events"


def test_android_agent_that_overwrote_every_name_still_identifies_apps_by_package() -> None:
    (device,), rows, _ = read(GlpiInventoryXml(), GLPI / "built/eve-phone.xml")
    assert {r[3] for r in rows} == {"eve-phone"}  # the agent's <NAME> rewrite
    assert [r[2] for r in rows] == ["com.tencent.mm", "com.google.android.apps.maps"]
    assert device.platform == Platform.ANDROID and device.serial == ""


def test_the_real_android_agent_file_with_cdata_names_and_a_placeholder_serial() -> None:
    (device,), rows, _ = read(GlpiInventoryXml(), GLPI / "android-inventory-agent__app_src_main_assets_inventory.xml")
    assert rows[0][2:4] == ("com.google.android.youtube", "YouTube")  # <NAME><![CDATA[YouTube]]></NAME>
    assert device.serial == "" and device.hardware_ids == (("glpi-android-id", "4e024bafab01d943"),)
    assert device.owner_username == ""  # <USER><LOGIN>queen</LOGIN>: the firmware's build user


def test_cdata_written_as_text_is_unwrapped(tmp_path: Path) -> None:
    text = (GLPI / "built/eve-phone.xml").read_text(encoding="utf-8")
    (tmp_path / "cdata.xml").write_text(text.replace("<NAME>eve-phone</NAME>\n      <COMMENTS>com.tencent.mm",
                                                     "<NAME>&lt;![CDATA[WeChat]]&gt;</NAME>\n      <COMMENTS>com.tencent.mm", 1))
    _, rows, _ = read(GlpiInventoryXml(), tmp_path / "cdata.xml")
    assert rows[0][3] == "WeChat"


def test_a_partial_inventory_without_software_has_no_app_rows() -> None:
    (device,), rows, ctx = read(GlpiInventoryJson(), GLPI / "inventory_format__examples_computer_2.json")
    assert rows == [] and device.serial == "2FAGP34" and ctx.problems == []


@pytest.mark.parametrize("reader,path,text", [
    (GlpiInventoryJson(), "netdiscovery.json",
     '{"deviceid": "x-2020-01-01-00-00-00", "action": "netdiscovery", "content": {"device": {}}}'),
    (GlpiInventoryJson(), "printer.json",
     '{"deviceid": "x-2020-01-01-00-00-00", "itemtype": "Printer", "content": {"bios": {"ssn": "P1"}}}'),
    (GlpiInventoryXml(), "snmp.xml",
     "<REQUEST><QUERY>SNMPQUERY</QUERY><DEVICEID>d</DEVICEID><CONTENT><DEVICE/></CONTENT></REQUEST>"),
])
def test_network_reports_are_read_as_nothing_to_audit(tmp_path: Path, reader: Any, path: str, text: str) -> None:
    (tmp_path / path).write_text(text, encoding="utf-8")
    devices, rows, ctx = read(reader, tmp_path / path)
    assert (devices, rows, ctx.rows, ctx.rows_skipped) == ([], [], 1, 0)
    (problem,) = ctx.problems
    assert "nothing to audit" in problem.message and not problem.fatal


def test_truncated_xml_inventory_keeps_what_was_read_and_fails_the_input(tmp_path: Path) -> None:
    data = (GLPI / "built/dee-pc.xml").read_bytes()
    (tmp_path / "cut.xml").write_bytes(data[: data.index(b"</CONTENT>")])
    devices, rows, ctx = read(GlpiInventoryXml(), tmp_path / "cut.xml")
    assert [p.fatal for p in ctx.problems] == [True] and "truncated XML" in ctx.problems[0].message
    # No DEVICEID was read (FusionInventory writes it last): the device is named by its hardware UUID.
    assert devices[0].source.device_id == "uuid-5A1C3E2F-8B7D-11EC-A8A3-0242AC120002"
    assert "CapCut" in {r[3] for r in rows}


def test_a_software_section_that_is_not_a_list_is_reported(tmp_path: Path) -> None:
    inventory = json.loads((GLPI / "built/cy-laptop.json").read_text(encoding="utf-8"))
    inventory["content"]["softwares"] = {"name": "firefox"}
    (tmp_path / "odd.json").write_text(json.dumps(inventory), encoding="utf-8")
    (device,), rows, ctx = read(GlpiInventoryJson(), tmp_path / "odd.json")
    assert rows == [] and "softwares is not a list" in ctx.problems[0].message


def test_inventories_in_an_array_or_concatenated_are_each_a_device(tmp_path: Path) -> None:
    one = (GLPI / "built/ana-phone.json").read_text(encoding="utf-8")
    two = (GLPI / "built/cy-laptop.json").read_text(encoding="utf-8")
    for name, text in (("array.json", f"[{one},{two}]"), ("stream.json", one + two)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        devices, rows, ctx = read(GlpiInventoryJson(), tmp_path / name)
        assert [d.name for d in devices] == ["ana-phone", "cy-laptop"] and len(rows) == 4 and ctx.rows == 2


@pytest.mark.parametrize("cell,values", [
    ("Lark<br>Mozilla Firefox (x64 fr)", ["Lark", "Mozilla Firefox (x64 fr)"]),
    ("Lark<BR />7-Zip", ["Lark", "7-Zip"]),
    ("Lark\nVLC media player\r\n7-Zip", ["Lark", "VLC media player", "7-Zip"]),  # GLPI 11: one per line
    ("", []),
])
def test_glpi_multi_valued_cells(cell: str, values: List[str]) -> None:
    assert cell_values(cell) == values


def test_glpi_csv_lines_up_versions_and_publishers_only_when_they_line_up(tmp_path: Path) -> None:
    (tmp_path / "glpi.csv").write_text(
        '"ID";"Name";"Serial number";"Software - Name";"Software - Version";"Software - Publisher";\n'
        '"7";"pc-7";"S7";"Lark<br>7-Zip";"7.30<br>23.01";"Lark Technologies Pte. Ltd.";\n', encoding="utf-8")
    (device,), rows, ctx = read(GlpiComputersCsv(), tmp_path / "glpi.csv")
    assert [(r[3], r[4], r[5], r[6]) for r in rows] == [("Lark", "", "7.30", 2), ("7-Zip", "", "23.01", 2)]
    assert "1 publishers for 2 software names" in ctx.problems[0].message and ctx.problems[0].line == 2


def test_french_glpi_export_is_read(tmp_path: Path) -> None:
    (tmp_path / "glpi.csv").write_bytes(
        '\ufeff"Nom";"Entité";"Numéro de série";"Logiciels - Nom";"Logiciels - Version";\n'
        '"pc-mairie-3";"Mairie";"CZC0479792";"CapCut<br>Firefox";"5.9<br>132";\n'.encode("utf-8"))
    (device,), rows, ctx = read(GlpiComputersCsv(), tmp_path / "glpi.csv")
    assert (device.source.device_id, device.serial, device.name) == ("serial-CZC0479792", "CZC0479792", "pc-mairie-3")
    assert [r[3] for r in rows] == ["CapCut", "Firefox"] and ctx.problems == []


def test_glpi_csv_without_a_software_column_says_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "glpi.csv").write_text('"Name";"Serial number";\n"pc";"S";\n', encoding="utf-8")
    _, _, ctx = read(GlpiComputersCsv(), tmp_path / "glpi.csv")
    (problem,) = ctx.problems
    assert problem.fatal and problem.line == 1 and "'Software - Name'" in problem.message


@pytest.mark.parametrize("key,value", [("action", "<b>inventory"), ("action", "injector"), ("itemtype", "=Phone"),
                                       ("action", "")])
def test_an_unknown_action_or_itemtype_never_hides_a_device(tmp_path: Path, key: str, value: str) -> None:
    inventory = json.loads((GLPI / "built/ana-phone.json").read_text(encoding="utf-8"))
    inventory[key] = value
    (tmp_path / "odd.json").write_text(json.dumps(inventory), encoding="utf-8")
    (device,), rows, _ = read(GlpiInventoryJson(), tmp_path / "odd.json")
    assert device.name == "ana-phone" and rows[0][2] == "com.zhiliaoapp.musically"


@pytest.mark.parametrize("section,value", [("users", 7), ("users", "dpi"), ("bios", []), ("hardware", 5),
                                           ("operatingsystem", None), ("accesslog", "2026"), ("antivirus", {})])
def test_sections_of_the_wrong_type_are_read_as_absent(tmp_path: Path, section: str, value: Any) -> None:
    inventory = json.loads((GLPI / "built/ana-phone.json").read_text(encoding="utf-8"))
    inventory["content"][section] = value
    (tmp_path / "odd.json").write_text(json.dumps(inventory), encoding="utf-8")
    (device,), rows, ctx = read(GlpiInventoryJson(), tmp_path / "odd.json")
    assert [r[2] for r in rows] == ["com.zhiliaoapp.musically", "com.google.android.gm"]
    assert not any(p.fatal for p in ctx.problems)


def test_an_uninstall_key_the_catalog_lists_confirms_and_an_unknown_one_never_hides_the_name(tmp_path: Path) -> None:
    """Through the real matcher: `CapCut` is a catalog uninstall key (confirmed by identifier); an unknown
    product code beside the name and publisher of WeChat still finds WeChat by name and publisher."""
    from auditor.policy import load_library
    from tests.conftest import run_audit
    xml = """<?xml version="1.0" encoding="UTF-8"?>
<REQUEST><DEVICEID>pc-1-2026-11-22-08-00-00</DEVICEID><QUERY>INVENTORY</QUERY><CONTENT>
<BIOS><SSN>SER-GUID-1</SSN></BIOS><HARDWARE><NAME>pc-1</NAME></HARDWARE>
<OPERATINGSYSTEM><NAME>Windows</NAME><FULL_NAME>Microsoft Windows 11 Pro</FULL_NAME></OPERATINGSYSTEM>
<ACCESSLOG><LOGDATE>2026-11-22 08:00:00</LOGDATE></ACCESSLOG>
<SOFTWARES><FROM>registry</FROM><GUID>CapCut</GUID><NAME>CapCut</NAME><PUBLISHER>Unknown</PUBLISHER><VERSION>5.1</VERSION></SOFTWARES>
<SOFTWARES><FROM>registry</FROM><GUID>{3F2504E0-4F89-11D3-9A0C-0305E82C3301}</GUID><NAME>WeChat</NAME><PUBLISHER>Tencent Technology (Shenzhen) Company Limited</PUBLISHER><VERSION>3.9.12</VERSION></SOFTWARES>
</CONTENT></REQUEST>"""
    path = tmp_path / "pc-1.xml"
    path.write_text(xml, encoding="utf-8")
    root = Path(__file__).resolve().parents[2] / "policies"
    result = run_audit(load_library(root=root), [path], packs=["us-tx-sb1893-2023", "us-va-eo24-2022"])
    found = {(f.catalog_id, f.matched_by.value, f.confidence.value) for f in result.findings}
    assert ("capcut", "identifier", "confirmed") in found, found
    assert any(c == "wechat" and conf == "confirmed" for c, _, conf in found), found
