"""The scheduled run's acquisition step: every configured SFTP source, SSH hosts file and API source,
fetched, collected and pulled into the run's working folder. Failures become problems that make the run
incomplete, naming the source and the step; they never stop the other sources.

An API source whose pull failed keeps its previous pull in place: that pull is audited, and the run says
it is incomplete and when the files it audits were pulled (the staleness check dates them too). Its
findings stay open in the history instead of looking resolved."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import List, Optional

from auditor.acquire.api import SourcePull, pull
from auditor.acquire.api.context import Clock, Status
from auditor.acquire.api.https import Sleep
from auditor.acquire.sftp import FetchOptions, fetch
from auditor.acquire.ssh import CollectOptions, collect
from auditor.run.config import RunConfig
from auditor.run.once import Acquired
from auditor.errors import AuditorError
from auditor.model import Problem, ProblemKind


def _not_acquired(source: str, message: str) -> Problem:
    return Problem(source, message, None, True, ProblemKind.ACQUISITION)


def pull_problem(item: SourcePull) -> Problem:
    kept = (f"; the previous pull ({item.previous_pulled_at}) is audited instead" if item.previous_pulled_at
            else "; nothing of it is audited")
    return _not_acquired(f"{item.kind} {item.name}", f"not pulled: {item.step}: {item.error}{kept}")


def acquire(config: RunConfig, work_dir: Path, sleep: Sleep = time.sleep, clock: Clock = time.time,
            status: Optional[Status] = None) -> Acquired:
    paths: List[Path] = []
    problems: List[Problem] = []
    # One folder per source, kept between runs: unchanged files are not fetched again.
    for i, source in enumerate(config.sftp):
        # Named by the URL, not its position: removing or reordering sources never mixes their files.
        to = work_dir / "sftp" / hashlib.sha256(source.url.encode()).hexdigest()[:16]
        try:
            result = fetch(FetchOptions(url=source.url, to=to, known_hosts=source.known_hosts,
                                        identity=source.identity, sha256_list=source.sha256_list or None))
        except AuditorError as exc:
            problems.append(_not_acquired(source.url, f"not fetched: {exc}"))
            continue
        paths.append(to)
        if result.error is not None:
            problems.append(_not_acquired(source.url, f"not fetched: {result.error.message}"))
        for item in result.files:
            if item.status == "failed" and item.error is not None:
                problems.append(_not_acquired(f"{source.url} {item.name}", f"not fetched: {item.error.message}"))
        for entry in result.skipped:  # a matched name not taken: a fatal problem when it may be the export
            problem = Problem(f"{source.url} {entry.name}", f"not taken: {entry.reason}", None, entry.error,
                              ProblemKind.ACQUISITION)
            problems.append(problem)
    if config.ssh_hosts is not None:
        to = work_dir / "ssh"
        try:
            # Failed hosts are written as snapshots with errors: the snapshot reader makes them problems.
            collect(CollectOptions(hosts_file=config.ssh_hosts, to=to, known_hosts=config.ssh_known_hosts,
                                   identity=config.ssh_identity))
            paths.append(to)
        except AuditorError as exc:
            problems.append(_not_acquired(str(config.ssh_hosts), f"not collected: {exc}"))
    records = []
    if config.api:
        pulled = pull(config.api, work_dir / "api", sleep=sleep, clock=clock, status=status)
        for item in pulled.sources:
            if item.folder is not None:
                paths.append(item.folder)
            if not item.complete:
                problems.append(pull_problem(item))
            records.append(item.as_json())
    return Acquired(tuple(paths), tuple(problems), tuple(records))
