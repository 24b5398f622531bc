"""Any CSV inventory, described by a small YAML mapping file that is itself given as the input:

    schema: fleet-auditor/generic-csv/1
    tool: snipe-it                 # shown as the device's source
    files: [software.csv]          # relative to this file; glob patterns allowed
    encoding: windows-1252         # optional: the CSV's encoding (default: detected, UTF-8 or Windows-1252)
    columns: {device_id: Asset Tag, app_name: Software, publisher: Vendor, ...}

Every column the mapping names must be in the CSV's header: one that is not is one error that names the
mapping file, the key, the column and the header seen (the input is not read; the run is incomplete).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.textio.encoding import check_encoding
from auditor.sources.interface import Item, Probe
from auditor.textio.csvtable import Column, CsvTable, header_seen, resolve_columns
from auditor.sources.vocab import clean_serial, ownership_read, platform_from, rounded_number
from auditor.textio.suggest import did_you_mean
from auditor.textio.yamlfile import Fields, load_yaml

SCHEMA = "fleet-auditor/generic-csv/1"
FIELDS = ("device_id", "app_name", "identifier", "publisher", "version", "device_name", "serial", "platform",
          "os_version", "ownership", "owner_email", "owner_upn", "owner_name", "owner_username", "last_seen")


@dataclass(frozen=True)
class GenericMapping:
    file: str
    tool: str
    files: Tuple[str, ...]
    columns: Tuple[Tuple[str, str], ...]
    platform: Optional[Platform]
    ownership: Optional[Ownership]
    ownership_values: Tuple[Tuple[str, str], ...]
    encoding: Optional[str] = None  # the CSV's encoding as the mapping names it (None: detected)


def load_mapping(path: Path, display: str) -> GenericMapping:
    f = Fields(display, "", load_yaml(path), ("schema", "tool", "files", "columns", "platform", "ownership",
                                              "ownership_values", "encoding", "notes"))
    if f.data.get("schema") != SCHEMA:
        raise f.fail("schema", repr(SCHEMA), f.data.get("schema"))
    columns = f.child("columns", FIELDS)
    mapped = tuple((k, columns.text(k)) for k in FIELDS if columns.text(k))
    names = dict(mapped)
    if "device_id" not in names:
        raise f.fail("columns.device_id", "the header of the column that identifies the device (required)", None)
    if "app_name" not in names and "identifier" not in names:
        raise f.fail("columns.app_name", "the header of the app name (or identifier) column", None)
    files = f.texts("files")
    if not files:
        raise f.fail("files", "a list of CSV files (relative to the mapping file)", f.data.get("files"))
    for i, name in enumerate(files):
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise f.fail(f"files[{i}]", "a path inside the mapping file's folder", name)
    raw_values = f.data.get("ownership_values") or {}
    if not isinstance(raw_values, dict) or not all(v in [o.value for o in Ownership] for v in raw_values.values()):
        raise f.fail("ownership_values", "a mapping from a tool's word to corporate, personal, shared or unknown",
                     raw_values)
    encoding = f.text("encoding", what="a text encoding such as utf-8 or windows-1252") or None
    if encoding is not None and check_encoding(encoding) is not None:  # (the one rule --encoding follows too)
        raise f.fail("encoding", "a text encoding Python knows (utf-8, windows-1252, latin-1, shift_jis, ...)",
                     encoding)
    platform = _word(f, "platform", [p.value for p in Platform])
    ownership = _word(f, "ownership", [o.value for o in Ownership])
    return GenericMapping(
        file=display, tool=f.text("tool", default="generic-csv", pattern=r"[A-Za-z0-9][\w.\- ]{0,40}",
                                  what="a short tool name"),
        files=files, columns=mapped,
        platform=Platform(platform) if platform else None,
        ownership=Ownership(ownership) if ownership else None,
        ownership_values=tuple((str(k).strip().lower(), str(v)) for k, v in raw_values.items()),
        encoding=encoding,
    )


def _word(f: Fields, key: str, allowed: List[str]) -> Optional[str]:
    """An optional word of a fixed vocabulary, in any case (`Linux`, like --org-type and --jurisdiction)."""
    value = f.data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in allowed:
        return value.strip().lower()
    raise f.fail(key, f"one of {', '.join(allowed)}{did_you_mean(str(value).lower(), allowed)}", value)


def mapped_files(mapping: GenericMapping, base: Path) -> List[Path]:
    out: List[Path] = []
    root = base.resolve()
    for pattern in mapping.files:
        matches = sorted(base.glob(pattern)) if any(c in pattern for c in "*?[") else [base / pattern]
        # load_mapping refuses ../ and absolute names; a symlink must not lead out of the folder either
        # (a mapping dropped with the exports would otherwise read any file on this machine).
        out.extend(m for m in matches if not m.exists() or _inside(m.resolve(), root))
    return out


def outside_files(mapping: GenericMapping, base: Path) -> List[Path]:
    """The files a mapping names that resolve outside its folder (through a symbolic link): not read."""
    inside = set(mapped_files(mapping, base))
    return [m for pattern in mapping.files
            for m in (sorted(base.glob(pattern)) if any(c in pattern for c in "*?[") else [base / pattern])
            if m not in inside]


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


class GenericCsv:
    format_id = "generic-csv"
    title = "Any CSV inventory with a column mapping file (schema fleet-auditor/generic-csv/1)"
    tool = "generic-csv"

    def detect(self, probe: Probe) -> Optional[str]:
        return None  # only ever chosen through its mapping file

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        mapping: GenericMapping = ctx.input.options
        ctx.tool = mapping.tool
        names = dict(mapping.columns)
        table = CsvTable(ctx, encoding=mapping.encoding)
        owners: Mapping[str, str] = dict(mapping.ownership_values)
        try:
            # Every column the mapping names is required: a column it names and the CSV lacks would otherwise
            # skip every row (or drop an owner) without saying why.
            found, missing = resolve_columns(table.header, [Column(f, (names[f],), required=True) for f in names])
            if missing:
                absent = [f for f in names if found[f] < 0]
                ctx.fail(f"the mapping {mapping.file} names columns the CSV lacks: "
                         + "; ".join(f"columns.{f}: {names[f]!r}" for f in absent) + "; "
                         + header_seen(table.header) + "; correct the mapping or the export", line=1)
                return
            cols = found
            get: Dict[str, int] = {field: cols.get(field, -1) for field in FIELDS}
            seen = set()
            shape = _Plausibility()
            for line, row in table.rows():
                def cell(field: str) -> str:
                    i = get[field]
                    return row[i].strip() if i >= 0 else ""
                device_id = cell("device_id")
                if not device_id:
                    ctx.skip(line, f"row has no {names['device_id']!r}")
                    continue
                if rounded_number(device_id):
                    ctx.fail(f"columns.device_id {names['device_id']!r}: {device_id[:40]!r} is a number a spreadsheet "
                             "rounded to scientific notation: its digits are lost, so different devices would be "
                             "read as one; export the file again without opening it in a spreadsheet", line=line)
                    return
                platform = mapping.platform or platform_from(cell("platform"))
                ctx.saw_time(cell("last_seen"))
                if device_id not in seen:
                    seen.add(device_id)
                    raw_owner = cell("ownership").lower()
                    ownership = (Ownership(owners[raw_owner]) if raw_owner in owners
                                 else ownership_read(ctx, cell("ownership"), names["ownership"]) if raw_owner
                                 else mapping.ownership or Ownership.UNKNOWN)
                    yield DeviceRecord(
                        source=SourceRef(mapping.tool, device_id, ctx.input.display, cell("last_seen") or None),
                        name=cell("device_name"), serial=clean_serial(cell("serial")), platform=platform,
                        os_version=cell("os_version"), ownership=ownership, owner_email=cell("owner_email"),
                        owner_upn=cell("owner_upn"), owner_name=cell("owner_name"),
                        owner_username=cell("owner_username"), authoritative=True)
                name, identifier = cell("app_name"), cell("identifier")
                if not name and not identifier:
                    ctx.skip(line, "row has no app name or identifier")
                    continue
                shape.saw(name, identifier)
                yield (device_id, platform, identifier, name, cell("publisher"), cell("version"), line)
            for message in shape.problems(names):
                ctx.fail(f"the mapping {mapping.file}: {message}")
        finally:
            table.close()


# A version number: digits first, then digits, letters and separators (3.11.2-1+b1, 1:2.38.1-5, 24.04).
# Unambiguous (every repeated group starts with a separator), so a long name that fails is rejected in linear time:
# `\d+(?:[sep]?[alnum]+)*` matched the same names but backtracked exponentially on a hostile cell.
_VERSION = re.compile(r"^v?\d[0-9A-Za-z]*(?:[.\-+:~_][0-9A-Za-z]+)*$")
_LETTER = re.compile(r"[^\W\d_]")
PLAUSIBLE_AT_LEAST = 5  # values before a column's content is judged
VERSION_SHARE = 0.9  # of app names that look like version numbers: the mapping points at the version column


class _Plausibility:
    """Whether the columns a mapping names hold what it says: app names that are almost all version numbers,
    or identifiers without a letter (a package name, bundle id or product code has letters), are a mapping
    pointed at the wrong column, and nothing in the file could match."""

    def __init__(self) -> None:
        self.names = self.versions = self.identifiers = self.with_letters = 0
        self.example_name = self.example_identifier = ""

    def saw(self, name: str, identifier: str) -> None:
        if name:
            self.names += 1
            if _VERSION.match(name):
                self.versions += 1
                self.example_name = self.example_name or name
        if identifier:
            self.identifiers += 1
            if _LETTER.search(identifier):
                self.with_letters += 1
            else:
                self.example_identifier = self.example_identifier or identifier

    def problems(self, columns: Mapping[str, str]) -> List[str]:
        out = []
        if self.names >= PLAUSIBLE_AT_LEAST and self.versions >= VERSION_SHARE * self.names:
            out.append(f"columns.app_name: {columns['app_name']!r} holds version numbers, not app names, in "
                       f"{self.versions} of its {self.names} values (e.g. {self.example_name!r}): the mapping points "
                       "at the wrong column, so nothing in the file can match; correct the mapping")
        if self.identifiers >= PLAUSIBLE_AT_LEAST and not self.with_letters:
            out.append(f"columns.identifier: {columns['identifier']!r} holds no letter in any of its "
                       f"{self.identifiers} values (e.g. {self.example_identifier!r}); package names, bundle ids and "
                       "product codes have letters: the mapping points at the wrong column; correct the mapping")
        return out

