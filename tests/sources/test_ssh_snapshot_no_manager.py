"""A host snapshot on which no package manager the collector reads answered (an Alpine host: apk; Arch:
pacman) says so, naming the managers tried (REPORT4 small item: before, only "the export has no records;
re-export it", which no re-export fixes). A host with a manager that answered keeps its packages."""
from __future__ import annotations

import json
from pathlib import Path

from auditor.policy import Library, select_packs
from tests.conftest import AS_OF, audit_paths


def _snapshot(folder: Path, host: str, managers: dict, packages: list) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{host}_22.json").write_text(json.dumps({
        "schema": "fleet-auditor/host-snapshot/1", "collected_at": "2026-11-23T02:00:04Z", "host": host, "port": 22,
        "hostname": host, "os": {"family": "linux", "name": "Alpine Linux", "version": "3.20", "id": "alpine"},
        "serial": "", "owner": "alice@example.com", "managers": managers, "packages": packages, "errors": []}))


def test_a_host_where_no_manager_answered_is_named_with_the_managers(test_library: Library, tmp_path: Path) -> None:
    _snapshot(tmp_path / "s", "alpine01", {"dpkg": "absent", "rpm": "absent", "snap": "absent",
                                           "flatpak": "absent"}, [])
    _snapshot(tmp_path / "s", "deb01", {"dpkg": "ok", "rpm": "absent"},
              [{"manager": "dpkg", "name": "curl", "version": "8", "identifier": "curl"}])
    result = audit_paths([tmp_path / "s"], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=100000)
    fatal = [(p.source.rsplit("/", 1)[-1], p.message) for p in result.problems if p.fatal]
    assert fatal == [("alpine01_22.json", "host alpine01:22: no package manager the collector reads answered (dpkg: "
                                          "absent, flatpak: absent, rpm: absent, snap: absent), so its software is "
                                          "unknown (apk, pacman and others are not collected: docs/acquire.md)")]
    assert {d.name for d in result.devices} == {"alpine01", "deb01"}
