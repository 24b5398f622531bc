"""Running audits: the one audit run (once.py) for `auditor audit`, `auditor demo` and `auditor run`, and the
scheduled run around it (scheduled.py: configuration, lock, run folders, retention, notification)."""
from __future__ import annotations

from auditor.run.once import Acquired, Acquirer, AuditRequest, Destination, OutputFolder, RunOutcome, generated_at, run_once

__all__ = ["Acquired", "Acquirer", "AuditRequest", "Destination", "OutputFolder", "RunOutcome", "generated_at", "run_once"]
