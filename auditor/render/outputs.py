"""Writing the output folder: every file written to a temporary name first, then renamed into place,
so a crash never leaves a half-written report beside a complete one."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from auditor.errors import OutputError
from auditor.model import AuditResult
from auditor.render.actions_csv import render_actions_csv
from auditor.render.charts import TrendPoint
from auditor.render.csv_out import render_csv
from auditor.render.html import render_html
from auditor.render.json_out import dumps, findings_document, manifest_document
from auditor.render.markdown import render_markdown
from auditor.render.summary import summarise

OUTPUT_FILES = ("report.html", "findings.json", "findings.csv", "actions.csv", "summary.md", "manifest.json")


@dataclass(frozen=True)
class OutputOptions:
    generated_at: str
    organisation: str = ""
    template_dir: Optional[str] = None
    logo: Optional[Path] = None  # embedded in the report as data, never linked
    packs: Tuple[Dict[str, Any], ...] = ()
    support_files: Tuple[Dict[str, Any], ...] = ()
    arguments: Tuple[str, ...] = field(default=())
    # Past runs for the trend chart: (date, counts by priority), oldest first; None until there is a history.
    trend: Optional[Sequence[TrendPoint]] = None


def render_all(result: AuditResult, options: OutputOptions) -> Dict[str, str]:
    summary = summarise(result)
    return {
        "findings.json": dumps(findings_document(result, options.generated_at)),
        "findings.csv": render_csv(result),
        "actions.csv": render_actions_csv(result),
        "summary.md": render_markdown(result, summary, options.organisation),
        "report.html": render_html(result, summary, options.organisation, options.generated_at,
                                   options.template_dir, options.logo, options.trend),
        "manifest.json": dumps(manifest_document(result, options.generated_at, list(options.packs),
                                                 list(options.support_files), list(options.arguments))),
    }


def write_outputs(result: AuditResult, out_dir: Path, options: OutputOptions,
                  before_publish: Optional[Callable[[], None]] = None) -> Dict[str, Path]:
    """before_publish runs once every file is written under its temporary name, before any is renamed
    into place (the run history records the run there): if it fails, nothing is published."""
    documents = render_all(result, options)  # render everything before touching the folder
    temps: List[Tuple[str, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written: Dict[str, Path] = {}
        for name, text in documents.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            # Registered before writing: the file that hits a full disk is the one to remove first.
            temps.append((name, Path(temp)))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
        if before_publish is not None:
            before_publish()
        for name, temp in temps:
            os.chmod(temp, 0o644)
            os.replace(temp, out_dir / name)
            written[name] = out_dir / name
        return written
    except BaseException as exc:
        for _, temp in temps:
            temp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        raise OutputError(f"{out_dir}: cannot write the report: {exc.strerror or exc}") from None
