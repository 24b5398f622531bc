"""Everything report.html (and the e-mail) shows, computed in Python, so the templates only lay it out.

The context is one frozen dataclass (its field names are the template's variables). Every list a person
reads is capped: beyond the caps the detail is in findings.csv, findings.json and actions.csv, and the
report says so. Nothing here is proportional to the number of devices except single passes over them, and
nothing walks one list once per item of another: problems are indexed by source once."""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from auditor.model import (AuditResult, Binding, Device, Finding, NearMiss, PackChange, PackSummary, Problem,
                           ProblemKind, Status, Tier)
from auditor.render.actions import (AppLine, PersonAction, ResolvedLine, UnseenDevice, UnseenPerson, app_lines,
                                    catalog_identifier, company_wide, due_text, fleet_changes, people_to_call, remedy_name,
                                    seen_name, tier_of, unseen_devices, unseen_high_risk, visibility_advice)
from auditor.render.carried import (CarriedLine, carried_lines, held_lines, held_sentence, held_urgent,
                                    incomplete_act_first)
from auditor.render.charts import BarChart, TrendChart, TrendPoint, bar_chart, trend_chart
from auditor.render.interface import Report
from auditor.render.remediation import TOOL_TITLES, primary_tool, tool_family, tool_steps
from auditor.render.waived import WaivedLine, waived_lines

MAX_ROWS = 1000  # device-and-app lines in the HTML (each laid out on load: no content-visibility); the CSV and JSON hold them all
MAX_PEOPLE = 60
MAX_LIST = 300  # problems, devices not visible, duplicates, unmatched owners, near misses
NO_DEPARTMENT = "not in staff directory"
NO_DEPARTMENT_KEY = "-"  # the department filter's value for findings whose owner has none


@dataclass(frozen=True)
class PolicyCell:
    """One policy a line breaks: which, whether it binds the organisation, and its own countdown."""

    pack_id: str
    title: str
    adopted: bool
    status: str
    priority: str
    due: str


@dataclass(frozen=True)
class Row:
    """One device and one app as a table row: the line plus what the template cannot compute."""

    line: AppLine
    due: str  # the most urgent finding's countdown
    policies: Tuple[PolicyCell, ...]
    tool: str
    steps_id: str
    sort_due: str  # ISO date the countdown is about, for sorting by deadline
    marks: str  # "P1:overdue P3:waived": each finding's priority and status, for the filters (report.js)
    department: str  # the department filter's value
    device_ref: str  # the device, as an opaque token: report.js counts the devices a filter shows

    @property
    def f(self) -> Finding:
        return self.line.worst


@dataclass(frozen=True)
class StepsBlock:
    id: str
    title: str
    steps: Tuple[str, ...]


@dataclass(frozen=True)
class GroupPolicy:
    pack_id: str
    title: str
    pack: Optional[PackSummary]
    citations: Tuple[str, ...]
    findings: int


@dataclass(frozen=True)
class FindingGroup:
    """One app: every policy that bans it here, its remediation once per (tool, platform), one row per device."""

    id: str
    app_id: str
    app: str
    total: int  # findings
    lines: int  # devices
    by_status: Tuple[Tuple[str, int], ...]
    policies: Tuple[GroupPolicy, ...]
    remediations: Tuple[str, ...]
    steps: Tuple[StepsBlock, ...]
    rows: Tuple[Row, ...]


@dataclass(frozen=True)
class Cards:
    """The counts at the top: open findings by priority (what the trend counts), and the rest by where it is."""

    open_by_priority: Tuple[Tuple[str, int], ...]
    open: int
    overdue: int
    upcoming: int
    waived: int
    total: int
    probable: int
    devices: int
    devices_with_findings: int


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
class Changes:
    history: bool  # a previous run to compare with
    since: str
    new: int  # device-and-app lines (FleetChanges)
    reopened: int
    persisting: int
    resolved: Tuple[ResolvedLine, ...]
    resolved_total: int
    law: Tuple[PackChange, ...]


@dataclass(frozen=True)
class AdviceGroup:
    """Devices not fully visible that call for the same thing: the advice said once, then the devices."""

    advice: str
    rows: Tuple[UnseenDevice, ...]


@dataclass(frozen=True)
class VisibilitySummary:
    devices: int
    total: int  # devices not fully visible
    high_risk: int
    rows: Tuple[UnseenDevice, ...]
    counts: Tuple[Tuple[str, str, int], ...]  # (platform, visibility, devices)
    groups: Tuple[AdviceGroup, ...] = ()  # `rows` by what to do, each group in the rows' order (tier first)


