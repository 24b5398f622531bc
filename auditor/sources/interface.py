"""What readers produce, and the context they report into."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, List, Optional, Protocol, Tuple, Union

from auditor.model import DeviceRecord, Platform, Problem
from auditor.textio.context import ReadContext

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


class Reader(Protocol):
    format_id: str
    title: str
    tool: str

    def detect(self, probe: Probe) -> Optional[str]:
        """Why this reader takes the input (a human sentence), or None."""

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        """Devices and app rows; malformed rows go to ctx.skip, a lost input to ctx.fail."""
