"""The shipped templates' precompiled code (auditor.render.shipped): current, used, the same pages and error
lines as compiling from the text, and never used where it does not fit (a changed text, another Jinja or
environment, a module not written with its manifest, a --template-dir template), never a failed run.

The guards are tested against modules written here, for whatever Jinja is installed (`written`), so that they
are tested whichever Jinja CI installs; the shipped modules are checked to be current for the Jinja of
setup.cfg's test extra."""
from __future__ import annotations

import importlib
import sys
import traceback
import uuid
from pathlib import Path
from typing import Callable, Iterator, List

import jinja2
import jinja2.sandbox
import pytest

from auditor.render import precompiled, shipped
from auditor.render.html import environment, render_email_html, render_html
from auditor.render.precompile import FOLDER, MANIFEST, precompiled_files, write
from tests.render.factory import family_fleet
from tests.render.test_report_html import report

TEMPLATES = Path(shipped.__file__).parent / "templates"
REGENERATE = "stale: run `python -m auditor.render.precompile` and commit auditor/render/precompiled"


def shipped_names() -> List[str]:
    return sorted(p.name for p in TEMPLATES.iterdir() if p.suffix in (".html", ".css", ".js"))


def from_precompiled(env: jinja2.Environment, name: str) -> bool:
    """Whether a fresh load of the template compiled nothing (its code came from a module)."""
    compiled: List[str] = []
    real = env.compile

    def counting(source: str, name: str = None, filename: str = None, *args: object, **kwargs: object) -> object:  # type: ignore[assignment]
        compiled.append(name or "")
        return real(source, name, filename, *args, **kwargs)  # type: ignore[arg-type]

    env.compile = counting  # type: ignore[method-assign]
    env.cache = None  # a fresh load every time
    env.get_template(name)
    return not compiled


