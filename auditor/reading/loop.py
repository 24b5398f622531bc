"""The read loop: one planned input in, what the later stages need out.

Readers yield DeviceRecords and AppRow tuples (auditor.sources.interface). Of a stream of app rows the audit
keeps only: the device records, which devices had apps, the rows that matched an app some rule names
(with their matches) or resemble one (near misses), and the read context's counters and problems. That is an
`InputResult`: its size grows with devices and findings, never with rows, and it is small enough to send back
from a worker process.

A reader with a fast path (`scan`) hands the same to a ReadSink (auditor.sources.interface), implemented here
by `_Sink` over an InputResult and the classifier. A fast path may raise NeedsSlowPath (undecodable bytes, a
CSV error): the input is then read again by `read()`."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Tuple

from auditor.model import DeviceRecord, Problem, SourceSummary
from auditor.reading.classifier import Classifier, Matches
from auditor.sources import AppRow, Reader
from auditor.textio.context import ReadContext
from auditor.textio.csvtable import NeedsSlowPath, Span
from auditor.textio.inputs import InputFile


# Applied to each device record as it is read, before anything else holds it: its texts pointed at equal
# texts already held (auditor.engine.shared_texts). A record a fast path gave up on may have been shared too:
# harmless, only equal texts are swapped.
Share = Optional[Callable[[DeviceRecord], None]]


@dataclass
class InputResult:
    """What the audit keeps of one input (or one span of it): its read context (counters, problems, export
    time, sha256), device records, and the app rows that matched."""

    ctx: ReadContext
    records: List[DeviceRecord] = field(default_factory=list)
    hits: List[Tuple[AppRow, Matches]] = field(default_factory=list)
    with_apps: Set[str] = field(default_factory=set)  # device ids of the input's tool with at least one app
    apps: int = 0
    # Spans only (see csvsplit): lines the span holds, lines of the next span its last record used.
    lines: int = 0
    straddle: int = 0
    slow: bool = False  # the fast path gave up: read the whole input with read()
    fell_back: bool = False  # the fast path gave up on the whole input, and read() read it (tests hold this)
    classified: Set[tuple] = field(default_factory=set)

    # The read context's counters, read where they are (never copied).
    @property
    def rows(self) -> int:
        return self.ctx.rows

    @property
    def rows_skipped(self) -> int:
        return self.ctx.rows_skipped

    @property
    def problems(self) -> List[Problem]:
        return self.ctx.problems

    @property
    def sha256(self) -> str:
        return self.ctx.sha256

    @property
    def export_time(self) -> Optional[str]:
        return self.ctx.export_time

    def device_ids(self) -> Set[str]:
        return {r.source.device_id for r in self.records}

    def summary(self, format_id: str, devices: int) -> SourceSummary:
        """The one record of this input that flows to the outputs (devices: len(self.device_ids()))."""
        ctx = self.ctx
        return SourceSummary(ctx.input.display, format_id, ctx.sha256, ctx.rows, ctx.rows_skipped, devices,
                             self.apps, ctx.export_time, ctx.encoding)


class _Sink:
    """The ReadSink a fast path fills: an InputResult, with classification memoised by the classifier."""

    def __init__(self, out: InputResult, classifier: Classifier, share: Share = None) -> None:
        self.out = out
        self.share = share
        self.classifier = classifier
        self.name_may_match = classifier.name_may_match
        self.identifier_may_match = classifier.identifier_may_match
        self.publisher_may_match = classifier.publisher_may_match

    def device(self, record: DeviceRecord) -> None:
        if self.share is not None:
            self.share(record)
        self.out.records.append(record)

    def apps_of(self, device_id: str, apps: int) -> None:
        self.out.apps += apps
        if device_id:
            self.out.with_apps.add(device_id)

    def app(self, row: AppRow) -> None:
        matches = self.classifier.app(*row[1:5])
        if matches:
            self.out.hits.append((row, matches))

    def span_read(self, lines: int, straddle: int) -> None:
        self.out.lines, self.out.straddle = lines, straddle


def read_generic(reader: Reader, classifier: Classifier, out: InputResult, share: Share = None) -> None:
    """Any reader, through its `read()` generator."""
    memo: Dict[tuple, Matches] = {}  # per input: the classifier records every distinct app this input has
    app = classifier.app
    hits = out.hits
    with_apps = out.with_apps
    last_device = None
    apps = 0
    try:
        for entry in reader.read(out.ctx):
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
                if share is not None:
                    share(entry)
                out.records.append(entry)
    finally:
        out.apps += apps


def read_input(reader: Reader, item: InputFile, classifier: Classifier, span: Optional[Span] = None,
               share: Share = None) -> InputResult:
    """One input (or one span of it), by the fast path when the reader has one. A reader's bug must not
    cost the other sources: it is reported, and the run is incomplete."""
    out = InputResult(ReadContext(item, tool=reader.tool))
    scan = getattr(reader, "scan", None)
    try:
        if scan is not None:
            try:
                scan(out.ctx, _Sink(out, classifier, share), span)
                return out
            except NeedsSlowPath:
                if span is not None:
                    return InputResult(ReadContext(item, tool=reader.tool), slow=True)
                out = InputResult(ReadContext(item, tool=reader.tool), fell_back=True)
        read_generic(reader, classifier, out, share)
    except OSError as exc:  # a file that cannot be read to its end (a damaged ZIP member, an I/O error)
        out.ctx.fail(f"cannot read: {exc.strerror or exc}; what was read before is used, the run is incomplete")
    except Exception as exc:  # noqa: BLE001 - reported as a lost source, never a crash of the run
        out.ctx.fail(f"internal error in the {reader.format_id} reader: {type(exc).__name__}: {exc}")
    return out
