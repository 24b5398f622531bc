"""The outputs a run writes (OUTPUTS), and writing them: every file to a temporary name first, then renamed
into place, so a crash never leaves a half-written report beside a complete one."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from auditor.errors import OutputError
from auditor.render.actions_csv import render_actions_csv
from auditor.render.csv_out import render_csv
from auditor.render.html import render_html
from auditor.render.interface import Output, Report
from auditor.render.json_out import findings_json_parts, render_findings_json, render_manifest_json
from auditor.render.markdown import render_markdown


@dataclass(frozen=True)
class FileOutput:
    """An Output made of a file name and a render function."""

    name: str
    render: Callable[[Report], str]
    # The same text in parts, for a large output: written part by part, never joined into one text.
    parts: Optional[Callable[[Report], List[str]]] = None


OUTPUTS: Tuple[Output, ...] = (
    FileOutput("findings.json", render_findings_json, findings_json_parts),
    FileOutput("findings.csv", render_csv),
    FileOutput("actions.csv", render_actions_csv),
    FileOutput("summary.md", render_markdown),
    FileOutput("report.html", render_html),
    FileOutput("manifest.json", render_manifest_json),
)
OUTPUT_FILES = tuple(output.name for output in OUTPUTS)
_WRITE_CHARS = 1 << 20


def render_all(report: Report, outputs: Tuple[Output, ...] = OUTPUTS) -> Dict[str, str]:
    return {output.name: output.render(report) for output in outputs}


def write_outputs(report: Report, out_dir: Path,
                  before_publish: Optional[Callable[[], None]] = None) -> Dict[str, Path]:
    """before_publish runs once every file is written under its temporary name, before any is renamed
    into place (the run history records the run there): if it fails, nothing is published."""
    # Everything rendered before the folder is touched; an output with parts is kept in its parts.
    documents: Dict[str, List[str]] = {}
    for output in OUTPUTS:
        parts = getattr(output, "parts", None)
        documents[output.name] = parts(report) if parts is not None else [render_all(report, (output,))[output.name]]
    temps: List[Tuple[str, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written: Dict[str, Path] = {}
        for name in list(documents):
            texts = documents.pop(name)  # each document freed once written
            handle, temp = tempfile.mkstemp(prefix=f".{name}.", dir=out_dir)
            # Registered before writing: the file that hits a full disk is the one to remove first.
            temps.append((name, Path(temp)))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                for text in texts:
                    for start in range(0, len(text), _WRITE_CHARS):  # encoded a slice at a time, not all at once
                        stream.write(text[start:start + _WRITE_CHARS])
                del texts, text
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
