"""`auditor sources list|detect`: the readers, and which one takes a file and why (the run's own plan)."""
from __future__ import annotations

from pathlib import Path
from typing import Tuple

import click

from auditor.cli.console import say
from auditor.errors import ExitCode
from auditor.sources import READERS, plan_inputs


@click.group()
def sources() -> None:
    """The inventory formats Fleet Auditor reads, and which one takes a file."""


@sources.command("list")
def sources_list() -> int:
    """Every reader with its format id."""
    width = max(len(reader.format_id) for reader in READERS)
    for reader in READERS:
        say(f"{reader.format_id:{width}}  {reader.tool:12}  {reader.title}")
    return ExitCode.CLEAN


@sources.command("detect")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def sources_detect(paths: Tuple[Path, ...]) -> int:
    """Which reader takes each file, and why."""
    plan = plan_inputs(paths)
    unknown = False
    for planned in plan.inputs:
        reader = planned.reader
        unknown |= reader is None
        say(f"{planned.file.display}: {reader.format_id if reader else 'unrecognised'} ({planned.reason})")
    for problem in plan.problems:
        unknown = True
        say(f"{problem.source}: {problem.message}")
    return ExitCode.INCOMPLETE if unknown else ExitCode.CLEAN


COMMANDS: Tuple[click.Command, ...] = (sources,)
