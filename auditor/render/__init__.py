"""Outputs: one Output interface (interface.py), the OUTPUTS a run writes (outputs.py), one module per output,
and the report's typed context (report_context.py). Renderers read the result; they never import the engine."""
from __future__ import annotations

from auditor.render.carried import incomplete_act_first, run_time
from auditor.render.html import render_email_html
from auditor.render.interface import Output, OutputOptions, Report
from auditor.render.mail import render_email_text
from auditor.render.outputs import OUTPUT_FILES, OUTPUTS, FileOutput, render_all, write_outputs
from auditor.render.safe import visible
from auditor.render.summary import summarise

__all__ = ["FileOutput", "OUTPUTS", "OUTPUT_FILES", "Output", "OutputOptions", "Report", "incomplete_act_first",
           "render_all", "render_email_html", "render_email_text", "run_time", "summarise", "visible", "write_outputs"]
