"""`auditor policies list` for a person at a terminal and the errors a new user meets first (the new user's
report, problems 6, 10, 13, 14 and the list's width): each through the real CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor import cli
from tests.conftest import FIXTURES
from tests.packs.test_pack_cases import _write

REPO = Path(__file__).resolve().parents[2]
TIKTOK = {"platform": "android", "identifier": "com.zhiliaoapp.musically", "name": "TikTok", "device": "phone-1"}
AS_OF = ["--as-of", "2026-12-06"]


def run(args: List[str], capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out, err = capsys.readouterr()
    return int(info.value.code), out, err


def process(args: List[str], **env: str) -> subprocess.CompletedProcess:
    """The installed CLI in a process of its own (stdout a pipe, as under cron or `| less`)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FLEET_AUDITOR_POLICIES")}
    environment.update(env, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, env=environment,
                          cwd=str(REPO), check=False)


@pytest.mark.parametrize("columns", ["80", "132"])
def test_list_fits_the_width_columns_says(columns: str, capsys: pytest.CaptureFixture,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """COLUMNS honoured: no line wider than it (the longest pack id is 45), ID/STATUS/DEFAULT kept, every pack
    listed once with its why, and stderr names what was left out."""
    monkeypatch.setenv("COLUMNS", columns)
    status, out, err = run(["policies", "list", *AS_OF], capsys)
    lines = out.splitlines()
    assert status == 0 and lines[0].split()[:3] == ["ID", "STATUS", "2026-12-06"] and "DEFAULT" in lines[0]
    assert max(len(line) for line in lines) <= int(columns)
    ids = [line.split()[0] for line in lines[1:] if not line.startswith(" ")]
    _, wide, _ = run(["policies", "list", "--wide", *AS_OF], capsys)
    assert ids == [line.split()[0] for line in wide.splitlines()[1:]] and len(ids) > 50
    assert "revoked on 2021-06-09" in out  # the why column survives, dated from the history
    assert "left out to fit" in err and "(all: --wide)" in err and "TITLE" in err


def test_list_to_a_pipe_is_one_line_per_pack_with_every_column() -> None:
    done = process(["policies", "list", *AS_OF])
    header, *rows = done.stdout.splitlines()
    assert header.split()[:2] == ["ID", "JURISDICTION"] and header.rstrip().endswith("TITLE")
    assert len(rows) == len(list((REPO / "policies" / "packs").glob("*.yaml"))) and done.stderr == ""


def test_list_default_is_what_audit_evaluates(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    for options in ([], ["--org-type", "federal-contractor"]):
        status, out, _ = run(["policies", "list", "--default", "--wide", *AS_OF, *options], capsys)
        listed = [line.split()[0] for line in out.splitlines()[1:]]
        inventory = _write(tmp_path / "in", [TIKTOK])
        run(["audit", str(inventory), "--out", str(tmp_path / "o"), *AS_OF, *options, "--max-export-age", "100000",
             "--quiet"], capsys)
        packs = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["policies"]
        assert status == 0 and listed == [p["id"] for p in packs] and listed, options
        assert "us-bis-kaspersky-final-determination-2024" not in listed
    _, same, _ = run(["policies", "list", "--selected", "--wide", *AS_OF], capsys)
    _, default, _ = run(["policies", "list", "--default", "--wide", *AS_OF], capsys)
    assert same == default


@pytest.mark.parametrize("command", [["policies", "list"], ["audit", "INVENTORY", "--out", "OUT"]])
@pytest.mark.parametrize("layout", ["missing", "empty"])
def test_a_policies_variable_naming_no_library_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                         monkeypatch: pytest.MonkeyPatch, command: List[str],
                                                         layout: str) -> None:
    library = tmp_path / "my-library"
    if layout == "empty":
        library.mkdir()
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(library))
    inventory = _write(tmp_path / "in", [TIKTOK])
    args = [str(inventory) if a == "INVENTORY" else str(tmp_path / "out") if a == "OUT" else a for a in command]
    status, out, err = run(args, capsys)
    assert status == 2 and out == "" and not (tmp_path / "out").exists()
    assert f"error: FLEET_AUDITOR_POLICIES={library}: " in err and "expected a policy library" in err


def test_a_policies_variable_naming_a_library_is_used(capsys: pytest.CaptureFixture,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    status, out, _ = run(["policies", "list", "--wide"], capsys)
    assert status == 0 and [line.split()[0] for line in out.splitlines()] == \
        ["ID", "test-bytedance", "test-revoked", "test-wechat"]


def test_org_type_is_case_insensitive_and_typos_get_a_suggestion(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture) -> None:
    _, lower, _ = run(["policies", "list", "--wide", *AS_OF, "--org-type", "federal-agency"], capsys)
    status, upper, _ = run(["policies", "list", "--wide", *AS_OF, "--org-type", "Federal-Agency"], capsys)
    assert status == 0 and upper == lower
    status, out, err = run(["audit", str(_write(tmp_path / "in", [TIKTOK])), "--out", str(tmp_path / "o"),
                            "--org-type", "federal"], capsys)
    assert status == 2 and not (tmp_path / "o").exists()
    assert "org type 'federal'" in err and err.rstrip().endswith("(did you mean federal-agency or federal-contractor?)")


def test_a_waiver_with_an_impossible_date_names_key_and_line(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("schema: fleet-auditor/waivers/1\nwaivers:\n  - id: W-1\n    app: tiktok\n    reason: test\n"
                       "    approver: ciso@example.com\n    expires: 2026-31-12\n", encoding="utf-8")
    status, _, err = run(["audit", str(_write(tmp_path / "in", [TIKTOK])), "--out", str(tmp_path / "o"),
                          "--waivers", str(waivers)], capsys)
    assert status == 2 and "waivers[0].expires" in err and "'2026-31-12'" in err
    assert "(month must be in 1..12; line 7)" in err
