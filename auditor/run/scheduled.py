"""The cron entry: config -> lock -> the one audit run (auditor.run.once, acquiring SFTP and SSH sources
first) into a temporary run folder -> publish -> retention -> notify.

Nothing is visible until the run is complete: the report is written in a temporary folder and renamed;
the history gets the run in one transaction. A killed run leaves the previous report and history as
they were; the next run removes its temporary folder."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from auditor.errors import AuditorError, ConfigError, OutputError
from auditor.history import open_by_priority
from auditor.model import AuditResult, Problem, ProblemKind
from auditor.people import PeopleFiles
from auditor.run.config import RunConfig
from auditor.run.lock import RunLock
from auditor.run.notify import RunNews, post_webhook, send_email, should_send
from auditor.run.once import Acquired, Acquirer, AuditRequest, RunOutcome, run_once
from auditor.run.runfolder import (apply_retention, check_output, publish, remove_stale_temps, run_name,
                                   temp_folder)
from auditor.textio.names import shown

log = logging.getLogger("auditor.run")

# (config, folder to write into) -> what was acquired: SFTP fetch, SSH collect and API pulls plug in here
# (auditor.run.acquisition, when this installation has paramiko).
ConfigAcquirer = Callable[[RunConfig, Path], Acquired]


class RunFolder:
    """reports/2026-11-23T0200Z/, written as a temporary folder and renamed into place when complete."""

    def __init__(self, output: Path, started: dt.datetime) -> None:
        self.output = output
        self.started = started
        self.name = ""
        self.temp: Optional[Path] = None

    def folder(self) -> Path:
        self.name = run_name(self.started, self.output)
        self.temp = temp_folder(self.output, self.name)
        return self.temp

    def label(self) -> str:
        return self.name

    def failed(self, exc: BaseException) -> None:
        # Nothing of this run is published; its half-written folder goes now, not at the next run
        # (on a full disk it holds the space the next run needs).
        if self.temp is not None:
            shutil.rmtree(self.temp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"{self.output}: the run could not be written: {exc.strerror or exc}; "
                              "the previous report and the history are unchanged") from None
        if isinstance(exc, AuditorError):
            raise type(exc)(f"{exc}; the previous report and the history are unchanged") from None


@dataclass(frozen=True)
class ScheduledOutcome:
    run: RunOutcome
    folder: Path  # the published run folder


def request_of(config: RunConfig, as_of: dt.date) -> AuditRequest:
    return AuditRequest(
        inputs=config.paths, as_of=as_of, policies=config.policies, jurisdictions=config.jurisdictions,
        org_types=config.org_types,
        people=PeopleFiles(config.staff, config.staff_mapping, config.risk, config.waivers, config.allow_open_waivers,
                           shown(config.file)),
        max_export_age_days=config.max_export_age_days, fail_on=config.fail_on, history=config.history,
        min_confidence=config.min_confidence,
        archive_inputs=config.archive_inputs, organisation=config.organisation,
        arguments=("run", "--config", shown(config.file)), exclude=config.exclude, encoding=config.encoding,
        inflate_limits=config.inflate_limits)


def _acquirer(config: RunConfig, acquire: Optional[ConfigAcquirer]) -> Optional[Acquirer]:
    if not (config.sftp or config.ssh_hosts or config.api):
        return None
    if acquire is None:
        missing = Problem(str(config.file), "SFTP/SSH/API inputs are configured but acquisition is not available in "
                                            "this installation", None, True, ProblemKind.ACQUISITION)
        return lambda: Acquired((), (missing,))
    return lambda: acquire(config, config.work_dir)


def check_secrets(config: RunConfig) -> None:
    """Every environment variable the configuration names is set, before anything runs: a missing token
    found only when the night's run is done would lose the notification (exit 2 naming the variable)."""
    named = []
    if config.webhook is not None:
        named.append(("webhook.token_env", config.webhook.token_env))
    if config.email is not None:
        named += [("email.username_env", config.email.username_env), ("email.password_env", config.email.password_env)]
    for key, name in named:
        if name and not os.environ.get(name):
            state = "is empty" if name in os.environ else "is not set"
            raise ConfigError(f"{config.file}: {key}: the environment variable {name} {state}; nothing was done")


def scheduled_run(config: RunConfig, as_of: dt.date, now: dt.datetime,
                  acquire: Optional[ConfigAcquirer] = None) -> ScheduledOutcome:
    check_secrets(config)
    check_output(config.output)
    with RunLock(config.output / ".auditor.lock"):
        check_output(config.output)  # again under the lock: nothing can have changed it since
        for stale in remove_stale_temps(config.output):
            log.warning("removed %s, left by a run that did not finish", stale)
        destination = RunFolder(config.output, now)
        outcome = run_once(request_of(config, as_of), destination, _acquirer(config, acquire), run_at=now.isoformat())
        assert destination.temp is not None
        folder = publish(destination.temp, config.output, destination.name)
        retention = apply_retention(config.output, config.retention.keep_runs, config.retention.max_age_days, now)
        for removed in retention.removed:
            log.info("retention: removed %s", removed)
        for note in retention.notes:
            log.warning("%s", note)
        _notify(config, outcome, folder)
        return ScheduledOutcome(outcome, folder)


def _news(config: RunConfig, outcome: RunOutcome, folder: Path) -> RunNews:
    result: AuditResult = outcome.result
    new = sum(1 for f in result.findings if f.change in ("new", "reopened") and f.priority in ("P1", "P2")
              and f.status.value in ("violation", "overdue"))
    return RunNews(organisation=config.organisation, as_of=result.as_of.isoformat(), complete=result.complete,
                   findings=len(result.findings), open_by_priority=open_by_priority(result), new_p1_p2=new,
                   resolved=len(result.resolved), summary_markdown="", report=folder / "report.html",
                   incomplete_reasons=outcome.summary["incomplete_reasons"], result=result,
                   generated_at=outcome.generated_at)


def _notify(config: RunConfig, outcome: RunOutcome, folder: Path) -> None:
    news = _news(config, outcome, folder)
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
