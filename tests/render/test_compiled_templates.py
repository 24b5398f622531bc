"""The shipped templates' compiled code is kept beside them (auditor.render.compiled): used again only for the
same source, tool, Jinja and options; never for a --template-dir template; never a failed run."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import jinja2
import pytest

from auditor.render import compiled, html


def parses(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The templates Jinja compiles from source (its parser runs once per template compiled)."""
    names: List[str] = []
    original = jinja2.Environment._parse

    def parse(self, source, name, filename):  # type: ignore[no-untyped-def]
        names.append(name)
        return original(self, source, name, filename)
    monkeypatch.setattr(jinja2.Environment, "_parse", parse)
    return names


@pytest.fixture(autouse=True)
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def test_a_second_run_compiles_nothing_the_first_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled_names = parses(monkeypatch)
    first = html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    second = html.environment(compiled_folder=tmp_path).get_template("_summary.html")  # another run
    assert compiled_names == ["_summary.html"]
    assert first.filename == second.filename and len(list(tmp_path.glob("*.jinja"))) == 1
    assert not list(tmp_path.glob(".*.tmp"))  # written under a temporary name, then renamed


def test_entries_of_another_version_or_options_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled_names = parses(monkeypatch)
    html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    monkeypatch.setattr(compiled, "__version__", "99.0")  # an upgrade that kept the template's source
    html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    monkeypatch.setattr(html, "_OPTIONS", "autoescape off")
    html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    assert compiled_names == ["_summary.html"] * 3 and len(list(tmp_path.glob("*.jinja"))) == 3


def test_a_template_dir_template_is_never_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled_names = parses(monkeypatch)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "_summary.html").write_text("mine {{ 1 + 1 }}")
    kept = tmp_path / "kept"
    for _ in range(2):
        assert html.environment(str(mine), kept).get_template("_summary.html").render() == "mine 2"
    assert compiled_names == ["_summary.html", "_summary.html"] and not kept.exists()


def test_a_damaged_entry_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    (entry,) = tmp_path.glob("*.jinja")
    good = html.environment(compiled_folder=tmp_path).get_template("_summary.html")
    header = len(jinja2.bccache.bc_magic)
    for damage in (entry.read_bytes()[:40], entry.read_bytes()[:header] + b"\x80\x04garbage", b""):
        entry.write_bytes(damage)  # cut short; a valid header then garbage (pickle raises); empty
        compiled_names = parses(monkeypatch)
        again = html.environment(compiled_folder=tmp_path).get_template("_summary.html")
        assert compiled_names == ["_summary.html"] and again.filename == good.filename
        monkeypatch.undo()
        monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert entry.read_bytes()[:12] != b"" and len(entry.read_bytes()) > 40  # written whole again


def test_no_folder_to_write_and_no_bytecode_mean_nothing_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    compiled_names = parses(monkeypatch)
    for _ in range(2):
        html.environment(compiled_folder=blocked / "kept").get_template("_summary.html")  # cannot be made
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for _ in range(2):
        html.environment(compiled_folder=tmp_path / "kept").get_template("_summary.html")
    assert compiled_names == ["_summary.html"] * 4 and not (tmp_path / "kept").exists()


def test_kept_by_default_beside_the_shipped_templates() -> None:
    cache = html.environment().bytecode_cache
    assert isinstance(cache, compiled.KeptBesideTemplates)
    assert cache.folder == Path(html.__file__).resolve().parent / "templates" / "__pycache__"
