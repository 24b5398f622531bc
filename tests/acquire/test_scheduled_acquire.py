"""`auditor run --config` with SFTP and SSH inputs, against the real sshd on 127.0.0.1."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from auditor import cli
from tests.acquire.sshd import Sshd
from tests.conftest import FIXTURES


def test_scheduled_run_fetches_and_collects(sshd: Sshd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    remote = tmp_path / "drop"
    remote.mkdir()
    for name in ("AppInvRawData.csv", "devices.csv"):
        (remote / name).write_bytes((FIXTURES / "intune" / name).read_bytes())
    (remote / "notes.txt").write_text("not matched by the glob")
    (tmp_path / "hosts.yaml").write_text(textwrap.dedent(f"""\
        - host: {sshd.address}
          port: {sshd.port}
          user: {sshd.user}
          owner: ops@example.com
        - host: 127.0.0.1
          port: 1
          user: {sshd.user}
        """))
    (tmp_path / "auditor.yaml").write_text(textwrap.dedent(f"""\
        schema: fleet-auditor/config/1
        inputs:
          sftp:
            - url: sftp://{sshd.user}@{sshd.address}:{sshd.port}{remote}/*.csv
              known_hosts: {sshd.known_hosts}
              identity: {sshd.client_key}
          ssh:
            hosts: hosts.yaml
            known_hosts: {sshd.known_hosts}
            identity: {sshd.client_key}
        output: reports
        max_export_age_days: 100000
        """))
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(tmp_path / "auditor.yaml"), "--as-of", "2026-11-23", "--quiet"])
    capsys.readouterr()
    assert info.value.code == 1  # findings from the fetched Intune exports; one SSH host was down
    document = json.loads((tmp_path / "reports" / "latest" / "findings.json").read_text())
    formats = sorted(s["format"] for s in document["sources"])
    assert formats == ["intune-appinv-csv", "intune-devices-csv", "ssh-snapshot-json", "ssh-snapshot-json"]
    assert {f["app"]["catalog_id"] for f in document["findings"]} == {"tiktok", "wechat"}
    assert document["complete"] is False
    fatal = [p for p in document["problems"] if p["fatal"]]
    assert len(fatal) == 1 and "127.0.0.1:1" in fatal[0]["source"] + fatal[0]["message"]
    (fetched,) = (tmp_path / "reports" / ".incoming" / "sftp").iterdir()
    assert sorted(p.name for p in fetched.iterdir() if not p.name.startswith(".")) == ["AppInvRawData.csv",
                                                                                      "devices.csv"]
