"""Input planning, once per run: the paths named expanded into input files (textio.inputs), generic-CSV
mapping files turned into the CSV files they name, and each input's reader detected by content. The plan is
what the read loop reads, what `auditor sources detect` shows, what the manifest lists and what a scheduled
run archives."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from auditor.errors import AuditorError, InventoryError
from auditor.model import Problem, ProblemKind
from auditor.sources.generic_csv import SCHEMA as GENERIC_SCHEMA, load_mapping, mapped_files, outside_files
from auditor.sources.interface import Reader
from auditor.sources.registry import BY_ID, detect, probe
from auditor.textio.archives import InflateLimits
from auditor.textio.csvtable import decode_head, input_encoding
from auditor.textio.encoding import check_encoding
from auditor.textio.exclude import Exclusions
from auditor.textio.filekind import MAGIC_BYTES, identify
from auditor.textio.inputs import Excluded, InputFile, Skipped, expand, read_head, sha256_file
from auditor.textio.names import shown
from auditor.textio.truncation import CsvEnd, csv_end

MAPPING_FORMAT = "generic-csv-mapping"
EXCLUDED_FORMAT = "excluded"
HIDDEN_FORMAT = "hidden"


@dataclass(frozen=True)
class PlannedInput:
    """One input and the reader that takes it (None when none does), with the reason either way."""

    file: InputFile
    reader: Optional[Reader]
    reason: str
    # What detection read of its head that judging a CSV's end needs (None: the head could not be read).
    csv_end: Optional[CsvEnd] = None


@dataclass(frozen=True)
class InputPlan:
    inputs: Tuple[PlannedInput, ...]
    problems: Tuple[Problem, ...]
    # Mapping files and the like: used, hashed into the manifest, not audited themselves.
    support_files: Tuple[InputFile, ...]
    # Every file the paths expanded to, in order (a ZIP whole): what a run's input archive holds.
    files: Tuple[Path, ...]
    # Files an exclusion pattern kept out (inputs.exclude, --exclude): listed, never read.
    excluded: Tuple[Excluded, ...] = ()
    # Hidden and system files and folders (auditor.textio.hidden): listed, never read.
    hidden: Tuple[Skipped, ...] = ()

    def support_manifest(self) -> Tuple[Dict[str, Any], ...]:
        """manifest.json's entries for the support files, the excluded files and the hidden ones (listed
        among the inputs: nothing in a folder named as an input is skipped without a trace)."""
        return tuple({"path": s.display, "format": MAPPING_FORMAT, "sha256": sha256_file(s.path)}
                     for s in self.support_files) + tuple(
            {"path": e.display, "format": EXCLUDED_FORMAT, "sha256": None, "excluded_by": e.pattern}
            for e in self.excluded) + tuple(
            {"path": h.display, "format": HIDDEN_FORMAT, "sha256": None, "skipped": h.what.kind,
             "reason": h.what.reason} for h in sorted(self.hidden, key=lambda h: h.display))


def _problem(display: str, message: str) -> Problem:
    return Problem(display, message, None, True, ProblemKind.INPUT)


def plan_inputs(paths: Sequence[Path], forced_format: Optional[str] = None, exclude: Sequence[str] = (),
                limits: InflateLimits = InflateLimits(), encoding: Optional[str] = None) -> InputPlan:
    """Expand paths (less what `exclude` patterns match); a generic-CSV mapping file turns into the CSV
    files it names (claimed, so a folder that holds both reads each CSV once); then every input's reader is
    detected, after what its first bytes say it is (a PDF, a workbook, a program is named as such)."""
    if forced_format is not None and forced_format not in BY_ID:
        raise InventoryError(f"--source-format {forced_format}: unknown format (known: {', '.join(sorted(BY_ID))})")
    if encoding is not None and check_encoding(encoding):
        raise InventoryError(f"--encoding {encoding}: {check_encoding(encoding)}")
    problems: List[Problem] = []
    expansion = expand(list(paths), lambda display, message: problems.append(_problem(display, message)),
                       Exclusions(tuple(exclude)), limits,
                       note=lambda display, message: problems.append(Problem(display, message, None, False,
                                                                             ProblemKind.INPUT)))
    items = list(expansion.files)
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
        except AuditorError as exc:  # the message names the file and key; the problem names the file once
            message = str(exc)
            problems.append(_problem(item.display, message[len(item.display) + 2:]
                                     if message.startswith(item.display + ": ") else message))
            continue
        for csv_path in outside_files(mapping, item.path.parent):
            claimed.add(csv_path.resolve())
            problems.append(_problem(item.display, f"names {shown(csv_path)}, a symbolic link to a file outside "
                                                   "the mapping file's folder: not read"))
        for csv_path in mapped_files(mapping, item.path.parent):
            claimed.add(csv_path.resolve())
            if not csv_path.is_file():
                problems.append(_problem(item.display, f"names {shown(csv_path)}, which does not exist"))
                continue
            stat = csv_path.stat()
            mapped.append(InputFile(shown(csv_path), csv_path, None, stat.st_size, stat.st_mtime, "generic-csv",
                                    mapping))
    rest = [i for i in items if not (i.member is None and i.path.resolve() in claimed)]
    if forced_format:
        rest = [replace(i, forced_format=forced_format) for i in rest]
    if encoding:  # the CSV inputs' code page (a mapping file's own `encoding:` comes first)
        rest = [replace(i, encoding=encoding) for i in rest]
        mapped = [replace(i, encoding=encoding) for i in mapped]
    planned = tuple(PlannedInput(item, *_detect(item)) for item in rest + mapped)
    return InputPlan(planned, tuple(problems), tuple(support), tuple(dict.fromkeys(item.path for item in items)),
                     expansion.excluded, expansion.hidden)


def _detect(item: InputFile) -> Tuple[Optional[Reader], str, Optional[CsvEnd]]:
    """Every reader reads text: a file whose first bytes say it is a document, a picture, a program or a
    compressed file is named as such, in one line that says what to do. The head is read once: for that, for
    the format, and for what judging a CSV's end needs (a forced format's head too)."""
    try:
        head = read_head(item)
    except OSError as exc:
        return (None, f"cannot read: {exc}", None) if item.forced_format is None else (*detect(item), None)
    if item.forced_format is None:
        kind = identify(head[:MAGIC_BYTES])
        if kind is not None:
            return None, f"{kind[0]}: {kind[1]}", None
    found = probe(item, head)
    # (--encoding: the code page named, where the bytes do not say otherwise: textio.csvtable.input_encoding)
    return (*detect(item, found), csv_end(head, input_encoding(item, head), found.csv_header, found.delimiter))
