"""Evaluate: every app row that matched a catalog app, against the rules that name the app, on the merged
device with its owner: one Finding per (device, pack, rule, app), with its status on the as-of date and its
confidence (the strongest evidence among the device's rows)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from auditor.model import (Binding, Device, Evidence, Finding, InstalledApp, Ownership, Owner, Platform, Problem,
                           ProblemKind, Status, Tier, Visibility)
from auditor.people.priority import Matrix, priority
from auditor.policy import Library, Match, Pack, Resemblance, Rule
from auditor.reading import Hit

MAX_EVIDENCE = 20  # per finding; the same app seen in many rows of one device
RulesByApp = Dict[str, List[Tuple[Pack, Rule]]]


def rules_by_app(library: Library, packs: Sequence[Pack]) -> RulesByApp:
    """Catalog id -> the (pack, rule) pairs that name it: an app directly or through its company, and the
    entry `company:<id>` of each company a rule bans as a whole."""
    out: RulesByApp = {}
    for pack in packs:
        for rule in pack.rules:
            for app_id in library.rule_targets(rule):
                out.setdefault(app_id, []).append((pack, rule))
    return out


def split_hits(hits: Sequence[Hit]) -> Tuple[List[Hit], List[Hit]]:
    """(rows that matched, rows that resemble an app a rule names: near misses)."""
    matched: List[Hit] = []
    resembling: List[Hit] = []
    for hit in hits:
        (resembling if type(hit[3][0]) is Resemblance else matched).append(hit)
    return matched, resembling


def finding_key(device_key: str, pack_id: str, rule_id: str, app_id: str) -> str:
    """Stable across runs for the same device, rule and app."""
    return hashlib.sha256(f"{device_key}\x1f{pack_id}\x1f{rule_id}\x1f{app_id}".encode()).hexdigest()[:16]


def rule_status(rule: Rule, as_of: dt.date,
                binding: Binding = Binding.BINDING) -> Tuple[Status, Optional[int], Optional[int]]:
    """(status, days_overdue, days_until_effective). A deadline binds only those the pack binds: under an
    adopted pack a finding past it is a violation, never "overdue" (the due text says whose date it was)."""
    if as_of < rule.effective:
        return Status.UPCOMING, None, (rule.effective - as_of).days
    if rule.deadline is not None and as_of > rule.deadline and binding == Binding.BINDING:
        return Status.OVERDUE, (as_of - rule.deadline).days, None
    return Status.VIOLATION, None, None


def _bare_device(tool: str, device_id: str, platform: Platform) -> Device:
    return Device(key=f"{tool}:{device_id}", name="", serial="", platform=platform, os_version="",
                  ownership=Ownership.UNKNOWN, owner_email="", owner_upn="", owner_username="", owner_name="",
                  sources=(), hardware_ids=(), app_visibility=Visibility.FULL)


def outside_scope_reason(app_name: str, tier: Tier) -> str:
    """Why a banned app seen on a high-risk person's personal device is listed for review, not a finding."""
    return (f"{app_name} itself, on a personal device of a {tier.value}-tier person: no pack this run evaluates "
            "covers personal devices, so it is not a finding; ask them, or make it one with `personal_for_tiers` "
            "in your organisation's pack (docs/policy-format.md)")


def evaluate(library: Library, hits: List[Hit], by_source: Mapping[Tuple[str, str], Device], rules: RulesByApp,
             as_of: dt.date, owner_of: Callable[[Device], Owner], matrix: Matrix,
             unreadable: List[Problem], bindings: Mapping[str, Tuple[Binding, str]] = {},
             outside_scope: Optional[List[Hit]] = None) -> Dict[str, Finding]:
    """Findings by key; rows whose version a rule cannot compare go to `unreadable`. `bindings`: pack id ->
    (binding, binds) from the selection's summaries (absent: binding). `outside_scope` receives, as near-miss
    hits, rows of a banned app on a high-risk person's personal device that no rule's scope covers: never
    silence about the devices the tool exists for."""
    findings: Dict[str, Finding] = {}
    for tool, file, row, matches in hits:
        device_id, platform, identifier, name, publisher, version, location = row
        device = by_source.get((tool, device_id)) or _bare_device(tool, device_id, platform)
        evidence = Evidence(file, str(location), tool)
        app = InstalledApp(identifier, name, version, publisher, platform, evidence)
        owner = owner_of(device)
        scope_platform = platform if platform != Platform.OTHER else device.platform
        for match in matches:
            assert isinstance(match, Match)
            covered = 0
            for pack, rule in rules[match.app_id]:
                if not (rule.scope.within(pack.scope) if rule.scope else pack.scope).covers(scope_platform, device.ownership, owner.tier):
                    continue
                covered += 1
                if rule.versions:
                    holds = [c.holds(version) for c in rule.versions]
                    if None in holds:  # no readable version: neither a finding nor silence
                        unreadable.append(Problem(
                            file, f"version {version!r} of {name!r} on {device.key} cannot be compared with "
                                  f"{pack.id}/{rule.id} ({', '.join(c.op + c.version for c in rule.versions)}): "
                                  "not evaluated; check it by hand", location if isinstance(location, int) else None,
                            False, ProblemKind.DATA))
                        continue
                    if not all(holds):
                        continue
                key = finding_key(device.key, pack.id, rule.id, match.app_id)
                existing = findings.get(key)
                if existing is not None:
                    if evidence not in existing.evidence and len(existing.evidence) < MAX_EVIDENCE:
                        existing = findings[key] = dataclasses.replace(existing,
                                                                       evidence=existing.evidence + (evidence,))
                    if match.confirmed and existing.confidence != match.confidence:
                        # Another row of the same app on the device confirms it: the strongest evidence shows.
                        findings[key] = dataclasses.replace(existing, app=app, matched_by=match.mode,
                                                            matched_value=match.value, confidence=match.confidence,
                                                            confidence_note=match.note)
                    continue
                binding, binds = bindings.get(pack.id, (Binding.BINDING, ""))
                status, days_overdue, days_until = rule_status(rule, as_of, binding)
                findings[key] = Finding(
                    key=key, status=status, pack_id=pack.id, rule_id=rule.id, severity=rule.severity,
                    priority=priority(rule.severity, owner.tier, matrix), catalog_id=match.app_id,
                    catalog_name=library.entry_name(match.app_id), app=app, matched_by=match.mode,
                    matched_value=match.value, device=device, owner=owner, effective=rule.effective,
                    deadline=rule.deadline, days_overdue=days_overdue, days_until_effective=days_until,
                    remediation=rule.remediation_for(binding), citation=rule.citation or pack.citation,
                    evidence=(evidence,), binding=binding, binds=binds, confidence=match.confidence, confidence_note=match.note)
            # Whose personal devices are worth a line when no rule covers them: the people the tool exists for
            # (executives, officials, their families: Tier.high_risk), not everyone's own phone.
            if (not covered and outside_scope is not None and device.ownership == Ownership.PERSONAL
                    and owner.tier.high_risk):
                reason = outside_scope_reason(library.entry_name(match.app_id), owner.tier)
                outside_scope.append((tool, file, row, (Resemblance(match.app_id, reason),)))
    return findings


def sort_key(f: Finding) -> tuple:
    """Priority, then the owner's tier (critical first), then deadline, then person: the order of every output
    (render.actions.urgency orders Act first and the lines the same way, priority then tier)."""
    person = (f.owner.name or f.owner.email or "\uffff").lower()
    return (f.priority, Tier.of(f.owner.tier).rank, f.deadline or dt.date.max, person, f.device.key, f.pack_id,
            f.rule_id, f.catalog_id)
