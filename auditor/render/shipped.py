"""The shipped report templates, each from its precompiled code when that code was made from exactly the
template's text, by the installed Jinja, for the environment's options; otherwise compiled from the text as
Jinja always does.

Jinja compiles a template to Python each time a new Environment loads it: for the report's templates about
0.14 s of CPU a run, a thirtieth of a 4M-row audit. auditor/render/precompiled keeps that Python as modules
of the package, written by `python -m auditor.render.precompile` (tests/render/test_precompiled.py fails when
they are stale), and Python keeps their bytecode as it does for every other module. Nothing is written at
run time and nothing outside the installed package is run as code: the run-time caches tried before were taken
out for that (a cache problem could fail a run; a swapped folder could run code). A --template-dir template is
never precompiled: only this loader's, the package's own, are."""
from __future__ import annotations

import hashlib
import importlib.util
from types import CodeType
from typing import Any, Callable, MutableMapping, Optional

import jinja2
from jinja2.utils import internalcode

PRECOMPILED = f"{__package__}.precompiled"


def compile_options(env: jinja2.Environment) -> str:
    """What, besides a template's text and Jinja's version, decides the code Jinja compiles it to: the syntax,
    whitespace and escaping settings, and the filters and tests by name with what each is passed (the compiler
    checks they exist and passes a context to those that take one)."""

    def named(value: Any) -> str:
        return value if isinstance(value, (bool, str, type(None))) else getattr(value, "__qualname__", repr(value))

    def passed(functions: MutableMapping[str, Callable[..., Any]]) -> list:
        return sorted((name, str(getattr(f, "jinja_pass_arg", ""))) for name, f in functions.items())

    return repr((env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                 env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
                 env.keep_trailing_newline, env.optimized, env.is_async, named(env.autoescape), named(env.finalize),
                 named(env.code_generator_class), sorted(env.extensions), env.policies.get("compiler.ascii_str"),
                 passed(env.filters), passed(env.tests)))


def module_name(template: str) -> str:
    """The precompiled module of a shipped template: `report.html` -> `t_report_html`."""
    return "t_" + "".join(c if c.isalnum() else "_" for c in template)


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def precompiled_code(env: jinja2.Environment, name: str, source: str, filename: Optional[str]) -> Optional[CodeType]:
    """The code `env.compile(source, name, filename)` gives, from the precompiled module; None when there is no
    such module made from this very text, by this Jinja, for these options (or it cannot be read)."""
    from auditor.render import precompiled  # the manifest the precompile step wrote with the modules

    entry = precompiled.TEMPLATES.get(name)
    if (entry is None or precompiled.JINJA2 != jinja2.__version__ or entry[0] != source_digest(source)
            or precompiled.OPTIONS != compile_options(env)):
        return None
    try:
        spec = importlib.util.find_spec(f"{PRECOMPILED}.{entry[1]}")
        code = spec.loader.get_code(spec.name) if spec is not None and spec.loader is not None else None  # type: ignore[attr-defined]
    except (ImportError, OSError, SyntaxError, ValueError):
        return None  # a damaged module: compiled from the text instead, never a failed run
    if not isinstance(code, CodeType):
        return None
    # As compile() names it: a template's errors and tracebacks point at the template, not at the module.
    return code.replace(co_filename=filename) if filename else code


class ShippedLoader(jinja2.PackageLoader):
    """The package's templates (auditor/render/templates), loaded from their precompiled code where it fits."""

    def __init__(self) -> None:
        super().__init__("auditor.render", "templates")

    @internalcode
    def load(self, environment: jinja2.Environment, name: str,
             globals: Optional[MutableMapping[str, Any]] = None) -> jinja2.Template:
        # BaseLoader.load without its bytecode cache (the environment has none), with the precompiled code first.
        source, filename, uptodate = self.get_source(environment, name)
        code = precompiled_code(environment, name, source, filename)
        if code is None:
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(environment, code, globals if globals is not None else {},
                                                    uptodate)
