"""A policy library for the readers whose banned apps the shared test catalog does not name: a Chrome
extension and a security product (the test catalog plus a Kaspersky entry and pack)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.policy import Library, load_library
from tests.conftest import FIXTURES

# The real GLPI files kept in tests/fixtures/glpi (each with its .source.txt) and the reader that takes each.
GLPI_REAL = {
    "inventory_format__examples_phone_1.json": "glpi-inventory-json",
    "inventory_format__examples_computer_1_partial_softs.json": "glpi-inventory-json",
    "inventory_format__examples_computer_2.json": "glpi-inventory-json",
    "glpi__tests_fixtures_inventories_softwares_02-test_software_with_html_entities_with_version.json":
        "glpi-inventory-json",
    "inventory_format__tests_data_12.xml": "glpi-inventory-xml",
    "inventory_format__tests_data_13.xml": "glpi-inventory-xml",
    "inventory_format__tests_data_3.xml": "glpi-inventory-xml",
    "android-inventory-agent__app_src_main_assets_inventory.xml": "glpi-inventory-xml",
}
NINJAONE = ["ninjaone/devices.json", "ninjaone/computer-systems.json", "ninjaone/software.json"]
KASPERSKY_EXTENSION = "ahkjpbeeocnddjkakilopmfdlnjdpcdm"  # "Kaspersky Protection" (verified in the shipped catalog)
COPYCAT_EXTENSION = "pbcdkfjmgonhaleokfjicmbadnoplkgh"  # made up: same display name, another id

CATALOG = f"""\
schema: fleet-auditor/catalog/1
companies:
  - id: kaspersky
    name: AO Kaspersky Lab
    publishers: [AO Kaspersky Lab, Kaspersky]
apps:
  - id: kaspersky
    name: Kaspersky Protection
    company: kaspersky
    names: [Kaspersky Endpoint Security 10 for Windows]
    identifiers:
      - {{platform: chrome, type: chrome_extension, value: {KASPERSKY_EXTENSION}, confidence: verified}}
      - {{platform: android, type: package, value: com.kms.free, confidence: verified}}
    lookalikes:
      - {{name: Kaspersky Protection, identifier: {COPYCAT_EXTENSION}}}
"""

PACK = """\
schema: fleet-auditor/pack/1
id: test-kaspersky
title: Test ban on Kaspersky products
jurisdiction: US
authority: Test Department
instrument: Test Determination
citation: Test Determination sec. 1
url: https://example.org/test-kaspersky
signed: 2024-06-20
status: in-force
rules:
  - id: kaspersky-products
    companies: [kaspersky]
    effective: 2024-09-29
    severity: critical
    remediation: Uninstall it.
"""


@pytest.fixture(scope="session")
def kaspersky_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("policies")
    shutil.copytree(FIXTURES / "policies", root, dirs_exist_ok=True)
    (root / "catalog" / "kaspersky.yaml").write_text(CATALOG, encoding="utf-8")
    (root / "packs" / "test-kaspersky.yaml").write_text(PACK, encoding="utf-8")
    return load_library(root=Path(root))
