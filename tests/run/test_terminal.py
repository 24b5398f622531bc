"""Everything a command shows on the terminal or writes to its log passes through the one visible-text filter
(auditor.visible.visible, via auditor.cli.console): file names, usage errors quoting an argument, what a
remote server answered, tracebacks. Real commands in child processes, their stdout, stderr and log file
captured. (SFTP names and SSH error text: tests/acquire/test_hostile_remote.py, against a real sshd.)"""
from __future__ import annotations

import ast
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

from auditor import cli
from tests.conftest import FIXTURES, HANG_GUARD, REPO
from tests.run.terminal import BIDI, CLIPBOARD, CSI, FORGED, TITLE, assert_terminal_safe
from tests.run.test_scheduled_runs import write_config, write_exports
from tests.run.test_webhook import Hook

HOSTILE = TITLE + CLIPBOARD + CSI + BIDI + FORGED


def auditor(args: List[str], cwd: Path, env: Optional[Dict[str, str]] = None) -> Tuple[int, str, str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO), FLEET_AUDITOR_POLICIES=str(FIXTURES / "policies"))
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-m", "auditor", *args], cwd=cwd, env=environment, capture_output=True,
                          timeout=HANG_GUARD)
    # Bytes decoded as the terminal would: a raw ESC or C1 byte must not be there at all.
    return done.returncode, done.stdout.decode("utf-8", "surrogateescape"), done.stderr.decode("utf-8", "surrogateescape")


def test_no_module_writes_to_the_terminal_but_the_console() -> None:
    """The filter is applied in one place: any other module printing would bypass it."""
    allowed = {REPO / "auditor" / "cli" / "console.py"}
    offenders = []
    for path in sorted((REPO / "auditor").rglob("*.py")):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("print", "click.echo", "click.secho", "echo", "sys.stdout.write", "sys.stderr.write",
                            "logging.StreamHandler", "logging.FileHandler", "logging.basicConfig") \
                        or name.endswith(".show"):
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    assert offenders == []


def test_input_file_names_are_shown_inert(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    (exports / f"apps{HOSTILE}.csv").write_bytes(b"\x00\x01 not an export")  # unrecognised: named on stderr
    (exports / f"also{TITLE}.txt").write_text("neither\n")
    code, out, err = auditor(["audit", str(exports), "--out", "out", "--as-of", "2026-11-23"], tmp_path)
    assert code == 1, err  # TikTok found; incomplete too
    assert "INCOMPLETE RUN" in err and "⟨U+001B⟩]0;pwned-title⟨U+0007⟩" in err
    assert_terminal_safe(out, "stdout")
    assert_terminal_safe(err, "stderr")
    code, out, err = auditor(["sources", "detect", str(exports)], tmp_path)
    assert "⟨U+202E⟩" in out
    assert_terminal_safe(out + err, "sources detect")


def test_a_usage_error_quoting_an_argument_is_inert(tmp_path: Path) -> None:
    code, out, err = auditor(["audit", str(tmp_path), "--logo", str(tmp_path / f"logo{HOSTILE}.png")], tmp_path)
    # Before: click printed the path raw ("Error: Invalid value for '--logo': File '...' does not exist.").
    assert code == 2 and "--logo" in err and "does not exist" in err, err
    assert_terminal_safe(out + err, "usage error")


def test_what_a_webhook_server_answers_is_logged_inert_on_stderr_and_in_the_log_file(tmp_path: Path) -> None:
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    hook = Hook(status=500, reason=TITLE + CLIPBOARD + CSI)  # a status line's reason (Latin-1), from the server
    try:
        config = write_config(tmp_path, f"webhook: {{url: '{hook.url}', when: [always]}}\n"
                                        "log: {file: reports/auditor.log, level: info}\n")
        code, out, err = auditor(["run", "--config", str(config), "--as-of", "2026-11-23"], tmp_path)
    finally:
        hook.stop()
    assert code == 1, err
    assert len(hook.received) == 1
    log = (tmp_path / "reports" / "auditor.log").read_bytes().decode("utf-8", "surrogateescape")
    assert "webhook not posted" in err and "webhook not posted" in log
    assert "⟨U+001B⟩]52;c;" in err and "⟨U+009B⟩2J" in log  # shown, as text
    assert_terminal_safe(out + err, "stderr")
    assert_terminal_safe(log, "auditor.log")


def test_a_planted_folder_name_is_logged_inert(tmp_path: Path) -> None:
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    config = write_config(tmp_path, "log: {file: reports/auditor.log}\n")
    (tmp_path / "reports" / f".tmp-{HOSTILE}").mkdir(parents=True)  # "left by a run that did not finish"
    code, out, err = auditor(["run", "--config", str(config), "--as-of", "2026-11-23"], tmp_path)
    assert code == 1, err
    assert "left by a run that did not finish" in err
    assert_terminal_safe(out + err, "stderr")
    assert_terminal_safe((tmp_path / "reports" / "auditor.log").read_text(encoding="utf-8"), "auditor.log")


def test_a_traceback_quoting_data_is_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    import auditor.cli.audit as audit_command

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"unexpected value {HOSTILE}")
    monkeypatch.setattr(audit_command, "run_once", broken)
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(tmp_path)])
    out, err = capsys.readouterr()
    assert info.value.code == 4 and "internal error" in err and "RuntimeError" in err
    assert_terminal_safe(out + err, "traceback")
