"""The shipped report templates, each from its precompiled code when that code was made from exactly the
template's text, by the installed Jinja, for the environment's settings; otherwise compiled from the text as
Jinja always does.

Jinja compiles a template to Python each time a new Environment loads it: for the report's templates about
0.14 s of CPU a run, a thirtieth of a 4M-row audit. auditor/render/precompiled keeps that Python as modules
of the package, written by `python -m auditor.render.precompile`, and Python keeps their bytecode as it does
for every other module. Nothing is written at run time and nothing outside the installed package is run as
code: the run-time caches tried before were taken out for that (a cache problem could fail a run; a swapped
folder could run code). A --template-dir template is never precompiled: only this loader's are.

What keeps the modules equal to a fresh compile is tests/render/test_precompiled.py, which compiles every
template again and compares (CI runs it with the Jinja the modules were written by: setup.cfg's test extra).
The checks here keep them from being used anywhere else: another text, another Jinja, an environment set up
otherwise, a module that is not the one written with the manifest. Any problem in this path (a damaged
module, a missing manifest) means compiling from the text, never a failed run."""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
from types import CodeType
from typing import Any, Callable, Mapping, MutableMapping, Optional

import jinja2
from jinja2.utils import internalcode

# The package of precompiled modules (a test points it at modules it writes for whatever Jinja is installed).
PRECOMPILED = f"{__package__}.precompiled"


def _named(value: Any) -> str:
    """A setting as text that is the same from run to run: a function or class by where it is defined."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(_named, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_named(v)}" for k, v in sorted(value.items())) + "}"
    where = getattr(value, "__qualname__", None) or getattr(type(value), "__qualname__", "")
    return f"{getattr(value, '__module__', None) or getattr(type(value), '__module__', '')}.{where}"


def compile_options(env: jinja2.Environment) -> str:
    """What, besides a template's text and Jinja's version, decides the code Jinja compiles it to: the
    environment's class (a sandbox compiles calls and operators differently), the syntax, whitespace and
    escaping settings, the extensions, the policies, and the filters and tests by name, by the function each is,
    and by what each is passed (the compiler checks they exist, passes a context to those that take one, and
    with `optimized` runs some on constants)."""

    def passed(functions: Mapping[str, Callable[..., Any]]) -> str:
        return _named({name: [_named(f), str(getattr(f, "jinja_pass_arg", ""))] for name, f in functions.items()})

    return "; ".join([
        _named(type(env)), _named(env.sandboxed), _named(sorted(getattr(env, "intercepted_binops", ()))),
        _named(sorted(getattr(env, "intercepted_unops", ()))),
        _named([env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                env.line_comment_prefix]),
        _named([env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                env.optimized, env.is_async]),
        _named(env.autoescape), _named(env.finalize), _named(env.code_generator_class),
        _named(sorted(env.extensions)), _named(dict(env.policies)), passed(env.filters), passed(env.tests)])


def module_name(template: str) -> str:
    """The precompiled module of a shipped template, a different one for every name: ASCII letters and digits
    as they are, `_` as `__`, `.` as `_d`, `-` as `_h`, anything else as `_x` and six hex digits
    (`report.html` -> `t_report_dhtml`)."""
    spelled = {"_": "__", ".": "_d", "-": "_h"}
    return "t_" + "".join(c if c.isascii() and c.isalnum() else spelled.get(c, f"_x{ord(c):06x}")
                          for c in template)


def source_digest(text: "str | bytes") -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def _renamed(code: CodeType, filename: str) -> CodeType:
    """The code, and the code of every function in it, named by `filename`, as compile(source, filename) names it."""
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def precompiled_code(env: jinja2.Environment, name: str, source: str, filename: Optional[str]) -> Optional[CodeType]:
    """The code `env.compile(source, name, filename)` gives, from the precompiled module; None when there is no
    such module made from this very text, by this Jinja, for this environment, or anything in the way fails."""
    try:
        return _precompiled_code(env, name, source, filename)
    except Exception:  # noqa: BLE001 - a damaged module or manifest: compiled from the text, never a failed run
        return None


def _precompiled_code(env: jinja2.Environment, name: str, source: str, filename: Optional[str]) -> Optional[CodeType]:
    manifest = importlib.import_module(PRECOMPILED)
    entry = manifest.TEMPLATES.get(name)
    if entry is None or manifest.JINJA2 != jinja2.__version__ or manifest.OPTIONS != compile_options(env):
        return None
    text_digest, module, module_digest = entry
    if text_digest != source_digest(source):
        return None
    spec = importlib.util.find_spec(f"{PRECOMPILED}.{module}")
    if spec is None or spec.loader is None or spec.origin is None:
        return None
    loader: Any = spec.loader
    if source_digest(loader.get_data(spec.origin)) != module_digest:  # the module written with this manifest
        return None
    code = loader.get_code(spec.name)
    if not isinstance(code, CodeType):
        return None
    return _renamed(code, filename) if filename else code


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
