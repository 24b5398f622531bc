"""The context a reader of one input reports into: counters, problems, the export's time, its sha256.

Readers (auditor.sources), the staff directory and the waivers file all read through it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional, Union

from auditor.model import Problem, ProblemKind
from auditor.textio.inputs import InputFile
from auditor.textio.timestamps import later_iso


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

    def saw_time(self, raw: object) -> None:
        """A timestamp inside the export (last seen, last sync, report date): the newest one dates the export."""
        newer = later_iso(self.export_time, raw)
        if newer is not None:
            self.export_time = newer

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

    def lacks_owner_columns(self, message: str) -> None:
        """The export names no owner: whether that loses owners is decided across inputs (another export
        may name the owners of these devices: auditor.reading.owner_columns)."""
        self.owners_missing = message

    def fail(self, message: str, line: Optional[int] = None) -> None:
        """The input cannot be (fully) read: the run is incomplete."""
        self.problems.append(Problem(self.input.display, message, line, True, ProblemKind.INPUT))
