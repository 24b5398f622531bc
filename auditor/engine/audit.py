"""The audit as a function: inputs, policy packs and an as-of date in; an AuditResult out.

read (streamed, classification memoised per distinct app; auditor.reading.loop, auditor.reading.parallel)
-> merge devices -> evaluate rules."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from auditor.reading.gcpause import cyclic_gc_paused
from auditor.engine.merge import merge_devices
from auditor.model import (AuditResult, Device, DeviceRecord, Evidence, Finding, InstalledApp, Ownership, Owner,
                           PackSummary, Platform, Problem, Severity, SourceSummary, Status, Visibility, WaiverStatus)
from auditor.policy.library import Library
from auditor.policy.matcher import Match, Matcher
from auditor.policy.packs import Pack, Rule
from auditor.reading.parallel import read_inputs
from auditor.people.priority import DEFAULT_MATRIX, priority
from auditor.reading.loop import Classifier
from auditor.people.risk import RiskModel, assess, owner_for, tier_rank
from auditor.textio.context import ReadContext
from auditor.sources.registry import plan_inputs
from auditor.reading.staleness import DEFAULT_MAX_AGE_DAYS, stale_problem
from auditor.people.directory import Directory, sponsors, unresolved_sponsors
from auditor.people.waivers import Waiver, apply_waivers

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


@dataclass(frozen=True)
class People:
    """Who owns what, and how much they matter: the staff directory, risk rules and waivers."""

    directory: Optional[Directory] = None
    risk: Optional[RiskModel] = None
    waivers: Tuple[Waiver, ...] = ()


class _Owners:
    """Device -> Owner through the staff directory, once per device; collects unmatched owners."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.directory = people.directory
        self.assessments = assess(people.risk, people.directory) if people.directory and people.risk else {}
        self.sponsors = sponsors(people.directory) if people.directory else {}
        self._cache: Dict[str, Owner] = {}
        self.unmatched: Dict[str, List[str]] = {}
        self.ownerless: List[str] = []

    def __call__(self, device: Device) -> Owner:
        owner = self._cache.get(device.key)
        if owner is None:
            owner = self._cache[device.key] = self._resolve(device)
        return owner

    def _resolve(self, device: Device) -> Owner:
        fallback_email = device.owner_email or device.owner_upn
        if self.directory is None:
            return Owner(email=fallback_email or None, name=device.owner_name or None, tier="unknown", reasons=())
        person = self.directory.find(device.owner_upn, device.owner_email, device.owner_username)
        if person is None:
            ident = device.owner_upn or device.owner_email or device.owner_username
            if ident:
                self.unmatched.setdefault(ident, []).append(device.key)
            else:
                self.ownerless.append(device.key)
            return Owner(email=fallback_email or None, name=device.owner_name or None, tier="unknown", reasons=())
        return owner_for(person, self.assessments.get(id(person)), fallback_email, device.owner_name,
                         self.sponsors.get(id(person)))

    def problems(self) -> List[Problem]:
        if self.directory is None:
            return []
        out = [Problem(self.directory.source, f"owner {ident!r} of {_some(keys)} is not in the staff directory "
                                              "(tier unknown)", None, False)
               for ident, keys in sorted(self.unmatched.items())]
        if self.ownerless:
            out.append(Problem("devices", f"{len(self.ownerless)} devices have no owner in any source: "
                                          f"{_some(self.ownerless)}", None, False))
        return out


def _some(keys: List[str], shown: int = 5) -> str:
    text = ", ".join(keys[:shown])
    return f"devices {text} and {len(keys) - shown} more" if len(keys) > shown else f"device{'s' if len(keys) > 1 else ''} {text}"


def audit(paths: Sequence[Path], library: Library, packs: Sequence[Pack], as_of: dt.date,
          source_format: Optional[str] = None, max_export_age_days: int = DEFAULT_MAX_AGE_DAYS,
          people: People = People(), progress: Optional[Callable[[int, int, str], None]] = None,
          jobs: int = 1) -> AuditResult:
    """jobs > 1: parse large inputs in parallel processes (same result as jobs=1)."""
    with cyclic_gc_paused():
        return _audit(paths, library, packs, as_of, source_format, max_export_age_days, people, progress, jobs)


