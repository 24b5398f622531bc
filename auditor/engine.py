"""The audit as a function: inputs, policy packs and an as-of date in; an AuditResult out.

read (streamed, classification memoised per distinct app) -> merge devices -> evaluate rules."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from auditor.merge import merge_devices
from auditor.model import (AuditResult, Device, DeviceRecord, Evidence, Finding, InstalledApp, Ownership, Owner,
                           PackSummary, Platform, Problem, SourceSummary, Status, Visibility)
from auditor.policy.library import Library
from auditor.policy.matcher import Match, Matcher
from auditor.policy.packs import Pack, Rule
from auditor.priority import priority
from auditor.sources.base import ReadContext
from auditor.sources.registry import detect, plan_inputs
from auditor.sources.staleness import DEFAULT_MAX_AGE_DAYS, stale_problem

MAX_EVIDENCE = 20  # per finding; the same app seen in many rows of one device


@dataclass(frozen=True)
class _Hit:
    tool: str
    file: str
    row: tuple
    matches: Tuple[Match, ...]


def finding_key(device_key: str, pack_id: str, rule_id: str, app_id: str) -> str:
    """Stable across runs for the same device, rule and app."""
    return hashlib.sha256(f"{device_key}\x1f{pack_id}\x1f{rule_id}\x1f{app_id}".encode()).hexdigest()[:16]


def _status(rule: Rule, as_of: dt.date) -> Tuple[Status, Optional[int], Optional[int]]:
    """(status, days_overdue, days_until_effective)."""
    if as_of < rule.effective:
        return Status.UPCOMING, None, (rule.effective - as_of).days
    if rule.deadline is not None and as_of > rule.deadline:
        return Status.OVERDUE, (as_of - rule.deadline).days, None
    return Status.VIOLATION, None, None


def _owner(device: Device) -> Owner:
    return Owner(email=(device.owner_email or device.owner_upn or None), name=device.owner_name or None,
                 tier="unknown", reasons=())


def audit(paths: Sequence[Path], library: Library, packs: Sequence[Pack], as_of: dt.date,
          source_format: Optional[str] = None, max_export_age_days: int = DEFAULT_MAX_AGE_DAYS) -> AuditResult:
    plan = plan_inputs(paths, source_format)
    problems: List[Problem] = list(plan.problems)
    rules_by_app: Dict[str, List[Tuple[Pack, Rule]]] = {}
    for pack in packs:
        for rule in pack.rules:
            for app_id in library.rule_apps(rule):
                rules_by_app.setdefault(app_id, []).append((pack, rule))
    matcher = Matcher(library.apps, library.companies)
    memo: Dict[tuple, Tuple[Match, ...]] = {}
    hits: List[_Hit] = []
    records: List[DeviceRecord] = []
    summaries: List[SourceSummary] = []

    for item in plan.inputs:
        reader, reason = detect(item)
        if reader is None:
            problems.append(Problem(item.display, f"not read: {reason}", None, True))
            summaries.append(SourceSummary(item.display, "unrecognised", "", 0, 0, 0, 0))
            continue
        ctx = ReadContext(item, tool=reader.tool)
        apps = 0
        device_ids = set()
        try:
            for entry in reader.read(ctx):
                if type(entry) is tuple:
                    apps += 1
                    key = entry[1:5]
                    matches = memo.get(key)
                    if matches is None:
                        matches = tuple(m for m in matcher.classify(*key) if m.app_id in rules_by_app)
                        memo[key] = matches
                    if matches:
                        hits.append(_Hit(ctx.tool, item.display, entry, matches))
                else:
                    records.append(entry)
                    device_ids.add(entry.source.device_id)
        except Exception as exc:  # a reader's bug must not cost the other sources; the run is incomplete
            ctx.fail(f"internal error in the {reader.format_id} reader: {type(exc).__name__}: {exc}")
        problems.extend(ctx.problems)
        stale = stale_problem(ctx, as_of, max_export_age_days)
        if stale is not None:
            problems.append(stale)
        summaries.append(SourceSummary(item.display, reader.format_id, ctx.sha256, ctx.rows, ctx.rows_skipped,
                                       len(device_ids), apps))

    by_source, merge_problems = merge_devices(records)
    problems.extend(merge_problems)
    findings = _evaluate(library, hits, by_source, rules_by_app, as_of)
    devices = {d.key: d for d in by_source.values()}
    return AuditResult(
        as_of=as_of,
        findings=tuple(sorted(findings.values(), key=sort_key)),
        devices=tuple(sorted(devices.values(), key=lambda d: d.key)),
        sources=tuple(summaries),
        problems=tuple(problems),
        packs=tuple(pack_summary(library, p, as_of) for p in packs),
        classifications=matcher.calls,
    )


def pack_summary(library: Library, pack: Pack, as_of: dt.date) -> PackSummary:
    return PackSummary(id=pack.id, title=pack.title, citation=pack.citation, url=pack.url,
                       status=pack.status_on(as_of), jurisdiction=pack.jurisdiction, authority=pack.authority,
                       instrument=pack.instrument, rules=len(pack.rules), apps=len(library.pack_apps(pack)))


def _bare_device(tool: str, device_id: str, platform: Platform) -> Device:
    return Device(key=f"{tool}:{device_id}", name="", serial="", platform=platform, os_version="",
                  ownership=Ownership.UNKNOWN, owner_email="", owner_upn="", owner_username="", owner_name="",
                  sources=(), hardware_ids=(), app_visibility=Visibility.FULL)


def _evaluate(library: Library, hits: List[_Hit], by_source: Dict[Tuple[str, str], Device],
              rules_by_app: Dict[str, List[Tuple[Pack, Rule]]], as_of: dt.date) -> Dict[str, Finding]:
    findings: Dict[str, Finding] = {}
    for hit in hits:
        device_id, platform, identifier, name, publisher, version, location = hit.row
        device = by_source.get((hit.tool, device_id)) or _bare_device(hit.tool, device_id, platform)
        evidence = Evidence(hit.file, str(location), hit.tool)
        app = InstalledApp(identifier, name, version, publisher, platform, evidence)
        owner = _owner(device)
        scope_platform = platform if platform != Platform.OTHER else device.platform
        for match in hit.matches:
            for pack, rule in rules_by_app[match.app_id]:
                if not match.verified and not rule.use_unverified:
                    continue
                if not (rule.scope or pack.scope).covers(scope_platform, device.ownership, owner.tier):
                    continue
                if rule.versions and not all(c.holds(version) for c in rule.versions):
                    continue
                key = finding_key(device.key, pack.id, rule.id, match.app_id)
                existing = findings.get(key)
                if existing is not None:
                    if evidence not in existing.evidence and len(existing.evidence) < MAX_EVIDENCE:
                        findings[key] = _with_evidence(existing, evidence)
                    continue
                status, days_overdue, days_until = _status(rule, as_of)
                findings[key] = Finding(
                    key=key, status=status, pack_id=pack.id, rule_id=rule.id, severity=rule.severity,
                    priority=priority(rule.severity, owner.tier), catalog_id=match.app_id,
                    catalog_name=library.apps[match.app_id].name, app=app, matched_by=match.mode,
                    matched_value=match.value, device=device, owner=owner, effective=rule.effective,
                    deadline=rule.deadline, days_overdue=days_overdue, days_until_effective=days_until,
                    remediation=rule.remediation, citation=rule.citation or pack.citation, evidence=(evidence,))
    return findings


def _with_evidence(finding: Finding, evidence: Evidence) -> Finding:
    return dataclasses.replace(finding, evidence=finding.evidence + (evidence,))


def sort_key(f: Finding) -> tuple:
    """Priority, then deadline, then person: the order of every output."""
    person = (f.owner.email or f.owner.name or "\uffff").lower()
    return (f.priority, f.deadline or dt.date.max, person, f.device.key, f.pack_id, f.rule_id, f.catalog_id)
