"""`auditor fetch` against a real OpenSSH sshd on 127.0.0.1."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import List

import pytest

from auditor.acquire import FetchOptions, fetch
from tests.acquire.helpers import hidden_partials, load, run_cli, visible
from tests.acquire.sshd import Sshd, keygen, public_key

EXPORT_TIME = 1_790_000_000  # 2026-09-21T...: the export's own date, kept on the local copy


def _exports(folder: Path) -> Path:
    folder.mkdir()
    for name, text in (("AppInvRawData_1.csv", "a,b\n1,2\n"), ("AppInvRawData_2.csv", "a,b\n3,4\n"),
                       ("readme.txt", "not an export\n"), (".hidden.csv", "x\n")):
        (folder / name).write_text(text)
        os.utime(folder / name, (EXPORT_TIME, EXPORT_TIME))
    (folder / "subdir.csv").mkdir()  # a folder matching the glob is not a file to fetch
    return folder


def _url(sshd: Sshd, folder: Path, pattern: str = "*.csv") -> str:
    return f"sftp://{sshd.user}@127.0.0.1:{sshd.port}{folder}/{pattern}"


def _args(sshd: Sshd, url: str, to: Path, known_hosts: Path) -> List[str]:
    return ["fetch", url, "--to", str(to), "--known-hosts", str(known_hosts), "--identity", str(sshd.client_key),
            "--retries", "0"]


def test_fetch_glob_downloads_matching_files_with_remote_time(sshd: Sshd, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    remote = _exports(tmp_path / "remote")
    to = tmp_path / "local"
    code, out, err = run_cli(_args(sshd, _url(sshd, remote), to, sshd.known_hosts), capsys)
    assert code == 0, err
    assert "2 fetched, 0 unchanged, 0 failed" in out
    assert visible(to) == ["AppInvRawData_1.csv", "AppInvRawData_2.csv"]
    assert hidden_partials(to) == []
    for name in visible(to):
        assert (to / name).read_bytes() == (remote / name).read_bytes()
        assert int((to / name).stat().st_mtime) == EXPORT_TIME
    manifest = load(to / ".fetch-manifest.json")
    assert manifest["complete"] is True
    assert manifest["source"] == {"user": sshd.user, "host": "127.0.0.1", "port": sshd.port,
                                  "folder": str(remote), "pattern": "*.csv"}
    files = {f["name"]: f for f in manifest["files"]}
    assert files["AppInvRawData_1.csv"]["status"] == "fetched"
    assert files["AppInvRawData_1.csv"]["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    assert files["AppInvRawData_1.csv"]["mtime"].startswith("2026-09-")


def test_fetch_second_run_skips_unchanged_and_fetches_changed(sshd: Sshd, tmp_path: Path) -> None:
    remote = _exports(tmp_path / "remote")
    to = tmp_path / "local"
    options = FetchOptions(_url(sshd, remote), to, sshd.known_hosts, sshd.client_key, retries=0)
    first = fetch(options)
    assert [f.status for f in first.files] == ["fetched", "fetched"]
    second = fetch(options)
    assert [f.status for f in second.files] == ["skipped", "skipped"]
    assert second.complete
    assert [f.sha256 for f in second.files] == [f.sha256 for f in first.files]
    (remote / "AppInvRawData_2.csv").write_text("a,b\n3,4\n5,6\n")
    os.utime(remote / "AppInvRawData_2.csv", (EXPORT_TIME + 86400, EXPORT_TIME + 86400))
    third = fetch(options)
    assert [(f.name, f.status) for f in third.files] == [("AppInvRawData_1.csv", "skipped"),
                                                         ("AppInvRawData_2.csv", "fetched")]
    assert (to / "AppInvRawData_2.csv").read_text() == "a,b\n3,4\n5,6\n"


def test_fetch_wrong_host_key_is_rejected(sshd: Sshd, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    remote = _exports(tmp_path / "remote")
    other = keygen(tmp_path / "impostor_ed25519")
    known = tmp_path / "known_hosts"
    known.write_text(f"[127.0.0.1]:{sshd.port} {public_key(other)}\n")
    to = tmp_path / "local"
    code, _, err = run_cli(_args(sshd, _url(sshd, remote), to, known), capsys)
    assert code == 3
    assert "host key mismatch" in err
    assert visible(to) == []
    manifest = load(to / ".fetch-manifest.json")
    assert manifest["complete"] is False
    assert manifest["error"]["kind"] == "host-key-mismatch"
    assert known.read_text() == f"[127.0.0.1]:{sshd.port} {public_key(other)}\n"  # never overwritten


def test_fetch_unknown_host_is_rejected(sshd: Sshd, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    remote = _exports(tmp_path / "remote")
    known = tmp_path / "known_hosts"
    known.write_text("")
    to = tmp_path / "local"
    code, _, err = run_cli(_args(sshd, _url(sshd, remote), to, known), capsys)
    assert code == 3
    assert "not found in known_hosts" in err
    assert visible(to) == []
    assert load(to / ".fetch-manifest.json")["error"]["kind"] == "host-key-unknown"
    assert known.read_text() == ""  # nothing accepted silently


def test_fetch_missing_known_hosts_is_a_usage_error(sshd: Sshd, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture) -> None:
    code, _, err = run_cli(_args(sshd, _url(sshd, tmp_path), tmp_path / "l", tmp_path / "absent"), capsys)
    assert code == 2
    assert "--trust-on-first-use" in err


def test_fetch_trust_on_first_use_records_the_key(sshd: Sshd, tmp_path: Path) -> None:
    remote = _exports(tmp_path / "remote")
    known = tmp_path / "ssh" / "known_hosts"
    result = fetch(FetchOptions(_url(sshd, remote), tmp_path / "local", known, sshd.client_key,
                                trust_on_first_use=True, retries=0))
    assert result.complete
    assert known.read_text() == sshd.host_key_line
    assert oct(known.stat().st_mode & 0o777) == "0o600"
    manifest = load(result.manifest)
    [accepted] = manifest["trusted_on_first_use"]
    assert accepted["host"] == f"[127.0.0.1]:{sshd.port}"
    assert accepted["key_type"] == "ssh-ed25519"
    assert accepted["fingerprint"].startswith("SHA256:")
    # Next run: the key is known now; nothing more is accepted.
    again = fetch(FetchOptions(_url(sshd, remote), tmp_path / "local", known, sshd.client_key, retries=0))
    assert again.complete and again.trusted_on_first_use == ()


def _big_export(folder: Path, size: int = 48 * 1024 * 1024) -> Path:
    folder.mkdir()
    path = folder / "devices.csv"
    block = hashlib.sha256(b"x").hexdigest().encode() * 32768  # 2 MiB
    with open(path, "wb") as handle:
        for _ in range(size // len(block)):
            handle.write(block)
    return path


def test_fetch_connection_dropped_mid_transfer_leaves_no_partial_file(sshd: Sshd, tmp_path: Path) -> None:
    big = _big_export(tmp_path / "remote")
    to = tmp_path / "local"
    cut: List[int] = []

    def progress(name: str, done: int, total: int) -> None:
        if not cut and done >= 4 * 1024 * 1024:
            assert done < total
            cut.extend(sshd.kill_sessions())  # the line drops in the middle of the file

    result = fetch(FetchOptions(_url(sshd, big.parent), to, sshd.known_hosts, sshd.client_key, retries=0,
                                progress=progress))
    assert cut, "the transfer was never interrupted"
    [failed] = result.files
    assert failed.status == "failed" and failed.error is not None and failed.error.transient
    assert not result.complete
    assert visible(to) == []
    assert hidden_partials(to) == []


# paramiko's prefetch thread dies with the connection we cut on purpose; its exception is expected here.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_fetch_retries_after_a_dropped_connection(sshd: Sshd, tmp_path: Path) -> None:
    big = _big_export(tmp_path / "remote", 16 * 1024 * 1024)
    to = tmp_path / "local"
    cut: List[int] = []

    def progress(name: str, done: int, total: int) -> None:
        if not cut and done >= 2 * 1024 * 1024:
            cut.extend(sshd.kill_sessions())

    result = fetch(FetchOptions(_url(sshd, big.parent), to, sshd.known_hosts, sshd.client_key, retries=2,
                                backoff=0.05, progress=progress))
    assert cut
    [fetched] = result.files
    assert (fetched.status, fetched.attempts) == ("fetched", 2)
    assert (to / "devices.csv").read_bytes() == big.read_bytes()
    assert hidden_partials(to) == []


def test_fetch_sha256_list_mismatch_is_refused(sshd: Sshd, tmp_path: Path) -> None:
    remote = _exports(tmp_path / "remote")
    good = hashlib.sha256((remote / "AppInvRawData_1.csv").read_bytes()).hexdigest()
    (remote / "SHA256SUMS").write_text(f"{good}  AppInvRawData_1.csv\n{'0' * 64} *AppInvRawData_2.csv\n")
    to = tmp_path / "local"
    result = fetch(FetchOptions(_url(sshd, remote), to, sshd.known_hosts, sshd.client_key,
                                sha256_list="SHA256SUMS", retries=0))
    status = {f.name: f.status for f in result.files}
    assert status == {"AppInvRawData_1.csv": "fetched", "AppInvRawData_2.csv": "failed"}
    assert visible(to) == ["AppInvRawData_1.csv"]
    assert hidden_partials(to) == []
    assert not result.complete


def test_fetch_refuses_a_password_in_the_url(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    known = tmp_path / "known_hosts"
    known.write_text("")
    code, out, err = run_cli(["fetch", "sftp://bob:hunter2@127.0.0.1/x/*.csv", "--to", str(tmp_path / "l"),
                              "--known-hosts", str(known)], capsys)
    assert code == 2
    assert "password in the URL is refused" in err
    assert "hunter2" not in out + err


def test_fetch_nothing_matching_is_incomplete(sshd: Sshd, tmp_path: Path) -> None:
    remote = _exports(tmp_path / "remote")
    result = fetch(FetchOptions(_url(sshd, remote, "*.zip"), tmp_path / "local", sshd.known_hosts,
                                sshd.client_key, retries=0))
    assert result.files == () and not result.complete
    assert result.error is not None and "no file matches '*.zip'" in result.error.message
