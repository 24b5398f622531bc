"""The audit: read (auditor.reading) -> merge devices -> evaluate rules -> enrich with owners, priority and
waivers; a function of its inputs and an as-of date, with no output of its own."""
from __future__ import annotations

from auditor.engine.audit import audit
from auditor.engine.evaluate import finding_key, sort_key
from auditor.engine.merge import merge_devices
from auditor.sources import source_visibility

__all__ = ["audit", "finding_key", "merge_devices", "sort_key", "source_visibility"]
