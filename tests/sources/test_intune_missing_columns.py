"""An optional Intune column whose absence changes results (a renamed ApplicationPublisher turns confirmed
findings into probable ones; a renamed Ownership hides every personal device's partial visibility) is one
data-quality note naming the column looked for, the effect and the header seen, once however many spans read
the file; the run stays complete."""
from __future__ import annotations

from pathlib import Path
from typing import List

import pytest

from auditor.model import ProblemKind
from auditor.policy import select_packs
from auditor.textio import csvsplit
from tests.conftest import AS_OF, FIXTURES, audit_paths, run_audit

INTUNE = FIXTURES / "intune"


def _renamed(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "intune"
    folder.mkdir()
    for f in INTUNE.iterdir():
        text = f.read_text(encoding="utf-8")
        if f.name == name:
            header, rest = text.split("\n", 1)
            assert old in header
            text = header.replace(old, new) + "\n" + rest
        (folder / f.name).write_text(text, encoding="utf-8")
    return folder


def _notes(result) -> List[str]:  # type: ignore[no-untyped-def]
    return [p.message for p in result.problems if p.kind == ProblemKind.DATA and " column (looked for" in p.message]


@pytest.mark.parametrize("name, old, new, said", [
    ("AppInvRawData.csv", "ApplicationPublisher", "AppPublisherX",
     "no publisher column (looked for: 'ApplicationPublisher', 'Application Publisher', 'Publisher'): apps are "
     "matched without their publisher"),
    ("devices.csv", "Ownership", "OwnershipX", "no ownership column (looked for: 'Ownership', 'OwnerType', "
                                               "'ManagedDeviceOwnerType'): no device is known to be personal"),
])
def test_a_renamed_optional_column_that_changes_results_is_a_note(  # type: ignore[no-untyped-def]
        test_library, tmp_path: Path, name: str, old: str, new: str, said: str) -> None:
    result = run_audit(test_library, [_renamed(tmp_path, name, old, new)])
    notes = _notes(result)
    assert len(notes) == 1 and notes[0].startswith(said), notes
    assert f"'{new}'" in notes[0]  # the header seen
    assert result.complete


def test_the_full_export_has_no_such_note(test_library) -> None:  # type: ignore[no-untyped-def]
    assert _notes(run_audit(test_library, [INTUNE])) == []


def test_a_file_read_in_spans_says_it_once(test_library, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvsplit, "MIN_SPLIT_BYTES", 0)  # split even this small file: each span reads the header
    folder = _renamed(tmp_path, "AppInvRawData.csv", "ApplicationPublisher", "AppPublisherX")
    apps = folder / "AppInvRawData.csv"
    header, rows = apps.read_text(encoding="utf-8").split("\n", 1)
    apps.write_text(header + "\n" + rows * 40, encoding="utf-8")
    packs = select_packs(test_library, (), AS_OF)
    one = audit_paths([folder], test_library, packs, AS_OF, max_export_age_days=10 ** 5)
    many = audit_paths([folder], test_library, packs, AS_OF, max_export_age_days=10 ** 5, jobs=2)
    assert len(_notes(one)) == 1 and _notes(many) == _notes(one)
