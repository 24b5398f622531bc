"""Small helpers shared by the acquisition tests."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from auditor.cli import main


def run_cli(args: List[str], capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    """`auditor ARGS` in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    return int(exited.value.code), out, err


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def visible(folder: Path) -> List[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def hidden_partials(folder: Path) -> List[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".tmp")))
