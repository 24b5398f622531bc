"""The readers, and format detection by content (never by file name)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from auditor.errors import AuditorError, InventoryError
from auditor.model import Problem
from auditor.sources.interface import Probe, Reader
from auditor.sources.generic_csv import SCHEMA as GENERIC_SCHEMA, GenericCsv, load_mapping, mapped_files, outside_files
from auditor.textio.inputs import InputFile, expand, read_head
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
from auditor.textio.csvtable import decode_head, header_cells

# Order matters only where two readers could claim one input: the more specific reader comes first.
READERS: Tuple[Reader, ...] = (
    IntuneAppInventoryCsv(), IntuneDevicesCsv(), IntuneGraphJson(),
    JamfProInventoryJson(), JamfClassicJson(), JamfClassicXml(), JamfAdvancedSearchCsv(),
    DefenderSoftwareCsv(), DefenderSoftwareJson(), DefenderMachinesJson(),
    WorkspaceOneDevicesJson(), WorkspaceOneAppsJson(), GoogleMobileDevicesJson(), GoogleChromeOsDevicesJson(),
    KandjiDeviceAppsJson(), KandjiDevicesJson(), FleetHostsJson(), ConfigMgrSoftwareCsv(),
    OsqueryResultsJson(), OsqueryResultsCsv(), SshSnapshotJson(), GenericCsv())
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


@dataclass(frozen=True)
class Plan:
    inputs: Tuple[InputFile, ...]
    problems: Tuple[Problem, ...]
    # Mapping files and the like: used, hashed into the manifest, not audited themselves.
    support_files: Tuple[InputFile, ...]


def plan_inputs(paths: Sequence[Path], forced_format: Optional[str] = None) -> Plan:
    """Expand paths; a generic-CSV mapping file turns into the CSV files it names (claimed, so a folder
    that holds both reads each CSV once)."""
    if forced_format is not None and forced_format not in BY_ID:
        raise InventoryError(f"--source-format {forced_format}: unknown format (known: {', '.join(sorted(BY_ID))})")
    problems: List[Problem] = []
    items = expand(list(paths), lambda display, message: problems.append(Problem(display, message, None, True)))
    mapped: List[InputFile] = []
    claimed = set()
    support: List[InputFile] = []
    for item in items:
        if item.member is not None or item.path.suffix.lower() not in (".yaml", ".yml"):
            continue
        try:
            head = decode_head(read_head(item, 4096))
        except OSError:
            continue
        if GENERIC_SCHEMA not in head:
            continue
        claimed.add(item.path.resolve())
        support.append(item)
        try:
            mapping = load_mapping(item.path, item.display)
        except AuditorError as exc:
            problems.append(Problem(item.display, str(exc), None, True))
            continue
        for csv_path in outside_files(mapping, item.path.parent):
            claimed.add(csv_path.resolve())
            problems.append(Problem(item.display, f"names {csv_path}, a symbolic link to a file outside the "
                                                  "mapping file's folder: not read", None, True))
        for csv_path in mapped_files(mapping, item.path.parent):
            claimed.add(csv_path.resolve())
            if not csv_path.is_file():
                problems.append(Problem(item.display, f"names {csv_path}, which does not exist", None, True))
                continue
            stat = csv_path.stat()
            mapped.append(InputFile(str(csv_path), csv_path, None, stat.st_size, stat.st_mtime, "generic-csv", mapping))
    rest = [i for i in items if not (i.member is None and i.path.resolve() in claimed)]
    if forced_format:
        rest = [replace(i, forced_format=forced_format) for i in rest]
    return Plan(tuple(rest + mapped), tuple(problems), tuple(support))
