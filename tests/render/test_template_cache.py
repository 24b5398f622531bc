"""The report templates' compiled code is kept between runs, only in a folder no one else can write."""
from __future__ import annotations

import os
from pathlib import Path
from typing import List

import jinja2
import pytest

from auditor.render import html
from auditor.render.template_cache import OFF, cache_folder, template_cache


def parses(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The templates Jinja compiles from source (its parser runs once per template compiled)."""
    names: List[str] = []
    original = jinja2.Environment._parse

    def parse(self, source, name, filename):  # type: ignore[no-untyped-def]
        names.append(name)
        return original(self, source, name, filename)
    monkeypatch.setattr(jinja2.Environment, "_parse", parse)
    return names


def test_a_second_run_compiles_nothing_the_first_compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(OFF, raising=False)
    compiled = parses(monkeypatch)
    env = html.environment()
    env.get_template("_summary.html")
    assert compiled == ["_summary.html"]
    html.environment().get_template("_summary.html")  # another run's environment
    assert compiled == ["_summary.html"]
    folder = tmp_path / "cache" / "fleet-auditor" / "templates"
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700 and list(folder.iterdir())


def test_an_edited_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(OFF, raising=False)
    compiled = parses(monkeypatch)
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "_summary.html").write_text("first {{ 1 + 1 }}")
    assert html.environment(str(mine)).get_template("_summary.html").render() == "first 2"
    (mine / "_summary.html").write_text("second {{ 2 + 2 }}")
    assert html.environment(str(mine)).get_template("_summary.html").render() == "second 4"
    assert compiled == ["_summary.html", "_summary.html"]


@pytest.mark.parametrize("unsafe", ["wide mode", "a link", "a file", "turned off", "no home"])
def test_no_cache_where_another_could_write_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsafe: str) -> None:
    """A folder others can enter or write, a link (to a folder of the user's, even), anything not a folder, the
    switch, or no home: no cache, and the report renders as ever."""
    monkeypatch.delenv(OFF, raising=False)
    base = tmp_path / "cache"
    folder = base / "fleet-auditor" / "templates"
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    if unsafe == "wide mode":
        folder.mkdir(parents=True)
        folder.chmod(0o777)
    elif unsafe == "a link":
        private = tmp_path / "elsewhere"
        private.mkdir(mode=0o700)
        folder.parent.mkdir(parents=True)
        folder.symlink_to(private)
    elif unsafe == "a file":
        folder.parent.mkdir(parents=True)
        folder.write_text("not a folder")
    elif unsafe == "turned off":
        monkeypatch.setenv(OFF, "off")
    else:
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.delenv("HOME", raising=False)
    assert template_cache() is None
    compiled = parses(monkeypatch)
    for _ in range(2):
        html.environment().get_template("_summary.html")
    assert compiled == ["_summary.html", "_summary.html"]  # compiled each time: nothing kept
    if unsafe in ("wide mode", "a link"):
        assert not list(folder.iterdir())


def test_the_folder_follows_xdg_and_home() -> None:
    assert cache_folder({"XDG_CACHE_HOME": "/c", "HOME": "/h"}) == Path("/c/fleet-auditor/templates")
    assert cache_folder({"XDG_CACHE_HOME": "relative", "HOME": "/h"}) == Path("/h/.cache/fleet-auditor/templates")
    assert cache_folder({"HOME": "/h", OFF: "OFF"}) is None
    assert cache_folder({}) is None
    assert os.environ.get("XDG_CACHE_HOME") == os.environ.get("FLEET_AUDITOR_TESTS_CACHE")  # tests: their own
