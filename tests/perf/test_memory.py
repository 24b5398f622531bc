"""Memory bounds, not clocks: whole audits in child processes under an address-space limit (RLIMIT_AS) set from
a baseline audit measured in the same test.

- Rows that match nothing are never kept: a fleet with 250 times the rows of the baseline (the same devices,
  a million rows) audits within 40 MB of it (what a block of lines takes while it is read; kept rows would
  take more than 150 MB).
- What a device costs stays small: a fleet of 30 times the devices audits within 1.7 KB per added device (this
  fleet's devices took 3.5 KB each before the per-device work of issue 21; after its first part they needed a
  limit of 2.0 KB and failed at 1.8; after its second (one text for a value several files name:
  auditor.engine.shared_texts; a flat merge index; findings.json written in parts) they run within 1.5 KB and
  fail at 1.4).
- The limits bind: the same fleet under a tenth of that allowance runs out of memory.
And the cyclic collector never walks the audit's objects while rendering (counted: the heap is frozen)."""
from __future__ import annotations

import csv
import gc
import resource
import subprocess
import sys
from pathlib import Path
from typing import Optional, Tuple

import pytest

from tests.conftest import REPO

AS_OF = "2026-11-23"
import os
CWD = os.environ.get("MEM_CWD", str(REPO))
CHILD = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmPeak:"):
            sys.stderr.write("VMPEAK " + line.split()[1] + "\\n")
atexit.register(peak)
from auditor.cli import main
main(sys.argv[1:])
"""
APPS = [(f"Vendor{i % 13} App {i}", f"Vendor{i % 13} Inc.") for i in range(300)] + [("TikTok", "")]


def fleet(folder: Path, devices: int, apps_per_device: int) -> Tuple[Path, Path]:
    """An Intune AppInvRawData export, its device export and a staff directory (the benchmark's shape, small)."""
    folder.mkdir(parents=True)
    staff = folder.parent / f"{folder.name}-staff.csv"
    with open(folder / "AppInvRawData.csv", "w", newline="", encoding="utf-8") as apps, \
            open(folder / "devices.csv", "w", newline="", encoding="utf-8") as exports, \
            open(staff, "w", newline="", encoding="utf-8") as people:
        a, e, p = csv.writer(apps), csv.writer(exports), csv.writer(people)
        a.writerow(["ApplicationName", "ApplicationPublisher", "ApplicationVersion", "DeviceId", "DeviceName",
                    "EmailAddress", "Platform", "OSVersion", "UserName"])
        e.writerow(["Device ID", "Device name", "Serial number", "Primary user UPN", "Primary user email address",
                    "Primary user display name", "Ownership", "OS", "OS version", "Last check-in"])
        p.writerow(["employeeId", "displayName", "mail", "title", "department"])
        for d in range(devices):
            device_id, email = f"{d:08x}-0000-4000-8000-{d:012x}", f"user{d}@example.com"
            for k in range(apps_per_device):
                name, publisher = APPS[(d * 7 + k) % len(APPS)]
                a.writerow([name, publisher, f"1.{k}", device_id, f"DEV-{d:06d}", email, "Windows", "10.0",
                            f"User {d}"])
            e.writerow([device_id, f"DEV-{d:06d}", f"SN{d:08d}", email, email, f"User {d}",
                        "Personal" if d % 10 == 0 else "Corporate", "Windows", "10.0", "2026-11-22 07:00:00"])
            p.writerow([f"E{d:07d}", f"User {d}", email, "Analyst", "Finance"])
    return folder, staff


def audit(tmp_path: Path, folder: Path, staff: Path, limit_kb: Optional[int] = None) -> Tuple[int, int, str]:
    """(exit code, VmPeak in KB, stderr) of `auditor audit` in a child process, under limit_kb of address space."""
    def limit() -> None:
        if limit_kb is not None:
            resource.setrlimit(resource.RLIMIT_AS, (limit_kb * 1024, limit_kb * 1024))
    out = tmp_path / f"report-{folder.name}-{limit_kb}"
    done = subprocess.run([sys.executable, "-c", CHILD, "audit", str(folder), "--staff", str(staff), "--out",
                           str(out), "--fail-on", "none", "--quiet", "--as-of", AS_OF], cwd=CWD, capture_output=True,
                          text=True, preexec_fn=limit, timeout=600)
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("VMPEAK ")]
    return done.returncode, peaks[-1] if peaks else 0, done.stderr


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Tuple[Path, int]:
    tmp = tmp_path_factory.mktemp("memory")
    code, peak, stderr = audit(tmp, *fleet(tmp / "base", 1_000, 4))
    assert code == 0 and peak > 0, stderr
    return tmp, peak


def test_rows_that_match_nothing_are_not_kept(baseline: Tuple[Path, int]) -> None:
    tmp, base = baseline
    rows = fleet(tmp / "rows", 1_000, 1_000)
    code, peak, stderr = audit(tmp, *rows, limit_kb=base + 40 * 1024)
    assert code == 0, stderr[-2000:]


def test_what_a_device_costs(baseline: Tuple[Path, int]) -> None:
    tmp, base = baseline
    devices = fleet(tmp / "devices", 30_000, 4)
    added = 29_000
    code, peak, stderr = audit(tmp, *devices, limit_kb=base + 17 * added // 10)
    assert code == 0, stderr[-2000:]
    code, _, stderr = audit(tmp, *devices, limit_kb=base + 17 * added // 100)  # the limit binds
    assert code != 0 and "MemoryError" in stderr


def test_rendering_never_walks_the_audit_s_objects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """While the outputs are rendered the collector runs (Jinja makes cycles), with the audit's objects frozen;
    the staff directory loads with it paused."""
    from auditor.people import PeopleFiles
    from auditor.render import outputs
    from auditor.run import once
    seen = []
    render_all = outputs.render_all
    monkeypatch.setattr(outputs, "render_all", lambda report, *chosen: seen.append(
        ("render", gc.isenabled(), gc.get_freeze_count())) or render_all(report, *chosen))
    load = PeopleFiles.load
    monkeypatch.setattr(PeopleFiles, "load", lambda self: seen.append(("people", gc.isenabled(), 0)) or load(self))
    folder, staff = fleet(tmp_path / "fleet", 50, 2)
    import datetime as dt
    once.run_once(once.AuditRequest(inputs=(folder,), as_of=dt.date(2026, 11, 23), people=PeopleFiles(staff=staff),
                                    fail_on="none"), once.OutputFolder(tmp_path / "out"))
    (_, people_gc, _), *renders = seen
    assert not people_gc and renders and all(render_gc and frozen > 10_000 for _, render_gc, frozen in renders)
    assert gc.get_freeze_count() == 0 and gc.isenabled()
