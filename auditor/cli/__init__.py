"""The command line. Each command builds its inputs and calls one core function; `main` is the one
place where errors become exit codes (0 clean, 1 findings, 2 usage/policy, 3 incomplete, 4 internal)."""
from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

import click

from auditor import __version__
from auditor.engine.audit import audit as run_audit
from auditor.history import connect as connect_history, record, with_history
from auditor.errors import AuditorError, ExitCode
from auditor.model import AuditResult, Severity, Status
from auditor.people.files import PeopleFiles, sha256_file
from auditor.policy.library import DEFAULT_JURISDICTIONS, load_library, load_selected, pack_manifest, select_packs
from auditor.render.outputs import OutputOptions, write_outputs
from auditor.render.safe import visible
from auditor.resources import examples_dir
from auditor.sources.registry import READERS, detect, plan_inputs
from auditor.reading.staleness import DEFAULT_MAX_AGE_DAYS
from auditor.render.summary import summarise
from auditor.people.waivers import check_against as check_waivers

FAIL_ON = ("critical", "high", "medium", "low", "none")


def today_utc() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def generated_at() -> str:
    """Now in UTC; SOURCE_DATE_EPOCH makes outputs reproducible (golden tests, archives)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit()
              else dt.datetime.now(dt.timezone.utc))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_as_of(_ctx: Any, _param: Any, value: Optional[str]) -> dt.date:
    if value is None:
        return today_utc()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2023-02-27, got {value!r}") from None


def exit_code(result: AuditResult, fail_on: str) -> int:
    """1 when a violation or overdue finding is at or above --fail-on; else 3 when the run is
    incomplete (never a clean 0 on partial data); else 0."""
    if fail_on != "none":
        threshold = Severity(fail_on).rank
        # A pack named with --policy that is enjoined or revoked on the as-of date is shown for history:
        # its findings never fail a run.
        binding = {p.id for p in result.packs if p.status == "in-force"}
        if any(f.status in (Status.VIOLATION, Status.OVERDUE) and f.severity.rank <= threshold
               and f.pack_id in binding for f in result.findings):
            return ExitCode.FINDINGS
    return ExitCode.CLEAN if result.complete else ExitCode.INCOMPLETE


def audit_and_write(inventory: Sequence[Path], policy_refs: Sequence[str], as_of: dt.date, out: Path,
                    source_format: Optional[str], organisation: str, template_dir: Optional[str],
                    arguments: Sequence[str], logo: Optional[Path] = None,
                    max_export_age: int = DEFAULT_MAX_AGE_DAYS,
                    people_files: PeopleFiles = PeopleFiles(),
                    jurisdictions: Sequence[str] = DEFAULT_JURISDICTIONS, history: Optional[Path] = None,
                    fail_on: str = "low", jobs: int = 1) -> Tuple[AuditResult, Dict[str, Path]]:
    library, packs = load_selected(policy_refs, as_of, jurisdictions)  # invalid: exit 2, nothing written
    people = people_files.load()
    check_waivers(people.waivers, library.apps, {p.id: [r.id for r in p.rules] for p in library.packs.values()})
    result = run_audit(inventory, library, packs, as_of, source_format, max_export_age, people,
                       progress=terminal_progress(), jobs=jobs)
    conn = connect_history(history) if history else None
    if conn is not None:
        try:
            result = with_history(conn, result)
        except BaseException:
            conn.close()
            raise
    plan = plan_inputs(inventory, source_format)
    options = OutputOptions(
        generated_at=generated_at(), organisation=organisation, template_dir=template_dir, logo=logo,
        packs=pack_manifest(library, packs, as_of),
        support_files=tuple({"path": s.display, "format": "generic-csv-mapping", "sha256": sha256_file(s.path)}
                            for s in plan.support_files) + people_files.manifest(),
        arguments=tuple(arguments))
    if conn is None:
        return result, write_outputs(result, out, options)

    def record_run() -> None:  # once the report is written, before it is renamed into place
        record(conn, result, options.generated_at, {"out": str(out), "arguments": list(arguments)},
               summarise(result), exit_code(result, fail_on), str(out))
    try:
        return result, write_outputs(result, out, options, before_publish=record_run)
    finally:
        conn.close()


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


def print_summary(result: AuditResult, written: Dict[str, Path], quiet: bool = False) -> None:
    summary = summarise(result)
    if not result.complete:
        click.echo("INCOMPLETE RUN: these findings are not the whole picture:", err=True)
        for reason in summary["incomplete_reasons"][:10]:
            click.echo(f"  - {visible(reason)}", err=True)  # file names and headers come from the data
    for pack in result.packs:
        if pack.status != "in-force":
            click.echo(f"note: {pack.id} is {pack.status} on {result.as_of.isoformat()}: its findings are shown "
                       "for the record and do not fail the run", err=True)
    if quiet:
        return
    prio = ", ".join(f"{k} {v}" for k, v in summary["by_priority"].items())
    click.echo(f"{summary['findings']} findings on {summary['devices_with_findings']} of {summary['devices']} "
               f"devices ({prio}); as of {result.as_of.isoformat()}.")
    click.echo(f"Report: {visible(str(written['report.html']))}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Fleet Auditor: which company devices carry banned apps, and whose devices those are."""