def _audit(paths: Sequence[Path], library: Library, packs: Sequence[Pack], as_of: dt.date,
           source_format: Optional[str], max_export_age_days: int, people: People,
           progress: Optional[Callable[[int, int, str], None]], jobs: int) -> AuditResult:
    plan = plan_inputs(paths, source_format)
    problems: List[Problem] = list(plan.problems)
    rules_by_app: Dict[str, List[Tuple[Pack, Rule]]] = {}
    for pack in packs:
        for rule in pack.rules:
            for app_id in library.rule_apps(rule):
                rules_by_app.setdefault(app_id, []).append((pack, rule))
    matcher = Matcher(library.apps, library.companies)
    classifier = Classifier(matcher, rules_by_app)
    hits: List[_Hit] = []
    records: List[DeviceRecord] = []
    summaries: List[SourceSummary] = []
    with_apps: set = set()

    for read in read_inputs(plan.inputs, classifier, jobs, progress):
        item, reader, got = read.item, read.reader, read.result
        if reader is None:
            problems.append(Problem(item.display, f"not read: {read.reason}", None, True))
            summaries.append(SourceSummary(item.display, "unrecognised", "", 0, 0, 0, 0))
            continue
        hits.extend(_Hit(got.tool, item.display, row, matches) for row, matches in got.hits)
        records.extend(got.records)
        with_apps.update((got.tool, device_id) for device_id in got.with_apps)
        problems.extend(got.problems)
        ctx = ReadContext(item, tool=got.tool, rows=got.rows, rows_skipped=got.rows_skipped,
                          export_time=got.export_time, sha256=got.sha256)
        stale = stale_problem(ctx, as_of, max_export_age_days)
        if stale is not None:
            problems.append(stale)
        elif not any(p.fatal for p in got.problems) and got.rows == got.rows_skipped:
            # An export with no usable record says nothing about the fleet: never a clean run.
            why = "has no records" if got.rows == 0 else f"has no usable record (all {got.rows} were skipped)"
            problems.append(Problem(item.display, f"the export {why}; re-export it", None, True))
        summaries.append(SourceSummary(item.display, reader.format_id, got.sha256, got.rows, got.rows_skipped,
                                       len({r.source.device_id for r in got.records}), got.apps, got.export_time))

    if progress is not None:
        progress(len(plan.inputs), len(plan.inputs), "")
    by_source, merge_problems = merge_devices(records, with_apps)
    problems.extend(merge_problems)
    owners = _Owners(people)
    matrix = people.risk.matrix if people.risk else DEFAULT_MATRIX
    unreadable: List[Problem] = []
    findings = list(_evaluate(library, hits, by_source, rules_by_app, as_of, owners, matrix, unreadable).values())
    problems.extend(unreadable)
    devices = sorted({d.key: d for d in by_source.values()}.values(), key=lambda d: d.key)
    applied = apply_waivers(findings, people.waivers, as_of,
                            dict(people.directory.domain_aliases) if people.directory else {})
    if people.directory is not None:
        problems.extend(people.directory.problems)
        problems.extend(unresolved_sponsors(people.directory))
    if people.directory is not None:
        for device in devices:  # every owner is checked against the directory, not only those with findings
            owners(device)
    not_visible = sorted(((d, owners(d)) for d in devices if d.app_visibility != Visibility.FULL),
                         key=lambda pair: (tier_rank(pair[1].tier), pair[0].key))
    problems.extend(owners.problems())
    return AuditResult(
        as_of=as_of,
        findings=tuple(sorted(applied.findings, key=sort_key)),
        devices=tuple(devices),
        sources=tuple(summaries),
        problems=tuple(problems),
        packs=tuple(pack_summary(library, p, as_of) for p in packs),
        classifications=len(classifier.classified),
        waivers=tuple(WaiverStatus(w.id, w.covers(), w.reason, w.approver, w.ticket, w.granted, w.expires, state, n)
                      for w, state, n in applied.statuses),
        not_visible=tuple(not_visible),
        staff_directory=people.directory.source if people.directory else None,
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
              rules_by_app: Dict[str, List[Tuple[Pack, Rule]]], as_of: dt.date, owner_of: Callable[[Device], Owner],
              matrix: Mapping[Severity, Mapping[str, str]], unreadable: List[Problem]) -> Dict[str, Finding]:
    """Findings by key; rows whose version a rule cannot compare go to `unreadable`."""
    findings: Dict[str, Finding] = {}
    for hit in hits:
        device_id, platform, identifier, name, publisher, version, location = hit.row
        device = by_source.get((hit.tool, device_id)) or _bare_device(hit.tool, device_id, platform)
        evidence = Evidence(hit.file, str(location), hit.tool)
        app = InstalledApp(identifier, name, version, publisher, platform, evidence)
        owner = owner_of(device)
        scope_platform = platform if platform != Platform.OTHER else device.platform
        for match in hit.matches:
            for pack, rule in rules_by_app[match.app_id]:
                if not match.verified and not rule.use_unverified:
                    continue
                if not (rule.scope.within(pack.scope) if rule.scope else pack.scope).covers(scope_platform, device.ownership, owner.tier):
                    continue
                if rule.versions:
                    holds = [c.holds(version) for c in rule.versions]
                    if None in holds:  # no readable version: neither a finding nor silence
                        unreadable.append(Problem(
                            hit.file, f"version {version!r} of {name!r} on {device.key} cannot be compared with "
                                      f"{pack.id}/{rule.id} ({', '.join(c.op + c.version for c in rule.versions)}): "
                                      "not evaluated; check it by hand", location if isinstance(location, int) else None))
                        continue
                    if not all(holds):
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
                    priority=priority(rule.severity, owner.tier, matrix), catalog_id=match.app_id,
                    catalog_name=library.apps[match.app_id].name, app=app, matched_by=match.mode,
                    matched_value=match.value, device=device, owner=owner, effective=rule.effective,
                    deadline=rule.deadline, days_overdue=days_overdue, days_until_effective=days_until,
                    remediation=rule.remediation, citation=rule.citation or pack.citation, evidence=(evidence,))
    return findings


def _with_evidence(finding: Finding, evidence: Evidence) -> Finding:
    return dataclasses.replace(finding, evidence=finding.evidence + (evidence,))


def sort_key(f: Finding) -> tuple:
    """Priority, then deadline, then person: the order of every output."""
    person = (f.owner.name or f.owner.email or "\uffff").lower()
    return (f.priority, f.deadline or dt.date.max, person, f.device.key, f.pack_id, f.rule_id, f.catalog_id)
