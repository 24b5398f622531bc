"""Hosts file, password handling, URL parsing, and the snapshot reader (pure logic, no network)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.acquire.errors import AcquireError
from auditor.acquire.hosts import HostEntry, load_hosts
from auditor.acquire.session import PASSWORD_ENV, SshAuth, read_password
from auditor.acquire.sftp import parse_url
from auditor.model import DeviceRecord, Platform
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from auditor.sources import detect
from auditor.sources.ssh_snapshot import SCHEMA, SshSnapshotJson


def test_hosts_file_entries_and_defaults(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "id_build"
    key.parent.mkdir()
    key.write_text("k")
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text("- build01.example.com\n- {host: 10.1.2.3, port: 2222, user: auditor, identity: keys/id_build,"
                     " owner: alice@example.com}\n")
    assert load_hosts(hosts) == (HostEntry("build01.example.com"),
                                 HostEntry("10.1.2.3", 2222, "auditor", key, "alice@example.com"))


@pytest.mark.parametrize("text, message", [
    ("[]", "non-empty list"),
    ("- {host: a, port: 70000}", "[0].port: expected a port"),
    ("- {host: a, password: x}", "passwords do not belong"),
    ("- {host: a, colour: red}", "unknown key(s) colour"),
    ("- {host: '-oProxyCommand=sh'}", "[0].host"),
    ("- a\n- {host: a, port: 22}", "listed twice"),
    ("- {host: a, identity: nope}", "does not exist"),
])
def test_hosts_file_errors_name_the_entry(tmp_path: Path, text: str, message: str) -> None:
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text(text)
    with pytest.raises(AcquireError) as error:
        load_hosts(hosts)
    assert message in str(error.value)
    assert str(hosts) in str(error.value)


def test_password_file_must_be_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    secret.chmod(0o644)
    with pytest.raises(AcquireError, match=r"\(mode 0600\), not 0644"):
        read_password(secret)
    secret.chmod(0o600)
    assert read_password(secret) == "s3cret"
    assert read_password(None) is None
    monkeypatch.setenv(PASSWORD_ENV, "from-env")
    assert read_password(None) == "from-env"
    assert "from-env" not in repr(SshAuth(tmp_path, password="from-env"))  # never in logs


def test_sftp_url_forms() -> None:
    target = parse_url("sftp://exports@sftp.example.com:2222/drop/intune/AppInv*.csv")
    assert (target.user, target.host, target.port, target.folder, target.pattern) == (
        "exports", "sftp.example.com", 2222, "/drop/intune", "AppInv*.csv")
    home = parse_url("sftp://u@h/~/out/*.zip")
    assert (home.port, home.folder, home.pattern) == (22, "out", "*.zip")
    for bad in ("http://h/x", "sftp://h/dir/", "sftp://h/d*/x.csv", "sftp://u:pw@h/x"):
        with pytest.raises(AcquireError):
            parse_url(bad)


def _snapshot(tmp_path: Path, document: dict) -> ReadContext:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(document, indent=1))
    return ReadContext(InputFile(str(path), path, None, path.stat().st_size, path.stat().st_mtime))


GOOD = {"schema": SCHEMA, "collected_at": "2026-11-23T02:00:00Z", "host": "10.0.0.5", "port": 22,
        "hostname": "win-07", "os": {"family": "windows", "name": "Microsoft Windows 11 Pro", "version": "10.0"},
        "serial": "5CG1234XYZ", "owner": "", "login_user": "audit",
        "packages": [{"manager": "windows-uninstall", "name": "WPS Office", "version": "12", "identifier":
                      "Kingsoft Office", "publisher": "Kingsoft"},
                     {"manager": "windows-uninstall", "name": "TikTok", "version": "1", "identifier":
                      "{01234567-89AB-CDEF-0123-456789ABCDEF}", "publisher": "TikTok Pte. Ltd."},
                     {"manager": "dpkg", "name": ""}],
        "errors": []}


def test_reader_yields_device_and_packages(tmp_path: Path) -> None:
    ctx = _snapshot(tmp_path, GOOD)
    reader, why = detect(ctx.input)
    assert isinstance(reader, SshSnapshotJson), why
    items = list(reader.read(ctx))
    device = items[0]
    assert isinstance(device, DeviceRecord)
    assert (device.source.tool, device.source.device_id, device.name, device.serial, device.platform,
            device.owner_username) == ("ssh", "10.0.0.5:22", "win-07", "5CG1234XYZ", Platform.WINDOWS, "audit")
    # An MSI product code is not an identifier a catalog knows: that app is matched by publisher and name.
    assert [(row[2], row[3]) for row in items[1:]] == [("Kingsoft Office", "WPS Office"), ("", "TikTok")]
    assert ctx.export_time == "2026-11-23T02:00:00Z"
    assert (ctx.rows, ctx.rows_skipped) == (3, 1)
    assert not any(p.fatal for p in ctx.problems)
    assert len(ctx.sha256) == 64


def test_reader_failed_host_is_a_fatal_problem(tmp_path: Path) -> None:
    failed = {"schema": SCHEMA, "collected_at": "2026-11-23T02:00:00Z", "host": "10.0.0.9", "port": 2222,
              "packages": None, "errors": [{"stage": "connect", "kind": "auth", "message": "authentication failed"}]}
    ctx = _snapshot(tmp_path, failed)
    assert list(SshSnapshotJson().read(ctx)) == []
    assert [(p.fatal, p.message) for p in ctx.problems] == [
        (True, "host 10.0.0.9:2222: connect: authentication failed")]


def test_reader_partial_host_reads_packages_and_is_incomplete(tmp_path: Path) -> None:
    partial = dict(GOOD, errors=[{"stage": "snap", "kind": "remote", "message": "exit 1"}])
    ctx = _snapshot(tmp_path, partial)
    items = list(SshSnapshotJson().read(ctx))
    assert len(items) == 3
    assert [p.fatal for p in ctx.problems if p.fatal] == [True]


def test_reader_refuses_broken_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "h.json"
    path.write_text('{"schema": "' + SCHEMA + '", "packages": [')
    ctx = ReadContext(InputFile(str(path), path))
    assert list(SshSnapshotJson().read(ctx)) == []
    assert ctx.problems[0].fatal and "not a readable host snapshot" in ctx.problems[0].message
