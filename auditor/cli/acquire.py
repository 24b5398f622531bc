"""`auditor fetch` (exports over SFTP), `auditor collect` (installed software over SSH) and `auditor pull`
(inventories from the management tools' APIs).

Exit codes: 0 everything fetched, collected or pulled; 3 some file, host or source failed, or a name the
pattern matched was not taken (the run is incomplete); 2 usage (bad URL, hosts file, configuration, missing
known_hosts or key, unsafe password file). Every name and message from a server goes out through the
console's visible-text filter."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Tuple

import click

from auditor.cli.console import redraw_line, say
from auditor.errors import ConfigError, ExitCode

_PATH = click.Path(dir_okay=False, path_type=Path)


def _ssh_options(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed((
        click.option("--known-hosts", type=_PATH, metavar="FILE",
                     help="Host keys to check against (default ~/.ssh/known_hosts)."),
        click.option("--identity", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="KEYFILE",
                     help="Private key (default: ssh-agent, then your default keys)."),
        click.option("--trust-on-first-use", is_flag=True,
                     help="Accept and record the key of a host missing from known_hosts (never a changed key)."),
        click.option("--password-file", type=_PATH, metavar="FILE",
                     help="Password or key passphrase, in a file of mode 0600 (or set FLEET_AUDITOR_SSH_PASSWORD)."),
    )):
        func = option(func)
    return func


def _accepted(keys: Tuple[dict, ...]) -> None:
    for key in keys:
        say(f"trusted on first use: {key['host']} {key['key_type']} {key['fingerprint']}", err=True)


@click.command()
@click.argument("url", metavar="sftp://USER@HOST[:PORT]/PATH/GLOB")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR")
@_ssh_options
@click.option("--sha256-list", metavar="REMOTE_FILE",
              help="A sha256sum list on the server (relative to the glob's folder); every file must match it.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True)
@click.option("--timeout", type=click.FloatRange(min=1), default=30.0, show_default=True, metavar="SECONDS")
def fetch(url: str, to: Path, known_hosts: Optional[Path], identity: Optional[Path], trust_on_first_use: bool,
          password_file: Optional[Path], sha256_list: Optional[str], retries: int, timeout: float) -> int:
    """Download the exports matching the glob into DIR (atomically; unchanged files are skipped)."""
    # Imported here: `auditor audit` and the other commands never load paramiko.
    from auditor.acquire import FetchOptions, fetch as run_fetch

    result = run_fetch(FetchOptions(url=url, to=to, known_hosts=known_hosts, identity=identity,
                                    trust_on_first_use=trust_on_first_use, sha256_list=sha256_list,
                                    password_file=password_file, retries=retries, timeout=timeout))
    _accepted(result.trusted_on_first_use)
    if result.error is not None:
        say(f"fetch failed: {result.target.host}:{result.target.port}: {result.error.message}", err=True)
    for file in result.files:
        if file.error is not None:
            say(f"failed: {file.name}: {file.error.message}", err=True)
    for entry in result.skipped:
        say(f"{'not taken' if entry.error else 'note'}: {entry.name}: {entry.reason}", err=True)
    counts = {s: sum(1 for f in result.files if f.status == s) for s in ("fetched", "skipped", "failed")}
    not_taken = sum(1 for s in result.skipped if s.error)
    say(f"{counts['fetched']} fetched, {counts['skipped']} unchanged, {counts['failed']} failed, "
        f"{not_taken} not taken; manifest: {result.manifest}")
    return ExitCode.CLEAN if result.complete else ExitCode.INCOMPLETE


@click.command()
@click.option("--hosts", "hosts_file", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
              metavar="HOSTS.yaml")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR")
@_ssh_options
@click.option("--user", help="Login name for hosts whose entry names none (default: your user name).")
@click.option("--parallel", type=click.IntRange(1, 256), default=8, show_default=True)
@click.option("--host-timeout", type=click.FloatRange(min=1), default=120.0, show_default=True, metavar="SECONDS")
@click.option("--connect-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True, metavar="SECONDS")
def collect(hosts_file: Path, to: Path, known_hosts: Optional[Path], identity: Optional[Path],
            trust_on_first_use: bool, password_file: Optional[Path], user: Optional[str], parallel: int,
            host_timeout: float, connect_timeout: float) -> int:
    """Inventory the installed software of each host in HOSTS.yaml over SSH: one snapshot per host in DIR."""
    from auditor.acquire import CollectOptions, collect as run_collect

    result = run_collect(CollectOptions(hosts_file=hosts_file, to=to, known_hosts=known_hosts, identity=identity,
                                        trust_on_first_use=trust_on_first_use, password_file=password_file,
                                        user=user, parallel=parallel, host_timeout=host_timeout,
                                        connect_timeout=connect_timeout))
    _accepted(result.trusted_on_first_use)
    for host in result.hosts:
        for error in host.errors:
            say(f"{host.entry.target}: {error.get('stage')}: {error.get('message')}", err=True)
    ok = sum(1 for h in result.hosts if h.ok)
    say(f"{ok} of {len(result.hosts)} hosts collected; snapshots in {to}; manifest: {result.manifest}")
    return ExitCode.CLEAN if result.complete else ExitCode.INCOMPLETE


def pull_status(quiet: bool) -> Optional[Callable[[str, str], None]]:
    """One status line per source on an interactive terminal; nothing under cron, in a pipe or with --quiet."""
    if quiet:
        return None
    return redraw_line()


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="auditor.yaml: the API sources under inputs: (intune, jamf, fleet, kandji, workspace_one, google).")
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="One folder per source is written here (DIR/NAME), replaced whole when its pull is complete.")
@click.option("--source", "only", multiple=True, metavar="NAME", help="Pull only this source (repeatable).")
@click.option("--quiet", is_flag=True, help="No progress, only failures (for cron).")
def pull(config_path: Path, to: Path, only: Tuple[str, ...], quiet: bool) -> int:
    """Pull the inventories of the configured API sources into DIR, as the export files the readers read."""
    from auditor.acquire.api import pull as run_pull
    from auditor.run.config import load_config

    config = load_config(config_path)
    sources = [s for s in config.api if not only or s.name in only]
    unknown = sorted(set(only) - {s.name for s in config.api})
    if unknown or not sources:
        names = ", ".join(s.name for s in config.api) or "none"
        raise ConfigError(f"{config_path}: no API source named {', '.join(unknown) or 'in inputs:'} "
                          f"(the API sources are: {names})")
    status = pull_status(quiet)
    result = run_pull(sources, to, status=status)
    if status is not None:
        say("", err=True)
    for item in result.sources:
        if item.complete:
            rows = ", ".join(f"{c['name']} {c['rows']}" for c in item.record.get("collections", []))
            if not quiet:
                say(f"pulled {item.name} ({item.kind}): {rows}; {item.folder}")
        else:
            kept = f"; the previous pull ({item.previous_pulled_at}) is kept" if item.previous_pulled_at else ""
            say(f"NOT PULLED {item.name} ({item.kind}): {item.step}: {item.error}{kept}", err=True)
    if not quiet:
        say(f"manifest: {result.manifest}")
    return ExitCode.CLEAN if result.complete else ExitCode.INCOMPLETE


COMMANDS: Tuple[click.Command, ...] = (fetch, collect, pull)
