"""The one interface of every output (pip-audit's format interface): an Output has the `name` of the file it
writes and `render(report) -> str`. A Report is everything an output renders from: the result, the numbers
every output shows (computed once), and what the run says of itself. auditor.render.outputs.OUTPUTS lists
the outputs a run writes; adding one is a class with these two members and one entry there."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Protocol, Sequence, Tuple

from auditor.model import AuditResult
from auditor.render.charts import TrendPoint
from auditor.render.summary import summarise


@dataclass(frozen=True)
class OutputOptions:
    """What the command line or the configuration file says of the outputs."""

    generated_at: str
    organisation: str = ""
    template_dir: Optional[str] = None
    logo: Optional[Path] = None  # embedded in the report as data, never linked
    # manifest.json: support files of the inputs (mapping files), the people files (with a `role`), the archive.
    support_files: Tuple[Dict[str, Any], ...] = ()
    arguments: Tuple[str, ...] = field(default=())
    # Past runs for the trend chart: (date, counts by priority), oldest first; None until there is a history.
    trend: Optional[Sequence[TrendPoint]] = None


@dataclass(frozen=True)
class Report:
    result: AuditResult
    summary: Mapping[str, Any]  # auditor.render.summary.summarise(result)
    options: OutputOptions

    @classmethod
    def of(cls, result: AuditResult, options: OutputOptions) -> "Report":
        return cls(result, summarise(result), options)


class Output(Protocol):
    name: str  # the file it writes in the output folder

    def render(self, report: Report) -> str:
        """The whole file, as text."""
