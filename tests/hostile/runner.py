"""Runs the real command line in a child process with a hard limit on address space and on CPU time, so
a blow-up or a runaway loop fails one case instead of the suite (or the machine).

No wall-clock budget: on 2 shared cores a loaded machine stretches wall time by any factor. What a case
costs is measured as the child's own CPU seconds (from wait4's rusage, which other processes do not
inflate) and compared with a baseline measured in the same session (`cpu_ratio` in test_corpus.py)."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Dict, Optional, Sequence

from tests.conftest import FIXTURES, REPO

MEMORY_LIMIT = 768 * 1024 * 1024  # address space; a normal audit of these inputs stays far below
# CPU seconds of the child: a hang guard only (SIGXCPU ends a runaway loop), far above any case's cost.
CPU_LIMIT = 300
# A child that neither computes nor ends (blocked forever) is ended after this long: a guard against a
# deadlock that would hang the suite, never a budget (no case comes within minutes of it).
HANG_GUARD_SECONDS = 1800


@dataclass(frozen=True)
class Outcome:
    code: int
    cpu_seconds: float  # the child's user + system CPU time
    max_rss: int  # the child's peak resident set, bytes
    stdout: str
    stderr: str
    seconds: float = 0.0  # wall time, for messages only: never assert on it (2 shared, loaded cores)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_auditor(args: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> Outcome:
    environment = dict(os.environ, PYTHONPATH=str(REPO), FLEET_AUDITOR_POLICIES=str(FIXTURES / "policies"),
                       SOURCE_DATE_EPOCH="1795420800")
    environment.update(env or {})
    started = time.monotonic()
    # Anonymous files, not pipes (nothing to drain while waiting) and nothing left in cwd.
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "auditor", *args], cwd=cwd, env=environment,
                                stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL, preexec_fn=_limits)
        status, usage = _wait4(proc)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped here (wait4 gives its rusage): Popen must not wait for it again
        return Outcome(code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, _text(stdout), _text(stderr),
                       time.monotonic() - started)


def _text(handle: IO[bytes]) -> str:
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")


def _wait4(proc: "subprocess.Popen[bytes]") -> "tuple[int, resource.struct_rusage]":
    """The child's exit status and its own resource usage."""
    started = time.monotonic()
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage
        if time.monotonic() - started > HANG_GUARD_SECONDS:
            proc.kill()
        time.sleep(0.02)
