"""The staff directory: an HR export (CSV or JSON) of people with their identifiers, titles,
departments, groups, clearances, and for family members their sponsor."""
from __future__ import annotations

import json
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Tuple

from auditor.errors import ConfigError
from auditor.people.identity import normalise_identity
from auditor.model import Problem, ProblemKind, fast_init
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from auditor.textio.csvtable import Column, CsvTable, header_seen, looked_for
from auditor.textio.yamlfile import Fields, load_yaml
from auditor.textio.names import shown

# Logical field -> header names HR systems use (matched case-insensitively). Identifier fields first.
DEFAULT_COLUMNS: Mapping[str, Tuple[str, ...]] = {
    "email": ("mail", "email", "e-mail", "emailaddress", "email address", "work email"),
    "upn": ("userPrincipalName", "upn", "user principal name"),
    "employee_id": ("employeeId", "employee id", "employee_id", "employeeNumber", "personnel number"),
    "username": ("sAMAccountName", "username", "user name", "login", "account"),
    "name": ("displayName", "display name", "name", "full name"),
    "title": ("title", "jobTitle", "job title", "position"),
    "department": ("department", "dept", "division"),
    "manager": ("manager", "manager email", "managerEmail"),
    "groups": ("groups", "memberOf", "member of"),
    "clearance": ("clearance", "clearance level", "securityClearance"),
    "sponsor": ("sponsor", "sponsor email", "sponsorEmail", "sponsor id"),
    "relationship": ("relationship", "relation", "family relationship"),
}
IDENTIFIER_FIELDS = ("email", "upn", "employee_id", "username")
# What a page of a JSON user list says when more pages follow (Microsoft Graph; Google's Admin SDK).
_NEXT_PAGE_KEYS = ("@odata.nextLink", "nextPageToken")
# A staff record as the readers hand it on: its values in this order ("" when the file lacks the field).
FIELDS = tuple(DEFAULT_COLUMNS)
_GROUP_SPLIT = re.compile(r"\s*[;|\n]\s*")
# Active Directory's memberOf holds distinguished names ("CN=VIP-Travel,OU=Groups,DC=corp,DC=example"): the
# group is named by its CN. Every CN= that starts an entry or follows a comma (DNs joined by commas too).
_DN = re.compile(r"^\s*CN=", re.IGNORECASE)
_CN = re.compile(r"(?:^|,)\s*CN=((?:\\.|[^,\\])*)", re.IGNORECASE)


def group_names(cell: str) -> Tuple[Tuple[str, ...], bool]:
    """The groups a staff record's groups cell names (';', '|' or a line feed between them; a distinguished
    name read as its CN), and whether a group's name holds a comma outside a DN (a list joined with commas:
    read whole, never guessed apart; the caller notes it)."""
    names: List[str] = []
    commas = False
    for entry in _GROUP_SPLIT.split(cell):
        if not entry:
            continue
        if _DN.match(entry):
            names.extend(re.sub(r"\\(.)", r"\1", cn).strip() for cn in _CN.findall(entry))
        else:
            commas = commas or "," in entry
            names.append(entry)
    return tuple(n for n in names if n), commas


@fast_init
@dataclass(frozen=True, slots=True)
class Person:
    identifiers: Tuple[str, ...]  # normalised: how devices name this person
    email: str
    name: str
    title: str
    department: str
    manager: str
    groups: Tuple[str, ...]
    clearance: str
    sponsor: str  # an identifier of the staff member this person is family of
    relationship: str
    source: str
    line: int

    @property
    def label(self) -> str:
        return self.name or self.email or self.identifiers[0]

    @property
    def is_minor(self) -> bool:
        return "minor" in self.relationship.casefold()


@dataclass(frozen=True)
class StaffMapping:
    columns: Mapping[str, Tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))
    domain_aliases: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Directory:
    people: Tuple[Person, ...]
    index: Mapping[str, Person]
    domain_aliases: Mapping[str, str]
    problems: Tuple[Problem, ...]
    rows: int
    rows_skipped: int
    source: str
    sha256: str
    # The logical fields the file has (a header column or a JSON key for them), and what it calls its columns:
    # a risk rule on a field the file lacks would rank nobody (auditor.people.risk.check_directory_columns).
    fields: Tuple[str, ...] = ()
    seen: str = ""
    mapping: Mapping[str, Tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))

    def find(self, *identities: str) -> Optional[Person]:
        index, aliases = self.index, self.domain_aliases
        for raw in identities:
            if raw:
                # An index key is normalised, and normalising it changes nothing unless a domain alias applies:
                # an identity that is a key is looked up as it is (most are: tools write addresses in lower case).
                person = None if aliases else index.get(raw)
                if person is None and raw.strip():
                    person = index.get(normalise_identity(raw, aliases))
                if person is not None:
                    return person
        return None


