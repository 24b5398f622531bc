"""The readers, and format detection by content (never by file name). A new reader is one line in READERS."""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

from auditor.sources.interface import Probe, Reader
from auditor.sources.generic_csv import SCHEMA as GENERIC_SCHEMA, GenericCsv
from auditor.textio.inputs import HEAD_BYTES, InputFile, read_head
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
from auditor.sources import chrome, configmgr, defender, glpi_csv, intune_rows, jamf_csv, manageengine
from auditor.textio.csvtable import Column, csv_header, decode_head, detect_encoding

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

# The CSV layouts the readers read, by format id: when no reader recognises a header, the nearest layout and
# the columns it lacks are named (a renamed ApplicationName is not "some CSV").
CSV_LAYOUTS: Tuple[Tuple[str, Sequence[Column]], ...] = (
    ("intune-appinv-csv", intune_rows.APP_COLUMNS), ("intune-devices-csv", intune_rows.DEVICE_COLUMNS),
    (ChromeAppDevicesCsv.format_id, chrome.COLUMNS), (ConfigMgrSoftwareCsv.format_id, configmgr.COLUMNS),
    (DefenderSoftwareCsv.format_id, defender.TVM_COLUMNS), (GlpiComputersCsv.format_id, glpi_csv.COLUMNS),
    (JamfAdvancedSearchCsv.format_id, jamf_csv.COLUMNS), (ManageEngineSoftwareCsv.format_id, manageengine.COLUMNS))
NEAREST_AT_LEAST = 3  # columns of a layout a header must have (and half of them) for it to be the nearest


def nearest_layout(header: Sequence[str]) -> str:
    """'; nearest: <reader>, which lacks the column <c>' for the layout whose columns the header has most of (at
    least NEAREST_AT_LEAST and half of them) when it lacks a required one; '' otherwise, and '' when the header
    has every required column of some layout (then it is no near miss of a layout)."""
    cells = {h.strip().lower() for h in header}
    best: Tuple[int, str, Tuple[str, ...]] = (0, "", ())
    for format_id, columns in CSV_LAYOUTS:
        present = sum(1 for c in columns if any(n.lower() in cells for n in c.names))
        lacking = tuple(c.names[0] for c in columns if c.required and not any(n.lower() in cells for n in c.names))
        if present < max(NEAREST_AT_LEAST, len(columns) // 2):
            continue
        if not lacking:
            return ""
        if present > best[0]:
            best = (present, format_id, lacking)
    present, format_id, lacking = best
    if not format_id:
        return ""
    return f"; nearest: {BY_ID[format_id].title}, which lacks the column {' and '.join(repr(c) for c in lacking)}"


def probe(item: InputFile, head: Optional[bytes] = None) -> Probe:
    """`head`: the input's first HEAD_BYTES, when the caller has read them (read here otherwise)."""
    head = read_head(item) if head is None else head
    encoding = detect_encoding(head)
    text = decode_head(head, encoding)
    stripped = text.lstrip()
    json_start = stripped[:1] if stripped[:1] in ("{", "[") else ""
    header, delimiter = ((), ",") if json_start else csv_header(text)
    return Probe(head=text, csv_header=header, json_start=json_start, encoding=encoding, delimiter=delimiter)


def detect(item: InputFile, found: Optional[Probe] = None) -> Tuple[Optional[Reader], str]:
    """The reader that takes this input and why; (None, why not) when none does. `found`: the input's probe,
    when the caller has it (made here otherwise)."""
    if item.forced_format:
        reader = BY_ID.get(item.forced_format)
        if reader is None:
            return None, f"unknown format {item.forced_format!r}"
        mapping = getattr(item.options, "file", None)
        if mapping:
            return reader, f"a CSV named by the mapping file {mapping}"
        return reader, f"format forced to {item.forced_format}"
    try:
        found = probe(item) if found is None else found
    except OSError as exc:
        return None, f"cannot read: {exc}"
    if item.size <= HEAD_BYTES and not found.head.strip("\ufeff \t\r\n\x00"):  # the whole file was probed
        return None, "the file is empty (no text, or only a byte-order mark and blank lines): re-export it"
    for reader in READERS:
        reason = reader.detect(found)
        if reason:
            return reader, reason
    if f"schema: {GENERIC_SCHEMA}" in found.head and item.path.suffix.lower() in (".yaml", ".yml"):
        return None, "a generic CSV mapping file (read as the mapping of the CSV files it names)"
    if len(found.csv_header) >= 2:  # one cell is any line of text (a README's title), not a CSV header
        shown = ", ".join(found.csv_header[:8])
        return None, (f"no reader recognises this CSV header ({shown}{', ...' if len(found.csv_header) > 8 else ''})"
                      f"{nearest_layout(found.csv_header)}; a CSV of another layout is read through a generic-CSV "
                      "mapping file (docs/formats.md)")
    return None, "no reader recognises this content"
