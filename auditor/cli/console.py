"""What the commands print: a run's summary, a progress line. Strings from the data are shown with their
control characters escaped (auditor.render.safe.visible)."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable, Optional

import click

from auditor.render import visible
from auditor.run import RunOutcome


def terminal_progress() -> Optional[Callable[[int, int, str], None]]:
    """A one-line progress display on an interactive terminal; nothing under cron or in a pipe."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        tail = visible(name if len(name) <= 50 else "…" + name[-49:])
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {tail:<50}", err=True, nl=False)
        if done >= total:
            click.echo("", err=True)
    return show


def print_summary(outcome: RunOutcome, quiet: bool = False, report: Optional[Path] = None) -> None:
    """A run's summary; `report`: where its report.html is published (default: where it was written)."""
    result, summary = outcome.result, outcome.summary
    if not result.complete:
        click.echo("INCOMPLETE RUN: these findings are not the whole picture:", err=True)
        for reason in summary["incomplete_reasons"][:10]:
            click.echo(f"  - {visible(reason)}", err=True)  # file names and headers come from the data
    for pack in result.packs:
        if pack.status != "in-force":
            click.echo(f"note: {pack.id} is {pack.status} on {result.as_of.isoformat()}: its findings are shown "
                       "for the record and do not fail the run", err=True)
    if result.probable_left_out:
        click.echo(f"note: {result.probable_left_out} probable findings left out (--min-confidence "
                   f"{result.min_confidence.value})", err=True)
    if quiet:
        return
    prio = ", ".join(f"{k} {v}" for k, v in summary["by_priority"].items())
    click.echo(f"{summary['findings']} findings on {summary['devices_with_findings']} of {summary['devices']} "
               f"devices ({prio}; {summary['by_confidence']['probable']} probable); as of {result.as_of.isoformat()}.")
    if summary["near_misses_found"]:
        click.echo(f"{summary['near_misses_found']} near misses to review (apps that resemble a banned app): "
                   "summary.md, findings.json.")
    click.echo(f"Report: {visible(str(report or outcome.written['report.html']))}")
