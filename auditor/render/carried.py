"""What an incomplete run says instead of "nothing needs a call": the last complete run's open P1/P2 findings
that it could not check (auditor.history carries them forward), one sentence and one line per device and app,
the same in every output (report, summary.md, e-mail, terminal). A complete run says nothing here.

And what a complete run says of the findings the history holds open because it did not see their devices'
apps (AuditResult.held_open): "not re-checked tonight", in the same lines."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

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
    last_seen: str = ""  # a held-open line: the last run that saw it ("" for a carried line)


# A line's status: its most urgent finding's (a held-open line may hold upcoming or waived findings too).
_STATUS_ORDER = ("overdue", "violation", "upcoming", "waived")


def _lines_of(findings: Sequence[CarriedFinding]) -> Tuple[CarriedLine, ...]:
    """P1 first, then by person, device and app: one line per device and app (its policies joined). Devices are
    told apart by their key, not their name: one owner's two phones both named "iPhone" are two lines."""
    grouped: Dict[Tuple[str, str, str, str, str], List[CarriedFinding]] = {}
    for f in findings:
        grouped.setdefault((f.priority, f.owner, f.device_name, f.device_key, f.app), []).append(f)
    lines = []
    for (priority, owner, device, _key, app), found in sorted(grouped.items()):
        deadlines = sorted(f.deadline for f in found if f.deadline is not None)
        status = min((f.status for f in found),
                     key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER))
        seen = [f.last_seen for f in found if f.last_seen is not None]
        lines.append(CarriedLine(priority, owner, app, device, tuple(sorted({f.policy for f in found})), status,
                                 deadlines[0].isoformat() if deadlines else None,
                                 min(f.first_seen for f in found).isoformat(),
                                 max(seen).isoformat() if seen else ""))
    return tuple(lines)


def carried_lines(carried: CarriedForward) -> Tuple[CarriedLine, ...]:
    """P1 first, then by person, device and app: one line per device and app (its policies joined)."""
    return _lines_of(carried.findings)


# --- held open: a complete run that did not see some devices' apps (auditor.history holds their findings) ---

def held_lines(result: AuditResult) -> Tuple[CarriedLine, ...]:
    """The findings this run holds open, one line per device and app, P1 first."""
    return _lines_of(result.held_open)


def held_urgent(result: AuditResult) -> int:
    """Held-open P1/P2 lines (devices and apps) with a finding that counts as open (AuditResult.held_counts_as_open,
    as the exit code counts it): while there is one, nobody is known to need no call."""
    opened = [f for f in result.held_open if f.priority in ("P1", "P2") and result.held_counts_as_open(f)]
    return len(_lines_of(opened))


def held_open_by_priority(result: AuditResult) -> Dict[str, int]:
    """Held-open findings that count as open (AuditResult.held_counts_as_open), by priority: counted as
    summary's open_by_priority counts."""
    counts = {p: 0 for p in ("P1", "P2", "P3", "P4")}
    for f in result.held_open:
        if f.priority in counts and result.held_counts_as_open(f):
            counts[f.priority] += 1
    return counts


def held_sentence(result: AuditResult) -> str:
    """What every output says above the held-open lines; "" when there are none."""
    n = len(result.held_open)
    if not n:
        return ""
    counted = held_open_by_priority(result)
    opened = sum(counted.values())
    return (f"Not re-checked tonight: {n} {'finding' if n == 1 else 'findings'} of earlier runs "
            f"({opened} open: " + ", ".join(f"{p} {v}" for p, v in counted.items()) + "). This run did not see "
            f"{'its device' if n == 1 else 'their devices'} with all apps (missing from the exports, listed with no "
            "app row, or showing only managed apps), so they are not resolved: the history holds them open. Treat them as open until a run sees "
            "those devices' apps.")


def held_summary(result: AuditResult) -> Optional[Dict[str, object]]:
    """findings.json's summary `held_open`: None when this run holds nothing open. `findings` counts findings
    (one per policy, as `findings` does), `open_by_priority` the open ones among them, `urgent_lines` the P1/P2
    devices and apps in violation or overdue."""
    if not result.held_open:
        return None
    return {"findings": len(result.held_open), "open_by_priority": held_open_by_priority(result),
            "lines": len(held_lines(result)), "urgent_lines": held_urgent(result)}


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
