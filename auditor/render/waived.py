"""Waived P1/P2 findings, named: a waiver takes a finding out of the open counts and out of Act first, so the
people it covers are listed apart (report.html's Act first, summary.md, the e-mail text) with the waiver and
when it ends: a waiver written too wide (a whole pack) must not hide a CEO's phone without a name on it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

from auditor.model import Finding, Owner, Status
from auditor.render.actions import app_label, device_label, family_rank, person_key, tier_of

URGENT = ("P1", "P2")


@dataclass(frozen=True)
class WaivedLine:
    """One person's waived P1/P2 app on one device, with the waivers that cover it."""

    priority: str
    owner: Owner
    app: str
    device: str
    waivers: Tuple[str, ...]  # "W-1 until 2027-12-31" (or "with no expiry")
    policies: Tuple[str, ...]


def _waiver_text(f: Finding) -> str:
    w = f.waiver
    if w is None:
        return ""
    return f"{w.id} until {w.expires.isoformat()}" if w.expires else f"{w.id} with no expiry"


def waived_lines(findings: Sequence[Finding]) -> Tuple[WaivedLine, ...]:
    """P1 first, then the person's tier, family before staff, then by person, device and app."""
    grouped: Dict[Tuple[str, str, str, str], List[Finding]] = {}
    for f in findings:
        if f.status == Status.WAIVED and f.priority in URGENT:
            grouped.setdefault((f.priority, person_key(f.owner, f.device), f.device.key, app_label(f)), []).append(f)
    lines = []
    for (priority, _, _, app), found in grouped.items():
        first = found[0]
        lines.append(WaivedLine(priority, first.owner, app, device_label(first.device),
                                tuple(sorted({_waiver_text(f) for f in found})),
                                tuple(sorted({f.pack_id for f in found}))))
    lines.sort(key=lambda line: (line.priority, tier_of(line.owner).rank, family_rank(line.owner),
                                 (line.owner.name or line.owner.email or "~").lower(), line.device, line.app))
    return tuple(lines)
