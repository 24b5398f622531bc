"""Snapshots written by `auditor collect` (one JSON file per host): not yet implemented."""
from __future__ import annotations

from typing import Iterator, Optional

from auditor.sources.base import Item, Probe, ReadContext


class SshSnapshotJson:
    format_id = "ssh-snapshot-json"
    title = "Host snapshot written by `auditor collect` over SSH"
    tool = "ssh"

    def detect(self, probe: Probe) -> Optional[str]:
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        return iter(())
