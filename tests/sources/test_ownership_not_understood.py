"""An ownership value no reader knows (a localised Intune export's 'Unternehmen' / 'Persönlich', REPORT3 problem
8, case 23) is read as unknown, with one data-quality note per distinct value and its count; and an iOS or
Android device of unknown ownership under Intune, Jamf or Fleet is not fully visible (a personal phone reports
only managed apps), decided in engine.merge.source_visibility (its cases: tests/sources/test_readers.py). The real
Intune readers over the fixture exports."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List

from auditor.model import Ownership, ProblemKind, Visibility
from tests.conftest import FIXTURES, run_audit

INTUNE = FIXTURES / "intune"


def _localised(tmp_path: Path, words: Dict[str, str]) -> Path:
    folder = tmp_path / "intune"
    folder.mkdir()
    for f in INTUNE.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == "devices.csv":
            for english, other in words.items():
                text = text.replace(f",{english},", f",{other},")
        (folder / f.name).write_text(text, encoding="utf-8")
    return folder


def _notes(result) -> List[str]:  # type: ignore[no-untyped-def]
    return [p.message for p in result.problems if p.kind == ProblemKind.DATA and "not understood" in p.message]


def test_each_value_not_understood_is_one_note_with_its_count(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [_localised(tmp_path, {"Corporate": "Unternehmen", "Personal": "Persönlich"})])
    assert result.complete
    assert _notes(result) == ["Ownership 'Unternehmen' (2 devices) not understood: treated as unknown",
                              "Ownership 'Persönlich' (2 devices) not understood: treated as unknown"]
    seen = {d.name: (d.ownership, d.app_visibility) for d in result.devices}
    # The corporate iPhone, now of unknown ownership, is no longer taken as showing all its apps; the Windows
    # laptop (an agent-like inventory of a computer) still is.
    assert seen["IPHONE-ANA"] == (Ownership.UNKNOWN, Visibility.MANAGED_ONLY)
    assert seen["LAPTOP-17"] == (Ownership.UNKNOWN, Visibility.FULL)
    assert "IPHONE-ANA" in {d.name for d, _ in result.not_visible}


def test_values_the_readers_know_give_no_note(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [INTUNE])
    assert _notes(result) == []
    assert {d.name: d.app_visibility for d in result.devices}["IPHONE-ANA"] == Visibility.FULL
    # Fleet's "On (manual)" says nothing of ownership: known, unknown, and no note.
    assert _notes(run_audit(test_library, [_localised(tmp_path, {"Corporate": "On (manual)"})])) == []


def _rewritten(tmp_path: Path, fixture: Path, old: str, new: str) -> Path:
    copy = tmp_path / fixture.name
    copy.write_text(fixture.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return copy


def test_graph_and_jamf_mobile_values_not_understood_are_noted(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    graph = _rewritten(tmp_path, FIXTURES / "intune_graph" / "detectedApps_with_managedDevices.json",
                       '"managedDeviceOwnerType": "company"', '"managedDeviceOwnerType": "Firma"')
    assert _notes(run_audit(test_library, [graph])) == [
        "managedDeviceOwnerType 'Firma' (3 devices) not understood: treated as unknown"]
    jamf = _rewritten(tmp_path, FIXTURES / "jamf" / "mobile-devices-detail.json",
                      '"deviceOwnershipType": "Institutional"', '"deviceOwnershipType": "Institutionnel"')
    assert _notes(run_audit(test_library, [jamf])) == [
        "deviceOwnershipType 'Institutionnel' (1 device) not understood: treated as unknown"]
