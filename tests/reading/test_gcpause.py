"""The collector and the bulk stages: a pause with `freeze` leaves what the paused stages kept out of the
collections after it (each would otherwise walk every record, device and person again), and the run thaws it
once its outputs are written."""
from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import List

import pytest

from auditor import cli
from auditor.reading import cyclic_gc_paused, heap_frozen
from tests.conftest import FIXTURES


def test_a_pause_with_freeze_leaves_what_it_made_out_of_later_collections() -> None:
    gc.unfreeze()
    with cyclic_gc_paused(freeze=True):
        kept = [[i] for i in range(20_000)]  # lists: objects the collector tracks
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(kept)
        assert gc.get_count()[0] < 1_000  # the young generation starts afresh, not with 20,000 objects to walk
    finally:
        gc.unfreeze()
    with cyclic_gc_paused():
        later = [[i] for i in range(1_000)]
    assert gc.get_freeze_count() == 0 and later  # without freeze nothing is frozen


def test_heap_frozen_thaws_everything_on_leaving() -> None:
    with cyclic_gc_paused(freeze=True):
        kept = [[i] for i in range(1_000)]
    with heap_frozen():
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_the_run_freezes_what_the_audit_made_before_anything_else_and_ends_thawed(
        fixture_policies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    once = sys.modules["auditor.run.once"]
    frozen: List[int] = []
    report_of = once.Report.of

    def watched(result: object, options: object) -> object:  # the first step after the audit
        frozen.append(gc.get_freeze_count())
        return report_of(result, options)
    monkeypatch.setattr(once.Report, "of", staticmethod(watched))
    gc.unfreeze()
    with pytest.raises(SystemExit):
        cli.main(["audit", str(FIXTURES / "intune"), "--out", str(tmp_path / "out"), "--as-of", "2026-11-23",
                  "--quiet"])
    assert frozen and frozen[0] > 1_000  # the audit's objects (and the process's before it) out of collections
    assert gc.get_freeze_count() == 0


def test_a_run_that_fails_half_way_leaves_nothing_frozen(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """run_once freezes what the staff directory's load made; a waiver error after it (exit 2) must not leave
    the heap frozen for the rest of the process."""
    import gc

    import pytest

    from auditor.errors import AuditorError
    from auditor.run.once import AuditRequest, OutputFolder, run_once
    from auditor.people import PeopleFiles
    from tests.conftest import AS_OF, FIXTURES

    waivers = tmp_path / "w.yaml"
    waivers.write_text("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: W-1, app: no-such-app, reason: r, "
                       "approver: a@example.com, expires: 2027-01-01}\n", encoding="utf-8")
    request = AuditRequest(inputs=(FIXTURES / "intune",), as_of=AS_OF, people=PeopleFiles(waivers=waivers))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    with pytest.raises(AuditorError):
        run_once(request, OutputFolder(tmp_path / "out"))
    assert gc.get_freeze_count() == 0
