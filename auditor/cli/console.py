"""Everything the commands show a person goes out here: lines on stdout and stderr, the progress line, the
log handlers, usage errors and tracebacks. Each passes through the one visible-text filter
(auditor.visible.visible): text from the data (file names, SFTP names, SSH servers' error text, inventory
fields) can neither drive the terminal nor forge a line. No other module of the CLI writes to the terminal
(guarded by tests/run/test_terminal.py)."""
from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, List, Mapping, Optional

import click

from auditor.policy import status_text
from auditor.render import incomplete_act_first, run_time
from auditor.run import RunOutcome
from auditor.visible import visible

__all__ = ["VisibleFormatter", "configure_logging", "print_summary", "redraw_line", "say", "show_click_error",
           "show_internal_error", "terminal_progress"]


def say(line: str, err: bool = False) -> None:
    """One line for a person (stdout, or stderr with err=True); a newline inside it is shown as a space."""
    click.echo(visible(line), err=err)


class VisibleFormatter(logging.Formatter):
    """Log records, on stderr and in the log file, through the visible-text filter: one record, one line
    (a traceback attached to a record keeps its own lines, each filtered)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        return visible(super().formatMessage(record))

    def formatException(self, ei: object) -> str:  # noqa: N802
        return "\n".join(visible(line) for line in super().formatException(ei).splitlines())  # type: ignore[arg-type]

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return "\n".join(visible(line) for line in stack_info.splitlines())


def configure_logging(level: str = "warning", file: Optional[Path] = None, quiet: bool = False) -> None:
    """The `auditor` logger (and paramiko's warnings) to stderr, and to `file` when given, through the
    visible-text filter. Every command starts with the default; `auditor run` applies its configuration."""
    root = logging.getLogger("auditor")
    for handler in root.handlers:
        handler.close()
    root.handlers.clear()
    root.setLevel(getattr(logging, level.upper()))
    root.propagate = False
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.WARNING if quiet else getattr(logging, level.upper()))
    console.setFormatter(VisibleFormatter("%(levelname)s %(message)s"))
    root.addHandler(console)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(file, encoding="utf-8")
        handler.setFormatter(VisibleFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        root.addHandler(handler)
    # paramiko logs (with a traceback) what a server said when a connection failed: the failure is already
    # reported per host and file (auditor.acquire.session.classify), so its records show at debug level only,
    # filtered like ours (before this, Python's last-resort handler printed them raw).
    remote = logging.getLogger("paramiko")
    remote.handlers.clear()
    remote.propagate = False
    remote.setLevel(logging.DEBUG if level == "debug" else logging.CRITICAL)
    for handler in root.handlers:
        remote.addHandler(handler)


def show_click_error(exc: click.ClickException) -> None:
    """A usage error: click's usage line and hint (ours), then the message (it may quote an argument)."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        for line in ctx.get_usage().splitlines():
            say(line, err=True)
        if ctx.help_option_names:
            say(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.", err=True)
        say("", err=True)
    say(f"Error: {exc.format_message()}", err=True)


def show_internal_error() -> None:
    """An unexpected failure: the traceback. Its frames are the tool's own code, a line each; each
    exception's message may quote data (a newline in it must not start a line): one filtered line."""
    say("internal error (please report it with the traceback below):", err=True)
    error = sys.exc_info()[1]
    if error is None:
        return
    chain: List[traceback.TracebackException] = []
    link: Optional[traceback.TracebackException] = traceback.TracebackException.from_exception(error)
    while link is not None:
        chain.append(link)
        link = link.__cause__ or (None if link.__suppress_context__ else link.__context__)
    for i, part in enumerate(reversed(chain)):
        if i:
            say("(the exception above led to this one)", err=True)
        say("Traceback (most recent call last):", err=True)
        for frame in part.stack.format():
            for line in frame.splitlines():
                say(line, err=True)
        say("".join(part.format_exception_only()).strip(), err=True)


def terminal_progress() -> Optional[Callable[[int, int, str], None]]:
    """A one-line progress display on an interactive terminal; nothing under cron or in a pipe."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int, name: str) -> None:
        width = 30
        filled = width * done // max(total, 1)
        tail = visible(name if len(name) <= 50 else "…" + name[-49:])
        # The carriage return is ours (it redraws the line); the name is filtered.
        click.echo(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {tail:<50}", err=True, nl=False)
        if done >= total:
            click.echo("", err=True)
    return show


def redraw_line() -> Optional[Callable[[str, str], None]]:
    """A status line redrawn in place ("NAME: text") on an interactive terminal; nothing under cron or in a
    pipe. The carriage return and erase-line sequence are ours; the name and text are filtered."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(name: str, text: str) -> None:
        click.echo(f"\r\033[K{visible(name)}: {visible(text)[:100]}", err=True, nl=False)
    return show


def summary_line(complete: bool, summary: Mapping[str, Any], as_of: str) -> str:
    """The run in one line, counted as the report's cards count: open findings (in violation or overdue) by
    priority, then waived and upcoming apart; "INCOMPLETE:" first when an input could not be read (stdout
    alone must not look clean)."""
    opened = ", ".join(f"{k} {v}" for k, v in summary["open_by_priority"].items())
    status = summary["by_status"]
    held = summary.get("held_open")
    # Findings the history holds open (their devices' apps unseen tonight): counted apart, never dropped.
    not_checked = ("" if not held else f"{held['findings']} not re-checked tonight (held open: "
                   + ", ".join(f"{k} {v}" for k, v in held["open_by_priority"].items()) + "); ")
    return (("" if complete else "INCOMPLETE: ")
            + f"{summary['findings']} finding{'' if summary['findings'] == 1 else 's'} on "
              f"{summary['devices_with_findings']} of {summary['devices']} device{'' if summary['devices'] == 1 else 's'}: "
              f"open {opened} (+{status['waived']} waived, {status['upcoming']} upcoming"
            + (f", {summary['for_the_record']} for the record" if summary.get("for_the_record") else "")
            + f"); {not_checked}"
              f"{summary['by_confidence']['probable']} probable; "
            + (f"{summary['rows_skipped']} row{'' if summary['rows_skipped'] == 1 else 's'} skipped (see the "
               "problems); " if summary.get("rows_skipped") else "")
            + f"as of {as_of}.")


def print_summary(outcome: RunOutcome, quiet: bool = False, report: Optional[Path] = None) -> None:
    """A run's summary; `report`: where its report.html is published (default: where it was written)."""
    result, summary = outcome.result, outcome.summary
    if not result.complete:
        say("INCOMPLETE RUN: these findings are not the whole picture:", err=True)
        for reason in summary["incomplete_reasons"][:10]:
            say(f"  - {reason}", err=True)  # file names and headers come from the data
        say(incomplete_act_first(result), err=True)  # never silent, even with --quiet
    for pack in result.packs:
        if pack.status != "in-force":
            say(f"note: {pack.id}: {status_text(pack.status, pack.status_since)}, so on {result.as_of.isoformat()} "
                "its findings are shown for the record and do not fail the run", err=True)
    for waiver in result.waivers:
        if waiver.note:  # a typo in a waiver's device or owner: safe (nothing waived), easy to miss
            say(f"note: {waiver.note}", err=True)
    if result.probable_left_out:
        say(f"note: {result.probable_left_out} probable findings left out (--min-confidence "
            f"{result.min_confidence.value})", err=True)
    if quiet:
        return
    say(summary_line(result.complete, summary, result.as_of.isoformat()))
    carried = summary.get("carried_forward")
    if carried and carried["lines"]:
        counted = carried["by_priority"]
        say(f"INCOMPLETE: {carried['lines']} open P1/P2 findings carried forward from the last complete run "
            f"({run_time(carried['run_at'])}, as of {carried['as_of']}): P1 {counted['P1']}, P2 {counted['P2']}.")
    if summary["near_misses_found"]:
        near = summary["near_misses_found"]
        say(f"{near} {'near miss' if near == 1 else 'near misses'} to review "
            f"({'an app that resembles' if near == 1 else 'apps that resemble'} a banned app): summary.md, findings.json.")
    say(f"Report: {report or outcome.written['report.html']}")
