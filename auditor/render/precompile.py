"""Writes auditor/render/precompiled: the Python Jinja compiles each shipped template to, for
auditor.render.shipped to load instead of compiling it on every run.

Run `python -m auditor.render.precompile` after changing a template, the report environment's settings or
filters (auditor.render.html.environment), or the Jinja the project is tested with (setup.cfg's test extra);
tests/render/test_precompiled.py fails until then. A module is the compiler's own text, unchanged but for a
comment at its end (a line added above would shift the line numbers Jinja maps to the template's)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, List

import jinja2

from auditor.render.html import environment
from auditor.render.shipped import ShippedLoader, compile_options, module_name, source_digest

FOLDER = Path(__file__).resolve().parent / "precompiled"
MANIFEST = "__init__.py"


def precompiled_files() -> Dict[str, str]:
    """File name in the precompiled folder -> its text, for the shipped templates as they are now, compiled by
    the installed Jinja."""
    env = environment()
    loader = ShippedLoader()
    files: Dict[str, str] = {}
    entries: List[str] = []
    for name in sorted(loader.list_templates()):
        source, filename, _ = loader.get_source(env, name)
        module = module_name(name)
        text = (env.compile(source, name, filename, raw=True)
                + f"\n\n# Written by `python -m auditor.render.precompile` from {name}: do not edit.\n")
        files[f"{module}.py"] = text
        entries.append(f"    {name!r}: ({source_digest(source)!r}, {module!r},\n"
                       f"        {source_digest(text)!r}),\n")
    files[MANIFEST] = (
        '"""The shipped templates\' compiled code (auditor.render.shipped), written by\n'
        '`python -m auditor.render.precompile`: do not edit. Each entry: template -> (SHA-256 of its text,\n'
        'its module, SHA-256 of the module\'s text); used only with the Jinja and the environment below."""\n'
        f"JINJA2 = {jinja2.__version__!r}\n"
        f"OPTIONS = {compile_options(env)!r}\n"
        "TEMPLATES = {\n" + "".join(entries) + "}\n")
    return files


def write(folder: Path = FOLDER) -> int:
    """Writes the files, removes modules of templates no longer shipped; returns the number of templates."""
    files = precompiled_files()
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("t_*.py"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return len(files) - 1


if __name__ == "__main__":
    sys.exit(0 if write() else 1)
