"""A remote side that lies or attacks, against a real OpenSSH sshd on 127.0.0.1 (and, for the SSH banner, a
socket server that speaks first): names with terminal escapes, bidi overrides and newlines; symbolic links,
FIFOs and folders matching the glob; a file that grows while it is read; a host whose answer is larger than
the audit reads; an SSH server whose error text is an escape sequence."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import yaml

from auditor.acquire import FetchOptions, fetch
from auditor.sources import ssh_snapshot
from auditor.visible import visible as shown_as
from tests.acquire.helpers import hidden_partials, load, run_cli, visible
from tests.acquire.sshd import Sshd
from tests.conftest import AS_OF, HANG_GUARD, REPO
from tests.run.terminal import BIDI, CLIPBOARD, CSI, FORGED, TITLE, assert_terminal_safe

EXPORT = "a,b\n1,2\n"


def _url(sshd: Sshd, folder: Path, pattern: str = "*.csv") -> str:
    return f"sftp://{sshd.user}@127.0.0.1:{sshd.port}{folder}/{pattern}"


def _hostile_drop(folder: Path) -> Dict[str, str]:
    """A drop folder whose matching names the fetch must not take: name -> why (a word of the reason)."""
    folder.mkdir()
    (folder / "good.csv").write_text(EXPORT)
    (folder / "outside.txt").write_text("not matched\n")
    names = {f"title{TITLE}.csv": "control", f"clip{CLIPBOARD}.csv": "control", f"csi{CSI}.csv": "control",
             f"bidi{BIDI}.csv": "bidi", f"line{FORGED}.csv": "control", "back\\slash.csv": "'\\'"}
    for name in names:
        (folder / name).write_text(EXPORT)
    (folder / "link.csv").symlink_to(folder / "good.csv")
    names["link.csv"] = "symbolic link"
    os.mkfifo(folder / "pipe.csv")
    names["pipe.csv"] = "FIFO"
    (folder / "folder.csv").mkdir()
    return names


def test_fetch_lists_every_matched_name_it_does_not_take_and_exits_3(sshd: Sshd, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture) -> None:
    remote = tmp_path / "drop"
    refused = _hostile_drop(remote)
    to = tmp_path / "local"
    code, out, err = run_cli(["fetch", _url(sshd, remote), "--to", str(to), "--known-hosts", str(sshd.known_hosts),
                              "--identity", str(sshd.client_key), "--retries", "0"], capsys)
    # Before: exit 0, "1 fetched", and not a word about the eight other names the glob matched.
    assert code == 3, out + err
    assert visible(to) == ["good.csv"] and hidden_partials(to) == []
    assert "1 fetched, 0 unchanged, 0 failed, 8 not taken" in out
    assert_terminal_safe(out, "stdout")
    assert_terminal_safe(err, "stderr")
    lines = [line for line in err.splitlines() if line.startswith("not taken: ")]
    assert len(lines) == 8, err
    assert "note: folder.csv: a folder, not a file" in err  # a note: never an export, not an error
    assert "not taken: title⟨U+001B⟩]0;pwned-title⟨U+0007⟩.csv: " in err
    assert "not taken: line FORGED: all clean.csv: " in err  # the newline shown as a space, on the name's line
    for name, why in refused.items():
        (line,) = [line for line in lines if line.startswith(f"not taken: {shown_as(name)}: ")]
        assert why in line, (name, line)
    manifest = load(to / ".fetch-manifest.json")
    assert manifest["complete"] is False
    assert sorted(s["name"] for s in manifest["skipped"] if s["error"]) == sorted(refused)
    assert [s["name"] for s in manifest["skipped"] if not s["error"]] == ["folder.csv"]


def test_a_file_that_grows_while_read_is_read_to_its_listed_size_then_refused(sshd: Sshd, tmp_path: Path) -> None:
    remote = tmp_path / "drop"
    remote.mkdir()
    export = remote / "devices.csv"
    export.write_bytes(b"x" * (4 * 1024 * 1024))
    listed = export.stat().st_size
    seen: List[int] = []

    def progress(name: str, done: int, total: int) -> None:
        seen.append(done)
        if len(seen) <= 16:  # the exporter is still writing: 256 KiB more after each chunk we read
            with open(export, "ab") as handle:
                handle.write(b"y" * (256 * 1024))

    result = fetch(FetchOptions(_url(sshd, remote), tmp_path / "local", sshd.known_hosts, sshd.client_key,
                                retries=0, progress=progress))
    # Before: the read went on to the end of the growing file (past the listed size: a disk-filler).
    assert max(seen) == listed
    (failed,) = result.files
    assert failed.status == "failed" and failed.error is not None and failed.error.kind == "changed"
    assert "changed while read" in failed.error.message
    assert not result.complete
    assert visible(tmp_path / "local") == [] and hidden_partials(tmp_path / "local") == []


def test_a_file_that_stopped_growing_is_fetched_whole_on_the_retry(sshd: Sshd, tmp_path: Path) -> None:
    remote = tmp_path / "drop"
    remote.mkdir()
    export = remote / "devices.csv"
    export.write_bytes(b"x" * (3 * 1024 * 1024))
    calls: List[int] = []

    def progress(name: str, done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 1:
            with open(export, "ab") as handle:
                handle.write(b"tail\n")
            os.utime(export, (1_790_000_000, 1_790_000_000))

    result = fetch(FetchOptions(_url(sshd, remote), tmp_path / "local", sshd.known_hosts, sshd.client_key,
                                retries=1, backoff=0.01, progress=progress))
    (fetched,) = result.files
    assert (fetched.status, fetched.attempts, fetched.size) == ("fetched", 2, export.stat().st_size)
    assert (tmp_path / "local" / "devices.csv").read_bytes() == export.read_bytes()
    assert int((tmp_path / "local" / "devices.csv").stat().st_mtime) == 1_790_000_000


@pytest.mark.parametrize("limit_margin,stage_word", [(None, "answered more than"), (-200, "snapshot would hold")])
def test_collect_fails_a_host_whose_answer_the_audit_would_refuse(
        sshd: Sshd, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture,
        limit_margin, stage_word: str) -> None:  # type: ignore[no-untyped-def]
    """One limit for both sides (the reader's MAX_SNAPSHOT_CHARS), lowered here so that this machine's own
    package database is over it: 136 MB answers behave the same at the real limit."""
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text(yaml.safe_dump([{"host": "127.0.0.1", "port": sshd.port, "user": sshd.user}]))
    args = ["collect", "--hosts", str(hosts), "--known-hosts", str(sshd.known_hosts), "--identity",
            str(sshd.client_key)]
    code, out, err = run_cli(args + ["--to", str(tmp_path / "full")], capsys)
    assert code == 0, err
    (snapshot,) = [p for p in (tmp_path / "full").glob("*.json") if not p.name.startswith(".")]
    whole = len(snapshot.read_text(encoding="utf-8"))
    # Either the answer itself is over the limit, or only the snapshot made of it is.
    limit = 4096 if limit_margin is None else whole + limit_margin
    monkeypatch.setattr(ssh_snapshot, "MAX_SNAPSHOT_CHARS", limit)
    code, out, err = run_cli(args + ["--to", str(tmp_path / "over")], capsys)
    # Before: "1 of 1 hosts collected", exit 0; then `audit` refused the snapshot as too large.
    assert code == 3, out + err
    assert f"127.0.0.1:{sshd.port}" in err and stage_word in err
    assert "0 of 1 hosts collected" in out
    (written,) = [p for p in (tmp_path / "over").glob("*.json") if not p.name.startswith(".")]
    document = load(written)
    assert document["packages"] is None and document["errors"][-1]["kind"] == "too-large"
    assert len(written.read_text(encoding="utf-8")) <= limit
    code, out, err = run_cli(["audit", str(tmp_path / "over"), "--out", str(tmp_path / "report"),
                              "--as-of", AS_OF.isoformat(), "--max-export-age", "100000"], capsys)
    assert code == 3
    problems = json.loads((tmp_path / "report" / "findings.json").read_text())["problems"]
    assert any("too-large" in p["message"] or "refused" in p["message"] for p in problems), problems
    assert not any("larger than" in p["message"] for p in problems)  # not read as an over-size file


@pytest.fixture
def hostile_banner() -> Iterator[int]:
    """A server on 127.0.0.1 whose SSH banner is an escape sequence (title-set, OSC 52, a bidi override)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                # The version field ends at the first '-': a title-set without one, OSC 52, CSI, bidi.
                conn.sendall(f"SSH-{CLIPBOARD}{CSI}{BIDI}\x1b]0;pwned\x07-x\r\n".encode())
                try:
                    conn.recv(4096)
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    stop.set()
    listener.close()


def test_ssh_error_text_from_a_hostile_server_is_shown_inert(hostile_banner: int, tmp_path: Path) -> None:
    hosts = tmp_path / "hosts.yaml"
    hosts.write_text(yaml.safe_dump([{"host": "127.0.0.1", "port": hostile_banner, "user": "root"}]))
    known = tmp_path / "known_hosts"
    known.write_text("")
    done = subprocess.run([sys.executable, "-m", "auditor", "collect", "--hosts", str(hosts), "--to",
                           str(tmp_path / "out"), "--known-hosts", str(known)], capture_output=True, timeout=HANG_GUARD,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    out, err = done.stdout.decode("utf-8", "surrogateescape"), done.stderr.decode("utf-8", "surrogateescape")
    assert done.returncode == 3, err
    # The server's text is shown, as text: before, it reached the terminal raw (and again in paramiko's log).
    assert f"127.0.0.1:{hostile_banner}" in err and "⟨U+001B⟩]52;c;" in err
    assert_terminal_safe(out, "stdout")
    assert_terminal_safe(err, "stderr")
