"""Fixtures of the fault tests: a tiny tmpfs (a disk that fills up), and a scheduled-run site."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, Optional, Sequence

import pytest

from tests.conftest import FIXTURES, HANG_GUARD, IN_CI, REPO

DEVICES = FIXTURES / "intune" / "devices.csv"
APPS = FIXTURES / "intune" / "AppInvRawData.csv"


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: the disk is full after about 1 MB, for real (ENOSPC from the kernel)."""
    if os.geteuid() != 0:
        if IN_CI:
            pytest.fail("CI runs as root: the disk-full tests must run there")
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_auditor(args: Sequence[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> Outcome:
    """The real command line in a child process. Faults are about what a run leaves behind, not how fast it
    is: no time limit but the hang guard (a loaded machine is slow, not broken)."""
    environment = dict(os.environ, PYTHONPATH=str(REPO), FLEET_AUDITOR_POLICIES=str(FIXTURES / "policies"),
                       SOURCE_DATE_EPOCH="1795420800")
    environment.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, env=environment, text=True,
                          capture_output=True, timeout=HANG_GUARD)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def write_site(base: Path, output: Path, exports: Path, extra: str = "") -> Path:
    """A scheduled-run configuration auditing `exports` into `output`."""
    config = base / "auditor.yaml"
    config.write_text(textwrap.dedent(f"""\
        schema: fleet-auditor/config/1
        organisation: Contoso
        inputs: {{paths: [{exports}]}}
        output: {output}
        fail_on: none
        max_export_age_days: 100000
        """) + extra)
    return config


def intune_exports(folder: Path, device_name: str = "IPHONE-ANA") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "devices.csv").write_text(DEVICES.read_text().replace("IPHONE-ANA", device_name))
    (folder / "AppInvRawData.csv").write_text(APPS.read_text().replace("IPHONE-ANA", device_name))
    return folder
