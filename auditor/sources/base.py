"""What readers produce, and the context they report into."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Protocol, Tuple, Union

from auditor.model import DeviceRecord, Platform, Problem
from auditor.sources.inputs import InputFile
from auditor.sources.timestamps import later_iso

# One installed app on one device, as a plain tuple because readers yield millions of them:
# (device_id, platform, identifier, name, publisher, version, location)
# location is a line number (int) for text files or a JSON path (str).
AppRow = Tuple[str, Platform, str, str, str, str, Union[int, str]]
Item = Union[DeviceRecord, AppRow]


@dataclass
class ReadContext:
    """Counters and problems of one input; mutable by design, owned by one reader call."""

    input: InputFile
    tool: str = ""  # the tool app rows belong to; a reader of several tools' files sets it
    rows: int = 0
    rows_skipped: int = 0
    problems: List[Problem] = field(default_factory=list)
    export_time: Optional[str] = None
    sha256: str = ""

    def saw_time(self, raw: object) -> None:
        """A timestamp inside the export (last seen, last sync, report date): the newest one dates the export."""
        newer = later_iso(self.export_time, raw)
        if newer is not None:
            self.export_time = newer

    def skip(self, location: Union[int, str, None], message: str) -> None:
        self.rows_skipped += 1
        line = location if isinstance(location, int) else None
        where = f" at {location}" if isinstance(location, str) else ""
        self.problems.append(Problem(self.input.display, message + where, line, fatal=False))

    def note(self, location: Union[int, str, None], message: str) -> None:
        """A problem inside a record that is otherwise read (not counted as a skipped row)."""
        line = location if isinstance(location, int) else None
        where = f" at {location}" if isinstance(location, str) else ""
        self.problems.append(Problem(self.input.display, message + where, line, fatal=False))

    def fail(self, message: str, line: Optional[int] = None) -> None:
        """The input cannot be (fully) read: the run is incomplete."""
        self.problems.append(Problem(self.input.display, message, line, fatal=True))


@dataclass(frozen=True)
class Probe:
    """The first bytes of an input, decoded, for format detection by content."""

    head: str
    csv_header: Tuple[str, ...]  # lower-cased, stripped header cells; () when not CSV-like
    json_start: str  # '{' or '[' when the text starts like JSON, else ''


class Reader(Protocol):
    format_id: str
    title: str
    tool: str

    def detect(self, probe: Probe) -> Optional[str]:
        """Why this reader takes the input (a human sentence), or None."""

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        """Devices and app rows; malformed rows go to ctx.skip, a lost input to ctx.fail."""
