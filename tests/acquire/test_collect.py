"""`auditor collect` against real sshd servers: 127.0.0.1, and several hosts in network namespaces,
then the snapshots audited end to end."""
from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml

from auditor.acquire import CollectOptions, collect
from auditor.model import Status
from auditor.policy import load_library, select_packs
from tests.conftest import audit_paths
from tests.acquire.helpers import load, run_cli, visible
from tests.acquire.netns import NsHost
from tests.acquire.sshd import Sshd

AS_OF = dt.datetime.now(dt.timezone.utc).date()  # the snapshots are fresh: dated today, not stale
# A shipped pack in force on AS_OF that bans both planted packages (WPS Office and Kaspersky).
PACK = "us-tx-tiktok-directive-2022"


def _hosts_file(path: Path, entries: list) -> Path:
    path.write_text(yaml.safe_dump(entries))
    return path


def test_collect_localhost_reads_the_real_dpkg_database(sshd: Sshd, tmp_path: Path) -> None:
    hosts = _hosts_file(tmp_path / "hosts.yaml", [{"host": "127.0.0.1", "port": sshd.port, "user": sshd.user}])
    result = collect(CollectOptions(hosts, tmp_path / "out", sshd.known_hosts, sshd.client_key, host_timeout=20))
    assert result.complete, result.hosts[0].errors
    snapshot = load(result.hosts[0].snapshot)
    assert snapshot["schema"] == "fleet-auditor/host-snapshot/1"
    assert snapshot["hostname"] == socket.gethostname()
    assert snapshot["os"]["family"] == "linux"
    assert snapshot["managers"]["dpkg"] == "ok"
    assert snapshot["owner"] == snapshot["login_user"] == sshd.user  # no owner in the hosts file
    assert snapshot["owner_source"] == "login-user"
    names = {p["name"]: p for p in snapshot["packages"] if p["manager"] == "dpkg"}
    assert names["openssh-server"]["identifier"] == "openssh-server"
    assert names["openssh-server"]["version"]
    assert snapshot["host_key"]["fingerprint"].startswith("SHA256:")


