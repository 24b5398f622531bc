"""The cron job: runs over changing exports, history and diff, the lock, a killed run, e-mail, retention."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Dict, List

import pytest

from auditor import cli
from auditor.run.lock import RunLock
from tests.conftest import FIXTURES, HANG_GUARD, REPO

DEVICES = """Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,Last check-in
d1,PHONE-1,S1,ana@example.com,Corporate,iOS,{seen}
d2,PHONE-2,S2,bo@example.com,Corporate,iOS,{seen}
d3,PHONE-3,S3,cy@example.com,Corporate,iOS,{seen}
"""
PACK = """schema: fleet-auditor/pack/1
id: test-deadline
title: Test ban with a deadline
jurisdiction: US
citation: Test 2
signed: 2026-01-01
rules:
  - {id: bytedance, companies: [bytedance], effective: 2026-11-01, deadline: 2026-11-25, severity: critical,
     remediation: Remove it.}
"""
WAIVERS = """schema: fleet-auditor/waivers/1
waivers:
  - {id: W1, device: PHONE-2, reason: Investigation, approver: ciso@example.com, expires: 2026-11-24}
"""


def write_exports(folder: Path, apps: Dict[str, List[str]], as_of: dt.date) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rows = "".join(f"{app},{device},iOS\n" for device, names in apps.items() for app in names)
    # PHONE-2 shows an app too: an apps export of fewer than half the devices is incomplete
    # (auditor.reading.coverage); a device left out of `apps` is one device without app rows (a note).
    rows += "".join(f"Microsoft Outlook,{device},iOS\n" for device in sorted(set(apps) | {"d2"}))
    (folder / "apps.csv").write_text("ApplicationName,DeviceId,Platform\n" + rows)
    (folder / "devices.csv").write_text(DEVICES.format(seen=f"{as_of - dt.timedelta(days=1)} 06:00:00"))


def write_config(base: Path, extra: str = "", inputs: str = "[exports]") -> Path:
    (base / "deadline.yaml").write_text(PACK)
    (base / "waivers.yaml").write_text(WAIVERS)
    config = base / "auditor.yaml"
    config.write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        organisation: Contoso
        inputs: {paths: INPUTS}
        policies: [deadline.yaml]
        waivers: waivers.yaml
        output: reports
        archive_inputs: true
        fail_on: high
        """).replace("INPUTS", inputs) + extra)
    return config


def run(config: Path, as_of: str, capsys: pytest.CaptureFixture) -> int:
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", as_of, "--quiet"])
    capsys.readouterr()
    return int(info.value.code)


def latest(base: Path) -> dict:
    return json.loads((base / "reports" / "latest" / "findings.json").read_text())


