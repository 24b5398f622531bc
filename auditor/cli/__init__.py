"""The command line: one module per command group; each command builds its inputs and calls one function
(the audit run is auditor.run.once.run_once). `main` is the one place where errors and results become the
process's exit code (decided in auditor.errors: 0 clean, 1 findings, 2 usage/policy, 3 incomplete,
4 internal, 5 locked); `process_main` is what the `auditor` command and `python -m auditor` run."""
from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn, Optional, Sequence

import click

from auditor import __version__
from auditor.cli import acquire, audit, policies, schedule, sources
from auditor.cli.console import configure_logging, say, show_click_error, show_internal_error
from auditor.errors import AuditorError, ExitCode
from auditor.textio.names import shown

__all__ = ["cli", "main", "process_main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Fleet Auditor: which company devices carry banned apps, and whose devices those are."""


for _module in (audit, policies, sources, acquire, schedule):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Entry point: the one place that turns errors into exit codes."""
    args = list(argv) if argv is not None else sys.argv[1:]
    configure_logging()  # every log record goes through the visible-text filter, whatever the command
    try:
        # The arguments as the manifest records them: a file name that is not UTF-8 shown escaped.
        code = cli.main(args=args, prog_name="auditor", standalone_mode=False, obj={"argv": [shown(a) for a in args]})
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.Abort:
        say("Aborted.", err=True)
        code = ExitCode.INTERNAL
    except click.ClickException as exc:
        show_click_error(exc)
        code = ExitCode.USAGE
    except AuditorError as exc:
        say(f"error: {exc}", err=True)
        code = exc.exit_code
    except Exception:  # noqa: BLE001 - the contract: an unexpected failure is exit 4, with the traceback
        show_internal_error()
        code = ExitCode.INTERNAL
    sys.exit(code if isinstance(code, int) else ExitCode.CLEAN)


def process_main() -> NoReturn:
    """The `auditor` command: main(), then the process ends without freeing its objects one by one. A large
    audit leaves millions of them (memos, records, the frozen heap); the interpreter's teardown frees each,
    0.3 to 0.6 s of CPU after a 4M-row audit, for nothing. The atexit handlers still run (logging's flush,
    multiprocessing's and tempfile's clean-ups), and stdout and stderr are flushed first (mypy ends the same way).
    Outputs, the history database and the lock are closed by the code that opened them, before main returns;
    so are the process and thread pools (`with` blocks: concurrent.futures' own exit hooks, registered through
    threading, do not run after os._exit, so a pool must never outlive main)."""
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("text"): printed, exit 1, as Python does
        say(str(code), err=True)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`auditor ... | head`) or a closed stream: nothing to flush
            pass
    os._exit(code or 0)
