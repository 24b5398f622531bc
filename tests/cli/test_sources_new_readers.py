"""`auditor sources list|detect` know the readers of issue 20."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor import cli
from tests.conftest import FIXTURES

NEW_FORMATS = ("glpi-inventory-json", "glpi-inventory-xml", "glpi-computers-csv", "jamf-pro-mobile-devices-json",
               "chrome-app-devices-json", "chrome-app-devices-csv", "manageengine-json", "manageengine-software-csv",
               "ninjaone-software-json", "ninjaone-devices-json")


def run(args: list, capsys: pytest.CaptureFixture) -> tuple:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out, _ = capsys.readouterr()
    return info.value.code, out


def test_sources_list_names_every_new_reader_with_its_tool(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = run(["sources", "list"], capsys)
    listed = {line.split()[0]: line.split()[1] for line in out.splitlines()}
    assert code == 0
    assert {f: listed.get(f) for f in NEW_FORMATS} == {
        "glpi-inventory-json": "glpi", "glpi-inventory-xml": "glpi", "glpi-computers-csv": "glpi",
        "jamf-pro-mobile-devices-json": "jamf", "chrome-app-devices-json": "chrome", "chrome-app-devices-csv": "chrome",
        "manageengine-json": "manageengine", "manageengine-software-csv": "manageengine",
        "ninjaone-software-json": "ninjaone", "ninjaone-devices-json": "ninjaone"}


def test_sources_detect_explains_each_new_format(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    samples = ["glpi/inventory_format__examples_phone_1.json", "glpi/inventory_format__tests_data_12.xml",
               "glpi/built/computers.csv", "jamf/mobile-devices-detail.json",
               "chrome/installed-app-devices_ahkjpbeeocnddjkakilopmfdlnjdpcdm_page-0.json", "chrome/app-devices.csv",
               "manageengine/computers.json", "manageengine/software.csv", "ninjaone/software.json",
               "ninjaone/devices.json"]
    paths = []
    for i, rel in enumerate(samples):
        paths.append(tmp_path / f"input-{i}.dat")  # the content decides, not the name
        paths[-1].write_bytes((FIXTURES / rel).read_bytes())
    code, out = run(["sources", "detect", *map(str, paths)], capsys)
    assert code == 0
    detected = [line.split(": ", 1)[1].split(" ", 1)[0] for line in out.splitlines()]
    assert detected == list(NEW_FORMATS)
    assert "(JSON with deviceid and content (GLPI native inventory format))" in out
