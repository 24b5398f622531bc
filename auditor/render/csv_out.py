"""findings.csv: one row per finding, a header row and a stable column order (new columns are only ever
appended), safe to open in a spreadsheet: a cell starting with = + - @, tab or carriage return is prefixed."""
from __future__ import annotations

import csv
import io
from typing import Callable, List, Tuple

from auditor.model import Finding
from auditor.render.actions import due_text
from auditor.render.interface import Report
from auditor.render.remediation import primary_tool
from auditor.render.safe import csv_cell

COLUMNS: List[Tuple[str, Callable[[Finding], object]]] = [
    ("priority", lambda f: f.priority),
    ("status", lambda f: f.status.value),
    ("severity", lambda f: f.severity.value),
    ("policy", lambda f: f.pack_id),
    ("rule", lambda f: f.rule_id),
    ("app", lambda f: f.catalog_id),
    ("app_name", lambda f: f.app.name),
    ("app_identifier", lambda f: f.app.identifier),
    ("app_version", lambda f: f.app.version),
    ("app_publisher", lambda f: f.app.publisher),
    ("matched_by", lambda f: f.matched_by.value),
    ("device_key", lambda f: f.device.key),
    ("device_name", lambda f: f.device.name),
    ("serial", lambda f: f.device.serial),
    ("platform", lambda f: f.device.platform.value),
    ("ownership", lambda f: f.device.ownership.value),
    ("owner_email", lambda f: f.owner.email),
    ("owner_name", lambda f: f.owner.name),
    ("owner_tier", lambda f: f.owner.tier),
    ("effective", lambda f: f.effective.isoformat()),
    ("deadline", lambda f: f.deadline.isoformat() if f.deadline else ""),
    ("days_overdue", lambda f: "" if f.days_overdue is None else f.days_overdue),
    ("days_until_effective", lambda f: "" if f.days_until_effective is None else f.days_until_effective),
    ("citation", lambda f: f.citation),
    ("remediation", lambda f: f.remediation),
    ("evidence", lambda f: " | ".join(str(e) for e in f.evidence)),
    ("key", lambda f: f.key),
    # Added with the report issue: appended, so that existing columns keep their positions.
    ("owner_title", lambda f: f.owner.title),
    ("owner_department", lambda f: f.owner.department),
    ("managed_by", lambda f: primary_tool(f.device)),
    ("due", lambda f: due_text(f)),
    ("waiver", lambda f: f.waiver.id if f.waiver else ""),
    ("waiver_expires", lambda f: f.waiver.expires.isoformat() if f.waiver and f.waiver.expires else ""),
    ("first_seen", lambda f: f.first_seen.isoformat() if f.first_seen else ""),
    ("change", lambda f: f.change or ""),
    # Issue 18: whether the finding's pack binds this organisation or is adopted as its policy.
    ("binding", lambda f: str(f.binding)),
    # Added with confidence (issue 14): appended.
    ("confidence", lambda f: f.confidence.value),
    ("confidence_note", lambda f: f.confidence_note),
]


def render_csv(report: Report) -> str:
    result = report.result
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # An incomplete run says so in every output: here in a column, on every row; so do probable findings
    # left out by --min-confidence confirmed (how many).
    writer.writerow([name for name, _ in COLUMNS] + ["probable_left_out", "run_complete"])
    complete = "true" if result.complete else "false"
    left_out = str(result.probable_left_out)
    for finding in result.findings:
        writer.writerow([csv_cell(get(finding)) for _, get in COLUMNS] + [left_out, complete])
    return out.getvalue()
