"""Every reader, fed arbitrary bytes and damaged real exports: it yields what it can and reports the
rest as problems of that file; no exception ever leaves a reader."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Dict, List

import pytest
from hypothesis import example, given, strategies as st

from auditor.textio.context import ReadContext
from auditor.sources.generic_csv import load_mapping
from auditor.textio.inputs import InputFile
from auditor.sources import READERS, detect
from tests.conftest import FIXTURES
from tests.property.settings import profile

# A real export of each format: damaged copies of it get past detection and deep into the parser.
SAMPLES: Dict[str, str] = {
    "intune-appinv-csv": "intune/AppInvRawData.csv", "intune-devices-csv": "intune/devices.csv",
    "intune-graph-json": "intune_graph/detectedApps_with_managedDevices.json",
    "jamf-pro-inventory-json": "jamf/computers-inventory.json",
    "jamf-classic-json": "jamf/demisto_get_computer_by_id_raw_response.json", "jamf-classic-xml": "jamf/mobile_device.xml",
    "jamf-advanced-search-csv": "jamf/advanced_search.csv", "defender-tvm-csv": "defender/DeviceTvmSoftwareInventory.csv",
    "defender-tvm-json": "defender/SoftwareInventoryByMachine.json", "defender-machines-json": "defender/machines.json",
    "ws1-devices-json": "workspace_one/devices_search_page0.json",
    "ws1-device-apps-json": "workspace_one/apps_5614.json",
    "google-mobiledevices-json": "google_workspace/mobiledevices.json", "kandji-device-apps-json": "kandji/device_apps_dee.json",
    "kandji-devices-json": "kandji/devices.json", "fleet-hosts-json": "fleet/hosts_with_software.json",
    "configmgr-software-csv": "configmgr/installed_software.csv", "osquery-json": "osquery/programs.json",
    "osquery-csv": "osquery/apps.csv", "generic-csv": "generic/assets.csv",
    "glpi-inventory-json": "glpi/inventory_format__examples_phone_1.json",
    "glpi-inventory-xml": "glpi/inventory_format__tests_data_12.xml", "glpi-computers-csv": "glpi/built/computers.csv",
    "jamf-pro-mobile-devices-json": "jamf/mobile-devices-detail.json",
    "chrome-app-devices-json": "chrome/installed-app-devices_ahkjpbeeocnddjkakilopmfdlnjdpcdm_page-0.json",
    "chrome-app-devices-csv": "chrome/app-devices.csv", "manageengine-json": "manageengine/computers.json",
    "manageengine-software-csv": "manageengine/software.csv", "ninjaone-software-json": "ninjaone/software.json",
    "ninjaone-devices-json": "ninjaone/devices.json",
}
# Formats whose damaged copies start from the default sample (a host snapshot) or another format's file.
WITHOUT_SAMPLE = {"ssh-snapshot-json", "google-chromeosdevices-json"}
FORMATS = sorted(r.format_id for r in READERS)


def _sample(format_id: str) -> bytes:
    rel = SAMPLES.get(format_id)
    return (FIXTURES / rel).read_bytes() if rel else b'{"schema": "fleet-auditor/host-snapshot/1", "packages": []}'


def damaged(format_id: str) -> st.SearchStrategy[bytes]:
    sample = _sample(format_id)
    cut = st.integers(0, len(sample)).map(lambda n: sample[:n])
    flipped = st.lists(st.tuples(st.integers(0, max(0, len(sample) - 1)), st.integers(0, 255)), max_size=8).map(
        lambda flips: bytes(_flip(bytearray(sample), flips)))
    return st.one_of(st.binary(max_size=1024), st.tuples(cut, st.binary(max_size=256)).map(lambda t: t[0] + t[1]),
                     flipped)


def _flip(data: bytearray, flips: List[tuple]) -> bytearray:
    for at, value in flips:
        if data:
            data[at] = value
    return data


def read_all(format_id: str, data: bytes) -> ReadContext:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input"
        path.write_bytes(data)
        options = load_mapping(FIXTURES / "generic/assets.mapping.yaml", "m") if format_id == "generic-csv" else None
        item = InputFile("input", path, None, len(data), 1.0, format_id, options)
        reader, _ = detect(item)
        assert reader is not None
        ctx = ReadContext(item, tool=reader.tool)
        list(reader.read(ctx))  # an exception here is the bug this test looks for
        detect(InputFile("input", path, None, len(data), 1.0))  # detection of the same bytes, too
        return ctx


def test_every_format_has_a_sample_to_damage() -> None:
    assert set(SAMPLES) <= set(FORMATS), "a sample names a format no reader has"
    assert set(FORMATS) - set(SAMPLES) == WITHOUT_SAMPLE


@pytest.mark.parametrize("format_id", FORMATS)
def test_arbitrary_and_damaged_bytes_never_crash_a_reader(format_id: str) -> None:
    @profile(25)
    @given(damaged(format_id))
    @example(b"[" * 5000)  # the regressions found here: deep nesting, 4301-digit numbers, in every format
    @example(b'{"value": [' + b"9" * 5000 + b"]}")
    @example(b"<computer><general><id>1</id></general>" + b"<a>" * 5000)
    @example(_sample(format_id)[:300] + b"9" * 5000)
    def check(data: bytes) -> None:
        ctx = read_all(format_id, data)
        assert all(p.source == "input" for p in ctx.problems)
        assert ctx.rows_skipped <= ctx.rows  # a skipped record is one that was read
    check()