@dataclass(frozen=True)
class SourceRow:
    name: str  # the file's own name (a ZIP member's name, with its archive)
    path: str
    format: str
    exported: str
    rows: int
    skipped: int
    devices: int
    apps: int
    sha256: str
    warnings: Tuple[str, ...]  # what makes that input a problem for the run


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
    cards: Cards
    people: Tuple[PersonAction, ...]
    people_total: int
    unseen: Tuple[UnseenPerson, ...]
    unseen_total: int
    charts: Tuple[BarChart, ...]
    trend: Optional[TrendChart]
    changes: Changes
    groups: Tuple[FindingGroup, ...]
    rows_shown: int
    lines_total: int
    findings_shown: int
    filters: Mapping[str, Tuple[Tuple[str, str], ...]]  # select name -> (value, label), for the findings filters
    near_misses: Tuple[NearMiss, ...]
    upcoming: Tuple[Upcoming, ...]
    waived_findings: int
    visibility: VisibilitySummary
    quality: DataQuality
    sources: Tuple[SourceRow, ...]
    packs: Tuple[PackSummary, ...]
    # An incomplete run: what it says instead of "nothing needs a call", and the last complete run's open
    # P1/P2 lines it could not check (auditor.render.carried); "" and () for a complete run.
    carried_sentence: str = ""
    carried: Tuple[CarriedLine, ...] = ()
    # A complete run: the findings the history holds open because it did not see their devices' apps, "not
    # re-checked tonight"; how many of their lines are P1/P2 in violation or overdue (then nobody is told that
    # nothing needs a call).
    held_sentence: str = ""
    held: Tuple[CarriedLine, ...] = ()
    held_urgent: int = 0
    held_total: int = 0  # held-open lines in all (`held` is capped)
    # Waived P1/P2 findings, by person, named with the waiver and its expiry (auditor.render.waived).
    waived: Tuple[WaivedLine, ...] = ()
    waived_total: int = 0


def _slug(*parts: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else "-" for ch in part.lower()) for part in parts)[:120]


def group_id(f: Finding) -> str:
    """The anchor of the app's group in the findings."""
    return "g-" + _slug(f.catalog_id)


def steps_id(f: Finding) -> str:
    """The anchor of the steps for the finding's app in its device's tool and platform (and, for a company-wide
    finding, the product as seen: its steps name it)."""
    anchor = f"{group_id(f)}-{_slug(tool_family(primary_tool(f.device)), f.device.platform.value)}"
    return f"{anchor}-{_slug(seen_name(f))}" if company_wide(f) else anchor


def _department_key(f: Finding) -> str:
    return f.owner.department or NO_DEPARTMENT_KEY


def _cards(result: AuditResult, summary: Mapping[str, Any]) -> Cards:
    by_status = summary["by_status"]
    opened = summary["open_by_priority"]
    return Cards(tuple(opened.items()), sum(opened.values()), by_status["overdue"], by_status["upcoming"],
                 by_status["waived"], summary["findings"],
                 sum(1 for f in result.findings if f.confidence.value == "probable"),
                 summary["devices"], summary["devices_with_findings"])


