"""THE audit run, one function for `auditor audit`, `auditor demo` and `auditor run`:

select packs, load the people files (all validated first: a bad one exits 2 and nothing is written or fetched)
-> acquire (scheduled runs: SFTP, SSH) -> plan -> read -> merge -> evaluate -> enrich (auditor.engine)
-> compare with the history -> render into the destination, the history recording the run just before the
files are published."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol, Tuple

from auditor.engine import audit
from auditor.errors import DEFAULT_FAIL_ON, result_exit_code
from auditor.history import connect, pack_changes, record, with_history
from auditor.model import AuditResult, Confidence, Problem
from auditor.people import PeopleFiles, check_against
from auditor.policy import Library, company_entry_id, company_entry_name, select
from auditor.reading import DEFAULT_MAX_AGE_DAYS, Progress, cyclic_gc_paused, heap_frozen
from auditor.render import OutputOptions, Report, write_outputs
from auditor.run.runfolder import archive_inputs
from auditor.sources import plan_inputs
from auditor.textio.archives import InflateLimits

log = logging.getLogger("auditor.run")



@dataclass(frozen=True)
class Acquired:
    """What acquisition before planning gave (a scheduled run's SFTP, SSH and API sources)."""

    paths: Tuple[Path, ...]
    problems: Tuple[Problem, ...]
    records: Tuple[Dict[str, Any], ...] = ()  # manifest.json's `pulls`: per API source, what was pulled


Acquirer = Callable[[], Acquired]


@dataclass(frozen=True)
class AuditRequest:
    """Everything one run needs, as the command line or the configuration file says it."""

    inputs: Tuple[Path, ...]
    as_of: dt.date
    policies: Tuple[str, ...] = ()
    jurisdictions: Tuple[str, ...] = ()  # none: the organisation's country (auditor.policy.selection)
    org_types: Tuple[str, ...] = ()  # what the organisation is (--org-type); none: private
    people: PeopleFiles = PeopleFiles()
    source_format: Optional[str] = None
    max_export_age_days: int = DEFAULT_MAX_AGE_DAYS
    fail_on: str = DEFAULT_FAIL_ON
    jobs: int = 1
    min_confidence: Confidence = Confidence.PROBABLE  # confirmed: probable findings are left out (counted)
    history: Optional[Path] = None  # SQLite run history: compare with the last run, and record this one
    archive_inputs: bool = False  # keep the run's exact inputs beside its report (inputs.zip)
    organisation: str = ""
    template_dir: Optional[str] = None
    logo: Optional[Path] = None
    arguments: Tuple[str, ...] = ()  # as manifest.json lists them
    exclude: Tuple[str, ...] = ()  # file patterns never read (--exclude, inputs.exclude), listed in the manifest
    encoding: Optional[str] = None  # the CSV inputs' code page (--encoding, inputs.encoding); None: detected
    inflate_limits: InflateLimits = InflateLimits()  # what ZIP members may inflate to (inputs.max_inflated_bytes)


class Destination(Protocol):
    """Where a run's outputs go: a folder written in place (`auditor audit --out`), or a run folder written
    under a temporary name and published when complete (auditor.run.scheduled)."""

    def folder(self) -> Path:
        """The folder to write into (made when the outputs are about to be written)."""

    def label(self) -> str:
        """The report folder, as the history records it."""

    def failed(self, exc: BaseException) -> None:
        """Cleans up after a failure while writing, and may raise a clearer error than exc."""


@dataclass(frozen=True)
class OutputFolder:
    """`auditor audit --out DIR`: every file is written atomically into DIR."""

    path: Path

    def folder(self) -> Path:
        return self.path

    def label(self) -> str:
        return str(self.path)

    def failed(self, exc: BaseException) -> None:
        return None  # write_outputs removed its temporary files; the previous report is as it was


@dataclass(frozen=True)
class RunOutcome:
    result: AuditResult
    exit_code: int
    written: Dict[str, Path]
    summary: Mapping[str, Any]
    generated_at: str = ""  # when the outputs were written (the e-mail says it, not the as-of date)


def generated_at() -> str:
    """Now in UTC; SOURCE_DATE_EPOCH makes outputs reproducible (golden tests, archives)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.timezone.utc))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def run_once(request: AuditRequest, destination: Destination, acquire: Optional[Acquirer] = None,
             progress: Progress = None, run_at: Optional[str] = None) -> RunOutcome:
    # What the run's pauses freeze is collectable again when it ends, also when it fails half-way (a waiver
    # error, a history error, an output folder that cannot be made): never a heap left frozen in the process.
    with heap_frozen():
        return _run(request, destination, acquire, progress, run_at)


def _run(request: AuditRequest, destination: Destination, acquire: Optional[Acquirer], progress: Progress,
         run_at: Optional[str]) -> RunOutcome:
    # invalid, or a selection of nothing: exit 2, nothing written
    selection = select(request.policies, request.as_of, request.jurisdictions, request.org_types)
    with cyclic_gc_paused(freeze=True):  # a staff directory of 100,000 people makes no cycle
        people = request.people.load()
    library = selection.library
    check_against(people.waivers, library.catalog_ids(),
                  {p.id: [r.id for r in p.rules] for p in library.packs.values()})
    # The history is opened and checked before anything is fetched or read: a newer schema (exit 2) or a
    # damaged one (exit 4) stops the run before it costs a night's acquisition.
    conn = connect(request.history) if request.history else None
    try:
        paths, problems, pulled = list(request.inputs), [], ()
        if acquire is not None:
            acquired = acquire()
            paths.extend(acquired.paths)
            problems, pulled = list(acquired.problems), tuple({"role": "pull", **r} for r in acquired.records)
        log.info("auditing %d inputs with %d packs as of %s", len(paths), len(selection.packs), request.as_of)
        plan = plan_inputs(paths, request.source_format, request.exclude, request.inflate_limits, request.encoding)
        with cyclic_gc_paused(freeze=True):  # (heap_frozen, below, thaws what the audit made once it is written)
            result = audit(plan, selection, people, request.max_export_age_days, progress, request.jobs,
                           request.min_confidence)
        del people  # the result holds what it needs of the staff directory: freed before the outputs are made
        if problems:
            result = dataclasses.replace(result, problems=tuple(problems) + result.problems)
        try:
            if conn is not None:
                result = _named(with_history(conn, result), library)
                result = dataclasses.replace(result, pack_changes=pack_changes(conn, result, library))
            code = result_exit_code(result, request.fail_on)
            folder = destination.folder()
            support = plan.support_manifest() + request.people.manifest() + pulled
            if request.archive_inputs:
                kept = list(plan.files) + [p for p in (request.people.staff, request.people.waivers) if p]
                support += (archive_inputs(kept, folder / "inputs.zip"),)
            report = Report.of(result, OutputOptions(
                generated_at=generated_at(), organisation=request.organisation, template_dir=request.template_dir,
                logo=request.logo, support_files=support, arguments=request.arguments))
            with heap_frozen():
                written = write_outputs(report, folder, before_publish=None if conn is None else _recorder(
                    conn, report, code, run_at or report.options.generated_at, destination.label()))
        except BaseException as exc:
            destination.failed(exc)
            raise
    finally:
        if conn is not None:
            conn.close()
    return RunOutcome(result, code, written, report.summary, report.options.generated_at)


def _named(result: AuditResult, library: Library) -> AuditResult:
    """Carried-forward, held-open and resolved findings with their apps' names (the history records catalog ids): 'TikTok',
    not 'tiktok'; an app the library no longer knows keeps its id."""
    names = {company_entry_id(c.id): company_entry_name(c) for c in library.companies.values()}
    names.update({a.id: a.name for a in library.apps.values()})
    result = dataclasses.replace(result, resolved=tuple(
        dataclasses.replace(r, app_name=names[r.app]) if r.app in names else r for r in result.resolved),
        held_open=tuple(dataclasses.replace(f, app=names.get(f.app, f.app)) for f in result.held_open))
    carried = result.carried_forward
    if carried is None:
        return result
    findings = tuple(dataclasses.replace(f, app=names.get(f.app, f.app)) for f in carried.findings)
    return dataclasses.replace(result, carried_forward=dataclasses.replace(carried, findings=findings))


def _recorder(conn: sqlite3.Connection, report: Report, code: int, run_at: str, label: str) -> Callable[[], None]:
    """Records the run once its files are written, before they are published: a run the history lacks is
    never published, and a published run is always in the history."""
    result = report.result
    manifest = {"out": label, "arguments": list(report.options.arguments),
                "inputs": [{"path": s.path, "sha256": s.sha256} for s in result.sources]}

    def record_run() -> None:
        record(conn, result, run_at, manifest, dict(report.summary), code, label)
    return record_run
