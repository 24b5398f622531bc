"""Both YAML paths of auditor.textio.yamlfile: libyaml's parser and composer (yaml.CSafeLoader, measured on its
events first) where PyYAML has it, the pure-Python SafeLoader otherwise. The same data, and the same refusals."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from auditor.errors import ConfigError
from auditor.resources import shipped_policies_dir
from auditor.textio import yamlfile
from auditor.textio.yamlfile import MAX_VALUES, BadDate, load_yaml
from tests.conftest import IN_CI

BOMB = "".join(["notes:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
                *(f"  - &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)), "x: *i\n"])
HOSTILE: Dict[str, str] = {
    "alias bomb": BOMB,
    "recursive alias": "x: &r [*r]\n",
    "python/object": "x: !!python/object/apply:os.system ['touch PWNED']\n",
    "nested deeper than 64 levels": "x: " + "[" * 100 + "]" * 100 + "\n",
    "nested": "x: " + "[" * 3_000 + "]" * 3_000 + "\n",  # past libyaml's own limit (1,000): said as ours
    f"more than {MAX_VALUES} values": "x: [" + "a, " * (MAX_VALUES + 5) + "a]\n",
    "written twice": "x: 1\ny: 2\nx: 3\n",
    "invalid YAML": "x: [1, 2\n",
}

# CI installs PyYAML's wheels, which carry libyaml: there these tests never skip.
needs_libyaml = pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False) and not IN_CI,
                                   reason="PyYAML without libyaml: only the pure-Python path exists")


def _load(path: Path, libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(yamlfile, "_LIBYAML", libyaml)
    return load_yaml(path)


@needs_libyaml
def test_every_shipped_policy_file_loads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(shipped_policies_dir().rglob("*.yaml"))
    assert len(files) > 30
    for path in files:
        assert _load(path, True, monkeypatch) == _load(path, False, monkeypatch), path


@needs_libyaml
@pytest.mark.parametrize("says", sorted(HOSTILE))
@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure"])
def test_hostile_yaml_is_refused_the_same_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, says: str,
                                                    libyaml: bool) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(HOSTILE[says], encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        _load(path, libyaml, monkeypatch)
    assert says in str(refused.value)
    if says == "written twice":
        assert "line 3" in str(refused.value) and "first at line 1" in str(refused.value)


@needs_libyaml
def test_the_libyaml_path_counts_before_it_composes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document past the limits is refused from its events: libyaml's composer never sees it."""
    composed = []
    real = yamlfile._LibyamlLoader.get_single_node
    monkeypatch.setattr(yamlfile._LibyamlLoader, "get_single_node", lambda self: composed.append(1) or real(self))
    for says in ("nested deeper than 64 levels", f"more than {MAX_VALUES} values"):
        path = tmp_path / "file.yaml"
        path.write_text(HOSTILE[says], encoding="utf-8")
        with pytest.raises(ConfigError):
            _load(path, True, monkeypatch)
    assert composed == []
    (tmp_path / "fine.yaml").write_text("x: [1, 2]\n", encoding="utf-8")
    assert _load(tmp_path / "fine.yaml", True, monkeypatch) == {"x": [1, 2]} and composed == [1]


@needs_libyaml
@pytest.mark.parametrize("libyaml", [True, False], ids=["libyaml", "pure"])
def test_an_impossible_date_is_kept_with_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  libyaml: bool) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("a: 1\nexpires: 2026-02-30\n", encoding="utf-8")
    value = _load(path, libyaml, monkeypatch)["expires"]
    assert isinstance(value, BadDate) and value == "2026-02-30" and value.line == 2 and "day" in value.why