@pytest.fixture
def written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The modules `python -m auditor.render.precompile` writes for the installed Jinja, in a package of their
    own that the loader is pointed at."""
    package = f"fa_precompiled_{uuid.uuid4().hex}"
    write(tmp_path / package)
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.setattr(shipped, "PRECOMPILED", package)
    yield tmp_path / package
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]


# --- the shipped modules -------------------------------------------------------------------------------

def test_the_shipped_modules_are_what_the_jinja_of_the_test_extra_compiles_now() -> None:
    assert precompiled.JINJA2 == jinja2.__version__, (
        f"the modules were written by Jinja {precompiled.JINJA2}, this is {jinja2.__version__}: {REGENERATE} "
        "(and set the test extra's jinja2 pin in setup.cfg to it)")
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in FOLDER.glob("*.py")}
    assert on_disk == precompiled_files(), REGENERATE
    assert sorted(precompiled.TEMPLATES) == shipped_names(), REGENERATE


def test_every_shipped_template_loads_from_its_module() -> None:
    for name in shipped_names():
        assert from_precompiled(environment(), name), name
    # Through the "default:" prefix a --template-dir template extends them by too.
    assert from_precompiled(environment(), "default:report.html")


def test_module_names_differ_for_every_template_name() -> None:
    names = ["x-y.html", "x_y.html", "x.y.html", "x__y.html", "x_dy.html", "xé.html", "x y.html", "_x.html"]
    assert len({shipped.module_name(n) for n in names}) == len(names)
    assert all(shipped.module_name(n).isidentifier() for n in names)
    assert shipped.module_name("report.html") == "t_report_dhtml"


# --- the guards, against modules written for the installed Jinja ----------------------------------------

def test_written_modules_load_with_the_template_names_and_code_of_a_fresh_compile(written: Path) -> None:
    env = environment()
    for name in shipped_names():
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        code = shipped.precompiled_code(env, name, source, filename)
        assert code is not None, name
        fresh = env.compile(source, name, filename)

        def walk(c: object) -> Iterator[object]:
            yield c
            for const in getattr(c, "co_consts", ()):
                if hasattr(const, "co_code"):
                    yield from walk(const)

        assert [(c.co_filename, c.co_name, c.co_code, c.co_firstlineno) for c in walk(code)] == \
               [(c.co_filename, c.co_name, c.co_code, c.co_firstlineno) for c in walk(fresh)], name  # type: ignore[attr-defined]
        assert env.get_template(name).filename == str(TEMPLATES / name)


def test_report_and_email_are_the_same_pages_as_compiled_from_the_text(written: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    rep = report(family_fleet())
    assert from_precompiled(environment(), "report.html") and from_precompiled(environment(), "email.html")
    pages = render_html(rep), render_email_html(rep, "reports/latest/report.html")
    monkeypatch.setattr(shipped, "precompiled_code", lambda *args: None)
    assert not from_precompiled(environment(), "report.html")
    assert (render_html(rep), render_email_html(rep, "reports/latest/report.html")) == pages
    assert "<html" in pages[0] and "<html" in pages[1]


def failing_frames(env: jinja2.Environment) -> List[traceback.FrameSummary]:
    with pytest.raises(jinja2.UndefinedError) as raised:
        env.get_template("_summary.html").render()  # StrictUndefined: the first variable it reads fails
    return [f for f in traceback.extract_tb(raised.value.__traceback__) if f.filename.endswith(".html")]


def test_an_error_in_a_template_points_at_the_same_template_line(written: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert from_precompiled(environment(), "_summary.html")
    frames = [(f.filename, f.lineno) for f in failing_frames(environment())]
    monkeypatch.setattr(shipped, "precompiled_code", lambda *args: None)
    assert frames == [(f.filename, f.lineno) for f in failing_frames(environment())]
    assert frames and frames[-1][0] == str(TEMPLATES / "_summary.html") and frames[-1][1] > 1


def _trim_blocks(env: jinja2.Environment) -> None:
    env.trim_blocks = False


def _lstrip_blocks(env: jinja2.Environment) -> None:
    env.lstrip_blocks = False


def _autoescape(env: jinja2.Environment) -> None:
    env.autoescape = False


def _optimized(env: jinja2.Environment) -> None:
    env.optimized = False


def _is_async(env: jinja2.Environment) -> None:
    env.is_async = True


def _newline(env: jinja2.Environment) -> None:
    env.newline_sequence = "\r\n"


def _trailing_newline(env: jinja2.Environment) -> None:
    env.keep_trailing_newline = True


def _delimiters(env: jinja2.Environment) -> None:
    env.variable_start_string = "[["


def _finalize(env: jinja2.Environment) -> None:
    env.finalize = str


def _extension(env: jinja2.Environment) -> None:
    env.add_extension("jinja2.ext.do")


def _policy(env: jinja2.Environment) -> None:
    env.policies["truncate.leeway"] = 0


def _filter_passed_a_context(env: jinja2.Environment) -> None:
    env.filters["show"] = jinja2.pass_context(lambda context, value, width=0: value)


def _filter_replaced(env: jinja2.Environment) -> None:
    env.filters["due"] = lambda value: value


def _test_added(env: jinja2.Environment) -> None:
    env.tests["shown"] = bool


def _sandboxed(env: jinja2.Environment) -> None:
    env.__class__ = jinja2.sandbox.SandboxedEnvironment  # a sandbox compiles calls and operators otherwise


@pytest.mark.parametrize("change", [_trim_blocks, _lstrip_blocks, _autoescape, _optimized, _is_async, _newline,
                                    _trailing_newline, _delimiters, _finalize, _extension, _policy,
                                    _filter_passed_a_context, _filter_replaced, _test_added, _sandboxed],
                         ids=lambda f: f.__name__.strip("_"))
def test_another_environment_compiles_from_the_text(written: Path, change: Callable[[jinja2.Environment], None]) -> None:
    env = environment()
    source, filename, _ = env.loader.get_source(env, "report.html")  # type: ignore[union-attr]
    assert shipped.precompiled_code(env, "report.html", source, filename) is not None
    other = environment()
    change(other)
    assert shipped.precompiled_code(other, "report.html", source, filename) is None


def test_a_changed_text_another_jinja_or_an_unknown_name_compile_from_the_text(written: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    env = environment()
    source, filename, _ = env.loader.get_source(env, "report.html")  # type: ignore[union-attr]
    assert shipped.precompiled_code(env, "report.html", source, filename) is not None
    assert shipped.precompiled_code(env, "report.html", source + "\n", filename) is None
    assert shipped.precompiled_code(env, "nothing.html", source, filename) is None
    manifest = importlib.import_module(shipped.PRECOMPILED)
    monkeypatch.setattr(manifest, "JINJA2", "0.0")
    assert shipped.precompiled_code(env, "report.html", source, filename) is None
    assert not from_precompiled(environment(), "report.html")
    assert "<html" in render_html(report(family_fleet()))


def _edited_module(folder: Path) -> None:
    module = folder / f"{shipped.module_name('base.html')}.py"
    text = module.read_text(encoding="utf-8")
    assert "</html>" in text
    module.write_text(text.replace("</html>", "</html><!-- edited -->"), encoding="utf-8")


def _swapped_modules(folder: Path) -> None:  # two modules trade places, the manifest unchanged
    a, b = (folder / f"{shipped.module_name(n)}.py" for n in ("report.html", "base.html"))
    text_a, text_b = a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")
    a.write_text(text_b, encoding="utf-8")
    b.write_text(text_a, encoding="utf-8")


def _syntax_error(folder: Path) -> None:
    (folder / f"{shipped.module_name('report.html')}.py").write_text("def root(context:\n", encoding="utf-8")


def _module_missing(folder: Path) -> None:
    (folder / f"{shipped.module_name('report.html')}.py").unlink()


def _manifest_cut(folder: Path) -> None:
    manifest = folder / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8")[:200], encoding="utf-8")


def _manifest_without_templates(folder: Path) -> None:
    manifest = folder / MANIFEST
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("TEMPLATES =", "OTHER ="), encoding="utf-8")


def _entry_damaged(folder: Path) -> None:
    manifest = folder / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("'report.html': (", "'report.html': (lambda *parts: 7)("), encoding="utf-8")


def _bytecode_cut(folder: Path) -> None:
    """A module's cached bytecode with a valid header and a cut body (marshal: EOFError)."""
    import py_compile

    module = folder / f"{shipped.module_name('report.html')}.py"
    cached = Path(importlib.util.cache_from_source(str(module)))
    py_compile.compile(str(module), cfile=str(cached), doraise=True)
    cached.write_bytes(cached.read_bytes()[:40])


def _package_missing(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            path.unlink()
    folder.rmdir()


@pytest.mark.parametrize("damage", [_edited_module, _swapped_modules, _syntax_error, _module_missing, _manifest_cut,
                                    _manifest_without_templates, _entry_damaged, _bytecode_cut, _package_missing],
                         ids=lambda f: f.__name__.strip("_"))
def test_a_damaged_module_or_manifest_is_compiled_from_the_text_never_a_failed_run(
        written: Path, damage: Callable[[Path], None]) -> None:
    damage(written)
    importlib.invalidate_caches()
    assert not from_precompiled(environment(), "base.html" if damage is _edited_module else "report.html")
    page = render_html(report(family_fleet()))
    assert "<html" in page and "<!-- edited -->" not in page


def test_a_template_dir_template_is_compiled_from_its_own_text(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text('{% extends "default:report.html" %}{% block title %}Ours{% endblock %}',
                                          encoding="utf-8")
    assert not from_precompiled(environment(str(tmp_path)), "report.html")
    assert environment(str(tmp_path)).get_template("report.html").filename == str(tmp_path / "report.html")
    assert from_precompiled(environment(str(tmp_path)), "default:report.html")
    assert from_precompiled(environment(str(tmp_path)), "base.html")
