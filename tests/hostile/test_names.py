"""Every name that becomes a file name comes from someone else (a remote listing, a hosts file, an
export's own path): none of them can place a file outside its folder."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from auditor.acquire.hosts import HostEntry
from auditor.acquire.sftp import _unsafe_name
from auditor.acquire.ssh import snapshot_name
from auditor.run.runfolder import archive_inputs

TRAVERSAL = ["../../etc/cron.d/evil", "..", ".", "/etc/passwd", "a/../../b", "..\\..\\windows", "ok\x00.csv",
             "", "sub/dir.csv"]


@pytest.mark.parametrize("name", TRAVERSAL)
def test_remote_sftp_names_that_leave_the_folder_are_never_fetched(name: str) -> None:
    assert _unsafe_name(name)  # a reason, so never taken


@pytest.mark.parametrize("host", ["../../etc/passwd", "/root/.ssh/authorized_keys", "a/b", "..", "host\x00x",
                                  "<script>", "h\u202eost"])
def test_snapshot_file_names_stay_in_the_folder(host: str, tmp_path: Path) -> None:
    name = snapshot_name(HostEntry(host=host, port=22))
    assert "/" not in name and "\\" not in name and "\x00" not in name and not name.startswith(".")
    assert (tmp_path / name).resolve().parent == tmp_path.resolve()


def test_archived_input_names_cannot_escape_the_archive(tmp_path: Path) -> None:
    weird = tmp_path / "..evil" / "..%2f..%2fpasswd.csv"
    weird.parent.mkdir()
    weird.write_text("a,b\n")
    archive = tmp_path / "inputs.zip"
    archive_inputs([weird], archive)
    with zipfile.ZipFile(archive) as z:
        for member in z.namelist():
            assert "/" not in member and not member.startswith(".."), member
