"""The cron entry: config -> lock -> acquire -> audit -> history -> render -> publish -> retention -> notify.

Nothing is visible until the run is complete: the report is written in a temporary folder and renamed;
the history gets the run in one transaction. A killed run leaves the previous report and history as
they were; the next run removes its temporary folder."""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

from auditor.run.config import RunConfig
from auditor.engine.audit import audit
from auditor.errors import AuditorError, OutputError
from auditor.history import connect, open_by_priority, record, with_history
from auditor.run.lock import RunLock
from auditor.model import AuditResult, Problem
from auditor.run.notify import RunNews, post_webhook, send_email, should_send
from auditor.people.files import PeopleFiles
from auditor.policy.library import load_selected, pack_manifest
from auditor.run.runfolder import (apply_retention, archive_inputs, input_files, publish, remove_stale_temps, run_name,
                               temp_folder)
from auditor.render.summary import summarise
from auditor.people.waivers import check_against as check_waivers

log = logging.getLogger("auditor.run")

# (config, folder to write into) -> (paths to audit, problems): SFTP fetch and SSH collect plug in here.
Acquirer = Callable[[RunConfig, Path], Tuple[List[Path], List[Problem]]]


@dataclass(frozen=True)
class RunOutcome:
    exit_code: int
    folder: Optional[Path]
    result: AuditResult


def scheduled_run(config: RunConfig, as_of: dt.date, now: dt.datetime, exit_code_of: Callable[[AuditResult, str], int],
                  render: Callable[[AuditResult, Path, List[Dict[str, object]], Tuple[Dict[str, str], ...]], None],
                  acquire: Optional[Acquirer] = None) -> RunOutcome:
    config.output.mkdir(parents=True, exist_ok=True)
    with RunLock(config.output / ".auditor.run.lock"):
        for stale in remove_stale_temps(config.output):
            log.warning("removed %s, left by a run that did not finish", stale)
        library, packs = load_selected(config.policies, as_of, config.jurisdictions)
        people = PeopleFiles(config.staff, config.staff_mapping, config.risk, config.waivers,
                             config.allow_open_waivers).load()  # all validated before anything is fetched
        check_waivers(people.waivers, library.apps, {p.id: [r.id for r in p.rules] for p in library.packs.values()})
        paths = list(config.paths)
        problems: List[Problem] = []
        if acquire is not None and (config.sftp or config.ssh_hosts):
            fetched, acquire_problems = acquire(config, config.work_dir)
            paths.extend(fetched)
            problems.extend(acquire_problems)
        elif config.sftp or config.ssh_hosts:
            problems.append(Problem(str(config.file), "SFTP/SSH inputs are configured but acquisition is not "
                                                      "available in this installation", None, True))
        log.info("auditing %d inputs with %d packs as of %s", len(paths), len(packs), as_of)
        result = audit(paths, library, packs, as_of, max_export_age_days=config.max_export_age_days, people=people)
        if problems:
            result = dataclasses.replace(result, problems=tuple(problems) + result.problems)
        conn = connect(config.history)
        temp: Optional[Path] = None
        try:
            result = with_history(conn, result)
            code = exit_code_of(result, config.fail_on)
            name = run_name(now, config.output)
            temp = temp_folder(config.output, name)
            extra: List[Dict[str, object]] = []
            if config.archive_inputs:
                extra.append(archive_inputs(input_files(paths) + [p for p in (config.staff, config.waivers) if p],
                                            temp / "inputs.zip"))
            render(result, temp, extra, pack_manifest(library, packs, as_of))
            manifest = {"run": name, "config": str(config.file),
                        "inputs": [{"path": s.path, "sha256": s.sha256} for s in result.sources]}
            record(conn, result, now.isoformat(), manifest, summarise(result), code, name)
        except BaseException as exc:
            # Nothing of this run is published; its half-written folder goes now, not at the next run
            # (on a full disk it holds the space the next run needs).
            if temp is not None:
                shutil.rmtree(temp, ignore_errors=True)
            if isinstance(exc, OSError):
                raise OutputError(f"{config.output}: the run could not be written: {exc.strerror or exc}; "
                                  "the previous report and the history are unchanged") from None
            if isinstance(exc, AuditorError):
                raise type(exc)(f"{exc}; the previous report and the history are unchanged") from None
            raise
        finally:
            conn.close()
        folder = publish(temp, config.output, name)
        for removed in apply_retention(config.output, config.retention.keep_runs, config.retention.max_age_days, now):
            log.info("retention: removed %s", removed)
        _notify(config, result, folder)
        return RunOutcome(code, folder, result)


def _news(config: RunConfig, result: AuditResult, folder: Path) -> RunNews:
    summary = summarise(result)
    new = sum(1 for f in result.findings if f.change in ("new", "reopened") and f.priority in ("P1", "P2")
              and f.status.value in ("violation", "overdue"))
    markdown = (folder / "summary.md").read_text(encoding="utf-8") if (folder / "summary.md").is_file() else ""
    return RunNews(organisation=config.organisation, as_of=result.as_of.isoformat(), complete=result.complete,
                   findings=len(result.findings), open_by_priority=open_by_priority(result), new_p1_p2=new,
                   resolved=len(result.resolved), summary_markdown=markdown, report=folder / "report.html",
                   incomplete_reasons=summary["incomplete_reasons"])


def _notify(config: RunConfig, result: AuditResult, folder: Path) -> None:
    news = _news(config, result, folder)
    if config.email is not None and should_send(config.email.when, news):
        try:
            send_email(config.email, news)
        except Exception as exc:  # the report is written; a mail failure must be loud but not lose it
            log.error("e-mail not sent: %s: %s", type(exc).__name__, exc)
    if config.webhook is not None and should_send(config.webhook.when, news):
        try:
            post_webhook(config.webhook, news)
        except Exception as exc:
            log.error("webhook not posted: %s: %s", type(exc).__name__, exc)

