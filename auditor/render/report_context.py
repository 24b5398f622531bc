"""Everything report.html shows, computed in Python, so the templates only lay it out.

The context is one frozen dataclass (its field names are the template's variables). Every list a person
reads is capped: beyond the caps the detail is in findings.csv, findings.json and actions.csv, and the
report says so. Nothing here is proportional to the number of devices except single passes over them."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

from auditor.model import (AuditResult, Device, Finding, PackSummary, Problem, ProblemKind, SourceSummary, Status,
                           Tier, Visibility)
from auditor.render.actions import PersonAction, act_first, catalog_identifier, due_text, urgency
from auditor.render.charts import BarChart, TrendChart, bar_chart, trend_chart
from auditor.render.interface import Report
from auditor.render.remediation import TOOL_TITLES, primary_tool, tool_family, tool_steps

MAX_ROWS = 2000  # finding rows in the HTML; a person reads far fewer, the CSV and JSON hold them all
MAX_PEOPLE = 60
MAX_LIST = 300  # problems, devices not visible, duplicates, unmatched owners
NO_DEPARTMENT = "not in staff directory"


@dataclass(frozen=True)
class Row:
    """One finding as a table row: the finding plus what the template cannot compute."""

    f: Finding
    due: str
    tool: str
    steps_id: str
    sort_due: str  # ISO date the countdown is about, for sorting by deadline


@dataclass(frozen=True)
class StepsBlock:
    id: str
    title: str
    steps: Tuple[str, ...]


@dataclass(frozen=True)
class FindingGroup:
    id: str
    pack_id: str
    pack: Optional[PackSummary]
    app_id: str
    app: str
    total: int
    by_status: Tuple[Tuple[str, int], ...]
    citations: Tuple[str, ...]
    remediations: Tuple[str, ...]
    steps: Tuple[StepsBlock, ...]
    rows: Tuple[Row, ...]


@dataclass(frozen=True)
class Upcoming:
    pack_id: str
    pack_title: str
    app: str
    effective: dt.date
    days: int
    devices: int
    people: int


@dataclass(frozen=True)
class DataQuality:
    skipped_rows: Tuple[Problem, ...]
    other_problems: Tuple[Problem, ...]
    problem_total: int
    directory_used: bool
    unmatched_owners: Tuple[Tuple[str, int], ...]  # (owner as the inventory names it, devices)
    unmatched_total: int
    ownerless_devices: int
    duplicates: Tuple[Tuple[str, Tuple[Device, ...]], ...]
    duplicate_total: int


@dataclass(frozen=True)
class ReportContext:
    result: AuditResult
    summary: Mapping[str, Any]
    organisation: str
    generated_at: str
    version: str
    logo: Optional[str]
    sources: Tuple[SourceSummary, ...]
    source_warnings: Mapping[str, Tuple[str, ...]]  # path -> what makes that input a problem for the run
    people: Tuple[PersonAction, ...]
    people_total: int
    charts: Tuple[BarChart, ...]
    trend: Optional[TrendChart]
    groups: Tuple[FindingGroup, ...]
    rows_shown: int
    platforms: Tuple[str, ...]
    upcoming: Tuple[Upcoming, ...]
    waived_findings: int
    not_visible: Tuple[Device, ...]
    not_visible_total: int
    not_visible_counts: Tuple[Tuple[str, str, int], ...]  # (platform, visibility, devices)
    quality: DataQuality
    packs: Tuple[PackSummary, ...]


def _source_warnings(result: AuditResult) -> Dict[str, Tuple[str, ...]]:
    """The problems that lose an input (or part of it) or date it as stale, by the input they are about."""
    paths = {s.path for s in result.sources}
    warnings: Dict[str, List[str]] = {}
    for p in result.problems:
        if p.source in paths and (p.fatal or p.kind == ProblemKind.STALE):
            warnings.setdefault(p.source, []).append(p.message)
    return {path: tuple(messages) for path, messages in warnings.items()}


def _charts(result: AuditResult, summary: Mapping[str, Any]) -> Tuple[BarChart, ...]:
    names = {f.catalog_id: f.catalog_name for f in result.findings}
    by_app = {names.get(k, k): v for k, v in summary["by_app"].items()}
    departments = Counter(f.owner.department or NO_DEPARTMENT for f in result.findings)
    by_department = dict(sorted(departments.items(), key=lambda kv: (-kv[1], kv[0])))
    priorities = {p: p for p in summary["by_priority"]}
    return (
        bar_chart("chart-app", "Findings by app", by_app),
        bar_chart("chart-priority", "Findings by priority", summary["by_priority"], classes=priorities),
        bar_chart("chart-department", "Findings by department", by_department),
        bar_chart("chart-platform", "Findings by platform", summary["by_platform"]),
    )


def _slug(*parts: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else "-" for ch in part.lower()) for part in parts)[:120]


def group_id(f: Finding) -> str:
    """The anchor of the (policy, app) group a finding is listed in."""
    return "g-" + _slug(f.pack_id, f.catalog_id)


def _groups(result: AuditResult) -> Tuple[Tuple[FindingGroup, ...], int]:
    """Findings by (policy, app), the groups with the most urgent finding first; rows capped at MAX_ROWS."""
    packs = {p.id: p for p in result.packs}
    ordered = sorted(result.findings, key=lambda f: (urgency(f), f.device.name, f.key))
    shown = {f.key for f in ordered[:MAX_ROWS]}
    grouped: Dict[Tuple[str, str], List[Finding]] = {}
    for f in ordered:
        grouped.setdefault((f.pack_id, f.catalog_id), []).append(f)
    groups = []
    for (pack_id, app_id), findings in grouped.items():
        gid = group_id(findings[0])
        blocks: Dict[Tuple[str, str], StepsBlock] = {}
        rows = []
        for f in findings:
            if f.key not in shown:
                continue
            tool = primary_tool(f.device)
            block_key = (tool_family(tool), f.device.platform.value)
            if block_key not in blocks:
                title = f"{TOOL_TITLES.get(block_key[0], tool or 'unknown source')} · {f.device.platform.value}"
                if block_key[0] == "other" and tool:
                    title = f"{tool} · {f.device.platform.value}"
                blocks[block_key] = StepsBlock(f"{gid}-{_slug(*block_key)}", title,
                                               tool_steps(tool, f.device, f.app, f.catalog_name,
                                                          catalog_identifier(f)))
            rows.append(Row(f, due_text(f), tool, blocks[block_key].id,
                            (f.deadline or f.effective).isoformat()))
        statuses = Counter(f.status.value for f in findings)
        groups.append(FindingGroup(
            id=gid, pack_id=pack_id, pack=packs.get(pack_id), app_id=app_id, app=findings[0].catalog_name,
            total=len(findings), by_status=tuple((s.value, statuses[s.value]) for s in Status if statuses[s.value]),
            citations=tuple(dict.fromkeys(f.citation for f in findings if f.citation)),
            remediations=tuple(dict.fromkeys(f.remediation for f in findings if f.remediation)),
            steps=tuple(blocks.values()), rows=tuple(rows)))
    return tuple(groups), len(shown)


def _upcoming(result: AuditResult) -> Tuple[Upcoming, ...]:
    packs = {p.id: p for p in result.packs}
    grouped: Dict[Tuple[str, str, dt.date], List[Finding]] = {}
    for f in result.findings:
        if f.status == Status.UPCOMING:
            grouped.setdefault((f.pack_id, f.catalog_name, f.effective), []).append(f)
    items = [Upcoming(pack_id, packs[pack_id].title if pack_id in packs else pack_id, app, effective,
                      (effective - result.as_of).days, len({f.device.key for f in fs}),
                      len({(f.owner.email or f.owner.name or f.device.key) for f in fs}))
             for (pack_id, app, effective), fs in grouped.items()]
    return tuple(sorted(items, key=lambda u: (u.effective, u.app, u.pack_id)))


def _not_visible(result: AuditResult) -> Tuple[Tuple[Device, ...], int, Tuple[Tuple[str, str, int], ...]]:
    hidden = [d for d in result.devices if d.app_visibility != Visibility.FULL]
    counts = Counter((d.platform.value, d.app_visibility.value) for d in hidden)
    hidden.sort(key=lambda d: (d.app_visibility != Visibility.NONE, d.ownership.value, d.platform.value, d.name))
    return (tuple(hidden[:MAX_LIST]), len(hidden),
            tuple((p, v, n) for (p, v), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))))


def _quality(result: AuditResult) -> DataQuality:
    skipped = [p for p in result.problems if not p.fatal and p.line is not None]
    other = [p for p in result.problems if p.fatal or p.line is None]
    directory_used = result.staff_directory is not None
    ownerless = set()
    devices_of: Dict[str, set] = {}  # owners not found in the staff directory -> their devices
    for f in result.findings:
        who = f.owner.email or f.owner.name
        if not who:
            ownerless.add(f.device.key)
        elif f.owner.tier == Tier.UNKNOWN:
            devices_of.setdefault(who, set()).add(f.device.key)
    unmatched_list = sorted(((who, len(keys)) for who, keys in devices_of.items()), key=lambda kv: (-kv[1], kv[0]))
    by_name: Dict[str, List[Device]] = {}
    for d in result.devices:
        if d.name:
            by_name.setdefault(d.name.strip().lower(), []).append(d)
    duplicates = sorted(((ds[0].name, tuple(ds)) for ds in by_name.values() if len(ds) > 1), key=lambda kv: kv[0])
    return DataQuality(tuple(skipped[:MAX_LIST]), tuple(other[:MAX_LIST]), len(result.problems), directory_used,
                       tuple(unmatched_list[:MAX_LIST]) if directory_used else (), len(unmatched_list),
                       len(ownerless), tuple(duplicates[:MAX_LIST]), len(duplicates))


def build_context(report: Report, version: str, logo: Optional[str] = None) -> ReportContext:
    result, summary, options = report.result, report.summary, report.options
    trend = options.trend
    if trend is None and result.trend:  # from the run history
        trend = [(point.as_of, dict(point.by_priority)) for point in result.trend]
    people = act_first(result.findings)
    groups, rows_shown = _groups(result)
    not_visible, not_visible_total, not_visible_counts = _not_visible(result)
    return ReportContext(
        result=result, summary=summary, organisation=options.organisation, generated_at=options.generated_at,
        version=version, logo=logo, sources=result.sources, source_warnings=_source_warnings(result), people=tuple(people[:MAX_PEOPLE]), people_total=len(people),
        charts=_charts(result, summary), trend=trend_chart(trend) if trend else None, groups=groups,
        rows_shown=rows_shown, platforms=tuple(sorted({f.device.platform.value for f in result.findings})),
        upcoming=_upcoming(result), waived_findings=sum(1 for f in result.findings if f.status == Status.WAIVED),
        not_visible=not_visible, not_visible_total=not_visible_total, not_visible_counts=not_visible_counts,
        quality=_quality(result), packs=result.packs)
