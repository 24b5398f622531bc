"""What a reader is, what it produces, and where a fast path hands what it reads.

A reader (one module per export format, listed in auditor.sources.registry.READERS) has a `format_id`, a
`title`, a `tool` (the device ids of its app rows belong to that tool), `detect(probe)` and `read(ctx)`:
a generator of DeviceRecords and AppRow tuples, with malformed rows reported on the ReadContext
(auditor.textio.context). That is all a reader needs.

A reader of a format that fleets export by the million may also offer a fast path, `scan(ctx, sink, span)`,
which hands what it reads to a ReadSink instead of yielding every row, and must produce exactly what `read()`
would (records, counters, problems and line numbers). It may raise NeedsSlowPath (auditor.textio.csvtable):
the input is then read again by `read()`. With `splittable = True` it also reads byte spans of one plain CSV
file (auditor.textio.csvsplit) in worker processes. The read loop (auditor.reading) implements the sink;
readers never see its classes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Protocol, Tuple, Union

from auditor.model import DeviceRecord, Platform
from auditor.textio.context import ReadContext
from auditor.textio.csvtable import Span

# One installed app on one device, as a plain tuple because readers yield millions of them:
# (device_id, platform, identifier, name, publisher, version, location)
# location is a line number (int) for text files or a JSON path (str).
AppRow = Tuple[str, Platform, str, str, str, str, Union[int, str]]
Item = Union[DeviceRecord, AppRow]


@dataclass(frozen=True)
class Probe:
    """The first bytes of an input, decoded, for format detection by content."""

    head: str
    csv_header: Tuple[str, ...]  # lower-cased, stripped header cells; () when not CSV-like
    json_start: str  # '{' or '[' when the text starts like JSON, else ''
    encoding: str = ""  # what the head was decoded as (textio.csvtable.detect_encoding)
    delimiter: str = ","  # the delimiter of the CSV header line


class Reader(Protocol):
    format_id: str
    title: str
    tool: str

    def detect(self, probe: Probe) -> Optional[str]:
        """Why this reader takes the input (a human sentence), or None."""

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        """Devices and app rows; malformed rows go to ctx.skip, a lost input to ctx.fail."""


class ReadSink(Protocol):
    """Where a fast path hands what it reads. It keeps what the audit needs and nothing per row: device
    records, which devices had apps, and the app rows that match (or resemble) an app some rule names."""

    def device(self, record: DeviceRecord) -> None:
        """A device record (one per device id of the input)."""

    def apps_of(self, device_id: str, apps: int) -> None:
        """`apps` app rows of one device were read ("" for rows without a device id)."""

    def name_may_match(self, name: str) -> bool:
        """False when no app of this name (whatever its publisher or platform) matches or resembles by its name
        an app a rule names."""

    def identifier_may_match(self, identifier: str) -> bool:
        """False when no app with this identifier (on any platform) matches by it an app a rule names."""

    def publisher_may_match(self, publisher: str) -> bool:
        """False when no app of this publisher (whatever its name) matches or resembles by its publisher an
        app a rule names. A row is settled as matching nothing only when its name, its identifier and its
        publisher each say so."""

    def app(self, row: AppRow) -> None:
        """An app row read in full: classified, and kept when it matches an app a rule names."""

    def span_read(self, lines: int, straddle: int) -> None:
        """A span's lines, and how many lines of the next span its last record used (csvsplit)."""


class FastReader(Reader, Protocol):
    """A reader with a fast path (see the module docstring)."""

    splittable: bool

    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        """What read() would produce, handed to the sink; raises NeedsSlowPath to have read() do it."""
