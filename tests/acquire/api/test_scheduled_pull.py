"""`auditor run` and `auditor pull` end to end against the local Graph and Jamf servers: pull, audit,
history, report; the next night a 500 on a Jamf page makes the run incomplete while the previous pull is
audited; no secret (client secrets, issued access tokens, SAS signatures) in any file or output."""
from __future__ import annotations

import json
import sqlite3
import textwrap
from pathlib import Path
from typing import List

import pytest

from tests.acquire.api.conftest import tree
from tests.acquire.api.server import ApiServer, Script, jamf_computers
from tests.acquire.api.tls import ServerTls
from tests.acquire.helpers import run_cli
from tests.conftest import FIXTURES


def _config(folder: Path, server: ApiServer, tls: ServerTls) -> Path:
    path = folder / "auditor.yaml"
    path.write_text(textwrap.dedent(f"""\
        schema: fleet-auditor/config/1
        organisation: Contoso
        inputs:
          intune:
            - name: contoso
              tenant: {server.script.tenant}
              client_id: {server.script.client_id}
              client_secret_env: TEST_INTUNE_SECRET
              authority: {server.base}/entra
              graph: {server.base}/graph
              ca_bundle: {tls.ca_pem}
          jamf:
            - url: {server.base}/jamf
              client_id: {server.script.jamf_client_id}
              client_secret_env: TEST_JAMF_SECRET
              ca_bundle: {tls.ca_pem}
              page_size: 2
        output: reports
        archive_inputs: true
        max_export_age_days: 100000
        log:
          level: debug
          file: reports/auditor.log
        """))
    return path


def _secrets(script: Script) -> List[str]:
    return [script.client_secret, script.jamf_secret, *script.issued, "SAS-sig-"]


def _leaks(folder: Path, secrets: List[str], *outputs: str) -> List[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path}: {s[:12]}" for s in secrets if s.encode() in data]
    for text in outputs:
        found += [f"output: {s[:12]}" for s in secrets if s in text]
    return found


def test_scheduled_run_pulls_audits_and_keeps_the_last_pull_on_failure(
        server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    script = secrets_env
    script.polls_before_complete = 0  # completed at the first poll: no wait in this test
    config = _config(tmp_path, server, tls)
    code, out1, err1 = run_cli(["run", "--config", str(config), "--as-of", "2026-11-23"], capsys)
    assert code == 1, err1  # findings, complete
    latest = tmp_path / "reports" / "latest"
    findings = json.loads((latest / "findings.json").read_text())
    assert findings["complete"] is True
    assert {s["format"] for s in findings["sources"]} == {"intune-appinv-csv", "intune-devices-csv",
                                                          "jamf-pro-inventory-json", "jamf-pro-mobile-devices-json"}
    assert {f["app"]["catalog_id"] for f in findings["findings"]} >= {"tiktok", "wechat"}
    manifest = json.loads((latest / "manifest.json").read_text())
    pulls = {p["name"]: p for p in manifest["pulls"]}
    assert pulls["contoso"]["complete"] and pulls["contoso"]["collections"][0]["job_id"].startswith("AppInvRawData_")
    assert pulls["jamf-127.0.0.1"]["collections"][0]["total"] == 3
    assert all(len(f["sha256"]) == 64 for p in pulls.values() for f in p["files"])
    assert (latest / "inputs.zip").is_file() and (latest / "report.html").is_file()
    with sqlite3.connect(tmp_path / "reports" / "history.sqlite") as db:
        assert db.execute("select count(*) from runs").fetchone()[0] == 1
    jamf_folder = tmp_path / "reports" / ".incoming" / "api" / "jamf-127.0.0.1"
    jamf_before = tree(jamf_folder.parent)
    link_before = jamf_folder.readlink()

    # The next night: page 2 of the Jamf computers answers 500.
    script.fail_pages[("/jamf/api/v1/computers-inventory", 1)] = 500
    script.computers = jamf_computers(5)
    code, out2, err2 = run_cli(["run", "--config", str(config), "--as-of", "2026-11-24"], capsys)
    assert code in (1, 3)
    findings = json.loads((latest / "findings.json").read_text())
    assert findings["complete"] is False
    (problem,) = [p for p in findings["problems"] if p["fatal"]]
    assert problem["source"] == "jamf jamf-127.0.0.1" and "computers page 2 of 3: " in problem["message"]
    assert "HTTP 500" in problem["message"] and "previous pull" in problem["message"]
    assert "INCOMPLETE RUN" in err2 and "jamf-127.0.0.1" in err2
    # The previous pull is what was audited, untouched: same link, same bytes.
    assert jamf_folder.readlink() == link_before
    assert {k: v for k, v in tree(jamf_folder.parent).items() if "jamf" in k} == \
        {k: v for k, v in jamf_before.items() if "jamf" in k}
    assert "jamf-pro-inventory-json" in {s["format"] for s in findings["sources"]}
    with sqlite3.connect(tmp_path / "reports" / "history.sqlite") as db:
        assert db.execute("select count(*) from runs").fetchone()[0] == 2
    assert "not pulled" in (tmp_path / "reports" / "latest" / "report.html").read_text()

    assert _leaks(tmp_path, _secrets(script), out1, err1, out2, err2) == []


def test_pull_command(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    secrets_env.polls_before_complete = 0
    config = _config(tmp_path, server, tls)
    code, out, err = run_cli(["pull", "--config", str(config), "--to", str(tmp_path / "pulled")], capsys)
    assert code == 0, err
    assert "pulled contoso (intune): AppInvRawData 8, DevicesWithInventory 4" in out
    assert sorted(p.name for p in (tmp_path / "pulled").iterdir() if not p.name.startswith(".")) == [
        "contoso", "jamf-127.0.0.1"]
    code, out, err = run_cli(["pull", "--config", str(config), "--to", str(tmp_path / "pulled"), "--source", "nope"],
                             capsys)
    assert code == 2 and "no API source named nope" in err
    monkeypatch.setenv("TEST_JAMF_SECRET", "wrong-secret-123")
    code, out, err = run_cli(["pull", "--config", str(config), "--to", str(tmp_path / "pulled"), "--quiet",
                              "--source", "jamf-127.0.0.1"], capsys)
    assert code == 3 and out == ""
    assert "NOT PULLED jamf-127.0.0.1 (jamf): token (Jamf Pro): " in err and "previous pull" in err
    assert _leaks(tmp_path, _secrets(secrets_env) + ["wrong-secret-123"], out, err) == []
