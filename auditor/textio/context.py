"""The context a reader of one input reports into: counters, problems, the export's time, its sha256.

Readers (auditor.sources), the staff directory and the waivers file all read through it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple, Union

from auditor.model import Problem, ProblemKind
from auditor.textio.inputs import InputFile, QuoteCounts
from auditor.textio.timestamps import parse_time, unreadable


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
    encoding: str = ""  # the text encoding the input was read in (shown in the source summary)
    # Set when the input's format has owner columns and none was found: what is missing, and the header seen.
    owners_missing: str = ""
    # A vocabulary cell a reader did not understand (an Ownership value): (column, value) -> [the index of its
    # note in `problems`, how many records had it]. One note per distinct value, its count kept current.
    not_understood: Dict[Tuple[str, str], List[int]] = field(default_factory=dict, repr=False)
    # A JSON page's paging fields (auditor.textio.jsonstream.PAGING_KEYS): whether pages are missing is judged
    # across the pages given (auditor.reading.paging).
    paging: Dict[str, Any] = field(default_factory=dict)
    # A CSV input read whole: its quotes, line feeds and last byte, counted as it was hashed (None otherwise).
    quote_counts: Optional[QuoteCounts] = None
    # Timestamps written in a form auditor.textio.timestamps does not read ("9/1/2025 7:00:00 AM"): how many,
    # and the first (what that means for the run is decided in auditor.reading.staleness).
    times_unreadable: int = 0
    time_unreadable: str = ""
    _newest: Optional[Tuple[Optional[str], Optional[dt.datetime]]] = field(default=None, repr=False)

    def saw_time(self, raw: object) -> None:
        """A timestamp inside the export (last seen, last sync, report date): the newest one dates the export.
        One parse per call: the newest time is kept parsed beside its text."""
        parsed = parse_time(raw)
        if parsed is None:
            if unreadable(raw):
                self.times_unreadable += 1
                if not self.time_unreadable:
                    self.time_unreadable = str(raw).strip()[:80]
            return
        known = self._newest
        if known is None or known[0] != self.export_time:
            moment = parse_time(self.export_time) if self.export_time else None
            known = self._newest = (self.export_time, moment)
        if known[1] is None or parsed > known[1]:
            self.export_time = parsed.isoformat()
            self._newest = (self.export_time, parsed)

    def skip(self, location: Union[int, str, None], message: str) -> None:
        self.rows_skipped += 1
        line = location if isinstance(location, int) else None
        where = f" at {location}" if isinstance(location, str) else ""
        self.problems.append(Problem(self.input.display, message + where, line, False, ProblemKind.ROW))

    def note(self, location: Union[int, str, None], message: str) -> None:
        """A problem inside a record that is otherwise read (not counted as a skipped row)."""
        line = location if isinstance(location, int) else None
        where = f" at {location}" if isinstance(location, str) else ""
        self.problems.append(Problem(self.input.display, message + where, line, False, ProblemKind.ROW))

    def column_missing(self, message: str) -> None:
        """An optional column whose absence changes results: a data-quality note (the run stays complete)."""
        self.problems.append(Problem(self.input.display, message, None, False, ProblemKind.DATA))

    def value_not_understood(self, column: str, value: str, treated_as: str) -> None:
        """A record's `column` holds a value the reader has no word for (a localised or new ownership value):
        the record is read with `treated_as`, and one data-quality note per distinct value says so, with how
        many records had it ("Ownership 'Persönlich' (30 devices) not understood: treated as unknown")."""
        key = (column, value)
        seen = self.not_understood.get(key)
        if seen is None:
            seen = self.not_understood[key] = [len(self.problems), 0]
            self.problems.append(Problem(self.input.display, "", None, False, ProblemKind.DATA))
        seen[1] += 1
        n = seen[1]
        shown = value if len(value) <= 80 else value[:80] + "…"
        self.problems[seen[0]] = Problem(
            self.input.display, f"{column} '{shown}' ({n} {'device' if n == 1 else 'devices'}) not understood: "
                                f"treated as {treated_as}", None, False, ProblemKind.DATA)

    def lacks_owner_columns(self, message: str) -> None:
        """The export names no owner: whether that loses owners is decided across inputs (another export
        may name the owners of these devices: auditor.reading.owner_columns)."""
        self.owners_missing = message

    def fail(self, message: str, line: Optional[int] = None) -> None:
        """The input cannot be (fully) read: the run is incomplete."""
        self.problems.append(Problem(self.input.display, message, line, True, ProblemKind.INPUT))
