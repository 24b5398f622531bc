"""One text for a value read from several files (auditor.engine.shared_texts): the same values, fewer texts.

Unit: a record takes the texts already held for equal values (the directory's owner, an earlier record of the
same tool and device id), never a text that differs, even in case. End to end: an audit of an Intune app export
and its device export with a staff directory, by the fast path and by read(), in this process and with
workers: each device's owner texts are the directory's, its two sightings share one device id text, and the
devices are equal to those of an audit without sharing."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor.engine import audit
from auditor.engine.shared_texts import shared_texts
from auditor.model import DeviceRecord, SourceRef
from auditor.people import PeopleFiles
from auditor.policy import load_library, select_packs, selection_of
from auditor.sources import plan_inputs
from tests.perf.test_memory import fleet

AS_OF = dt.date(2026, 11, 23)


def fresh(text: str) -> str:
    """An equal text that is a different object."""
    return "".join(list(text))


def test_a_record_takes_the_texts_already_held_for_equal_values(tmp_path: Path) -> None:
    _, staff = fleet(tmp_path / "f", 3, 1)
    directory = PeopleFiles(staff=staff).load().directory
    person = directory.index["user1@example.com"]
    share = shared_texts(directory)
    app = DeviceRecord(SourceRef("intune", fresh("dev-1"), "a.csv"), name=fresh("PC-1"),
                       owner_email=fresh("user1@example.com"), owner_name=fresh("User 1"))
    export = DeviceRecord(SourceRef("intune", fresh("dev-1"), "d.csv"), name=fresh("PC-1"),
                          owner_email=fresh("user1@example.com"), owner_upn=fresh("user1@example.com"),
                          owner_name=fresh("User 1"), authoritative=True)
    other_tool = DeviceRecord(SourceRef("jamf", fresh("dev-1"), "j.csv"), name=fresh("PC-1"))
    differs = DeviceRecord(SourceRef("intune", fresh("dev-2"), "d.csv"), owner_email=fresh("User1@Example.com"),
                           owner_name=fresh("user 1"))
    before = [dataclasses.astuple(r) for r in (app, export, other_tool, differs)]
    for record in (app, export, other_tool, differs):
        share(record)
    assert [dataclasses.astuple(r) for r in (app, export, other_tool, differs)] == before  # the same values
    assert export.source.device_id is app.source.device_id and export.name is app.name
    for record in (app, export):
        assert record.owner_email is person.email and record.owner_name is person.name
    assert export.owner_upn is person.email
    assert other_tool.source.device_id is not app.source.device_id  # another tool's id 1 is another device
    assert differs.owner_email == "User1@Example.com" and differs.owner_email is not person.email
    assert differs.owner_name is not person.name


def _audit(paths: List[Path], staff: Path, **options: object) -> Tuple[object, object]:
    library = load_library()
    people = PeopleFiles(staff=staff).load()
    selection = selection_of(library, select_packs(library, [], AS_OF), AS_OF)
    return audit(plan_inputs(paths), selection, people, **options), people.directory


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("slow", [False, True])
def test_an_audit_s_devices_share_their_texts_and_are_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 jobs: int, slow: bool) -> None:
    folder, staff = fleet(tmp_path / "fleet", 40, 3)
    if slow:  # read() instead of the fast path
        from auditor.sources.intune_csv import IntuneAppInventoryCsv
        monkeypatch.delattr(IntuneAppInventoryCsv, "scan")
    result, directory = _audit([folder], staff, jobs=jobs)
    assert len(result.devices) == 40
    for device in result.devices:
        person = directory.index[device.owner_email]
        assert device.owner_email is person.email and device.owner_name is person.name
        app_sighting, export_sighting = sorted(device.sources, key=lambda s: s.file)
        assert app_sighting.device_id == export_sighting.device_id
        assert app_sighting.device_id is export_sighting.device_id
    monkeypatch.setattr(importlib.import_module("auditor.engine.audit"), "shared_texts", lambda directory: None)
    unshared, _ = _audit([folder], staff, jobs=jobs)
    assert unshared.devices == result.devices and unshared.findings == result.findings
    assert any(d.owner_email is not directory.index[d.owner_email].email for d in unshared.devices)
