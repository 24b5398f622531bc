"""report.html: one self-contained, autoescaped page for the security officer."""
from __future__ import annotations

from typing import Any, Dict, Optional

import jinja2

from auditor import __version__
from auditor.model import AuditResult
from auditor.render.safe import display

MAX_ROWS = 2000  # beyond this the HTML points to findings.csv / findings.json


def environment(template_dir: Optional[str] = None) -> jinja2.Environment:
    loaders: list = []
    if template_dir:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders.append(jinja2.PackageLoader("auditor.render", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["show"] = display
    return env


def render_html(result: AuditResult, summary: Dict[str, Any], organisation: str, generated_at: str,
                template_dir: Optional[str] = None) -> str:
    template = environment(template_dir).get_template("report.html")
    return template.render(result=result, summary=summary, organisation=organisation, generated_at=generated_at,
                           findings=result.findings[:MAX_ROWS], hidden=max(0, len(result.findings) - MAX_ROWS),
                           version=__version__)