def test_a_snapshot_is_serialised_once(sshd: Sshd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Measured against the audit's limit and written from one serialisation (the file as before: indent 1,
    UTF-8, one trailing newline)."""
    serialised: List[str] = []
    iterencode = json.JSONEncoder.iterencode

    def counting(self: json.JSONEncoder, o: Any, _one_shot: bool = False) -> Iterator[str]:
        if isinstance(o, dict) and o.get("schema") == "fleet-auditor/host-snapshot/1":
            serialised.append(o["host"])
        return iterencode(self, o, _one_shot)

    monkeypatch.setattr(json.JSONEncoder, "iterencode", counting)
    hosts = _hosts_file(tmp_path / "hosts.yaml", [{"host": "127.0.0.1", "port": sshd.port, "user": sshd.user}])
    result = collect(CollectOptions(hosts, tmp_path / "out", sshd.known_hosts, sshd.client_key, host_timeout=20))
    assert result.complete, result.hosts[0].errors
    assert serialised == ["127.0.0.1"]
    text = result.hosts[0].snapshot.read_text(encoding="utf-8")
    monkeypatch.undo()
    assert text == json.dumps(json.loads(text), indent=1, ensure_ascii=False) + "\n"


@pytest.fixture
def several(ns_hosts: Dict[int, NsHost], ns_known_hosts: Path, sshd: Sshd, tmp_path: Path) -> dict:
    entries = [{"host": ns_hosts[1].spec.address, "user": "root", "owner": "alice@example.com"},
               {"host": ns_hosts[2].spec.address, "user": "root"},
               {"host": ns_hosts[3].spec.address, "user": "root"},
               {"host": ns_hosts[4].spec.address, "user": "root"},
               {"host": ns_hosts[5].spec.address, "user": "root"}]
    hosts = _hosts_file(tmp_path / "hosts.yaml", entries)
    out = tmp_path / "snapshots"
    args = ["collect", "--hosts", str(hosts), "--to", str(out), "--known-hosts", str(ns_known_hosts),
            "--identity", str(sshd.client_key), "--connect-timeout", "10", "--host-timeout", "120"]
    return {"hosts": ns_hosts, "out": out, "args": args}


def test_collect_several_hosts_records_each_failure_without_stopping_the_others(
        several: dict, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run_cli(several["args"], capsys)
    assert code == 3, out + err
    assert "2 of 5 hosts collected" in out
    hosts = several["hosts"]
    snapshots = {h: load(several["out"] / f"{hosts[h].spec.address}_22.json") for h in hosts}

    h1 = snapshots[1]
    assert (h1["hostname"], h1["os"]["name"], h1["os"]["version"]) == ("fa-h1", "Debian GNU/Linux", "12")
    assert h1["owner"] == "alice@example.com" and h1["login_user"] == "root"
    assert h1["machine_id"] == f"{1:032x}"
    h1_packages = {p["name"]: p["version"] for p in h1["packages"]}
    assert h1_packages == {"openssl": "3.0.11-1~deb12u1", "wps-office": "11.1.0.11720", "wps-connect": "1.0"}
    assert h1["errors"] == []

    h4 = snapshots[4]
    assert (h4["hostname"], h4["os"]["name"], h4["owner"]) == ("fa-h4", "Ubuntu", "root")
    assert {p["name"] for p in h4["packages"]} == {"bash", "kesl"}

    assert [e["kind"] for e in snapshots[2]["errors"]] == ["host-key-mismatch"]
    assert [e["kind"] for e in snapshots[3]["errors"]] == ["unreachable"]
    assert [e["kind"] for e in snapshots[5]["errors"]] in (["timeout"], ["unreachable"])
    for failed in (2, 3, 5):
        assert snapshots[failed]["packages"] is None
        assert snapshots[failed]["hostname"] == ""  # nothing from a host we did not trust or reach
    assert "host key mismatch" in err and hosts[2].spec.address in err

    manifest = load(several["out"] / ".collect-manifest.json")
    assert manifest["complete"] is False
    assert [h["status"] for h in manifest["hosts"]] == ["ok", "failed", "failed", "ok", "failed"]


def test_collected_snapshots_audited_end_to_end_report_the_planted_packages(
        several: dict, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, _, _ = run_cli(several["args"], capsys)
    assert code == 3
    hosts = several["hosts"]
    library = load_library()
    result = audit_paths([several["out"]], library, select_packs(library, [PACK], AS_OF), AS_OF)

    found = {(f.device.name, f.catalog_id, f.app.identifier, f.matched_by.value) for f in result.findings}
    assert ("fa-h1", "wps-office", "wps-office", "identifier") in found
    assert ("fa-h4", "kaspersky-endpoint-security", "kesl", "identifier") in found
    # Look-alike and removed packages are not findings: wps-connect; kesl on h1 is config files only.
    assert not any(f.app.identifier == "wps-connect" for f in result.findings)
    assert not any(f.device.name == "fa-h1" and f.catalog_id == "kaspersky-endpoint-security"
                   for f in result.findings)
    wps = next(f for f in result.findings if f.catalog_id == "wps-office")
    assert wps.status in (Status.VIOLATION, Status.OVERDUE)
    assert wps.owner.email == "alice@example.com"
    assert wps.device.platform.value == "linux"
    assert wps.evidence[0].file.endswith(f"{hosts[1].spec.address}_22.json")
    h1_packages = load(several["out"] / f"{hosts[1].spec.address}_22.json")["packages"]
    index = next(i for i, p in enumerate(h1_packages) if p["name"] == "wps-office")
    assert wps.evidence[0].location == f"packages[{index}]"  # the evidence points at the snapshot entry

    # The three hosts that could not be collected make the run incomplete, each named.
    assert not result.complete
    fatal = [p.message for p in result.problems if p.fatal]
    assert len(fatal) == 3, fatal  # one per failed host; the fresh snapshots are not stale
    for index in (2, 3, 5):
        assert any(f"host {hosts[index].spec.address}:22" in message for message in fatal)

    # Through the CLI too: findings (exit 1), and the report says the run is incomplete.
    code, _, err = run_cli(["audit", str(several["out"]), "--out", str(tmp_path / "report"),
                            "--as-of", AS_OF.isoformat(), "--policy", PACK], capsys)
    assert code == 1
    assert "INCOMPLETE RUN" in err
    findings = load(tmp_path / "report" / "findings.json")
    assert findings["complete"] is False
    assert {"wps-office", "kaspersky-endpoint-security"} <= {f["app"]["catalog_id"] for f in findings["findings"]}


def test_collect_failed_host_replaces_its_last_good_snapshot(several: dict, capsys: pytest.CaptureFixture) -> None:
    """A host down today must not be audited with last week's software as if it were current."""
    hosts = several["hosts"]
    stale = several["out"] / f"{hosts[3].spec.address}_22.json"
    several["out"].mkdir()
    stale.write_text('{"schema": "fleet-auditor/host-snapshot/1", "host": "x", "packages": []}')
    code, _, _ = run_cli(several["args"], capsys)
    assert code == 3
    assert load(stale)["errors"][0]["kind"] == "unreachable"
    assert load(stale)["packages"] is None
    assert len(visible(several["out"])) == 5
