"""The SFTP connection drops in the middle of a download during a scheduled run: the last good copy of
the export stays whole (no partial file under its name), the run says it is incomplete and names the
file, and the report is still written."""
from __future__ import annotations

import dataclasses
import json
import os
import textwrap
from pathlib import Path
from typing import Iterator, List

import pytest

from auditor import cli
from auditor.run import acquisition as scheduled
from auditor.acquire.sftp import FetchOptions, fetch
from tests.conftest import FIXTURES
from tests.acquire.sshd import Sshd, need_sshd, start_sshd


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    need_sshd()
    server = start_sshd(tmp_path_factory.mktemp("sshd"))
    try:
        yield server
    finally:
        server.stop()


def big_devices(rows: int, seen: str) -> str:
    """An Intune device export of several MB, so that the line can be cut in the middle of it."""
    header = (FIXTURES / "intune" / "devices.csv").read_text().splitlines()[0]
    return header + "\n" + "".join(f"d{i},PC-{i},SER{i},u{i}@corp.example,u{i}@corp.example,User {i},Corporate,"
                                   f"Windows,10.0,Intune,Compliant,{seen}\n" for i in range(rows))


def run(config: Path, as_of: str, capsys: pytest.CaptureFixture) -> int:
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", as_of, "--quiet"])
    capsys.readouterr()
    return int(info.value.code)


def test_sftp_disconnect_mid_file_keeps_the_last_good_copy_and_marks_the_run_incomplete(
        sshd: Sshd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "devices.csv").write_text(big_devices(15_000, "2026-11-22 06:00:00"))
    # Its other half: an app of every device (an apps export of some devices only is incomplete).
    (drop / "AppInvRawData.csv").write_text("ApplicationName,DeviceId,Platform\n"
                                            + "".join(f"Slack,d{i},Windows\n" for i in range(15_001)))
    config = tmp_path / "auditor.yaml"
    config.write_text(textwrap.dedent(f"""\
        schema: fleet-auditor/config/1
        inputs:
          sftp:
            - url: sftp://{sshd.user}@{sshd.address}:{sshd.port}{drop}/*.csv
              known_hosts: {sshd.known_hosts}
              identity: {sshd.client_key}
        output: reports
        fail_on: none
        """))
    assert run(config, "2026-11-23", capsys) == 0
    (folder,) = (tmp_path / "reports" / ".incoming" / "sftp").iterdir()  # one folder per source URL
    local = folder / "devices.csv"
    good = local.read_bytes()

    # Tomorrow's export: another size and a later time, so the fetch can never take it for the copy it has
    # (SFTP gives whole seconds: an export of the same size written within the second of the first run's would be).
    (drop / "devices.csv").write_text(big_devices(15_001, "2026-11-23 06:00:00"))
    later = (drop / "devices.csv").stat().st_mtime + 120
    os.utime(drop / "devices.csv", (later, later))
    cut: List[int] = []

    def progress(name: str, done: int, total: int) -> None:
        if not cut and done >= 256 * 1024:
            cut.extend(sshd.kill_sessions())  # the line drops in the middle of the file

    def cutting_fetch(options: FetchOptions):  # type: ignore[no-untyped-def]
        return fetch(dataclasses.replace(options, progress=progress, retries=0))

    monkeypatch.setattr(scheduled, "fetch", cutting_fetch)
    code = run(config, "2026-11-24", capsys)
    assert cut, "the transfer was never interrupted"
    assert code == 3
    assert local.read_bytes() == good, "yesterday's complete copy must stay, never a partial one"
    assert not [p for p in local.parent.iterdir() if p.name.endswith(".part")]
    document = json.loads((tmp_path / "reports" / "latest" / "findings.json").read_text())
    assert document["complete"] is False
    assert any("devices.csv" in p["source"] + p["message"] and "not fetched" in p["message"] and p["fatal"]
               for p in document["problems"])
