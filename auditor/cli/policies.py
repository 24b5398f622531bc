"""`auditor policies list|show|validate`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Tuple

import click

from auditor.cli.options import parse_as_of
from auditor.errors import ExitCode
from auditor.policy import load_library, select_packs, statuses_on


@click.group()
def policies() -> None:
    """List, show and validate policy packs."""


@policies.command("list")
@click.option("--as-of", callback=parse_as_of, metavar="DATE", help="Show each pack's status on this date.")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
def policies_list(as_of: dt.date, extra: Tuple[str, ...]) -> int:
    """Every known pack: id, jurisdiction, status, dates, apps, and whether audits use it by default."""
    library = load_library([Path(p) for p in extra])
    statuses = statuses_on(library, as_of)
    chosen = {p.id for p in select_packs(library, (), as_of, ("all",), statuses)}
    # DEFAULT: evaluated without --policy when its jurisdiction is selected (--jurisdiction, default US)
    rows = [("ID", "JURISDICTION", f"STATUS {as_of.isoformat()}", "SIGNED", "EFFECTIVE", "APPS", "DEFAULT", "TITLE")]
    for pack in sorted(library.packs.values(), key=lambda p: p.id):
        effective = sorted({r.effective for r in pack.rules})
        span = effective[0].isoformat() + (f"..{effective[-1].isoformat()}" if len(effective) > 1 else "")
        rows.append((pack.id, pack.jurisdiction, statuses[pack.id],
                     pack.signed.isoformat() if pack.signed else "", span, str(len(library.pack_apps(pack))),
                     "yes" if pack.id in chosen else "no", pack.title))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])
    return ExitCode.CLEAN


@policies.command("show")
@click.argument("pack_id")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
def policies_show(pack_id: str, extra: Tuple[str, ...]) -> int:
    """The rules, apps, identifiers and citations of one pack."""
    library = load_library([Path(p) for p in extra])
    pack = library.packs.get(pack_id)
    if pack is None:
        raise click.BadParameter(f"no pack {pack_id!r} (see `auditor policies list`)", param_hint="PACK_ID")
    click.echo(f"{pack.id}: {pack.title}")
    for label, value in (("jurisdiction", pack.jurisdiction), ("authority", pack.authority),
                         ("instrument", pack.instrument), ("citation", pack.citation), ("url", pack.url),
                         ("signed", pack.signed.isoformat() if pack.signed else ""), ("status", pack.status),
                         ("extends", pack.extends), ("file", pack.file)):
        if value:
            click.echo(f"  {label}: {value}")
    for change in pack.status_history:
        click.echo(f"  {change.date.isoformat()} {change.status}: {change.event}")
    for rule in pack.rules:
        deadline = f", deadline {rule.deadline.isoformat()}" if rule.deadline else ""
        click.echo(f"\n  rule {rule.id} ({rule.severity.value}): effective {rule.effective.isoformat()}{deadline}")
        if rule.citation:
            click.echo(f"    citation: {rule.citation}")
        click.echo(f"    remediation: {rule.remediation}")
        for app_id in library.rule_apps(rule):
            app = library.apps[app_id]
            idents = ", ".join(f"{i.platform}:{i.value}" for i in app.identifiers
                               if i.confidence != "unverified" and i.type not in ("app_store_id", "team_id"))
            click.echo(f"    - {app.id} ({app.name}): {idents or 'matched by name and publisher only'}")
    for source in pack.sources:
        click.echo(f"  source: {source}")
    return ExitCode.CLEAN


@policies.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def policies_validate(files: Tuple[Path, ...]) -> int:
    """Validate the shipped catalog and packs, and any pack FILES given."""
    library = load_library(list(files))
    click.echo(f"ok: {len(library.apps)} apps, {len(library.companies)} companies, {len(library.packs)} packs")
    return ExitCode.CLEAN


COMMANDS: Tuple[click.Command, ...] = (policies,)
