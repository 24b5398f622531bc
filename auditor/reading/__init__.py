"""The read loop: planned inputs read (the fast path where a reader has one; worker processes with --jobs),
app rows classified once per distinct app, each input judged once (stale, empty), with the cyclic garbage
collector paused over the bulk of the work."""
from __future__ import annotations

from auditor.reading.classifier import Classifier, Matches
from auditor.reading.gcpause import cyclic_gc_paused, heap_frozen
from auditor.reading.loop import InputResult, read_generic, read_input
from auditor.reading.parallel import Progress, read_inputs
from auditor.reading.stage import Hit, Reading, read_all
from auditor.reading.staleness import DEFAULT_MAX_AGE_DAYS, not_current_since, stale_problem

__all__ = ["Classifier", "DEFAULT_MAX_AGE_DAYS", "Hit", "InputResult", "Matches", "Progress", "Reading",
           "cyclic_gc_paused", "heap_frozen", "not_current_since", "read_all", "read_generic", "read_input", "read_inputs",
           "stale_problem"]
