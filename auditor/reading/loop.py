"""The read loop: one input in, what the later stages need out; and memoised classification.

Readers yield DeviceRecords and AppRow tuples (auditor.sources.interface). Of a stream of app rows the audit
keeps only: the device records, which devices had apps, the rows that matched an app some rule names
(with their matches), and counters and problems. That is an `InputResult`: its size grows with devices
and findings, never with rows, and it is small enough to send back from a worker process.

Fast path. Pulling tens of millions of tuples through a generator costs more than parsing the CSV, so a
reader may also offer `scan(ctx, out, classifier, span=None)`, which fills the InputResult itself and
must produce exactly what `read()` would. Only the hot format has one (Intune AppInvRawData). A fast path
may raise NeedsSlowPath (undecodable bytes, a CSV error): the input is then read again by `read()`.
Readers without `scan` need nothing: `read()` is the protocol."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Collection, Dict, List, Optional, Set, Tuple

from auditor.model import DeviceRecord, Platform, Problem
from auditor.policy.matcher import Match, Matcher
from auditor.textio.context import ReadContext
from auditor.sources.interface import AppRow, Reader
from auditor.textio.csvtable import NeedsSlowPath, Span

Matches = Tuple[Match, ...]


class Classifier:
    """Which catalog apps an installed app is, restricted to apps a rule names; memoised.

    Fleets repeat a few thousand apps across millions of rows, so each distinct (platform, identifier,
    name, publisher) is classified once. Fast paths also ask first about the name alone (or the identifier
    alone): the matcher compares names exactly and a publisher or platform only narrows the result, so when
    the name alone (any publisher) or the identifier alone (any platform) matches nothing, no app of that
    name or identifier does, and that is settled by one classification per distinct name or identifier.
    `classified` records each distinct question asked (an app, a name, an identifier); its size is the number
    of classifications, the same whether the inputs were read by one process or several: a worker records
    what each task asked, even when its memo already knew the answer, and the sets are merged."""

    def __init__(self, matcher: Matcher, relevant: Collection[str]) -> None:
        self.matcher = matcher
        self.relevant = frozenset(relevant)
        self.memo: Dict[tuple, Matches] = {}
        self._names: Dict[str, Matches] = {}
        self._identifiers: Dict[str, Matches] = {}
        self.classified: Set[tuple] = set()

    def _run(self, platform: Platform, identifier: str, name: str, publisher: str) -> Matches:
        return tuple(m for m in self.matcher.classify(platform, identifier, name, publisher)
                     if m.app_id in self.relevant)

    def app(self, platform: Platform, identifier: str, name: str, publisher: str) -> Matches:
        if not identifier and not publisher.strip():
            return self._by_name(name)  # the platform does not matter to a name: the name's answer
        key = (platform, identifier, name, publisher)
        self.classified.add(("app",) + key)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = self._run(*key)
        return found

    def _by_name(self, name: str) -> Matches:
        self.classified.add(("name", name))
        found = self._names.get(name)
        if found is None:
            found = self._names[name] = self._run(Platform.OTHER, "", name, "")
        return found

    def name_may_match(self, name: str) -> bool:
        return bool(self._by_name(name))

    def identifier_may_match(self, identifier: str) -> bool:
        self.classified.add(("identifier", identifier))
        found = self._identifiers.get(identifier)
        if found is None:
            found = self._identifiers[identifier] = self._run(Platform.OTHER, identifier, "", "")
        return bool(found)


@dataclass
class InputResult:
    """What the audit keeps of one input (or one span of it)."""

    records: List[DeviceRecord] = field(default_factory=list)
    hits: List[Tuple[AppRow, Matches]] = field(default_factory=list)
    with_apps: Set[str] = field(default_factory=set)  # device ids of the input's tool with at least one app
    apps: int = 0
    # From the ReadContext:
    tool: str = ""  # the tool app rows belong to (a reader of several tools' files sets it while reading)
    rows: int = 0
    rows_skipped: int = 0
    problems: List[Problem] = field(default_factory=list)
    export_time: Optional[str] = None
    sha256: str = ""
    # Spans only (see csvsplit): lines the span holds, lines of the next span its last record used.
    lines: int = 0
    straddle: int = 0
    slow: bool = False  # the fast path gave up: read the whole input with read()
    classified: Set[tuple] = field(default_factory=set)

    def take(self, ctx: ReadContext) -> "InputResult":
        self.tool, self.rows, self.rows_skipped, self.problems = ctx.tool, ctx.rows, ctx.rows_skipped, ctx.problems
        self.export_time, self.sha256 = ctx.export_time, ctx.sha256
        return self


def read_generic(reader: Reader, ctx: ReadContext, classifier: Classifier, out: InputResult) -> None:
    """Any reader, through its `read()` generator."""
    memo: Dict[tuple, Matches] = {}  # per input: the classifier records every distinct app this input has
    app = classifier.app
    hits = out.hits
    with_apps = out.with_apps
    last_device = None
    apps = 0
    try:
        for entry in reader.read(ctx):
            if type(entry) is tuple:
                apps += 1
                if entry[0] != last_device:  # rows come grouped by device: one set insert per group
                    last_device = entry[0]
                    with_apps.add(last_device)
                key = entry[1:5]
                matches = memo.get(key)
                if matches is None:
                    matches = memo[key] = app(*key)
                if matches:
                    hits.append((entry, matches))
            else:
                out.records.append(entry)
    finally:
        out.apps += apps


def read_input(reader: Reader, ctx_factory: Callable[[], ReadContext], classifier: Classifier,
               span: Optional[Span] = None) -> InputResult:
    """One input (or one span of it), by the fast path when the reader has one. A reader's bug must not
    cost the other sources: it is reported, and the run is incomplete."""
    ctx = ctx_factory()
    out = InputResult()
    scan = getattr(reader, "scan", None)
    try:
        if scan is not None:
            try:
                scan(ctx, out, classifier, span)
                return out.take(ctx)
            except NeedsSlowPath:
                if span is not None:
                    out = InputResult(slow=True)
                    return out
                ctx, out = ctx_factory(), InputResult()
        read_generic(reader, ctx, classifier, out)
    except Exception as exc:  # noqa: BLE001 - reported as a lost source, never a crash of the run
        ctx.fail(f"internal error in the {reader.format_id} reader: {type(exc).__name__}: {exc}")
    return out.take(ctx)
