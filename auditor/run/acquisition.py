"""The scheduled run's acquisition step: every configured SFTP source and SSH hosts file, fetched and
collected into the run's working folder. Failures become problems that make the run incomplete; they
never stop the other sources."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import List, Tuple

from auditor.acquire.sftp import FetchOptions, fetch
from auditor.acquire.ssh import CollectOptions, collect
from auditor.run.config import RunConfig
from auditor.errors import AuditorError
from auditor.model import Problem, ProblemKind


def _not_acquired(source: str, message: str) -> Problem:
    return Problem(source, message, None, True, ProblemKind.ACQUISITION)


def acquire(config: RunConfig, work_dir: Path) -> Tuple[List[Path], List[Problem]]:
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
            problems.append(_not_acquired(source.url, f"not fetched: {result.error}"))
        for item in result.files:
            if item.status == "failed":
                problems.append(_not_acquired(f"{source.url} {item.name}", f"not fetched: {item.error}"))
    if config.ssh_hosts is not None:
        to = work_dir / "ssh"
        try:
            # Failed hosts are written as snapshots with errors: the snapshot reader makes them problems.
            collect(CollectOptions(hosts_file=config.ssh_hosts, to=to, known_hosts=config.ssh_known_hosts,
                                   identity=config.ssh_identity))
            paths.append(to)
        except AuditorError as exc:
            problems.append(_not_acquired(str(config.ssh_hosts), f"not collected: {exc}"))
    return paths, problems
