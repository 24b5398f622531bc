"""The shipped templates' precompiled code (auditor.render.shipped): current, used, the same pages as compiling
from the text, and never used where it does not fit (a changed text, another Jinja or options, a damaged
module, a --template-dir template)."""
from __future__ import annotations

import importlib.util
import traceback
from pathlib import Path
from typing import List

import jinja2
import pytest

from auditor.render import precompiled, shipped
from auditor.render.html import environment, render_email_html, render_html
from auditor.render.precompile import FOLDER, precompiled_files
from tests.render.factory import family_fleet
from tests.render.test_report_html import report

TEMPLATES = Path(shipped.__file__).parent / "templates"
PRECOMPILED_FOLDER = str(Path(precompiled.__file__).parent)
REGENERATE = "stale: run `python -m auditor.render.precompile` and commit auditor/render/precompiled"
# The modules are used only with the Jinja they were written by: with another (a newer release on a fresh
# machine), every template is compiled from its text, and the tests below check that instead.
THIS_JINJA = precompiled.JINJA2 == jinja2.__version__


def shipped_names() -> List[str]:
    return sorted(p.name for p in TEMPLATES.iterdir() if p.suffix in (".html", ".css", ".js"))


def from_precompiled(template: jinja2.Template) -> bool:
    """Whether the template's code came from a precompiled module (its functions keep the module's file name;
    the template itself is named by its own file, as when compiled from the text)."""
    return Path(template.root_render_func.__code__.co_filename).parent == Path(PRECOMPILED_FOLDER)


def compiled_from_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipped, "precompiled_code", lambda *args: None)


def test_every_shipped_template_has_an_entry_for_its_current_text() -> None:
    assert sorted(precompiled.TEMPLATES) == shipped_names(), REGENERATE
    for name, (digest, module) in precompiled.TEMPLATES.items():
        assert digest == shipped.source_digest((TEMPLATES / name).read_text(encoding="utf-8")), f"{name}: {REGENERATE}"
        assert (FOLDER / f"{module}.py").is_file(), f"{name}: {REGENERATE}"


def test_the_modules_are_what_the_installed_jinja_compiles_now() -> None:
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in FOLDER.glob("*.py")}
    written = precompiled_files()
    if THIS_JINJA:
        assert on_disk == written, REGENERATE
    else:  # what differs is the Jinja line of the manifest at least
        assert on_disk["__init__.py"] != written["__init__.py"]


def test_every_shipped_template_loads_from_its_module_named_by_its_own_file() -> None:
    env = environment()
    for name in shipped_names():
        template = env.get_template(name)
        assert from_precompiled(template) is THIS_JINJA, name
        assert template.filename == str(TEMPLATES / name)
    # The shipped templates through the "default:" prefix a --template-dir template extends too.
    assert from_precompiled(env.get_template("default:report.html")) is THIS_JINJA


def test_report_and_email_are_the_same_pages_as_compiled_from_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    rep = report(family_fleet())
    precompiled_pages = render_html(rep), render_email_html(rep, "reports/latest/report.html")
    compiled_from_text(monkeypatch)
    assert not from_precompiled(environment().get_template("report.html"))
    assert (render_html(rep), render_email_html(rep, "reports/latest/report.html")) == precompiled_pages
    assert "<html" in precompiled_pages[0] and "<html" in precompiled_pages[1]


def failing_frames(env: jinja2.Environment) -> List[traceback.FrameSummary]:
    with pytest.raises(jinja2.UndefinedError) as raised:
        env.get_template("_summary.html").render()  # StrictUndefined: the first variable it reads fails
    return [f for f in traceback.extract_tb(raised.value.__traceback__) if f.filename.endswith(".html")]


def test_an_error_in_a_template_points_at_the_same_template_line(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    assert from_precompiled(env.get_template("_summary.html")) is THIS_JINJA
    frames = [(f.filename, f.lineno) for f in failing_frames(env)]
    compiled_from_text(monkeypatch)
    assert frames == [(f.filename, f.lineno) for f in failing_frames(environment())]
    assert frames and frames[-1][0] == str(TEMPLATES / "_summary.html") and frames[-1][1] > 1


def test_a_changed_text_another_jinja_or_other_options_compile_from_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    source, filename, _ = env.loader.get_source(env, "report.html")  # type: ignore[union-attr]
    assert (shipped.precompiled_code(env, "report.html", source, filename) is not None) is THIS_JINJA
    assert shipped.precompiled_code(env, "report.html", source + "\n", filename) is None
    assert shipped.precompiled_code(env, "nothing.html", source, filename) is None
    other = environment()
    other.trim_blocks = False
    assert shipped.precompiled_code(other, "report.html", source, filename) is None
    other = environment()
    other.filters["show"] = jinja2.pass_context(lambda context, value: value)  # now passed a context
    assert shipped.precompiled_code(other, "report.html", source, filename) is None
    monkeypatch.setattr(precompiled, "JINJA2", "0.0")
    assert shipped.precompiled_code(env, "report.html", source, filename) is None
    # ...and the page is still rendered, compiled from the text.
    assert not from_precompiled(environment().get_template("report.html"))
    assert "<html" in render_html(report(family_fleet()))


@pytest.mark.parametrize("damage", ["missing", "syntax"])
def test_a_damaged_module_is_compiled_from_the_text_never_a_failed_run(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "t_bad.py"
    bad.write_text("def root(context:\n", encoding="utf-8")
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: object = None) -> object:
        if name.startswith(shipped.PRECOMPILED + "."):
            return None if damage == "missing" else importlib.util.spec_from_file_location("t_bad", bad)
        return real_find_spec(name, package)  # type: ignore[arg-type]

    monkeypatch.setattr(shipped.importlib.util, "find_spec", find_spec)
    env = environment()
    template = env.get_template("report.html")
    assert not from_precompiled(template)
    assert "<html" in render_html(report(family_fleet()))


def test_a_template_dir_template_is_compiled_from_its_own_text(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text('{% extends "default:report.html" %}{% block title %}Ours{% endblock %}',
                                          encoding="utf-8")
    env = environment(str(tmp_path))
    ours = env.get_template("report.html")
    assert not from_precompiled(ours) and ours.filename == str(tmp_path / "report.html")
    assert from_precompiled(env.get_template("default:report.html")) is THIS_JINJA
    assert from_precompiled(env.get_template("base.html")) is THIS_JINJA
