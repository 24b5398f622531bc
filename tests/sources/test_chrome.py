"""Chrome installed-app reports and the sidecar contract: the app id of a findInstalledAppDevices page comes from
the page (added by the pull) or from the file name; without either the page is reported, never audited."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from auditor.model import DeviceRecord, Platform
from auditor.sources.chrome import ChromeAppDevicesCsv, ChromeAppDevicesJson, app_id_from_name
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from tests.conftest import FIXTURES
from tests.sources.conftest import COPYCAT_EXTENSION, KASPERSKY_EXTENSION

PAGE = FIXTURES / f"chrome/installed-app-devices_{KASPERSKY_EXTENSION}_page-0.json"


def read(reader: Any, path: Path) -> Tuple[List[DeviceRecord], List[tuple], ReadContext]:
    ctx = ReadContext(InputFile(path.name, path), tool=reader.tool)
    items = list(reader.read(ctx))
    return [i for i in items if isinstance(i, DeviceRecord)], [i for i in items if isinstance(i, tuple)], ctx


def test_the_page_names_its_app(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_bytes(PAGE.read_bytes())  # a file name that says nothing
    (device,), (row,), ctx = read(ChromeAppDevicesJson(), tmp_path / "page.json")
    assert (device.source.device_id, device.name) == ("6f1d2c3b-8a79-4e55-a0c4-1b2e3f4a5b6c", "WS-JON")
    assert row[:6] == (device.source.device_id, Platform.OTHER, KASPERSKY_EXTENSION, "Kaspersky Protection", "", "")
    assert row[6] == "$.devices[0]" and ctx.problems == [] and ctx.rows == 1


def test_the_file_name_names_the_app_of_an_unchanged_google_reply(tmp_path: Path) -> None:
    reply = {"devices": [{"deviceId": "d-1", "machine": "WS-1"}, {"deviceId": "d-2", "machine": "WS-2"}],
             "nextPageToken": "abc", "totalSize": 2}
    path = tmp_path / f"installed-app-devices_{KASPERSKY_EXTENSION}_page-1.json"
    path.write_text(json.dumps(reply), encoding="utf-8")
    devices, rows, ctx = read(ChromeAppDevicesJson(), path)
    assert [r[2] for r in rows] == [KASPERSKY_EXTENSION] * 2 and [d.name for d in devices] == ["WS-1", "WS-2"]
    assert rows[0][3] == ""  # the reply does not name the app either


def test_a_page_that_names_no_app_is_not_audited(tmp_path: Path) -> None:
    (tmp_path / "page-3.json").write_text(json.dumps({"devices": [{"deviceId": "d-1", "machine": "WS-1"}]}))
    devices, rows, ctx = read(ChromeAppDevicesJson(), tmp_path / "page-3.json")
    assert (devices, rows) == ([], [])
    (problem,) = ctx.problems
    assert problem.fatal and 'the pull must add "appId"' in problem.message


def test_an_app_installed_nowhere_is_a_record_not_an_empty_export(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_text(json.dumps({"appId": KASPERSKY_EXTENSION, "appType": "EXTENSION"}))
    devices, rows, ctx = read(ChromeAppDevicesJson(), tmp_path / "page.json")
    assert (devices, rows, ctx.rows, ctx.rows_skipped, ctx.problems) == ([], [], 1, 0, [])


def test_android_apps_reported_by_chrome_are_chromeos_apps(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_text(json.dumps({"appId": "com.kms.free", "appType": "ANDROID_APP",
                                                    "devices": [{"deviceId": "d-9", "machine": "chromebook-9"}]}))
    _, (row,), _ = read(ChromeAppDevicesJson(), tmp_path / "page.json")
    assert row[1:3] == (Platform.CHROMEOS, "com.kms.free")


def test_count_installed_apps_is_refused_with_what_to_pull(tmp_path: Path) -> None:
    (tmp_path / "count.json").write_text(json.dumps({"installedApps": [
        {"appId": KASPERSKY_EXTENSION, "appType": "EXTENSION", "browserDeviceCount": "14", "displayName": "Kaspersky Protection"}],
        "totalSize": 1}))
    _, rows, ctx = read(ChromeAppDevicesJson(), tmp_path / "count.json")
    (problem,) = ctx.problems
    assert rows == [] and problem.fatal and "findInstalledAppDevices" in problem.message


def test_devices_without_an_id_are_skipped_with_their_path(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_text(json.dumps({"appId": KASPERSKY_EXTENSION,
                                                    "devices": [{"machine": "WS-1"}, {"deviceId": "d-2"}]}))
    devices, rows, ctx = read(ChromeAppDevicesJson(), tmp_path / "page.json")
    assert [d.source.device_id for d in devices] == ["d-2"] and (ctx.rows, ctx.rows_skipped) == (2, 1)
    assert "at $.devices[0]" in ctx.problems[0].message


@pytest.mark.parametrize("name,app_id", [
    (f"installed-app-devices_{KASPERSKY_EXTENSION}_page-0.json", KASPERSKY_EXTENSION),
    (f"exports/chrome.zip!{KASPERSKY_EXTENSION.upper()}.csv", KASPERSKY_EXTENSION),
    (f"{KASPERSKY_EXTENSION}-{COPYCAT_EXTENSION}.json", ""),  # two ids: which one? none
    ("installed-app-devices_page-0.json", ""),
    ("abcdefghijklmnopabcdefghijklmnopq.json", ""),  # 33 letters: not an id
])
def test_app_id_in_a_file_name(name: str, app_id: str) -> None:
    assert app_id_from_name(name) == app_id


def test_console_csv_rows_carry_the_app_id_and_the_serial(tmp_path: Path) -> None:
    devices, rows, ctx = read(ChromeAppDevicesCsv(), FIXTURES / "chrome/app-devices.csv")
    assert [(r[2], r[3], r[6]) for r in rows] == [(KASPERSKY_EXTENSION, "Kaspersky Protection", 2),
                                                  (COPYCAT_EXTENSION, "Kaspersky Protection", 3),
                                                  ("ghbmnnjooekpmoecnnnilnnbdlolhkhi", "Google Docs Offline", 4)]
    assert (devices[0].serial, devices[0].owner_email) == ("CND4271XYZ", "max@contoso.com")


def test_console_csv_of_one_app_takes_the_app_from_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / f"{KASPERSKY_EXTENSION}.csv"
    path.write_text("App name,App type,Machine name,Device ID\nKaspersky Protection,Chrome extension,WS-1,d-1\n")
    _, (row,), ctx = read(ChromeAppDevicesCsv(), path)
    assert row[2] == KASPERSKY_EXTENSION and ctx.problems == []


def test_console_csv_without_an_app_id_is_not_audited_by_name(tmp_path: Path) -> None:
    (tmp_path / "apps.csv").write_text("App name,App type,Machine name\nKaspersky Protection,Chrome extension,WS-1\n")
    devices, rows, ctx = read(ChromeAppDevicesCsv(), tmp_path / "apps.csv")
    (problem,) = ctx.problems
    assert (devices, rows) == ([], []) and problem.fatal and problem.line == 1 and "'App ID'" in problem.message
