"""findings.csv: one row per finding, stable columns, safe to open in a spreadsheet."""
from __future__ import annotations

import csv
import io
from typing import Callable, List, Tuple

from auditor.model import AuditResult, Finding
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
]


def render_csv(result: AuditResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    # An incomplete run says so in every output: here in a column, on every row.
    writer.writerow([name for name, _ in COLUMNS] + ["run_complete"])
    complete = "true" if result.complete else "false"
    for finding in result.findings:
        writer.writerow([csv_cell(get(finding)) for _, get in COLUMNS] + [complete])
    return out.getvalue()