def by_app(document: dict) -> Dict[str, dict]:
    return {f"{f['app']['catalog_id']}@{f['device']['name']}": f for f in document["findings"]}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_sequence_of_runs_remembers_and_diffs(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    exports = site / "exports"

    # run 1: TikTok on PHONE-1, TikTok on PHONE-2 (waived until 11-24)
    write_exports(exports, {"d1": ["TikTok"], "d2": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run(config, "2026-11-23", capsys) == 1
    one = by_app(latest(site))
    assert {k: (f["status"], f["change"], f["first_seen"]) for k, f in one.items()} == {
        "tiktok@PHONE-1": ("violation", "new", "2026-11-23"), "tiktok@PHONE-2": ("waived", "new", "2026-11-23")}

    # run 2: PHONE-1's TikTok removed (resolved: its other apps are listed); CapCut appears on PHONE-3 (new); the
    # waiver has expired
    write_exports(exports, {"d1": ["Slack"], "d2": ["TikTok"], "d3": ["CapCut"]}, dt.date(2026, 11, 25))
    assert run(config, "2026-11-25", capsys) == 1
    two = latest(site)
    assert {k: (f["status"], f["change"], f["days_open"]) for k, f in by_app(two).items()} == {
        "tiktok@PHONE-2": ("violation", "persisting", 2), "capcut@PHONE-3": ("violation", "new", 0)}
    assert by_app(two)["tiktok@PHONE-2"]["waiver"]["state"] == "expired"
    assert [(r["app"], r["device_name"], r["first_seen"]) for r in two["resolved"]] == [("tiktok", "PHONE-1", "2026-11-23")]
    report = (site / "reports" / "latest" / "report.html").read_text(encoding="utf-8")
    assert ("<strong>1</strong> new, <strong>0</strong> reopened, 1 persisting, <strong>1</strong> resolved since "
            "the run of 2026-11-23") in report

    # run 3: the deadline (11-25) has passed; PHONE-1's TikTok is back (reopened, first seen stays)
    write_exports(exports, {"d1": ["TikTok"], "d2": ["TikTok"], "d3": ["CapCut"]}, dt.date(2026, 11, 27))
    assert run(config, "2026-11-27", capsys) == 1
    three = by_app(latest(site))
    assert {k: (f["status"], f["change"], f["days_overdue"], f["first_seen"]) for k, f in three.items()} == {
        "tiktok@PHONE-1": ("overdue", "reopened", 2, "2026-11-23"),
        "tiktok@PHONE-2": ("overdue", "persisting", 2, "2026-11-23"),
        "capcut@PHONE-3": ("overdue", "persisting", 2, "2026-11-25")}
    assert latest(site)["resolved"] == []
    trend = latest(site)["trend"]
    assert [(t["as_of"], t["open_by_priority"]["P2"]) for t in trend] == [
        ("2026-11-23", 1), ("2026-11-25", 2), ("2026-11-27", 3)]

    # the history is a real SQLite file with every run and every finding
    with sqlite3.connect(site / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 3
        assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 2 + 2 + 3
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
    folders = sorted(p.name for p in (site / "reports").iterdir() if p.is_dir() and not p.is_symlink())
    assert len(folders) == 3 and (site / "reports" / "latest").resolve().name == folders[-1]
    manifest = json.loads((site / "reports" / "latest" / "manifest.json").read_text())
    assert [(p["id"], p["status"], len(p["sha256"])) for p in manifest["packs"]] == [("test-deadline", "in-force", 64)]
    archived = manifest["archive"]
    assert archived["path"] == "inputs.zip" and len(archived["inputs"]) == 3  # apps, devices, waivers
    assert all(len(i["sha256"]) == 64 for i in archived["inputs"])


def test_a_second_run_exits_at_once_while_one_holds_the_lock(site: Path) -> None:
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with RunLock(site / "reports" / ".auditor.lock"):
        # We hold the lock until the child ends: a run that waited for it would never end (the hang guard).
        done = subprocess.run([sys.executable, "-m", "auditor", "run", "--config", str(config), "--as-of",
                               "2026-11-23"], env=env, capture_output=True, text=True, timeout=HANG_GUARD)
    assert done.returncode == 5
    assert "another auditor run (pid" in done.stderr and "holds" in done.stderr
    assert not (site / "reports" / "latest").exists()


def test_two_runs_started_together_one_runs_one_exits_5(site: Path) -> None:
    config = write_config(site, inputs="[exports, slow.csv]")
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    fifo = site / "slow.csv"
    os.mkfifo(fifo)  # the first run blocks reading it, holding the lock, until we write
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "auditor", "run", "--config", str(config), "--as-of", "2026-11-23"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_lock_holder(site / "reports" / ".auditor.lock", first.pid)
        second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=HANG_GUARD)
        assert second.returncode == 5
        _feed_fifo(fifo, b"ApplicationName,DeviceId,Platform\nSlack,d1,iOS\n", first)
        assert first.wait(timeout=HANG_GUARD) == 1
    finally:
        if first.poll() is None:
            first.kill()
    assert (site / "reports" / "latest" / "report.html").is_file()


def _feed_fifo(fifo: Path, content: bytes, reader: "subprocess.Popen[str]", timeout: float = HANG_GUARD) -> None:
    """Serves the content to every open of the FIFO until the reading process ends."""
    deadline = time.monotonic() + timeout
    while reader.poll() is None and time.monotonic() < deadline:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # no reader has it open right now
            time.sleep(0.01)
            continue
        try:
            os.write(fd, content)
        except BrokenPipeError:
            pass
        finally:
            os.close(fd)
        time.sleep(0.01)


def _wait_for_lock_holder(lock: Path, pid: int, timeout: float = HANG_GUARD) -> None:
    """Until the process holds the lock (a non-blocking attempt of ours fails)."""
    import fcntl
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(pid):
            with open(lock) as handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        time.sleep(0.05)
    raise AssertionError("the run never held the lock")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_a_killed_run_leaves_the_last_good_report_and_history(site: Path, capsys, signum: int) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run(config, "2026-11-23", capsys) == 1
    good = (site / "reports" / "latest").resolve()
    report = (good / "report.html").read_bytes()
    fifo = site / "blocked.csv"
    os.mkfifo(fifo)
    config = write_config(site, inputs="[exports, blocked.csv]")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    victim = subprocess.Popen([sys.executable, "-m", "auditor", "run", "--config", str(config), "--as-of",
                               "2026-11-24"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_lock_holder(site / "reports" / ".auditor.lock", victim.pid)
    victim.send_signal(signum)
    assert victim.wait(timeout=HANG_GUARD) != 0
    assert (site / "reports" / "latest").resolve() == good and (good / "report.html").read_bytes() == report
    with sqlite3.connect(site / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1
    fifo.unlink()
    config = write_config(site)
    assert run(config, "2026-11-24", capsys) == 1  # the next run works, and leaves no temporary folder
    assert not list((site / "reports").glob(".tmp-*"))
    with sqlite3.connect(site / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 2


def test_email_received_by_a_real_smtp_server(site: Path, capsys, smtpd) -> None:  # type: ignore[no-untyped-def]
    controller, handler = smtpd
    config = write_config(site, textwrap.dedent(f"""\
        email:
          host: 127.0.0.1
          port: {controller.port}
          security: none
          from: auditor@example.com
          to: [secops@example.com, ciso@example.com]
          when: [new-p1-p2]
        """))
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run(config, "2026-11-23", capsys) == 1
    (message,) = handler.messages
    assert " ".join(message["Subject"].split()) == "[Fleet Auditor] Contoso: 1 new P1/P2, 1 open findings (P1 0) as of 2026-11-23"
    assert message["X-RcptTo"] == "secops@example.com, ciso@example.com"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "TikTok" in parts["text/plain"].get_payload(decode=True).decode()
    # "generated" is when the run wrote its outputs (as findings.json says), never the as-of date
    generated = json.loads((site / "reports" / "latest" / "findings.json").read_text(encoding="utf-8"))["generated_at"]
    html = parts["text/html"].get_payload(decode=True).decode()
    assert f"generated {generated}" in html and "generated 2026-11-23 " not in html
    attachment = next(p for p in message.walk() if p.get_filename() == "report.html")
    assert attachment.get_payload(decode=True) == (site / "reports" / "latest" / "report.html").read_bytes()
    # nothing new the next day: `when: [new-p1-p2]` sends nothing
    assert run(config, "2026-11-24", capsys) == 1
    assert len(handler.messages) == 1


def test_retention_keeps_the_latest_and_the_only_complete_run(tmp_path: Path) -> None:
    from auditor.run.runfolder import apply_retention
    output = tmp_path / "reports"
    for name, complete in [("2026-01-01T0200Z", True), ("2026-06-01T0200Z", False), ("2026-11-20T0200Z", False),
                           ("2026-11-21T0200Z", False), ("2026-11-22T0200Z", False)]:
        (output / name).mkdir(parents=True)
        (output / name / "manifest.json").write_text(json.dumps({"complete": complete}))
    (output / "latest").symlink_to("2026-11-22T0200Z")
    removed = apply_retention(output, keep_runs=2, max_age_days=30,
                              now=dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)).removed
    assert sorted(p.name for p in removed) == ["2026-06-01T0200Z", "2026-11-20T0200Z"]
    left = sorted(p.name for p in output.iterdir() if not p.is_symlink())
    # the January run is older than 30 days and beyond the count, but it is the only complete one
    assert left == ["2026-01-01T0200Z", "2026-11-21T0200Z", "2026-11-22T0200Z"]


@pytest.mark.parametrize("text,message", [
    ("schema: fleet-auditor/config/1\n", "inputs: expected at least one of inputs.paths"),
    ("schema: fleet-auditor/config/1\ninputs: {paths: [x]}\nfail_on: loud\n", "fail_on: expected one of critical"),
    ("schema: fleet-auditor/config/1\ninputs: {paths: [x]}\nretention: {keep_runs: 0}\n",
     "retention.keep_runs: expected a whole number of at least 1, got 0"),
    ("schema: fleet-auditor/config/1\ninputs: {paths: [x]}\nemail: {host: h, from: a@b, to: [c@d], password_env: 'hunter 2'}\n",
     "email.password_env: expected the NAME of an environment variable (never the password)"),
    ("schema: fleet-auditor/config/1\ninputs: {paths: [x]}\nemial: {}\n", "emial: no such key"),
])
def test_config_errors_name_file_and_key_path(tmp_path: Path, capsys, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "auditor.yaml").write_text(text)
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(tmp_path / "auditor.yaml")])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "auditor.yaml") in err and message in err


def test_init_writes_a_valid_config_and_a_crontab_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as info:
        cli.main(["init", "--dir", str(tmp_path)])
    assert info.value.code == 0
    out = capsys.readouterr().out
    line = out.splitlines()[-1]
    assert line.startswith("0 2 * * * cd ") and "run --config auditor.yaml --quiet" in line
    # the command cron would run works as printed (here with --help, so that it does no audit)
    command = line.split(" ", 5)[5].replace(" --quiet", " --help", 1)
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=HANG_GUARD,
                          env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert done.returncode == 0, done.stderr
    assert "Usage:" in (tmp_path / "reports" / "cron.log").read_text()
    from auditor.run.config import load_config
    config = load_config(tmp_path / "auditor.yaml")
    assert config.fail_on == "low" and config.retention.keep_runs == 90


def test_history_schema_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    from auditor.errors import AuditorError
    from auditor.history import MIGRATIONS, connect
    path = tmp_path / "h.sqlite"
    with sqlite3.connect(path) as db:  # a database left by the first schema version
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert "report_dir" in [r[1] for r in conn.execute("PRAGMA table_info(runs)")]
    conn.close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(AuditorError, match="newer than this tool"):
        connect(path)


def test_an_incomplete_run_resolves_nothing_and_is_no_baseline(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    exports = site / "exports"
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run(config, "2026-11-23", capsys) == 1
    # the app export is unreadable the next day: its findings are unknown, not resolved
    (exports / "apps.csv").write_bytes(b"\x00\x01 not a csv")
    assert run(config, "2026-11-24", capsys) == 3
    assert latest(site)["complete"] is False and latest(site)["resolved"] == []
    # readable again: the finding persists (it never went away), it is not "reopened"
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 25))
    assert run(config, "2026-11-25", capsys) == 1
    (finding,) = latest(site)["findings"]
    assert (finding["change"], finding["first_seen"]) == ("persisting", "2026-11-23")


def test_the_input_archive_never_follows_a_link_out_of_an_inputs_folder(site: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = write_config(site)
    write_exports(site / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    secret = site / "secret.txt"
    secret.write_text("do not archive me\n")
    (site / "exports" / "link.csv").symlink_to(secret)
    assert run(config, "2026-11-23", capsys) in (1, 3)
    import zipfile
    with zipfile.ZipFile(site / "reports" / "latest" / "inputs.zip") as archive:
        names = archive.namelist()
        assert not any("link" in n or "secret" in n for n in names), names
        assert all(b"do not archive me" not in archive.read(n) for n in names)
