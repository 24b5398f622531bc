"""What an incomplete run says instead of "nothing needs a call": the last complete run's open P1/P2 findings
that it could not check (auditor.history carries them forward), one sentence and one line per device and app,
the same in every output (report, summary.md, e-mail, terminal). A complete run says nothing here."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from auditor.model import AuditResult, CarriedFinding, CarriedForward


@dataclass(frozen=True)
class CarriedLine:
    """One device and app of a carried-forward person, with every policy it broke in that run."""

    priority: str
    owner: str
    app: str
    device_name: str
    policies: Tuple[str, ...]
    status: str
    deadline: Optional[str]
    first_seen: str


def carried_lines(carried: CarriedForward) -> Tuple[CarriedLine, ...]:
    """P1 first, then by person, device and app: one line per device and app (its policies joined)."""
    grouped: Dict[Tuple[str, str, str, str], List[CarriedFinding]] = {}
    for f in carried.findings:
        grouped.setdefault((f.priority, f.owner, f.device_name, f.app), []).append(f)
    lines = []
    for (priority, owner, device, app), found in sorted(grouped.items()):
        deadlines = sorted(f.deadline for f in found if f.deadline is not None)
        status = "overdue" if any(f.status == "overdue" for f in found) else "violation"
        lines.append(CarriedLine(priority, owner, app, device, tuple(sorted({f.policy for f in found})), status,
                                 deadlines[0].isoformat() if deadlines else None,
                                 min(f.first_seen for f in found).isoformat()))
    return tuple(lines)


def counts(carried: CarriedForward) -> Dict[str, int]:
    """Carried lines (devices and apps) by priority."""
    lines = carried_lines(carried)
    return {p: sum(1 for line in lines if line.priority == p) for p in ("P1", "P2")}


def run_time(run_at: str) -> str:
    """"2026-12-06T16:21:51.158770+00:00" as "2026-12-06 16:21 UTC"; anything else as it was recorded."""
    try:
        moment = dt.datetime.fromisoformat(run_at.replace("Z", "+00:00"))
    except ValueError:
        return run_at
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def run_named(carried: CarriedForward) -> str:
    """The run they come from, as a person finds it: its time, as-of date and report folder."""
    folder = f", report {carried.report_dir}" if carried.report_dir else ""
    return f"the last complete run ({run_time(carried.run_at)}, as of {carried.as_of.isoformat()}{folder})"


def incomplete_act_first(result: AuditResult) -> str:
    """For an incomplete run, the sentence that replaces "nothing needs a call today"; "" for a complete run."""
    if result.complete:
        return ""
    carried = result.carried_forward
    if carried is None:
        # A run compared with a history has a trend (this run at least); one without keeps none.
        why = ("the history holds no complete run to carry forward" if result.trend
               else "no history was kept to carry forward the last complete run's findings")
        return (f"This run is incomplete and {why}: what could not be read may hold P1/P2 findings, so nobody is "
                "known to be clear. Fix the inputs named above and run again.")
    n = counts(carried)
    total = n["P1"] + n["P2"]
    if not total:
        return (f"This run is incomplete; {run_named(carried)} had no open P1 or P2 finding that this run could not "
                "check. What could not be read is unknown: fix the inputs named above and run again.")
    return (f"Carried forward from {run_named(carried)}: {total} open P1/P2 "
            f"{'finding' if total == 1 else 'findings'} (P1 {n['P1']}, P2 {n['P2']}; one per device and app) that "
            "this incomplete run could not check. Treat them as open until a complete run shows otherwise.")


def carried_summary(result: AuditResult) -> Optional[Dict[str, object]]:
    """findings.json's summary (and the history's) `carried_forward`: None unless the run is incomplete and has
    one. `by_priority` and `lines` count devices and apps (as every output lists them); `findings`, one per
    policy."""
    carried = result.carried_forward
    if result.complete or carried is None:
        return None
    n = counts(carried)
    return {"run_id": carried.run_id, "run_at": carried.run_at, "as_of": carried.as_of.isoformat(),
            "report": carried.report_dir or None, "by_priority": n, "lines": n["P1"] + n["P2"],
            "findings": len(carried.findings)}