def _ranked(counter: Counter, labels: Mapping[str, str]) -> List[Tuple[str, str, int]]:
    return [(key, labels.get(key, key), n) for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _charts(result: AuditResult, summary: Mapping[str, Any]) -> Tuple[BarChart, ...]:
    """Devices with open findings (what the cards and the trend count) by app, priority, department and
    platform: a bar counts a device once however many policies ban its app there (bars of findings counted one
    device under two policies twice). A device with two apps, or open findings of two priorities, is in both
    bars. A click on a bar lists exactly the devices it counts (report.js says how many)."""
    opened = [f for f in result.findings if result.counts_as_open(f)]
    names = {f.catalog_id: f.catalog_name for f in opened}
    first: Dict[str, Finding] = {}  # one finding per device: its owner's department, its platform
    for f in opened:
        first.setdefault(f.device.key, f)
    devices = list(first.values())
    priorities = Counter(p for _, p in {(f.device.key, f.priority) for f in opened})
    departments = {NO_DEPARTMENT_KEY: NO_DEPARTMENT}
    unit = ("device", "devices")
    return (
        bar_chart("chart-app", "Devices with open findings, by app",
                  _ranked(Counter(summary["open_devices_by_app"]), names), filter_name="app",
                  total=len(devices), unit=unit),
        bar_chart("chart-priority", "Devices with open findings, by priority",
                  [(p, p, priorities.get(p, 0)) for p in ("P1", "P2", "P3", "P4")], filter_name="prio",
                  classes={p: p for p in ("P1", "P2", "P3", "P4")}, total=len(devices), unit=unit),
        bar_chart("chart-department", "Devices with open findings, by department",
                  _ranked(Counter(_department_key(f) for f in devices), departments), filter_name="dept", unit=unit),
        bar_chart("chart-platform", "Devices with open findings, by platform",
                  _ranked(Counter(f.device.platform.value for f in devices), {}), filter_name="platform", unit=unit),
    )


def _trend_points(report: Report) -> Optional[Sequence[TrendPoint]]:
    if report.options.trend is not None:
        return report.options.trend
    if report.result.trend:  # from the run history: this run is the last point
        return [(point.as_of, dict(point.by_priority), point.complete) for point in report.result.trend]
    return None


def _row(line: AppLine, packs: Mapping[str, PackSummary], steps_anchor: str) -> Row:
    policies = []
    for pack_id in line.policies:
        f = next(x for x in line.findings if x.pack_id == pack_id)
        pack = packs.get(pack_id)
        policies.append(PolicyCell(pack_id, pack.title if pack else pack_id, f.binding == Binding.ADOPTED,
                                   f.status.value, f.priority, due_text(f)))
    worst = line.worst
    return Row(line, due_text(worst), tuple(policies), primary_tool(line.device), steps_anchor,
               (line.earliest_deadline or worst.effective).isoformat(),
               " ".join(f"{f.priority}:{f.status.value}" for f in line.findings), _department_key(worst),
               hashlib.sha256(line.device.key.encode("utf-8", "surrogatepass")).hexdigest()[:16])


def _groups(result: AuditResult, lines: Sequence[AppLine]) -> Tuple[Tuple[FindingGroup, ...], int, int]:
    """Lines by app, the app with the most urgent line first; rows capped at MAX_ROWS (the most urgent kept).
    The steps for each (tool, platform) of an app are listed once, for every line, shown or not."""
    packs = {p.id: p for p in result.packs}
    by_app: Dict[str, List[AppLine]] = {}
    for line in lines:  # already the most urgent first
        by_app.setdefault(line.catalog_id, []).append(line)
    shown = {id(line) for line in lines[:MAX_ROWS]}
    groups, findings_shown = [], 0
    for app_id, app_lines_ in by_app.items():
        first = app_lines_[0].worst
        gid = group_id(first)
        blocks: Dict[str, StepsBlock] = {}
        rows = []
        findings = [f for line in app_lines_ for f in line.findings]
        for line in app_lines_:
            f = line.worst
            anchor = steps_id(f)
            if anchor not in blocks:
                tool = primary_tool(f.device)
                family = tool_family(tool)
                title = f"{TOOL_TITLES.get(family, tool or 'unknown source')} · {f.device.platform.value}"
                if family == "other" and tool:
                    title = f"{tool} · {f.device.platform.value}"
                if company_wide(f):
                    title += f" · {seen_name(f)}"
                blocks[anchor] = StepsBlock(anchor, title, tool_steps(tool, f.device, f.app, remedy_name(f),
                                                                      catalog_identifier(f)))
            if id(line) in shown:
                rows.append(_row(line, packs, anchor))
                findings_shown += len(line.findings)
        statuses = Counter(f.status.value for f in findings)
        by_pack: Dict[str, List[Finding]] = {}
        for f in findings:
            by_pack.setdefault(f.pack_id, []).append(f)
        policies = tuple(GroupPolicy(pack_id, packs[pack_id].title if pack_id in packs else pack_id,
                                     packs.get(pack_id), tuple(dict.fromkeys(f.citation for f in fs if f.citation)),
                                     len(fs))
                         for pack_id, fs in by_pack.items())
        groups.append(FindingGroup(
            id=gid, app_id=app_id, app=first.catalog_name, total=len(findings), lines=len(app_lines_),
            by_status=tuple((s.value, statuses[s.value]) for s in Status if statuses[s.value]),
            policies=policies, remediations=tuple(dict.fromkeys(f.remediation for f in findings if f.remediation)),
            steps=tuple(blocks.values()), rows=tuple(rows)))
    return tuple(groups), min(len(lines), MAX_ROWS), findings_shown


def _filters(result: AuditResult) -> Dict[str, Tuple[Tuple[str, str], ...]]:
    apps = {f.catalog_id: f.catalog_name for f in result.findings}
    departments = sorted({_department_key(f) for f in result.findings})
    return {
        "platform": tuple((p, p) for p in sorted({f.device.platform.value for f in result.findings})),
        "app": tuple(sorted(apps.items(), key=lambda kv: kv[1].lower())),
        "dept": tuple((d, NO_DEPARTMENT if d == NO_DEPARTMENT_KEY else d) for d in departments),
    }


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


def _changes(result: AuditResult) -> Changes:
    fleet = fleet_changes(result)
    return Changes(fleet.history, fleet.since, fleet.new, fleet.reopened, fleet.persisting,
                   fleet.resolved[:MAX_LIST], len(fleet.resolved), result.pack_changes)


def _visibility(result: AuditResult, summary: Mapping[str, Any]) -> VisibilitySummary:
    pairs = result.not_visible
    counts = Counter((d.platform.value, d.app_visibility.value) for d, _ in pairs)
    rows = tuple(unseen_devices(pairs, MAX_LIST))
    by_advice: Dict[str, List[UnseenDevice]] = {}
    for item in rows:
        by_advice.setdefault(visibility_advice(item.device), []).append(item)
    return VisibilitySummary(summary["devices"], len(pairs), sum(1 for _, o in pairs if tier_of(o).high_risk), rows,
                             tuple((p, v, n) for (p, v), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
                             tuple(AdviceGroup(advice, tuple(items)) for advice, items in by_advice.items()))


def problems_by_source(problems: Iterable[Problem]) -> Dict[str, List[Problem]]:
    """The problems of each input, in one pass (never one pass per input: a ZIP of 10,050 members is 10,050
    inputs and as many problems)."""
    index: Dict[str, List[Problem]] = {}
    for p in problems:
        index.setdefault(p.source, []).append(p)
    return index


def file_name(path: str) -> str:
    """The file's own name: 'devices.csv', or 'page-1.csv in export.zip' for a member of an archive."""
    archive, _, member = path.partition("!")
    base = archive.replace("\\", "/").rsplit("/", 1)[-1]
    return f"{member.rsplit('/', 1)[-1]} in {base}" if member else base


def _sources(result: AuditResult, index: Mapping[str, List[Problem]]) -> Tuple[SourceRow, ...]:
    rows = []
    for s in result.sources:
        warnings = tuple(p.message for p in index.get(s.path, ()) if p.fatal or p.kind == ProblemKind.STALE)
        shown_format = s.format if s.encoding in ("", "utf-8") else f"{s.format}, read as {s.encoding}"
        rows.append(SourceRow(file_name(s.path), s.path, shown_format, s.export_time or "file time", s.rows,
                              s.rows_skipped, s.devices, s.apps, s.sha256, warnings))
    return tuple(rows)


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
    first: Dict[str, Device] = {}  # a list only for names that repeat: one pass, nothing kept per device
    repeated: Dict[str, List[Device]] = {}
    for d in result.devices:
        if d.name:
            name = d.name.strip().lower()
            seen = first.setdefault(name, d)
            if seen is not d:
                repeated.setdefault(name, [seen]).append(d)
    duplicates = sorted(((ds[0].name, tuple(ds)) for ds in repeated.values()), key=lambda kv: kv[0])
    return DataQuality(tuple(skipped[:MAX_LIST]), tuple(other[:MAX_LIST]), len(result.problems), directory_used,
                       tuple(unmatched_list[:MAX_LIST]) if directory_used else (), len(unmatched_list),
                       len(ownerless), tuple(duplicates[:MAX_LIST]), len(duplicates))


def build_context(report: Report, version: str, logo: Optional[str] = None) -> ReportContext:
    result, summary, options = report.result, report.summary, report.options
    problems = result.problems
    people = people_to_call(result)
    unseen = unseen_high_risk(result.not_visible)
    lines = app_lines(result.findings)
    groups, rows_shown, findings_shown = _groups(result, lines)
    trend = _trend_points(report)
    near = sorted(result.near_misses, key=lambda n: (-n.devices, n.resembles, n.name))
    return ReportContext(
        result=result, summary=summary, organisation=options.organisation, generated_at=options.generated_at,
        version=version, logo=logo, cards=_cards(result, summary), people=tuple(people[:MAX_PEOPLE]),
        people_total=len(people), unseen=tuple(unseen[:MAX_PEOPLE]), unseen_total=len(unseen),
        charts=_charts(result, summary), trend=trend_chart(trend) if trend else None, changes=_changes(result),
        groups=groups, rows_shown=rows_shown, lines_total=len(lines), findings_shown=findings_shown,
        filters=_filters(result), near_misses=tuple(near[:MAX_LIST]), upcoming=_upcoming(result),
        waived_findings=summary["by_status"]["waived"], visibility=_visibility(result, summary),
        quality=_quality(result), sources=_sources(result, problems_by_source(problems)), packs=result.packs,
        carried_sentence=incomplete_act_first(result),
        carried=carried_lines(result.carried_forward) if result.carried_forward and not result.complete else (),
        held_sentence=held_sentence(result), held=held_lines(result)[:MAX_LIST], held_urgent=held_urgent(result),
        held_total=len(held_lines(result)),
        waived=waived_lines(result.findings)[:MAX_PEOPLE], waived_total=len(waived_lines(result.findings)))
