"""`auditor run --config FILE` (the cron job) and `auditor init` (an example configuration)."""
from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Tuple

import click

from auditor.cli.console import configure_logging, print_summary, say
from auditor.cli.options import parse_as_of
from auditor.errors import DEFAULT_FAIL_ON, ExitCode

if TYPE_CHECKING:
    from auditor.run.scheduled import ConfigAcquirer

EXAMPLE_CONFIG_TEMPLATE = """\
# Fleet Auditor scheduled run (auditor run --config auditor.yaml). Paths are relative to this file.
# Secrets never go here: name the environment variables that hold them.
schema: fleet-auditor/config/1
organisation: Example Corp

inputs:
  paths:                          # exports dropped here by your tools (files or folders)
    - exports/intune
  # sftp:                         # fetched before each run (known_hosts is required: no unknown host keys)
  #   - url: sftp://auditor@sftp.example.com/exports/*.zip
  #     known_hosts: ~/.ssh/known_hosts
  #     identity: ~/.ssh/id_ed25519
  # ssh:                          # hosts in no management tool, collected over SSH
  #   hosts: hosts.yaml
  #   known_hosts: ~/.ssh/known_hosts
  # intune:                       # pulled from the APIs before each run (docs/acquire.md)
  #   - tenant: contoso.onmicrosoft.com
  #     client_id: 00000000-0000-0000-0000-000000000000
  #     client_secret_env: AUDITOR_INTUNE_SECRET   # the variable's NAME; or private_key_file: app.pem
  #     cloud: commercial           # usgov-gcc-high, usgov-dod, china
  # jamf:
  #   - url: https://contoso.jamfcloud.com
  #     client_id: 00000000-0000-0000-0000-000000000000
  #     client_secret_env: AUDITOR_JAMF_SECRET

# policies: [us-no-tiktok-on-government-devices-act-2022]  # absent or []: what binds you + the packs of `jurisdictions`
org_type: private                 # federal-agency | federal-contractor | state-agency:US-TX | ...: what binds you
jurisdictions: [US]               # also adopt the in-force default packs of these jurisdictions
# staff: hr/staff.csv             # HR export: people, titles, groups, family members
# risk: risk.yaml                 # default: the shipped risk tiers
# waivers: waivers.yaml

output: reports                   # one folder per run, `reports/latest` points to the newest
# history: reports/history.sqlite # default: beside the reports
retention:
  keep_runs: 90
  max_age_days: 400
archive_inputs: true              # keep the exact inputs of each run, compressed, with their sha256
fail_on: {fail_on}                     # exit 1 when a violation or overdue finding is at least this severe
# min_confidence: confirmed       # leave probable findings out (every output says how many); default probable
max_export_age_days: 7            # an older export makes the run incomplete (exit 3)

# email:
#   host: smtp.example.com
#   port: 587
#   security: starttls            # starttls, ssl or none
#   from: fleet-auditor@example.com
#   to: [secops@example.com]
#   when: [new-p1-p2, incomplete] # or always
#   username_env: AUDITOR_SMTP_USER
#   password_env: AUDITOR_SMTP_PASSWORD
# webhook:
#   url: https://chat.example.com/hooks/fleet-auditor
#   when: [new-p1-p2, incomplete]
#   token_env: AUDITOR_WEBHOOK_TOKEN

log:
  level: info
  # file: reports/auditor.log
"""


def example_config() -> str:
    # The default of `--fail-on` and of `fail_on:`, from the one constant: an example that differs from the
    # default would make `auditor run` with the example fail on less than `auditor audit` does.
    return EXAMPLE_CONFIG_TEMPLATE.replace("{fail_on}", DEFAULT_FAIL_ON.ljust(4))


def local_zone() -> str:
    """This machine's time zone as cron sees it (cron runs entries in the system's local time)."""
    now = dt.datetime.now().astimezone()
    offset = now.strftime("%z")
    return f"{now.tzname()}, UTC{offset[:3]}:{offset[3:]}"


@click.command("run")
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--as-of", metavar="DATE", help="Evaluate as of this date (default: today, UTC).")
@click.option("--quiet", is_flag=True, help="Only warnings and errors on stderr (for cron).")
def run_command(config_path: Path, as_of: Optional[str], quiet: bool) -> int:
    """The scheduled audit: everything comes from the configuration file."""
    # Imported here: `auditor audit` and the other commands never load smtplib and the scheduling machinery.
    from auditor.run.config import load_config
    from auditor.run.scheduled import scheduled_run

    config = load_config(config_path)
    configure_logging(config.log_level, config.log_file, quiet)
    outcome = scheduled_run(config, parse_as_of(None, None, as_of), dt.datetime.now(dt.timezone.utc), acquirer(quiet))
    print_summary(outcome.run, quiet, report=outcome.folder / "report.html")
    return outcome.run.exit_code


def acquirer(quiet: bool = False) -> Optional["ConfigAcquirer"]:
    """SFTP fetch, SSH collect and API pulls, when this installation has them (paramiko is imported only then)."""
    try:
        from auditor.cli.acquire import pull_status
        from auditor.run.acquisition import acquire
    except ImportError:
        return None
    status = pull_status(quiet)
    return lambda config, work_dir: acquire(config, work_dir, status=status)


@click.command("init")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing auditor.yaml.")
def init_command(folder: Path, force: bool) -> int:
    """Write a commented example configuration and print a crontab line."""
    target = folder / "auditor.yaml"
    if target.exists() and not force:
        raise click.UsageError(f"{target} exists (use --force to overwrite)")
    (folder / "reports").mkdir(parents=True, exist_ok=True)  # the crontab line logs there from the first night
    target.write_text(example_config(), encoding="utf-8")
    exe = shlex.quote(shutil.which("auditor") or sys.executable) + ("" if shutil.which("auditor") else " -m auditor")
    here = folder.resolve()
    say(f"wrote {target}")
    # cron runs an entry in the system's local time zone, not in UTC.
    say(f"crontab line (every night at 02:00 local time: {local_zone()} on this machine; a run already in "
        "progress makes the next one exit 5):")
    say(f"0 2 * * * cd {shlex.quote(str(here))} && {exe} run --config auditor.yaml --quiet "
        f">> {shlex.quote(str(here / 'reports' / 'cron.log'))} 2>&1")
    return ExitCode.CLEAN


COMMANDS: Tuple[click.Command, ...] = (run_command, init_command)
