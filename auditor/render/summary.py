"""The numbers every output shows, computed once."""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Mapping

from auditor.history import open_by_priority
from auditor.render.carried import carried_summary, held_summary
from auditor.model import AuditResult, Confidence, Severity, Status, Tier, Visibility

PRIORITIES = ("P1", "P2", "P3", "P4")


def counts_sentence(summary: Mapping[str, Any], markdown: bool) -> str:
    """The run's counts in one sentence, as summary.md (markdown: its lead in bold, the report sections of the
    upcoming and the waived findings named) and the e-mail's plain text say them; when no device was read, that
    the run cannot say whether any banned app is installed (never "0 findings")."""
    strong = (lambda text: f"**{text}**") if markdown else (lambda text: text)
    if not summary["devices"]:
        return f"{strong('No device was read:')} this run saw no fleet, so it cannot say whether any banned app is " \
               "installed."
    total, opened, status = summary["findings"], summary["open_by_priority"], summary["by_status"]
    noun = "finding" if total == 1 else "findings"
    upcoming, waived = (" (Upcoming bans)", " (Waivers)") if markdown else ("", "")
    return (f"{strong(f'{total} {noun}')} on {summary['devices_with_findings']} of {summary['devices']} devices. "
            "Open (in violation or overdue): " + ", ".join(f"{k} {v}" for k, v in opened.items())
            + f"; of them overdue {status['overdue']}. Upcoming {status['upcoming']}{upcoming}, "
              f"waived {status['waived']}{waived}."
            + (f" For the record {summary['for_the_record']} (violations of packs not in force on the as-of date: "
               "not open, they do not fail the run)." if summary.get("for_the_record") else ""))


def summarise(result: AuditResult) -> Dict[str, Any]:
    findings = result.findings
    by_status = Counter(f.status.value for f in findings)
    by_severity = Counter(f.severity.value for f in findings)
    by_priority = Counter(f.priority for f in findings)
    by_app = Counter(f.catalog_id for f in findings)
    by_policy = Counter(f.pack_id for f in findings)
    by_platform = Counter(f.device.platform.value for f in findings)
    open_devices: Dict[str, set] = {}  # app -> devices with an open finding of it (however many policies ban it)
    for_the_record = 0
    for f in findings:
        if result.counts_as_open(f):
            open_devices.setdefault(f.catalog_id, set()).add(f.device.key)
        elif f.status in (Status.OVERDUE, Status.VIOLATION):  # under a pack not in force: shown, never open
            for_the_record += 1
    return {
        "complete": result.complete,
        "devices": len(result.devices),
        "devices_with_findings": len({f.device.key for f in findings}),
        "devices_not_fully_visible": sum(1 for d in result.devices if d.app_visibility != Visibility.FULL),
        "findings": len(findings),
        "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        "by_severity": {s.value: by_severity.get(s.value, 0) for s in Severity},
        "by_priority": {p: by_priority.get(p, 0) for p in PRIORITIES},
        # Violations and overdue findings, neither waived nor upcoming: what the cards and the trend count.
        "open_by_priority": open_by_priority(result),
        # Violations of packs not in force on the as-of date (named with --policy): shown, not open.
        "for_the_record": for_the_record,
        "by_app": dict(sorted(by_app.items(), key=lambda kv: (-kv[1], kv[0]))),
        # Devices, not findings: a device whose app two policies ban is one device (the bars and summary.md).
        "open_devices_by_app": dict(sorted(((k, len(v)) for k, v in open_devices.items()),
                                           key=lambda kv: (-kv[1], kv[0]))),
        "by_policy": dict(sorted(by_policy.items(), key=lambda kv: (-kv[1], kv[0]))),
        "by_platform": dict(sorted(by_platform.items(), key=lambda kv: (-kv[1], kv[0]))),
        "sources": len(result.sources),
        "rows": sum(s.rows for s in result.sources),
        "rows_skipped": sum(s.rows_skipped for s in result.sources),
        "problems": len(result.problems),
        "incomplete_reasons": [f"{p.source}: {p.message}" for p in result.problems if p.fatal],
        "by_tier": {t.value: sum(1 for f in findings if f.owner.tier == t) for t in Tier},
        "waivers": {state: sum(1 for w in result.waivers if w.state == state)
                    for state in ("active", "expiring-soon", "expired", "unused", "not-yet-granted")},
        "not_visible_high_risk": sum(1 for _, o in result.not_visible if Tier(o.tier).high_risk),
        "by_confidence": {c.value: sum(1 for f in findings if f.confidence == c) for c in Confidence},
        "min_confidence": result.min_confidence.value,
        "probable_left_out": result.probable_left_out,
        "near_misses_found": len(result.near_misses) + result.near_misses_not_listed,
        # An incomplete run: the last complete run whose open P1/P2 findings it carries forward (None otherwise).
        "carried_forward": carried_summary(result),
        # A complete run: findings of earlier runs the history holds open because this run did not see their
        # devices' apps, "not re-checked tonight" (None when there are none); never counted in `findings`.
        "held_open": held_summary(result),
    }
