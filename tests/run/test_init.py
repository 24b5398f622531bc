"""`auditor init`: the configuration it writes fails on what `auditor audit` fails on by default (one
constant), and the crontab line it prints says when cron really runs it (local time, not UTC)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import cli
from auditor.run.config import load_config
from tests.conftest import HANG_GUARD, REPO


def _init(folder: Path, capsys: pytest.CaptureFixture) -> str:
    with pytest.raises(SystemExit) as info:
        cli.main(["init", "--dir", str(folder)])
    assert info.value.code == 0
    return str(capsys.readouterr().out)


def test_init_fails_on_what_the_cli_fails_on_by_default(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _init(tmp_path, capsys)
    audit_default = next(p.default for p in cli.cli.commands["audit"].params if p.name == "fail_on")
    (tmp_path / "bare.yaml").write_text("schema: fleet-auditor/config/1\ninputs: {paths: [x]}\n")
    # Before: init wrote `fail_on: high` while --fail-on and a configuration without fail_on mean `low`.
    assert load_config(tmp_path / "auditor.yaml").fail_on == audit_default == load_config(tmp_path / "bare.yaml").fail_on


def test_the_crontab_line_is_said_in_local_time(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = _init(tmp_path, capsys)
    assert "02:00 local time" in out and "02:00 UTC" not in out  # before: "every night at 02:00 UTC"


def test_the_crontab_line_names_this_machines_zone(tmp_path: Path) -> None:
    """cron runs `0 2 * * *` at 02:00 in the system's zone: in New York that is 07:00 or 06:00 UTC."""
    done = subprocess.run([sys.executable, "-m", "auditor", "init", "--dir", str(tmp_path)], capture_output=True,
                          text=True, env=dict(os.environ, PYTHONPATH=str(REPO), TZ="America/New_York"),
                          timeout=HANG_GUARD)
    assert done.returncode == 0, done.stderr
    assert "02:00 local time: EST, UTC-05:00 on this machine" in done.stdout \
        or "02:00 local time: EDT, UTC-04:00 on this machine" in done.stdout, done.stdout
