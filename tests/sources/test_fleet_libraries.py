"""Fleet lists programming-language libraries beside apps (osquery's python_packages, npm_packages, ...):
a library named like a banned app is not that app, and is never audited as one; the input says how many it
left out."""
from __future__ import annotations

import json
from pathlib import Path

from auditor.model import AuditResult
from auditor.policy import Library, load_library
from tests.conftest import run_audit

ROOT = Path(__file__).resolve().parents[2]


def _host(software: list) -> dict:
    return {"host": {"id": 7, "hostname": "dev-laptop", "hardware_serial": "C02DEV0001", "platform": "ubuntu",
                     "seen_time": "2026-11-22T08:00:00Z", "software": software}}


def _audit(tmp_path: Path, software: list) -> AuditResult:
    path = tmp_path / "host.json"
    path.write_text(json.dumps(_host(software)), encoding="utf-8")
    library: Library = load_library(root=ROOT / "policies")
    return run_audit(library, [path], packs=["us-no-tiktok-on-government-devices-act-2022"])


def test_a_python_library_named_like_an_app_is_not_the_app(tmp_path: Path) -> None:
    result = _audit(tmp_path, [
        {"name": "lark", "version": "1.1.5", "source": "python_packages"},
        {"name": "tiktok", "version": "0.1", "source": "npm_packages"},
        {"name": "curl", "version": "8.5", "source": "deb_packages"},
    ])
    assert result.findings == ()
    assert not any(n.name in ("lark", "tiktok") for n in result.near_misses)
    notes = [p.message for p in result.problems if "libraries" in p.message]
    assert notes and notes[0].startswith("2 programming-language libraries"), result.problems
    assert result.complete


def test_the_same_name_as_an_app_of_a_real_package_manager_is_still_audited(tmp_path: Path) -> None:
    result = _audit(tmp_path, [{"name": "TikTok", "version": "38.1", "source": "programs", "vendor": "TikTok Pte. Ltd."}])
    assert [f.catalog_id for f in result.findings] == ["tiktok"]
