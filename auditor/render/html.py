"""report.html: one self-contained, autoescaped page for the security officer; and the e-mail's HTML part,
rendered from the same templates and the same context (headline, Act first, changes).

Templates (datasette's organisation): report.html extends base.html and includes `_*.html` partials;
report.css and report.js are static and inlined. A template in --template-dir replaces the shipped one of
the same name, and `{% extends "default:report.html" %}` there extends the shipped one.

Content-Security-Policy: `default-src 'none'` forbids every request (fonts, images, fetch, frames). The one
inline <script> and the one inline <style> are allowed by their SHA-256 hashes, computed here at render
time, rather than by 'unsafe-inline': an injected <script> or style attribute would not run even if escaping
ever failed, and no 'unsafe-eval' is needed because the script never evaluates strings."""
from __future__ import annotations

import base64
import hashlib
from dataclasses import fields
from typing import Any, Dict, List, Optional

import jinja2

from auditor import __version__
from auditor.render.actions import app_label, binding_text, due_text, pack_change_text, relation, role
from auditor.render.interface import Report
from auditor.render.logo import logo_data_uri
from auditor.render.report_context import ReportContext, build_context, file_name, group_id, steps_id
from auditor.render.safe import display
from auditor.render.shipped import ShippedLoader

INLINE_STYLE = "report.css"
INLINE_SCRIPT = "report.js"
EMAIL_STYLE = "email.css"


def environment(template_dir: Optional[str] = None) -> jinja2.Environment:
    shipped = ShippedLoader()  # the package's templates, from their precompiled code (auditor.render.shipped)
    loaders: List[jinja2.BaseLoader] = []
    if template_dir:
        loaders.append(jinja2.FileSystemLoader(template_dir))
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped}, delimiter=":")]
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["show"] = display
    env.filters["due"] = due_text
    env.filters["app_label"] = app_label  # a Finding's app: the catalog's name, or as seen when company-wide
    env.filters["binding"] = binding_text  # a PackSummary: binding on this organisation, or adopted
    env.filters["pack_change"] = pack_change_text  # a PackChange, in words
    env.filters["gid"] = group_id
    env.filters["steps_id"] = steps_id
    env.filters["relation"] = relation
    env.filters["role"] = role
    env.filters["file_name"] = file_name
    return env


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(env: jinja2.Environment) -> str:
    """The policy for the page, with hashes of exactly the text base.html inlines (the same templates,
    rendered by the same environment: they take no variables, so both renderings are identical)."""
    style = env.get_template(INLINE_STYLE).render()
    script = env.get_template(INLINE_SCRIPT).render()
    return (f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; img-src data:; "
            "form-action 'none'; base-uri 'none'")


def _variables(context: ReportContext) -> Dict[str, Any]:
    return {f.name: getattr(context, f.name) for f in fields(context)}


def render_html(report: Report) -> str:
    options = report.options
    env = environment(options.template_dir)
    context = build_context(report, __version__, logo_data_uri(options.logo) if options.logo else None)
    return env.get_template("report.html").render(csp=content_security_policy(env), email=False,
                                                  **_variables(context))


def render_email_html(report: Report, report_location: str = "", attached: bool = False) -> str:
    """The e-mail's HTML part: the report's headline, Act first and changes, no script, no request;
    `report_location` (a link or a path) and `attached` say where the whole report is."""
    env = environment(report.options.template_dir)
    context = build_context(report, __version__)
    style = env.get_template(EMAIL_STYLE).render()
    csp = f"default-src 'none'; style-src {csp_hash(style)}; img-src data:"
    return env.get_template("email.html").render(csp=csp, email=True, report_location=report_location,
                                                 attached=attached, **_variables(context))
