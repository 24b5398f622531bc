"""osqueryd differential result logs (auditor.sources.osquery): a host whose every event is differential (only
what changed since the query's previous run) is not an inventory: the input is incomplete, naming the hosts
and the fix (`snapshot: true`); a snapshot event, or the query's first run (counter 0), is a full result."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List

import pytest

from auditor.model import AuditResult
from auditor.policy import Library
from tests.conftest import run_audit

LARK = {"name": "bytedance-feishu-stable", "version": "7.24.6", "arch": "amd64", "revision": "",
        "maintainer": "Lark Technologies Pte. Ltd.", "status": "install ok installed"}
HTOP = {"name": "htop", "version": "3.2.2-2", "arch": "amd64", "revision": "2", "maintainer": "Debian",
        "status": "install ok installed"}


def event(host: str, counter: int, **body: object) -> str:
    return json.dumps({"name": "pack/inventory/deb_packages", "hostIdentifier": host, "unixTime": 1795327200,
                       "epoch": 0, "counter": counter, "decorations": {"hostname": host}, **body}) + "\n"


def audit(library: Library, tmp_path: Path, lines: List[str], fast: bool,
          monkeypatch: pytest.MonkeyPatch) -> AuditResult:
    log = tmp_path / "osqueryd.results.log"
    log.write_text("".join(lines))
    if not fast:
        monkeypatch.setattr("auditor.sources.osquery.OsqueryResultsJson.scan", None, raising=False)
    return run_audit(library, [log])


def changes_only(result: AuditResult) -> List[str]:
    return [p.message for p in result.problems if p.fatal and "differential results only" in p.message]


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "read()"])
def test_a_host_with_differential_events_only_is_incomplete(test_library: Library, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    lines = [event("srv-web-2", 12, action="added", columns=HTOP),
             event("srv-db-1", 0, action="snapshot", snapshot=[LARK, HTOP])]
    result = audit(test_library, tmp_path, lines, fast, monkeypatch)
    (message,) = changes_only(result)
    assert message.startswith("1 host with differential results only (srv-web-2 (counter 12))")
    assert "`snapshot: true`" in message and not result.complete


@pytest.mark.parametrize("fast", [True, False], ids=["fast path", "read()"])
def test_a_first_run_or_a_snapshot_is_a_full_result(test_library: Library, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, fast: bool) -> None:
    lines = [event("srv-web-2", 0, action="added", columns=LARK), event("srv-web-2", 0, action="added", columns=HTOP),
             event("srv-web-2", 3, action="removed", columns=HTOP),
             event("srv-db-1", 7, action="snapshot", snapshot=[HTOP])]
    result = audit(test_library, tmp_path, lines, fast, monkeypatch)
    assert not changes_only(result) and result.complete, [p.message for p in result.problems]
