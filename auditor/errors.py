"""Exit codes, decided here: what each error maps to (its class's `exit_code`) and what a run's result maps
to (result_exit_code). auditor.cli.main is the one place a process exits with them."""
from __future__ import annotations

from auditor.model import AuditResult, Severity

FAIL_ON = ("critical", "high", "medium", "low", "none")  # --fail-on, `fail_on:` in the configuration
# The one default of both, and of the configuration `auditor init` writes: any violation fails the run.
DEFAULT_FAIL_ON = "low"


class ExitCode:
    """Process exit codes: the contract cron jobs and other tools rely on (ARCHITECTURE.md)."""

    CLEAN = 0
    FINDINGS = 1
    USAGE = 2
    INCOMPLETE = 3
    INTERNAL = 4
    LOCKED = 5  # another scheduled run holds the lock: this one did nothing


class AuditorError(Exception):
    """An error with a message meant for the user; never a traceback."""

    exit_code = ExitCode.USAGE


class PolicyError(AuditorError):
    """A policy pack or catalog file is invalid; the message names file, key path and expectation."""


class ConfigError(AuditorError):
    """A configuration, mapping, staff or waiver file is invalid."""


class InventoryError(AuditorError):
    """An inventory input cannot be used at all (for example: the path does not exist)."""


class OutputError(AuditorError):
    """The output folder cannot be written."""

    exit_code = ExitCode.INTERNAL


class LockedError(AuditorError):
    """Another run holds the output folder's lock."""

    exit_code = ExitCode.LOCKED


_SEVERITIES = frozenset(s.value for s in Severity)


def result_exit_code(result: AuditResult, fail_on: str) -> int:
    """1 when a violation or overdue finding (of this run, or held open by the history: see
    AuditResult.held_open) is at or above --fail-on; else 3 when the run is incomplete (never a clean 0 on
    partial data); else 0."""
    if fail_on != "none":
        threshold = Severity(fail_on).rank
        # A pack named with --policy that is enjoined or revoked on the as-of date is shown for history:
        # its findings never fail a run (AuditResult.counts_as_open).
        if any(f.severity.rank <= threshold and result.counts_as_open(f) for f in result.findings):
            return ExitCode.FINDINGS
        # A finding the history holds open (its device's apps were not seen tonight) is open as far as anyone
        # knows: it fails the run as it did the night it was seen, never a clean 0.
        if any(result.held_counts_as_open(f) and f.severity in _SEVERITIES and Severity(f.severity).rank <= threshold
               for f in result.held_open):
            return ExitCode.FINDINGS
    return ExitCode.CLEAN if result.complete else ExitCode.INCOMPLETE