@cli.command()
@click.argument("inventory", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--policy", "policies", multiple=True, metavar="PACK",
              help="Pack id or pack file (repeatable). Default: the in-force packs of --jurisdiction.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, default=DEFAULT_JURISDICTIONS, show_default=True,
              metavar="CODE", help="Without --policy: evaluate the in-force packs of these jurisdictions "
                                   "(US, US-TX, EU, CA, ...; repeatable; 'all' for every one).")
@click.option("--as-of", callback=parse_as_of, metavar="DATE", help="Evaluate as of this date (default: today, UTC).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports/latest-audit"), show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="low", show_default=True,
              help="Exit 1 when a violation or overdue finding has at least this severity.")
@click.option("--source-format", type=click.Choice(sorted(r.format_id for r in READERS)),
              help="Read every input with this reader instead of detecting the format.")
@click.option("--org", "organisation", default="", help="Organisation name for the report header.")
@click.option("--template-dir", type=click.Path(file_okay=False, exists=True), help="Templates that replace the shipped ones.")
@click.option("--logo", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Organisation logo (PNG, JPEG or SVG), embedded in the report.")
@click.option("--max-export-age", type=click.IntRange(min=0), default=DEFAULT_MAX_AGE_DAYS, show_default=True,
              metavar="DAYS", help="An export older than this makes the run incomplete.")
@click.option("--staff", type=click.Path(dir_okay=False, path_type=Path), help="Staff directory (HR export, CSV or JSON).")
@click.option("--staff-mapping", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="YAML naming the directory's columns and e-mail domain aliases.")
@click.option("--risk", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Risk-tier rules (YAML). Default: the shipped policies/risk/default.yaml.")
@click.option("--waivers", type=click.Path(dir_okay=False, path_type=Path), help="Waivers (YAML or CSV).")
@click.option("--allow-open-waivers", is_flag=True, help="Accept waivers without an expiry date or approver.")
@click.option("--history", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite run history: adds first seen, new/persisting/reopened and resolved findings, and records this run.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Parse large inputs in this many processes.")
@click.option("--quiet", is_flag=True, help="Print nothing but problems (for cron).")
def audit(inventory: Tuple[Path, ...], policies: Tuple[str, ...], jurisdictions: Tuple[str, ...], as_of: dt.date,
          out: Path, fail_on: str,
          source_format: Optional[str], organisation: str, template_dir: Optional[str], logo: Optional[Path],
          max_export_age: int, staff: Optional[Path], staff_mapping: Optional[Path], risk: Optional[Path],
          waivers: Optional[Path], allow_open_waivers: bool, history: Optional[Path], jobs: int, quiet: bool) -> int:
    """Audit INVENTORY files or folders against the policy packs and write the report to --out."""
    people = PeopleFiles(staff, staff_mapping, risk, waivers, allow_open_waivers)
    result, written = audit_and_write(inventory, policies, as_of, out, source_format, organisation, template_dir,
                                      click.get_current_context().obj["argv"], logo, max_export_age, people,
                                      jurisdictions, history, fail_on, jobs)
    print_summary(result, written, quiet)
    return exit_code(result, fail_on)


EXAMPLE_AS_OF = "2026-11-23"  # the example fleet was exported on 2026-11-22: the demo audits it as of the next day


@cli.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports/demo"), show_default=True)
@click.option("--as-of", callback=parse_as_of, metavar="DATE", default=EXAMPLE_AS_OF, show_default=True,
              help="Evaluate as of this date.")
def demo(out: Path, as_of: dt.date) -> int:
    """Audit the bundled example fleet and write reports/demo/. Exits 0 when the demo ran."""
    fleet = examples_dir() / "fleet"
    people_dir = examples_dir() / "people"
    people = PeopleFiles(staff=people_dir / "staff.csv", waivers=people_dir / "waivers.yaml") \
        if (people_dir / "staff.csv").is_file() else PeopleFiles()
    result, written = audit_and_write([fleet], (), as_of, out, None, "Example Corp (demo fleet)", None, ["demo"],
                                      people_files=people)
    print_summary(result, written)
    return ExitCode.CLEAN


@cli.group()
def policies() -> None:
    """List, show and validate policy packs."""


@policies.command("list")
@click.option("--as-of", callback=parse_as_of, metavar="DATE", help="Show each pack's status on this date.")
@click.option("--policy", "extra", multiple=True, metavar="FILE", help="Also load this pack file.")
def policies_list(as_of: dt.date, extra: Tuple[str, ...]) -> int:
    """Every known pack: id, jurisdiction, status, dates, apps, and whether audits use it by default."""
    library = load_library([Path(p) for p in extra])
    chosen = {p.id for p in select_packs(library, (), as_of, ("all",))}
    # DEFAULT: evaluated without --policy when its jurisdiction is selected (--jurisdiction, default US)
    rows = [("ID", "JURISDICTION", f"STATUS {as_of.isoformat()}", "SIGNED", "EFFECTIVE", "APPS", "DEFAULT", "TITLE")]
    for pack in sorted(library.packs.values(), key=lambda p: p.id):
        effective = sorted({r.effective for r in pack.rules})
        span = effective[0].isoformat() + (f"..{effective[-1].isoformat()}" if len(effective) > 1 else "")
        rows.append((pack.id, pack.jurisdiction, pack.status_on(as_of),
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


@cli.group()
def sources() -> None:
    """The inventory formats Fleet Auditor reads, and which one takes a file."""


@sources.command("list")
def sources_list() -> int:
    """Every reader with its format id."""
    for reader in READERS:
        click.echo(f"{reader.format_id:22}  {reader.tool:12}  {reader.title}")
    return ExitCode.CLEAN


@sources.command("detect")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def sources_detect(paths: Tuple[Path, ...]) -> int:
    """Which reader takes each file, and why."""
    plan = plan_inputs(paths)
    unknown = False
    for item in plan.inputs:
        reader, reason = detect(item)
        unknown |= reader is None
        click.echo(visible(f"{item.display}: {reader.format_id if reader else 'unrecognised'} ({reason})"))
    for problem in plan.problems:
        unknown = True
        click.echo(visible(f"{problem.source}: {problem.message}"))
    return ExitCode.INCOMPLETE if unknown else ExitCode.CLEAN


def _register_extension_commands() -> None:
    from auditor.cli import acquire, schedule

    for module in (acquire, schedule):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_extension_commands()


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Entry point: the one place that turns errors into exit codes."""
    args = list(argv) if argv is not None else sys.argv[1:]
    try:
        code = cli.main(args=args, prog_name="auditor", standalone_mode=False, obj={"argv": args})
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        code = ExitCode.INTERNAL
    except click.ClickException as exc:
        exc.show()
        code = ExitCode.USAGE
    except AuditorError as exc:
        click.echo(f"error: {visible(str(exc))}", err=True)
        code = exc.exit_code
    except Exception:  # noqa: BLE001 - the contract: an unexpected failure is exit 4, with the traceback
        click.echo("internal error (please report it with the traceback below):", err=True)
        click.echo(traceback.format_exc(), err=True)
        code = ExitCode.INTERNAL
    sys.exit(code if isinstance(code, int) else ExitCode.CLEAN)
