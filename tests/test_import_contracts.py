"""The import contracts of setup.cfg (import-linter) hold for this tree, and a violation breaks them: the core
importing click, or a reader importing the read loop (a layer above it)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run([str(LINT), "--config", str(root / "setup.cfg"), "--no-cache"], cwd=root,
                          capture_output=True, text=True, timeout=300)


def test_the_contracts_hold() -> None:
    done = lint(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize("module,line,contract", [
    ("engine/merge.py", "import click", "The core imports no click"),
    ("sources/fleet.py", "from auditor.reading import loop", "nothing imports upward"),
])
def test_a_violation_breaks_them(tmp_path: Path, module: str, line: str, contract: str) -> None:
    shutil.copytree(REPO / "auditor", tmp_path / "auditor", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "setup.cfg", tmp_path / "setup.cfg")
    target = tmp_path / "auditor" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode != 0
    assert contract in done.stdout and "BROKEN" in done.stdout


def test_no_module_imports_itself_back() -> None:
    """No import cycle among the modules (TYPE_CHECKING and function-level imports included)."""
    import grimp

    graph = grimp.build_graph("auditor")
    state: dict = {}  # type: ignore[type-arg]
    cycles = []

    def visit(module: str, path: list) -> None:  # type: ignore[type-arg]
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if state.get(imported) == "open":
                cycles.append(path[path.index(imported):] + [imported])
            elif imported not in state:
                visit(imported, path)
        path.pop()
        state[module] = "done"

    for module in sorted(graph.modules):
        if module not in state:
            visit(module, [])
    assert cycles == []
