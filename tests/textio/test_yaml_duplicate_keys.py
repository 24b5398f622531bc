"""A key written twice in one YAML mapping is refused, naming both lines (REPORT4 problem 3): YAML keeps the
last and drops the first unseen, so a waiver with two `expires:` lines, or an auditor.yaml with two `fail_on:`
lines, was read with whichever came last and nobody was told. Through the real loaders of waivers and
auditor.yaml, and the YAML reader itself (merge keys and equal keys in different mappings stay allowed)."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import AuditorError, ConfigError
from auditor.people.waivers import load_waivers
from auditor.run.config import load_config
from auditor.textio.yamlfile import load_yaml

WAIVER = """schema: fleet-auditor/waivers/1
waivers:
  - id: W-1
    owner: ana.kim@example.com
    app: tiktok
    reason: research
    approver: ciso@example.com
    expires: 2025-01-01
    expires: 2027-01-01
"""


def test_a_waiver_with_two_expiry_dates_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVER)
    with pytest.raises(ConfigError, match=r"waivers\.yaml: refused YAML: line 9: key 'expires' is written twice "
                                          r"in one mapping \(first at line 8\)"):
        load_waivers(path)


def test_a_config_with_two_fail_on_lines_is_refused(tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    path = tmp_path / "auditor.yaml"
    path.write_text("schema: fleet-auditor/config/1\nfail_on: high\ninputs: {paths: [exports]}\nfail_on: critical\n")
    with pytest.raises(AuditorError, match=r"line 4: key 'fail_on' is written twice in one mapping \(first at line 2\)"):
        load_config(path)


def test_a_flow_mapping_with_a_key_twice_on_one_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: {b: 1, b: 2}\n")
    with pytest.raises(ConfigError, match=r"line 1: key 'b' is written twice"):
        load_yaml(path)


def test_merges_and_the_same_key_in_other_mappings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("base: &b {expires: 2025-01-01, owner: a}\n"
                    "one: {<<: *b, expires: 2027-01-01}\n"
                    "two: {expires: 2026-01-01}\n")
    loaded = load_yaml(path)
    assert str(loaded["one"]["expires"]) == "2027-01-01" and loaded["one"]["owner"] == "a"
    assert str(loaded["two"]["expires"]) == "2026-01-01"
