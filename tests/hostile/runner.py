"""Runs the real command line in a child process with a hard limit on time and address space, so a
hang or a memory blow-up fails one case instead of the suite (or the machine)."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence

from tests.conftest import FIXTURES, REPO

MEMORY_LIMIT = 768 * 1024 * 1024  # address space; a normal audit of these inputs stays far below
# A hang is killed (subprocess.TimeoutExpired fails the case); how long a case takes is not asserted: the
# suite shares two cores with other work, and a wall-clock budget there fails on load, not on a bug.
TIME_LIMIT = 8.0


@dataclass(frozen=True)
class Outcome:
    code: int
    seconds: float
    stdout: str
    stderr: str


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_auditor(args: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> Outcome:
    environment = dict(os.environ, PYTHONPATH=str(REPO), FLEET_AUDITOR_POLICIES=str(FIXTURES / "policies"),
                       SOURCE_DATE_EPOCH="1795420800")
    environment.update(env or {})
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, env=environment, text=True,
                          capture_output=True, timeout=TIME_LIMIT * 4, preexec_fn=_limit_memory)
    return Outcome(proc.returncode, time.monotonic() - started, proc.stdout, proc.stderr)
