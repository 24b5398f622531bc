"""Errors of remote acquisition (`auditor fetch`, `auditor collect`)."""
from __future__ import annotations

from auditor.errors import AuditorError, ExitCode


class AcquireError(AuditorError):
    """Acquisition cannot start: a bad URL or hosts file, a missing known_hosts or key, an unsafe
    password file. Exit 2 (usage). A host or file that fails once acquisition runs is not an error
    but a recorded failure that makes the run incomplete (exit 3)."""

    exit_code = ExitCode.USAGE
