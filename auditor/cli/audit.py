"""`auditor audit` (inventories named on the command line) and `auditor demo` (the bundled example fleet):
both are the one audit run (auditor.run.once)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional, Tuple

import click

from auditor.cli.console import print_summary, terminal_progress
from auditor.cli.options import DEFAULT_FAIL_ON, FAIL_ON, parse_as_of
from auditor.errors import ExitCode
from auditor.model import Confidence
from auditor.people import PeopleFiles
from auditor.policy import org_type_forms
from auditor.reading import DEFAULT_MAX_AGE_DAYS
from auditor.resources import examples_dir
from auditor.run import AuditRequest, OutputFolder, run_once
from auditor.sources import READERS

EXAMPLE_AS_OF = "2026-11-23"  # the example fleet was exported on 2026-11-22: the demo audits it as of the next day


@click.command()
@click.argument("inventory", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--policy", "policies", multiple=True, metavar="PACK",
              help="Pack id or pack file (repeatable). Default: the in-force packs of --jurisdiction.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="CODE",
              help="Without --policy: also adopt the in-force default packs of these jurisdictions (US, US-TX, EU, "
                   "GB, ...; repeatable; 'all' for every one). Default: the --org-type's country, else US.")
@click.option("--org-type", "org_types", multiple=True, metavar="TYPE",
              help="What this organisation is, so each pack is reported as binding on it or adopted as its policy, "
                   "and the packs that bind it are evaluated: " + org_type_forms() + ". Default: private.")
@click.option("--as-of", callback=parse_as_of, metavar="DATE", help="Evaluate as of this date (default: today, UTC).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports/latest-audit"), show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=DEFAULT_FAIL_ON, show_default=True,
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
@click.option("--min-confidence", type=click.Choice([c.value for c in Confidence]), default=Confidence.PROBABLE.value,
              show_default=True, help="confirmed: leave probable findings out (every output says how many).")
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERN",
              help="Do not read files that match (repeatable): '*.pdf' (a name at any depth), 'archive/**' (a path "
                   "below a folder named). Excluded files are listed in manifest.json.")
@click.option("--encoding", metavar="NAME",
              help="The code page of the CSV inputs (cp1251, shift_jis, ...), when they are not UTF-8, UTF-16 or "
                   "Windows-1252 (those are detected). Better: re-export as CSV UTF-8.")
@click.option("--quiet", is_flag=True, help="Print nothing but problems (for cron).")
def audit(inventory: Tuple[Path, ...], policies: Tuple[str, ...], jurisdictions: Tuple[str, ...],
          org_types: Tuple[str, ...], as_of: dt.date, out: Path, fail_on: str,
          source_format: Optional[str], organisation: str, template_dir: Optional[str], logo: Optional[Path],
          max_export_age: int, staff: Optional[Path], staff_mapping: Optional[Path], risk: Optional[Path],
          waivers: Optional[Path], allow_open_waivers: bool, history: Optional[Path], jobs: int, min_confidence: str,
          exclude: Tuple[str, ...], encoding: Optional[str], quiet: bool) -> int:
    """Audit INVENTORY files or folders against the policy packs and write the report to --out."""
    request = AuditRequest(
        inputs=inventory, as_of=as_of, policies=policies, jurisdictions=jurisdictions, org_types=org_types,
        people=PeopleFiles(staff, staff_mapping, risk, waivers, allow_open_waivers), source_format=source_format,
        max_export_age_days=max_export_age, fail_on=fail_on, jobs=jobs, min_confidence=Confidence(min_confidence),
        history=history, organisation=organisation,
        template_dir=template_dir, logo=logo, arguments=tuple(click.get_current_context().obj["argv"]),
        exclude=exclude, encoding=encoding)
    outcome = run_once(request, OutputFolder(out), progress=terminal_progress())
    print_summary(outcome, quiet)
    return outcome.exit_code


@click.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("reports/demo"), show_default=True)
@click.option("--as-of", callback=parse_as_of, metavar="DATE", default=EXAMPLE_AS_OF, show_default=True,
              help="Evaluate as of this date.")
@click.option("--org-type", "org_types", multiple=True, metavar="TYPE",
              help="Audit the example fleet as this kind of organisation (default: private; see `audit --help`).")
def demo(out: Path, as_of: dt.date, org_types: Tuple[str, ...]) -> int:
    """Audit the bundled example fleet and write reports/demo/. Exits 0 when the demo ran."""
    people_dir = examples_dir() / "people"
    people = PeopleFiles(staff=people_dir / "staff.csv", waivers=people_dir / "waivers.yaml") \
        if (people_dir / "staff.csv").is_file() else PeopleFiles()
    request = AuditRequest(inputs=(examples_dir() / "fleet",), as_of=as_of, people=people, org_types=org_types,
                           organisation="Example Corp (demo fleet)", arguments=("demo",))
    print_summary(run_once(request, OutputFolder(out), progress=terminal_progress()))
    return ExitCode.CLEAN


COMMANDS: Tuple[click.Command, ...] = (audit, demo)
