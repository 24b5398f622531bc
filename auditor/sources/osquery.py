"""osquery results of the software tables `apps` (macOS), `programs` (Windows), `deb_packages`,
`rpm_packages` (Linux) and `chrome_extensions`: `osqueryi --json` arrays, osqueryd result logs
(one JSON event per line, with `hostIdentifier` and `columns` or a `snapshot`), and CSV (`osqueryi --csv`
writes `|`). The table is recognised from its columns.

osquery has no owner or ownership. A result without a host column (hostIdentifier, hostname,
hardware_serial, uuid, ...) is one host's output: the file stands for the host."""
from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Tuple

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.sources.fastpath import CLEAR, LOOK, Layouts, json_key, may_match, remember, settled
from auditor.textio.context import ReadContext
from auditor.sources.interface import AppRow, Item, Probe, ReadSink
from auditor.sources.records import hardware_ids, json_items, top_level_objects
from auditor.textio.csvtable import CsvTable, Span, header_seen
from auditor.sources.vocab import clean_serial

TOOL = "osquery"


@dataclass(frozen=True)
class Table:
    name: str
    platform: Platform
    signature: FrozenSet[str]  # columns that, all present, identify the table
    app: Callable[[Mapping[str, str]], Tuple[str, str, str, str]]  # row -> (identifier, name, publisher, version)
    settles: Tuple[str, ...]  # the columns app() reads the identifier, name and publisher from


def _apps(row: Mapping[str, str]) -> Tuple[str, str, str, str]:
    name = row.get("display_name") or row.get("bundle_name") or row.get("name", "")
    return (row.get("bundle_identifier", ""), name, "",
            row.get("bundle_short_version") or row.get("bundle_version", ""))


def _programs(row: Mapping[str, str]) -> Tuple[str, str, str, str]:
    # Only an MSIX family is an identifier the catalog knows; an MSI product code would hide the name.
    return row.get("package_family_name", ""), row.get("name", ""), row.get("publisher", ""), row.get("version", "")


def _deb(row: Mapping[str, str]) -> Tuple[str, str, str, str]:
    return row.get("name", ""), row.get("name", ""), row.get("maintainer", ""), row.get("version", "")


def _rpm(row: Mapping[str, str]) -> Tuple[str, str, str, str]:
    version = row.get("version", "")
    if row.get("release"):
        version = f"{version}-{row['release']}"
    return row.get("name", ""), row.get("name", ""), row.get("vendor", ""), version


def _extensions(row: Mapping[str, str]) -> Tuple[str, str, str, str]:
    return row.get("identifier", ""), row.get("name", ""), row.get("author", ""), row.get("version", "")


# The columns each table's app() reads the identifier, name and publisher from.
_APPS = ("bundle_identifier", "display_name", "bundle_name", "name")
_EXTENSIONS = ("identifier", "name", "author")
_PROGRAMS = ("package_family_name", "name", "publisher")
_RPM = ("name", "vendor")
_DEB = ("name", "maintainer")
# Most specific first: rpm and deb share name/version/source/arch.
TABLES = (
    Table("apps", Platform.MACOS, frozenset({"bundle_identifier", "name"}), _apps, _APPS),
    Table("chrome_extensions", Platform.OTHER, frozenset({"identifier", "name", "update_url"}), _extensions,
          _EXTENSIONS),
    Table("chrome_extensions", Platform.OTHER, frozenset({"identifier", "name", "browser_type"}), _extensions,
          _EXTENSIONS),
    Table("programs", Platform.WINDOWS, frozenset({"name", "identifying_number"}), _programs, _PROGRAMS),
    Table("programs", Platform.WINDOWS, frozenset({"name", "uninstall_string"}), _programs, _PROGRAMS),
    Table("programs", Platform.WINDOWS, frozenset({"name", "install_location", "publisher"}), _programs, _PROGRAMS),
    Table("rpm_packages", Platform.LINUX, frozenset({"name", "release", "package_group"}), _rpm, _RPM),
    Table("rpm_packages", Platform.LINUX, frozenset({"name", "release", "epoch"}), _rpm, _RPM),
    Table("rpm_packages", Platform.LINUX, frozenset({"name", "release", "sha1"}), _rpm, _RPM),
    Table("deb_packages", Platform.LINUX, frozenset({"name", "maintainer"}), _deb, _DEB),
    Table("deb_packages", Platform.LINUX, frozenset({"name", "revision", "arch"}), _deb, _DEB),
)
HOST_ID_COLUMNS = ("hostidentifier", "host_identifier", "host_uuid", "uuid", "hostname", "host_hostname", "host",
                   "computer_name", "host_display_name", "hardware_serial")