def load_mapping(path: Path) -> StaffMapping:
    """A small YAML file: `columns: {email: Work Email, ...}` and `domain_aliases: {sub.corp.example: corp.example}`."""
    f = Fields(shown(path), "", load_yaml(path), ("schema", "columns", "domain_aliases", "notes"))
    columns = dict(DEFAULT_COLUMNS)
    given = f.child("columns", list(DEFAULT_COLUMNS))
    for key in DEFAULT_COLUMNS:
        names = given.texts(key)
        if names:
            columns[key] = names
    aliases = f.data.get("domain_aliases") or {}
    if not isinstance(aliases, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in aliases.items()):
        raise f.fail("domain_aliases", "a mapping from an e-mail domain to the domain it stands for", aliases)
    return StaffMapping(columns, {k.strip().casefold(): v.strip().casefold() for k, v in aliases.items()})


@dataclass
class _Shape:
    """What a staff file turned out to hold (filled while it is read)."""

    fields: Tuple[str, ...] = ()
    seen: str = ""


def _records_csv(path: Path, mapping: StaffMapping, ctx: ReadContext,
                 shape: _Shape) -> Iterator[Tuple[int, List[str]]]:
    table = CsvTable(ctx)
    try:
        found = table.columns([Column(k, names) for k, names in mapping.columns.items()])
        if found is None:
            return
        shape.fields = tuple(k for k, i in found.items() if i >= 0)
        shape.seen = header_seen(table.header)
        if all(found[k] < 0 for k in IDENTIFIER_FIELDS):
            names = [n for k in IDENTIFIER_FIELDS for n in mapping.columns[k]]
            ctx.fail(f"no identifier column (looked for: {looked_for(names)}); {shape.seen}", line=1)
            return
        # The cells of FIELDS, in order (an absent column, index -1, reads the "" appended to each row).
        cells = operator.itemgetter(*[found.get(k, -1) for k in FIELDS])
        strip = str.strip
        # Some HR exports leave a row's trailing empty fields out: the person is read with them empty (skipping
        # the row would drop the person, and every such person would rank unknown), and that is noted once.
        for line, row in table.rows(pad_short=True):
            row.append("")
            yield line, list(map(strip, cells(row)))
        if table.padded:
            ctx.note(table.first_padded, f"{table.padded} {'row is' if table.padded == 1 else 'rows are'} shorter "
                                         f"than the header ({len(table.header)} fields; the first at this line): "
                                         "read with the missing trailing fields empty")
    finally:
        table.close()


def _records_json(path: Path, mapping: StaffMapping, ctx: ReadContext,
                  shape: _Shape) -> Iterator[Tuple[int, List[str]]]:
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        ctx.fail(f"not a readable JSON staff directory: {exc}")
        return
    except RecursionError:
        ctx.fail("not a usable JSON staff directory: nested too deeply")
        return
    if isinstance(document, dict):  # the first of these keys present, even when its list is empty
        records = next((document[k] for k in ("value", "users", "people") if k in document), None)
        following = next((k for k in _NEXT_PAGE_KEYS if document.get(k)), None)
        if following is not None:  # one page of several: the people on the others would have no tier
            count = f"{len(records)} people" if isinstance(records, list) else "a page"
            ctx.fail(f"one page of a longer list ({count}, and '{following}' names the next page): the people on "
                     "the other pages would rank as unknown; fetch every page into one file (Graph: follow each "
                     "@odata.nextLink and join the 'value' lists; Google: each nextPageToken)")
            return
    else:
        records = document
    if isinstance(records, list) and not records:
        ctx.fail("the staff directory lists nobody (an empty list of people): re-export it")
        return
    if not isinstance(records, list):
        ctx.fail("expected a JSON list of people (or an object with 'value', 'users' or 'people')")
        return
    lower_names = {k: tuple(n.casefold() for n in names) for k, names in mapping.columns.items()}
    fields: Dict[str, None] = {}
    keys_seen: Dict[str, None] = {}
    for i, record in enumerate(records):
        ctx.rows += 1
        if not isinstance(record, dict):
            ctx.skip(f"$[{i}]", "not a JSON object")
            continue
        keys = {str(k).casefold(): v for k, v in record.items()}
        if len(keys_seen) < 64:
            keys_seen.update(dict.fromkeys(str(k) for k in record))
        fields.update(dict.fromkeys(f for f, names in lower_names.items() if any(n in keys for n in names)))
        shape.fields, shape.seen = tuple(fields), "keys seen: " + ", ".join(repr(k[:40]) for k in list(keys_seen)[:30])
        out: Dict[str, str] = {}
        for field_name, names in lower_names.items():
            value = next((keys[n] for n in names if n in keys and keys[n] not in (None, "")), None)
            if isinstance(value, list):
                value = ";".join(str(v.get("displayName", v)) if isinstance(v, dict) else str(v) for v in value)
            elif isinstance(value, dict):  # Graph's manager is an object
                value = value.get("mail") or value.get("userPrincipalName") or value.get("displayName") or ""
            if value is not None:
                out[field_name] = str(value).strip()
        yield i + 1, [out.get(k, "") for k in FIELDS]


