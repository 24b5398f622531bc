"""`auditor policies list|show|validate|changes`."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import List, Optional, Tuple

import click

from auditor.cli.console import say
from auditor.cli.options import parse_as_of, parse_date
from auditor.errors import ExitCode, PolicyError
from auditor.cli.table import MIN_WRAPPED, fit, terminal_width
from auditor.resources import policies_dir, shipped_policies_dir
from auditor.policy import (Library, Matcher, Pack, company_entry_id, decide, describe_binds, load_library,
                            org_profile, org_type_forms, statuses_on)
from auditor.textio.suggest import did_you_mean
from auditor.visible import visible


@click.group()
def policies() -> None:
    """List, show and validate policy packs, and what changed in the law."""


def _effective(pack: Pack) -> str:
    effective = sorted({r.effective for r in pack.rules})
    return effective[0].isoformat() + (f"..{effective[-1].isoformat()}" if len(effective) > 1 else "") \
        if effective else ""


# What `policies list` leaves out first when the terminal is narrow (ID, STATUS and DEFAULT always stay; WHY
# is wrapped): the title and dates are in `policies show`, the binding column last because it says whom a
# default audit holds to the law.
_DROP_ORDER = ("TITLE", "SIGNED", "EFFECTIVE", "APPS", "JURISDICTION", "BINDS", "FOR")


@policies.command("list")
@click.option("--as-of", callback=parse_as_of, metavar="DATE", help="Show each pack's status on this date.")
@click.option("--org-type", "org_types", multiple=True, metavar="TYPE",
              help="Say which packs bind this kind of organisation and which a default audit of it evaluates: "
                   + org_type_forms() + ". Default: private.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODE",
              help="As for `auditor audit`: the jurisdictions whose default packs it adopts.")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
@click.option("--default", "--selected", "only_default", is_flag=True,
              help="Only the packs `auditor audit` with the same --org-type, --jurisdiction and --as-of (and no "
                   "--policy) evaluates: the DEFAULT 'yes' rows.")
@click.option("--wide", is_flag=True,
              help="Every column, one line per pack, whatever the terminal's width. Default: fitted to the terminal "
                   "(or to COLUMNS), columns left out as needed; output to a pipe or file, without COLUMNS, is wide.")
def policies_list(as_of: dt.date, org_types: Tuple[str, ...], jurisdictions: Tuple[str, ...],
                  extra: Tuple[str, ...], only_default: bool, wide: bool) -> int:
    """Every known pack: its status on the date, whom it binds, whether it binds this organisation (binding) or
    the organisation adopts it as its policy (adopted), whether `auditor audit` with the same --org-type,
    --jurisdiction and --as-of (and no --policy) evaluates it (DEFAULT), and why (dated from the pack's status
    history)."""
    library = load_library([Path(p) for p in extra])
    org = org_profile(org_types)
    decisions = decide(library, as_of, org, jurisdictions, statuses_on(library, as_of))
    shown = [d for d in decisions if d.selected or not only_default]
    header = ("ID", "JURISDICTION", f"STATUS {as_of.isoformat()}", "SIGNED", "EFFECTIVE", "APPS", "BINDS",
              f"FOR {org}".upper(), "DEFAULT", "WHY", "TITLE")
    rows = [(d.pack.id, d.pack.jurisdiction, d.status, d.pack.signed.isoformat() if d.pack.signed else "",
             _effective(d.pack), str(len(library.pack_apps(d.pack))), ", ".join(d.pack.binds), d.binding.value,
             "yes" if d.selected else "no", d.why, d.pack.title) for d in shown]
    width = None if wide else terminal_width()
    drop = tuple(next(h for h in header if h.split()[0] == name) for name in _DROP_ORDER)
    fitted = fit(header, rows, width, drop, wrapped="WHY")
    for line in fitted.lines:
        say(line)
    if width is not None:  # a person at a terminal: what was left out, and how to see only what an audit uses
        selected = sum(d.selected for d in decisions)
        notes = [f"{selected} of {len(decisions)} packs are evaluated by default (DEFAULT yes)" +
                 ("" if only_default else "; only those: --default")]
        if fitted.left_out:
            notes.append(f"left out to fit {width} columns: {', '.join(fitted.left_out)} (all: --wide)")
        for line in textwrap.wrap("; ".join(notes), width=max(width, MIN_WRAPPED), break_on_hyphens=False):
            say(line, err=True)
    if only_default and not shown:
        say(f"note: no pack is evaluated by default for a '{org}' organisation on {as_of.isoformat()}: "
            "`auditor audit` would stop (exit 2) unless packs are named with --policy", err=True)
    return ExitCode.CLEAN


@policies.command("show")
@click.argument("pack_id")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
def policies_show(pack_id: str, extra: Tuple[str, ...]) -> int:
    """The rules, apps, identifiers and citations of one pack."""
    library = load_library([Path(p) for p in extra])
    pack = library.packs.get(pack_id)
    if pack is None:
        raise click.BadParameter(f"no pack {pack_id!r}{did_you_mean(pack_id, library.packs)} (see `auditor policies "
                                 "list`)", param_hint="PACK_ID")
    say(f"{pack.id}: {pack.title}")
    for label, value in (("jurisdiction", pack.jurisdiction), ("binds", f"{', '.join(pack.binds)} "
                                                                         f"({describe_binds(pack.binds)})"),
                         ("authority", pack.authority),
                         ("instrument", pack.instrument), ("citation", pack.citation), ("url", pack.url),
                         ("signed", pack.signed.isoformat() if pack.signed else ""), ("status", pack.status),
                         ("extends", pack.extends), ("file", _pack_file(library, pack))):
        if value:
            say(f"  {label}: {value}")
    for change in pack.status_history:
        say(f"  {change.date.isoformat()} {change.status}: {change.event}")
    for rule in pack.rules:
        deadline = f", deadline {rule.deadline.isoformat()}" if rule.deadline else ""
        say("")
        say(f"  rule {rule.id} ({rule.severity.value}): effective {rule.effective.isoformat()}{deadline}")
        if rule.citation:
            say(f"    citation: {rule.citation}")
        if rule.remediation_adopted:
            say(f"    remediation (where it binds): {rule.remediation}")
            say(f"    remediation (where adopted as the organisation's policy): {rule.remediation_adopted}")
        else:
            say(f"    remediation: {rule.remediation}")
        for app_id in library.rule_apps(rule):
            app = library.apps[app_id]
            idents = ", ".join(f"{i.platform}:{i.value}" + ("" if i.confidence == "verified" else f" ({i.confidence})")
                               for i in app.identifiers if i.type not in ("app_store_id", "team_id"))
            say(f"    - {app.id} ({app.name}): {idents or 'matched by name and publisher only'}")
        for company in rule.companies:
            entry = company_entry_id(company)
            say(f"    - {entry} ({library.entry_name(entry)}): any other app whose publisher is of the "
                "company's family (probable)")
    for source in pack.sources:
        say(f"  source: {source}")
    return ExitCode.CLEAN


def _pack_file(library: Library, pack: Pack) -> str:
    """Where the pack is: the shipped library's files as policies/packs/x.yaml (wherever it is installed), a
    pack of another library (FLEET_AUDITOR_POLICIES) or named with --policy by its own path."""
    path = library.pack_files.get(pack.id)
    if path is None or policies_dir() == shipped_policies_dir() or not pack.file.startswith("policies/"):
        return pack.file
    return str(path)


@policies.command("validate")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def policies_validate(files: Tuple[Path, ...]) -> int:
    """Validate the shipped catalog and packs, and any pack FILES given."""
    library = load_library(list(files))
    problems = Matcher(library.apps, library.companies).lookalike_problems()
    if problems:
        raise PolicyError("look-alikes the catalog would match:\n  " + "\n  ".join(problems))
    for file in files:  # what each given file is, so a person sees their pack was read (not only the totals)
        for pack in (p for pack_id, path in library.pack_files.items() if path.resolve() == file.resolve()
                     for p in (library.packs[pack_id],)):
            rules = len(pack.rules)
            say(f"ok: {file}: pack {pack.id} ({pack.title}): {rules} {'rule' if rules == 1 else 'rules'}, "
                f"{len(library.pack_apps(pack))} apps, status {pack.status}")
    say(f"ok: {len(library.apps)} apps, {len(library.companies)} companies, {len(library.packs)} packs")
    return ExitCode.CLEAN


def law_changes(library: Library, since: dt.date, until: dt.date) -> List[Tuple[str, ...]]:
    """(date, pack, change, status, binds, event, source) for every status_history entry dated from `since` to
    `until`, oldest first; a pack's first entry (or its signing, when it has no history) is its `new` row."""
    rows = []
    for pack in library.packs.values():
        previous: Optional[str] = None
        entries = list(pack.status_history)
        if not entries and pack.signed is not None:
            rows.append((pack.signed, pack.id, "new", pack.status, pack.binds, "signed", pack.url))
        for i, change in enumerate(entries):
            if since <= change.date <= until:
                status = change.status if previous in (None, change.status) else f"{previous} -> {change.status}"
                rows.append((change.date, pack.id, "new" if i == 0 else "status", status, pack.binds, change.event,
                             change.source))
            previous = change.status
    rows = [r for r in rows if since <= r[0] <= until]
    rows.sort(key=lambda r: (r[0], r[1]))
    return [(r[0].isoformat(), r[1], r[2], r[3], ", ".join(r[4]), r[5], r[6]) for r in rows]


def _date(_ctx: object, _param: object, value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    return parse_date(value, "2025-01-01")


@policies.command("changes")
@click.option("--since", callback=_date, required=True, metavar="DATE", help="First day to list (inclusive).")
@click.option("--as-of", "until", callback=parse_as_of, metavar="DATE", help="Last day to list (default: today).")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
def policies_changes(since: dt.date, until: dt.date, extra: Tuple[str, ...]) -> int:
    """New instruments and status changes (enacted, suspended, enjoined, revoked, divested...) from --since to
    --as-of, with their sources, from the packs' status histories (no run history needed)."""
    if since > until:
        raise click.BadParameter(f"{since.isoformat()} is after --as-of {until.isoformat()}", param_hint="--since")
    library = load_library([Path(p) for p in extra])
    rows = law_changes(library, since, until)
    if not rows:
        say(f"No pack changed status from {since.isoformat()} to {until.isoformat()}.")
        return ExitCode.CLEAN
    for date, pack_id, change, status, binds, event, source in rows:
        say(f"{date}  {pack_id}  {change}: {status}  (binds {binds})")
        say(f"    {event}")
        if source:
            say(f"    source: {source}")
    return ExitCode.CLEAN


COMMANDS: Tuple[click.Command, ...] = (policies,)