SERIAL_COLUMNS = ("hardware_serial", "host_hardware_serial", "host_serial", "serial")
UUID_COLUMNS = ("host_uuid", "uuid")
NAME_COLUMNS = ("hostname", "host_hostname", "computer_name", "host_display_name", "hostidentifier", "host_identifier")


def table_of(columns: Iterable[str]) -> Optional[Table]:
    cols = {c.strip().lower() for c in columns}
    return next((t for t in TABLES if t.signature <= cols), None)


def _first(row: Mapping[str, str], names: Tuple[str, ...]) -> str:
    return next((row[n] for n in names if row.get(n)), "")


class _Hosts:
    """Devices of one osquery input: by host column, else the file itself is the host."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.seen: Dict[str, DeviceRecord] = {}
        # Result-log events by host: hosts with a full result set (a snapshot, or a differential event of
        # counter 0: the query's first run, every row "added"), and the others' last counter.
        self.full: set = set()
        self.changes: Dict[str, str] = {}

    def event(self, host: str, snapshot: bool, counter: Any) -> None:
        if snapshot or str(counter).strip() == "0":
            self.full.add(host)
        else:
            self.changes[host] = str(counter)

    def changes_only(self) -> None:
        """Hosts whose every event is differential (only what changed since the query's previous run): their
        app lists are changes, not inventories, and a banned app installed before is not in them."""
        hosts = sorted(h for h in self.changes if h not in self.full)
        if not hosts:
            return
        named = ", ".join(f"{h} (counter {self.changes[h]})" for h in hosts[:3]) + (", ..." if len(hosts) > 3 else "")
        self.ctx.fail(f"{len(hosts)} host{'s' if len(hosts) > 1 else ''} with differential results only ({named}): "
                      "a differential event lists what changed since the query's previous run, not what is "
                      "installed, so these hosts' apps are not known; schedule the inventory queries with "
                      "`snapshot: true` (osquery packs and osquery.conf), or give the log from the query's first run")

    def device(self, row: Mapping[str, str], platform: Platform, when: str) -> Tuple[str, Optional[DeviceRecord]]:
        host = _first(row, HOST_ID_COLUMNS)
        device_id = host or f"file:{self.ctx.input.display}"
        if device_id in self.seen:
            return device_id, None
        record = DeviceRecord(
            source=SourceRef(TOOL, device_id, self.ctx.input.display, when or None),
            name=_first(row, NAME_COLUMNS), serial=clean_serial(_first(row, SERIAL_COLUMNS)), platform=platform,
            ownership=Ownership.UNKNOWN, hardware_ids=hardware_ids(("uuid", _first(row, UUID_COLUMNS))))
        self.seen[device_id] = record
        if not host:
            self.ctx.note(None, "no host column (hostIdentifier, hostname, hardware_serial, uuid): the file is "
                                "read as one host's output")
        return device_id, record


def _row_items(ctx: ReadContext, hosts: _Hosts, table: Table, row: Mapping[str, str], location: Any,
               when: str = "") -> Iterator[Item]:
    device_id, device = hosts.device(row, table.platform, when)
    if device is not None:
        yield device
    identifier, name, publisher, version = table.app(row)
    if not name and not identifier:
        ctx.skip(location, f"{table.name} row has no name")
        return
    app: AppRow = (device_id, table.platform, identifier, name, publisher, version, location)
    yield app


def _text_row(row: Any) -> Dict[str, str]:
    return {str(k).strip().lower(): (str(v).strip() if v is not None and not isinstance(v, (dict, list)) else "")
            for k, v in row.items()}


class OsqueryResultsJson:
    format_id = "osquery-json"
    title = "osquery results of apps / programs / deb_packages / rpm_packages / chrome_extensions (JSON, result logs)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if not probe.json_start:
            return None
        head = probe.head.lower()
        keys = {k for k in ("bundle_identifier", "identifying_number", "uninstall_string", "install_location",
                            "maintainer", "revision", "release", "package_group", "update_url", "browser_type",
                            "package_family_name") if f'"{k}"' in head}
        if keys and '"name"' in head and ('"hostidentifier"' in head or head.lstrip().startswith("[")):
            return f"JSON rows with osquery software-table columns ({', '.join(sorted(keys))})"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        hosts = _Hosts(ctx)
        for path, value in top_level_objects(json_items(ctx, ())):
            if not isinstance(value, dict):
                ctx.rows += 1
                ctx.skip(path, "row is not a JSON object")
                continue
            if "hostIdentifier" in value and ("columns" in value or "snapshot" in value):
                yield from self._log_event(ctx, hosts, path, value)
                continue
            ctx.rows += 1
            row = _text_row(value)
            table = table_of(row)
            if table is None:
                ctx.skip(path, "row has no osquery software-table columns")
                continue
            yield from _row_items(ctx, hosts, table, row, path)
        hosts.changes_only()

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives. A row of the
    # previous row's host, whose software (raw text) was seen in a row of the same keys that matched nothing, is
    # only counted; any other row, and every result-log event, goes through read()'s steps.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        hosts, feed = _Hosts(ctx), _Feed(sink)
        layouts = Layouts(_json_layout)
        memo: Dict[tuple, str] = {}
        last_host: object = _NO_HOST
        for path, value in top_level_objects(json_items(ctx, ())):
            layout = None
            if type(value) is dict and not ("hostIdentifier" in value and ("columns" in value or "snapshot" in value)):
                layout = layouts[tuple(value)]
                if layout is not None:
                    host, key = layout.host(value), (layout.number,) + layout.app(value)
                    if host == last_host and settled(memo, key):
                        ctx.rows += 1
                        feed.apps += 1
                        continue
            if not isinstance(value, dict):
                ctx.rows += 1
                ctx.skip(path, "row is not a JSON object")
                continue
            if layout is None:  # a result-log event, or a row of no software table
                last_host = _NO_HOST
                feed.items(self._log_event(ctx, hosts, path, value) if "hostIdentifier" in value and (
                    "columns" in value or "snapshot" in value) else self._row(ctx, hosts, path, value))
                continue
            state = feed.items(self._row(ctx, hosts, path, value))
            if state is not None and json_key(*host, *key[1:]) is not None:
                remember(memo, key, CLEAR if state else LOOK)
                last_host = host
        feed.flush()
        hosts.changes_only()

    def _row(self, ctx: ReadContext, hosts: _Hosts, path: str, value: Dict[str, Any]) -> Iterator[Item]:
        ctx.rows += 1
        row = _text_row(value)
        table = table_of(row)
        if table is None:
            ctx.skip(path, "row has no osquery software-table columns")
            return
        yield from _row_items(ctx, hosts, table, row, path)

    def _log_event(self, ctx: ReadContext, hosts: _Hosts, path: str, event: Dict[str, Any]) -> Iterator[Item]:
        """An osqueryd result-log event: differential (`columns` + `action`) or snapshot."""
        decorations = event.get("decorations") if isinstance(event.get("decorations"), dict) else {}
        identity = {**_text_row(decorations), "hostidentifier": str(event.get("hostIdentifier") or "").strip()}
        when = event.get("unixTime") or event.get("calendarTime") or ""
        ctx.saw_time(when)
        hosts.event(identity["hostidentifier"], "snapshot" in event, event.get("counter", ""))
        if "snapshot" in event:
            rows = event["snapshot"] if isinstance(event["snapshot"], list) else []
            located = [(f"{path}.snapshot[{i}]", r) for i, r in enumerate(rows)]
        else:
            if str(event.get("action", "added")) == "removed":
                return  # a differential "removed" event says the app is gone
            located = [(f"{path}.columns", event.get("columns"))]
        for where, raw in located:
            ctx.rows += 1
            if not isinstance(raw, dict):
                ctx.skip(where, "row is not a JSON object")
                continue
            row = {**identity, **_text_row(raw)}
            table = table_of(row)
            if table is None:
                ctx.skip(where, "row has no osquery software-table columns")
                continue
            yield from _row_items(ctx, hosts, table, row, where, str(when))


class OsqueryResultsCsv:
    format_id = "osquery-csv"
    title = "osquery results of apps / programs / deb_packages / rpm_packages / chrome_extensions (CSV, `|` or `,`)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        table = table_of(probe.csv_header) if probe.csv_header else None
        if table is not None:
            return f"CSV header has the columns of osquery's {table.name} table"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        table_reader = CsvTable(ctx)
        hosts = _Hosts(ctx)
        try:
            found = _csv_table(ctx, table_reader)
            if found is None:
                return
            table, index = found
            for line, cells in table_reader.rows():
                row = {h: cells[i].strip() for h, i in index.items()}
                yield from _row_items(ctx, hosts, table, row, line)
        finally:
            table_reader.close()
            ctx.sha256 = table_reader.sha256

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives. A row of the
    # previous row's host whose software cells were seen in a row that matched nothing is only counted.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        table_reader = CsvTable(ctx, strict=True)
        hosts, feed = _Hosts(ctx), _Feed(sink)
        try:
            found = _csv_table(ctx, table_reader)
            if found is None:
                return
            table, index = found
            host_of = _getter([index[c] for c in HOST_ID_COLUMNS if c in index])
            app_of = _getter([index[c] for c in table.settles if c in index])
            memo: Dict[tuple, str] = {}
            last_host: object = _NO_HOST
            for line, cells in table_reader.rows():  # strict: a csv error reads the input again with read()
                host, key = host_of(cells), app_of(cells)
                if host == last_host and settled(memo, key):
                    feed.apps += 1
                    continue
                row = {h: cells[i].strip() for h, i in index.items()}
                state = feed.items(_row_items(ctx, hosts, table, row, line))
                if state is not None:
                    remember(memo, key, CLEAR if state else LOOK)
                    last_host = host
            feed.flush()
        finally:
            table_reader.close()
            ctx.sha256 = table_reader.sha256


def _csv_table(ctx: ReadContext, table_reader: CsvTable) -> Optional[Tuple[Table, Dict[str, int]]]:
    """The osquery table of a CSV header and where each (lower-cased) column is; None, the input failed, when
    the header has no software table's columns."""
    header = [h.strip().lower() for h in table_reader.header]
    table = table_of(header)
    if table is None:
        ctx.fail("the header has no osquery software-table columns; " + header_seen(table_reader.header), line=1)
        return None
    if len(set(header)) != len(header):
        ctx.note(1, "duplicate column names: the first of each is used")
    return table, {h: i for i, h in reversed(list(enumerate(header)))}


class _Feed:
    """The sink side of osquery's fast paths: items as read() yields them, app rows counted per device."""

    def __init__(self, sink: ReadSink) -> None:
        self.sink = sink
        self.group = ""  # the device of the current run of app rows
        self.apps = 0  # their number

    def items(self, items: Iterable[Item]) -> Optional[bool]:
        """Hands read()'s items on; for the last app row among them, whether it matches nothing (else None)."""
        clear = None
        for item in items:
            if type(item) is not tuple:
                self.sink.device(item)  # type: ignore[arg-type]
                continue
            if item[0] != self.group:
                self.flush()
                self.group = item[0]
            self.apps += 1
            clear = not may_match(self.sink, *item[2:5])
            if not clear:
                self.sink.app(item)  # type: ignore[arg-type]
        return clear

    def flush(self) -> None:
        if self.apps:
            self.sink.apps_of(self.group, self.apps)
            self.apps = 0


@dataclass(frozen=True)
class _Layout:
    """The keys of one shape of JSON row: the raw values of its host columns and of its table's software."""

    number: int  # never reused within a scan: memo keys start with it
    host: Callable[[Dict[str, Any]], tuple]
    app: Callable[[Dict[str, Any]], tuple]


_NO_HOST = object()  # equals no host


def _json_layout(names: Tuple[Any, ...], number: int) -> Optional[_Layout]:
    keys = {str(k).strip().lower(): k for k in names}  # as _text_row: the last of equal names wins
    table = table_of(keys)
    if table is None:
        return None
    return _Layout(number, _getter([keys[c] for c in HOST_ID_COLUMNS if c in keys]),
                   _getter([keys[c] for c in table.settles if c in keys]))


def _getter(keys: List[Any]) -> Callable[[Any], tuple]:
    """The values at these keys (or indexes) of a row, as a tuple."""
    if not keys:
        return lambda row: ()
    if len(keys) == 1:
        key = keys[0]
        return lambda row: (row[key],)
    return operator.itemgetter(*keys)
