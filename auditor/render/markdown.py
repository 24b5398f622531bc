"""summary.md: the headline for e-mail, chat and tickets."""
from __future__ import annotations

from typing import Any, Dict, List

from auditor.model import AuditResult
from auditor.render.safe import markdown as md

TOP = 20


def render_markdown(result: AuditResult, summary: Dict[str, Any], organisation: str) -> str:
    lines: List[str] = []
    title = f"# Fleet Auditor: {md(organisation)}" if organisation else "# Fleet Auditor"
    lines += [title, "", f"As of {result.as_of.isoformat()}."]
    if not result.complete:
        lines += ["", "**INCOMPLETE RUN**: some inputs could not be read, so these findings are not the whole "
                      "picture:"]
        lines += [f"- {md(reason, 200)}" for reason in summary["incomplete_reasons"]]
    prio = summary["by_priority"]
    status = summary["by_status"]
    lines += ["", f"**{summary['findings']} findings** on {summary['devices_with_findings']} of "
                  f"{summary['devices']} devices: "
                  + ", ".join(f"{k} {v}" for k, v in prio.items())
                  + f". Overdue {status['overdue']}, violations {status['violation']}, "
                    f"upcoming {status['upcoming']}, waived {status['waived']}."]
    if result.findings:
        lines += ["", "| Priority | Status | App | Device | Owner | Deadline | Policy |",
                  "|---|---|---|---|---|---|---|"]
        for f in result.findings[:TOP]:
            device = f.device.name or f.device.serial or f.device.key
            owner = f.owner.email or f.owner.name or "unknown"
            lines.append(f"| {f.priority} | {f.status.value} | {md(f.catalog_name)} | {md(device, 60)} | "
                         f"{md(owner, 60)} | {f.deadline.isoformat() if f.deadline else ''} | {md(f.pack_id)} |")
        if len(result.findings) > TOP:
            lines += ["", f"{len(result.findings) - TOP} more findings in findings.csv and findings.json."]
    lines += ["", f"Sources: {summary['sources']} ({summary['rows']} rows, {summary['rows_skipped']} skipped). "
                  f"Problems: {summary['problems']}. Policies: "
                  + ", ".join(md(p.id) for p in result.packs) + "."]
    return "\n".join(lines) + "\n"