def load_directory(path: Path, mapping: Optional[StaffMapping] = None) -> Directory:
    """Reads the directory. A row without any identifier is skipped and counted; the same person twice
    is reported and the first row wins. A file that cannot be read at all is a ConfigError."""
    mapping = mapping or StaffMapping()
    if not path.is_file():
        raise ConfigError(f"--staff {path}: no such file")
    stat = path.stat()
    ctx = ReadContext(InputFile(shown(path), path, None, stat.st_size, stat.st_mtime))
    is_json = path.read_bytes()[:64].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")
    records = _records_json if is_json else _records_csv
    people: List[Person] = []
    index: Dict[str, Person] = {}
    shape = _Shape()
    source = shown(path)
    # Titles, departments, groups and the like repeat across a staff: one text (or tuple) each, however many
    # people share it. Identifiers that normalise to themselves are kept once too.
    texts: Dict[str, str] = {}
    group_lists: Dict[str, Tuple[str, ...]] = {}
    aliases = mapping.domain_aliases
    for line, record in records(path, mapping, ctx, shape):
        (email, upn, employee_id, username, name, title, department, manager, groups, clearance, sponsor,
         relationship) = record
        ids: List[str] = []
        for raw in (email, upn, employee_id, username):  # IDENTIFIER_FIELDS
            if not raw:
                continue
            value = normalise_identity(raw, aliases)
            if value and value not in ids:
                ids.append(raw if value == raw else value)
        location = line if not is_json else f"$[{line - 1}]"
        if not ids:
            ctx.skip(location, "person without any identifier (e-mail, UPN, employee id or username)")
            continue
        known = group_lists.get(groups)
        if known is None:
            known, commas = group_names(groups)
            group_lists[groups] = known
            if commas:  # once per distinct cell
                shown_groups = groups if len(groups) <= 80 else groups[:77] + "..."
                ctx.note(location, f"groups {shown_groups!r}: a group's name holds a comma; groups are separated "
                                   "by ';' or '|' (a name is read whole, so a risk rule naming one of a "
                                   "comma-joined list matches nobody)")
        share = texts.setdefault
        title, department, manager = share(title, title), share(department, department), share(manager, manager)
        clearance, relationship = share(clearance, clearance), share(relationship, relationship)
        if len(texts) + len(group_lists) > 1 << 16:  # a staff file whose every title is new: no sharing
            texts.clear()
            group_lists.clear()
        duplicate = None
        for identifier in ids:
            duplicate = index.get(identifier)
            if duplicate is not None:
                break
        if duplicate is not None:
            ctx.note(location, f"the same person as line {duplicate.line} ({duplicate.label}); the first row wins")
            continue
        # Positional, in Person's field order (a directory of 100,000 people: keywords cost a tenth of a second)
        person = Person(tuple(ids), email or upn, name, title, department, manager, known, clearance, sponsor,
                        relationship, source, line)
        people.append(person)
        for identifier in ids:
            index[identifier] = person
    fatal = [p for p in ctx.problems if p.fatal]
    if fatal:
        raise ConfigError(f"--staff {path}: {fatal[0].message}")
    return Directory(tuple(people), index, dict(mapping.domain_aliases), tuple(ctx.problems), ctx.rows,
                     ctx.rows_skipped, source, ctx.sha256, shape.fields, shape.seen, dict(mapping.columns))


def sponsors(directory: Directory) -> Dict[int, Person]:
    """id(person) -> sponsor Person, for family members whose sponsor is in the directory."""
    out: Dict[int, Person] = {}
    for person in directory.people:
        if person.sponsor:
            sponsor = directory.find(person.sponsor)
            if sponsor is not None and sponsor is not person:
                out[id(person)] = sponsor
    return out


def unresolved_sponsors(directory: Directory) -> List[Problem]:
    found = sponsors(directory)
    return [Problem(p.source, f"sponsor {p.sponsor!r} of {p.label} is not in the directory", p.line, False,
                    ProblemKind.DATA)
            for p in directory.people if p.sponsor and id(p) not in found]

