"""The one audit run: `auditor audit` and `auditor run` are the same run (auditor.run.once), so they list
the same inputs in manifest.json, a generic-CSV mapping file among them."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List

import pytest

from auditor import cli
from tests.conftest import FIXTURES

INPUTS = [FIXTURES / "intune", FIXTURES / "generic"]


def run(args: List[str]) -> int:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    return int(info.value.code)


def test_audit_and_run_write_the_same_manifest_inputs(fixture_policies: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")
    run(["audit", *map(str, INPUTS), "--out", str(tmp_path / "audit"), "--as-of", "2026-11-23", "--quiet"])
    config = tmp_path / "auditor.yaml"
    config.write_text("schema: fleet-auditor/config/1\n"
                      f"inputs: {{paths: [{', '.join(json.dumps(str(p)) for p in INPUTS)}]}}\n"
                      "output: reports\n")
    run(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"])

    def inputs(folder: Path) -> list:  # type: ignore[type-arg]
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["inputs"]

    by_audit, by_run = inputs(tmp_path / "audit"), inputs(tmp_path / "reports" / "latest")
    assert by_run == by_audit
    mapping = str(FIXTURES / "generic" / "assets.mapping.yaml")
    assert [i["format"] for i in by_audit if i["path"] == mapping] == ["generic-csv-mapping"]
    assert len(by_audit) == 4 and all(len(i["sha256"]) == 64 for i in by_audit)
