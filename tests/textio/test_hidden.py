"""Hidden and system files in an inputs folder are never read and never skipped without a trace: listed in
manifest.json (format "hidden", with what they are), an unexpected one named as a note, and a folder that
holds only hidden files says so (auditor.textio.hidden, auditor.textio.inputs)."""
from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor import cli
from auditor.textio.exclude import Exclusions
from auditor.textio.hidden import NOISE, OWN, UNEXPECTED, hidden
from auditor.textio.inputs import Expansion, expand
from tests.conftest import FIXTURES
from tests.run.test_scheduled_runs import write_exports


@pytest.mark.parametrize("name, is_folder, kind", [
    (".DS_Store", False, NOISE), ("._apps.csv", False, NOISE), ("Thumbs.db", False, NOISE),
    ("desktop.ini", False, NOISE), (".git", True, NOISE), ("__MACOSX", True, NOISE),
    (".fetch-manifest.json", False, OWN), (".AppInvRawData.csv.part", False, OWN),
    (".AppInvRawData.csv", False, UNEXPECTED), (".old", True, UNEXPECTED),
    ("apps.csv", False, None), ("git", True, None), ("thumbs.db.csv", False, None),
])
def test_what_a_hidden_name_is(name: str, is_folder: bool, kind: str) -> None:
    found = hidden(name, is_folder)
    assert (found.kind if found else None) == kind
    assert (found.note if found else False) == (kind == UNEXPECTED)  # only the unexpected ones are notes


def _expand(paths: List[Path]) -> Tuple[Expansion, List[Tuple[str, str]], List[Tuple[str, str]]]:
    problems: List[Tuple[str, str]] = []
    notes: List[Tuple[str, str]] = []
    expansion = expand(paths, lambda d, m: problems.append((d, m)), note=lambda d, m: notes.append((d, m)))
    return expansion, problems, notes


def test_a_folder_of_only_hidden_files_says_so(tmp_path: Path) -> None:
    (tmp_path / ".AppInvRawData.csv").write_text("ApplicationName,DeviceId\nTikTok,d1\n")
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    expansion, problems, notes = _expand([tmp_path])
    assert expansion.files == ()
    assert len(problems) == 1 and problems[0][1].startswith("folder contains only hidden files (2): ")
    assert ".AppInvRawData.csv" in problems[0][1]
    assert notes == []  # the folder's problem names them (an unexpected one is a note beside files to read)
    # A folder that is really empty keeps its own message.
    (tmp_path / "empty").mkdir()
    assert _expand([tmp_path / "empty"])[1] == [(str(tmp_path / "empty"), "folder contains no files")]


def test_hidden_folders_are_not_walked_and_zip_noise_is_listed(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "apps.csv").write_text("a,b\n")
    (tmp_path / "apps.csv").write_text("a,b\n")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("devices.csv", "a,b\n")
        archive.writestr("__MACOSX/._devices.csv", "\0\5\26\7")
    expansion, problems, notes = _expand([tmp_path])
    assert [Path(f.display).name for f in expansion.files] == ["apps.csv", "export.zip!devices.csv"]
    assert sorted((s.display.replace(str(tmp_path), ""), s.what.kind) for s in expansion.hidden) == [
        ("/.git/", NOISE), ("/export.zip!__MACOSX/._devices.csv", NOISE)]
    assert problems == [] and notes == []


def test_the_manifest_lists_hidden_files_and_the_run_names_an_unexpected_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    exports = tmp_path / "exports"
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    (exports / ".apps-old.csv").write_text((exports / "apps.csv").read_text())
    (exports / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    with pytest.raises(SystemExit):
        cli.main(["audit", str(exports), "--as-of", "2026-11-23", "--out", str(tmp_path / "out")])
    capsys.readouterr()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    listed = {Path(i["path"]).name: i for i in manifest["inputs"]}
    assert {k: (v["format"], v["skipped"]) for k, v in listed.items() if v["format"] == "hidden"} == {
        ".DS_Store": ("hidden", NOISE), ".apps-old.csv": ("hidden", UNEXPECTED)}
    assert manifest["complete"] is True  # a note, not a lost input
    findings = json.loads((tmp_path / "out" / "findings.json").read_text())
    notes = [p for p in findings["problems"] if Path(p["source"]).name.startswith(".")]
    assert [(Path(p["source"]).name, p["fatal"]) for p in notes] == [(".apps-old.csv", False)]
    assert "rename it to read it" in notes[0]["message"]


def test_a_hidden_file_excluded_by_a_pattern_is_listed_as_excluded_without_a_note(tmp_path: Path) -> None:
    (tmp_path / "apps.csv").write_text("a,b\n")
    (tmp_path / ".apps-old.csv").write_text("a,b\n")
    (tmp_path / ".old").mkdir()
    (tmp_path / ".old" / "apps.csv").write_text("a,b\n")
    problems: List[Tuple[str, str]] = []
    notes: List[Tuple[str, str]] = []
    expansion = expand([tmp_path], lambda d, m: problems.append((d, m)), Exclusions((".apps-*.csv", ".old/")),
                       note=lambda d, m: notes.append((d, m)))
    assert sorted((Path(e.display).name, e.pattern) for e in expansion.excluded) == [
        (".apps-old.csv", ".apps-*.csv"), (".old", ".old/")]
    assert expansion.hidden == () and notes == [] and problems == []


def test_a_folder_of_only_hidden_folders_names_them(tmp_path: Path) -> None:
    (tmp_path / ".old").mkdir()
    (tmp_path / ".old" / "apps.csv").write_text("a,b\n")
    (tmp_path / "Thumbs.db").write_bytes(b"\0")
    _, problems, _ = _expand([tmp_path])
    assert problems == [(str(tmp_path), "folder contains only hidden files (2): .old/, Thumbs.db; hidden and system "
                                        "files are never read (rename one to read it)")]
