"""GLPI's own CSV export of a search (Assets > Computers, with the software columns added): one row per
computer, its software in multi-valued cells joined by the literal text `<br>` (GLPI <= 10) or by line breaks
(GLPI 11). GLPI writes a UTF-8 BOM (<= 10), quotes every cell, ends every line with the delimiter (the user's
"CSV delimiter" preference, `;` by default) and replaces `"` inside values by `''`.

Headers are translated into the exporting user's language and prefixed by the option's group ("Software -
Name"): the English and French names are known here, any other language needs a generic-csv mapping. No real
GLPI CSV export was found in public repositories; the column names are inferred from GLPI's code (see
docs/formats.md). Rows that repeat a computer once per software work too."""
from __future__ import annotations

import re
from typing import Dict, Iterator, List, Optional, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.csvrows import Fields, csv_rows
from auditor.sources.glpi_rules import TOOL
from auditor.sources.fastpath import CLEAR, LOOK, may_match, remember
from auditor.sources.interface import Item, Probe, ReadSink
from auditor.textio.csvtable import Column, Span
from auditor.sources.vocab import clean_serial, platform_from

_SOFTWARE_NAMES = ("Software - Name", "Logiciel - Nom", "Logiciels - Nom", "Software - Software", "Software name")
COLUMNS = (
    Column("software", _SOFTWARE_NAMES, required=True),
    Column("id", ("ID",)),
    Column("name", ("Name", "Nom", "Computer", "Ordinateur", "Computer name")),
    Column("serial", ("Serial number", "Numéro de série", "Serial")),
    Column("version", ("Software - Version", "Logiciel - Version", "Logiciels - Version", "Versions - Name",
                       "Versions - Nom", "Version - Name")),
    Column("publisher", ("Software - Publisher", "Logiciel - Éditeur", "Logiciels - Éditeur",
                         "Software - Manufacturer", "Software - Editor", "Publisher", "Éditeur")),
    Column("user", ("User", "Utilisateur", "Alternate username", "Usager", "Login")),
    Column("os", ("Operating system - Name", "Système d'exploitation - Nom", "Operating System",
                  "Système d'exploitation")),
    Column("last_seen", ("Last inventory date", "Date du dernier inventaire", "Last inventory update", "Last update",
                         "Dernière modification")),
)
def _names_no_computer(fields: Fields) -> Optional[str]:
    if not (fields.has("id") or fields.has("serial") or fields.has("name")):
        return "missing a column that names the computer: 'ID', 'Serial number' or 'Name'"
    return None


_SPLIT = re.compile(r"\s*(?:<br\s*/?>|<hr\s*/?>|\r?\n)\s*", re.I)


def cell_values(cell: str) -> List[str]:
    """The values of a multi-valued GLPI cell (`<br>`-joined, or one per line)."""
    return [v for v in _SPLIT.split(cell.strip()) if v]


class GlpiComputersCsv:
    format_id = "glpi-computers-csv"
    title = "GLPI search export (CSV) of computers with their software (Software - Name, <br>-joined cells)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        cols = set(probe.csv_header)
        if {n.lower() for n in _SOFTWARE_NAMES[:4]} & cols and ({"name", "nom", "serial number", "numéro de série",
                                                                 "id"} & cols):
            return "CSV header has Software - Name with Name / Serial number (GLPI search export)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        for line, device, platform, first, software in _computers(ctx):
            if first:
                yield device
            for name, version, publisher in software:
                yield (device.source.device_id, platform, "", name, publisher, version, line)

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives, with each
    # distinct (name, publisher) settled once; software that matches nothing is only counted.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        memo: Dict[Tuple[str, str], str] = {}
        for line, device, platform, first, software in _computers(ctx):
            if first:
                sink.device(device)
            device_id = device.source.device_id
            for name, version, publisher in software:
                state = memo.get((name, publisher))
                if state is None:
                    state = remember(memo, (name, publisher), LOOK if may_match(sink, "", name, publisher) else CLEAR)
                if state is LOOK:
                    sink.app((device_id, platform, "", name, publisher, version, line))
            if software:
                sink.apps_of(device_id, len(software))


def _computers(ctx: ReadContext) -> Iterator[Tuple[int, DeviceRecord, Platform, bool, List[Tuple[str, str, str]]]]:
    """(line, the computer's record, its platform, whether the row is its first, (name, version, publisher) of
    each software) of each row that names a computer."""
    seen: Dict[str, Tuple[DeviceRecord, Platform]] = {}
    for line, row, fields in csv_rows(ctx, COLUMNS, _names_no_computer):
        cell = fields.cell
        serial, name, glpi_id = clean_serial(cell(row, "serial")), cell(row, "name"), cell(row, "id")
        device_id = (f"computer-{glpi_id}" if glpi_id else f"serial-{serial}" if serial
                     else f"host-{name}" if name else "")
        if not device_id:
            ctx.skip(line, "row names no computer (ID, Serial number and Name are empty)")
            continue
        known = seen.get(device_id)
        first = known is None
        if known is None:
            os_name, last_seen = cell(row, "os"), cell(row, "last_seen")
            platform = platform_from(os_name) if os_name else Platform.OTHER
            ctx.saw_time(last_seen)
            known = seen[device_id] = (DeviceRecord(
                source=SourceRef(TOOL, device_id, ctx.input.display, last_seen or None), name=name, serial=serial,
                platform=platform, owner_username=cell(row, "user"), authoritative=True), platform)
        yield line, known[0], known[1], first, _software(ctx, line, cell(row, "software"), cell(row, "version"),
                                                         cell(row, "publisher"))


def _software(ctx: ReadContext, line: int, names_cell: str, versions_cell: str,
              publishers_cell: str) -> List[Tuple[str, str, str]]:
    names = cell_values(names_cell)
    versions, publishers = cell_values(versions_cell), cell_values(publishers_cell)
    # GLPI joins each column on its own: values line up only when every column has one per software.
    if len(versions) != len(names):
        versions = [""] * len(names)
    if len(publishers) != len(names):
        if publishers:
            ctx.note(line, f"{len(publishers)} publishers for {len(names)} software names: matched by name only")
        publishers = [""] * len(names)
    return list(zip(names, versions, publishers))
