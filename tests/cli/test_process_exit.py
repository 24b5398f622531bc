"""The `auditor` process (auditor.cli.process_main): main's exit code, its output flushed, atexit handlers run,
and the interpreter's teardown skipped. Real processes: the installed console script and `python -m auditor`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import List

import pytest

from auditor.resources import examples_dir

SCRIPT = Path(sysconfig.get_path("scripts")) / "auditor"


def run(args: List[str], code: str = "") -> subprocess.CompletedProcess:
    """`python -c CODE; process_main()` with argv: CODE registers what the test looks for."""
    program = f"import sys\n{code}\nfrom auditor.cli import process_main\nsys.argv = ['auditor'] + {args!r}\nprocess_main()\n"
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=300)


def test_the_exit_code_is_mains_and_atexit_handlers_run() -> None:
    done = run(["--version"], "import atexit; atexit.register(lambda: print('atexit ran', flush=True))")
    assert done.returncode == 0 and "auditor" in done.stdout and done.stdout.rstrip().endswith("atexit ran")
    usage = run(["audit", "--no-such-option"])
    assert usage.returncode == 2 and "no-such-option" in usage.stderr
    unread = run(["audit", "/nonexistent/exports"])  # nothing read: incomplete
    assert unread.returncode == 3 and "/nonexistent/exports" in unread.stdout + unread.stderr


def test_the_teardown_is_skipped() -> None:
    """An object alive at the end is never finalised (the teardown that frees every object one by one is not
    run); with a plain sys.exit it would be (the control)."""
    leaky = "class Leak:\n    def __del__(self): print('torn down', flush=True)\nkept = Leak()\n"
    assert "torn down" not in run(["--version"], leaky).stdout
    control = subprocess.run([sys.executable, "-c", leaky + "import sys\nsys.exit(0)\n"], capture_output=True,
                             text=True, timeout=60)
    assert "torn down" in control.stdout


def test_a_text_exit_is_printed_with_code_1() -> None:
    done = run([], "import auditor.cli\nauditor.cli.main = lambda: sys.exit('stopped: why')")
    assert done.returncode == 1 and "stopped: why" in done.stderr


@pytest.mark.parametrize("command", [[str(SCRIPT)], [sys.executable, "-m", "auditor"]], ids=["script", "-m"])
def test_an_audit_process_writes_every_output_and_exits_with_its_code(tmp_path: Path, command: List[str]) -> None:
    """The example fleet audited by a real process: its outputs complete on disk (nothing lost to the skipped
    teardown), its exit code the findings code, and its terminal line flushed."""
    out = tmp_path / "out"
    done = subprocess.run(command + ["audit", str(examples_dir() / "fleet"), "--out", str(out), "--as-of", "2026-11-23",
                                     "--max-export-age", "100000"],
                          capture_output=True, text=True, timeout=600, env=dict(os.environ, NO_COLOR="1"))
    assert done.returncode == 1, done.stderr  # open findings at the default --fail-on
    assert "findings on" in done.stdout + done.stderr
    report = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert report["findings"] and (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))
