"""`pip install .` gives a working tool: the wheel, in a fresh venv, run from another directory."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist"), str(REPO)],
                   check=True, capture_output=True, cwd=work)
    (wheel,) = (work / "dist").glob("fleet_auditor-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    subprocess.run([str(env_dir / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True)
    return env_dir


def test_console_script_runs_the_demo_from_another_directory(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FLEET_AUDITOR_POLICIES")}
    done = subprocess.run([str(installed / "bin" / "auditor"), "demo"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Report: reports/demo/report.html" in done.stdout
    document = json.loads((tmp_path / "reports" / "demo" / "findings.json").read_text())
    assert document["complete"] is True
    assert document["summary"]["devices"] >= 300 and document["summary"]["findings"] > 0
    assert {s["format"] for s in document["sources"]} >= {"intune-appinv-csv", "intune-devices-csv",
                                                         "intune-graph-json", "generic-csv"}


def test_python_dash_m_and_shipped_policies(installed: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FLEET_AUDITOR_POLICIES")}
    done = subprocess.run([str(installed / "bin" / "python"), "-m", "auditor", "policies", "validate"], cwd=tmp_path,
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: ") and " 0 packs" not in done.stdout
    location = subprocess.run([str(installed / "bin" / "python"), "-c", "import auditor; print(auditor.__file__)"],
                              cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert str(installed) in location  # the installed copy, not the checkout


def test_the_report_templates_load_from_their_precompiled_modules(installed: Path, tmp_path: Path) -> None:
    """auditor.render.precompiled is in the wheel (setup.cfg lists it): the installed copy compiles none of the
    report's templates, unless pip installed another Jinja than the modules were written by (then it compiles
    them all from their text, and the report is the same)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FLEET_AUDITOR_POLICIES")}
    code = ("import jinja2; from auditor.render import precompiled; from auditor.render.html import environment; "
            "e = environment(); compiled = []; real = e.compile; "
            "e.compile = lambda *a, **k: compiled.append(a[1]) or real(*a, **k); "
            "e.get_template('report.html'); "
            "print(jinja2.__version__ == precompiled.JINJA2, len(compiled), precompiled.__file__)")
    done = subprocess.run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    same_jinja, compiled, location = done.stdout.split(" ", 2)
    assert str(installed) in location
    assert (same_jinja, compiled) == ("True", "0") or (same_jinja == "False" and int(compiled) > 0)
