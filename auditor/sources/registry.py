"""The readers, and format detection by content (never by file name). A new reader is one line in READERS."""
from __future__ import annotations

from typing import Dict, Optional, Tuple

from auditor.sources.interface import Probe, Reader
from auditor.sources.generic_csv import SCHEMA as GENERIC_SCHEMA, GenericCsv
from auditor.textio.inputs import InputFile, read_head
from auditor.sources.intune_csv import IntuneAppInventoryCsv, IntuneDevicesCsv
from auditor.sources.intune_graph import IntuneGraphJson
from auditor.sources.ssh_snapshot import SshSnapshotJson
from auditor.sources.configmgr import ConfigMgrSoftwareCsv
from auditor.sources.defender import DefenderMachinesJson, DefenderSoftwareCsv, DefenderSoftwareJson
from auditor.sources.fleet import FleetHostsJson
from auditor.sources.google_workspace import GoogleChromeOsDevicesJson, GoogleMobileDevicesJson
from auditor.sources.jamf_classic import JamfClassicJson, JamfClassicXml
from auditor.sources.jamf_csv import JamfAdvancedSearchCsv
from auditor.sources.jamf_pro import JamfProInventoryJson
from auditor.sources.kandji import KandjiDeviceAppsJson, KandjiDevicesJson
from auditor.sources.osquery import OsqueryResultsCsv, OsqueryResultsJson
from auditor.sources.workspace_one import WorkspaceOneAppsJson, WorkspaceOneDevicesJson
from auditor.sources.glpi_json import GlpiInventoryJson
from auditor.sources.glpi_xml import GlpiInventoryXml
from auditor.sources.glpi_csv import GlpiComputersCsv
from auditor.sources.jamf_mobile import JamfMobileDevicesJson
from auditor.sources.chrome import ChromeAppDevicesCsv, ChromeAppDevicesJson
from auditor.sources.manageengine import ManageEngineJson, ManageEngineSoftwareCsv
from auditor.sources.ninjaone import NinjaOneDevicesJson, NinjaOneSoftwareJson
from auditor.textio.csvtable import decode_head, header_cells

# Order matters only where two readers could claim one input: the more specific reader comes first.
READERS: Tuple[Reader, ...] = (
    ChromeAppDevicesCsv(),  # before Intune devices, whose detection (Device ID, Serial number) also fits it
    IntuneAppInventoryCsv(), IntuneDevicesCsv(), IntuneGraphJson(),
    JamfMobileDevicesJson(),  # before computers-inventory, whose detection also fits mobile-device pages
    JamfProInventoryJson(), JamfClassicJson(), JamfClassicXml(), JamfAdvancedSearchCsv(),
    DefenderSoftwareCsv(), DefenderSoftwareJson(), DefenderMachinesJson(),
    WorkspaceOneDevicesJson(), WorkspaceOneAppsJson(), GoogleMobileDevicesJson(), GoogleChromeOsDevicesJson(),
    KandjiDeviceAppsJson(), KandjiDevicesJson(), FleetHostsJson(), ConfigMgrSoftwareCsv(),
    OsqueryResultsJson(), OsqueryResultsCsv(), SshSnapshotJson(),
    GlpiInventoryJson(),
    GlpiInventoryXml(),
    GlpiComputersCsv(),
    ChromeAppDevicesJson(),
    ManageEngineJson(),
    ManageEngineSoftwareCsv(),
    NinjaOneSoftwareJson(),
    NinjaOneDevicesJson(),
    GenericCsv())
BY_ID: Dict[str, Reader] = {r.format_id: r for r in READERS}


def probe(item: InputFile) -> Probe:
    text = decode_head(read_head(item))
    stripped = text.lstrip()
    json_start = stripped[:1] if stripped[:1] in ("{", "[") else ""
    return Probe(head=text, csv_header=() if json_start else header_cells(text), json_start=json_start)


def detect(item: InputFile) -> Tuple[Optional[Reader], str]:
    """The reader that takes this input and why; (None, why not) when none does."""
    if item.forced_format:
        reader = BY_ID.get(item.forced_format)
        if reader is None:
            return None, f"unknown format {item.forced_format!r}"
        mapping = getattr(item.options, "file", None)
        if mapping:
            return reader, f"a CSV named by the mapping file {mapping}"
        return reader, f"format forced to {item.forced_format}"
    try:
        found = probe(item)
    except OSError as exc:
        return None, f"cannot read: {exc}"
    for reader in READERS:
        reason = reader.detect(found)
        if reason:
            return reader, reason
    if f"schema: {GENERIC_SCHEMA}" in found.head and item.path.suffix.lower() in (".yaml", ".yml"):
        return None, "a generic CSV mapping file (read as the mapping of the CSV files it names)"
    if found.csv_header:
        shown = ", ".join(found.csv_header[:8])
        return None, f"no reader recognises this CSV header ({shown}{', ...' if len(found.csv_header) > 8 else ''})"
    return None, "no reader recognises this content"
