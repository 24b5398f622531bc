"""Errors the tool reports to its user, and the exit codes they map to (one place: cli.main)."""
from __future__ import annotations


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
