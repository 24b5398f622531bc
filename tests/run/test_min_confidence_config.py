"""`min_confidence:` in auditor.yaml reaches the run like --min-confidence; a wrong value names the key."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.model import Confidence
from auditor.run.config import load_config
from auditor.run.scheduled import request_of


def config(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "auditor.yaml"
    path.write_text(f"schema: fleet-auditor/config/1\ninputs: {{paths: [exports]}}\n{extra}", encoding="utf-8")
    return path


def test_min_confidence_key_reaches_the_run(tmp_path: Path) -> None:
    assert load_config(config(tmp_path, "")).min_confidence == Confidence.PROBABLE
    loaded = load_config(config(tmp_path, "min_confidence: confirmed\n"))
    assert request_of(loaded, dt.date(2026, 11, 23)).min_confidence == Confidence.CONFIRMED


def test_a_wrong_min_confidence_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(config(tmp_path, "min_confidence: sure\n"))
    assert "auditor.yaml: min_confidence: expected one of confirmed, probable, got 'sure'" in str(info.value)
