"""Inventory exports: what a reader is (interface), the readers and detection by content (registry), one
module per export format, and input planning (plan). Other packages import from here, not from the modules.

Adding a reader: a module with a class that has format_id, title, tool, detect(probe) and read(ctx) (see
interface.py), and one line in registry.READERS; a fast path is optional (interface.ReadSink)."""
from __future__ import annotations

from auditor.sources.interface import AppRow, FastReader, Item, Probe, Reader, ReadSink
from auditor.sources.plan import InputPlan, PlannedInput, plan_inputs
from auditor.sources.registry import BY_ID, READERS, detect
from auditor.sources.ssh_snapshot import SCHEMA as SNAPSHOT_SCHEMA
from auditor.sources.visibility import source_visibility, visibility_of
from auditor.sources.vocab import rounded_number

__all__ = ["AppRow", "BY_ID", "FastReader", "InputPlan", "Item", "PlannedInput", "Probe", "READERS", "ReadSink",
           "Reader", "SNAPSHOT_SCHEMA", "detect", "plan_inputs", "rounded_number",
           "source_visibility", "visibility_of"]
