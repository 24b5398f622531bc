"""Symbolic links inside an inputs folder (REPORT3, small items): a link to a folder inside (`ln -s . loop`) is
not followed, and listed among the skipped files (manifest.json) instead of vanishing; a link that loops on
itself is named, not a crash; a dangling link is called a broken link, not "a link to a file outside"."""
from __future__ import annotations

import os
from pathlib import Path
from typing import List, Tuple

from auditor.textio.inputs import expand
from auditor.textio.names import shown


def _expand(folder: Path) -> Tuple[List[str], List[Tuple[str, str]], List[Tuple[str, str]]]:
    problems: List[Tuple[str, str]] = []
    expansion = expand([folder], lambda display, message: problems.append((display, message)))
    return ([f.display for f in expansion.files], [(s.display, s.what.reason) for s in expansion.hidden],
            problems)


def test_a_link_to_a_folder_inside_is_listed_as_skipped(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "devices.csv").write_text("x\n")
    os.symlink(".", tmp_path / "in" / "loop")
    files, skipped, problems = _expand(tmp_path / "in")
    assert files == [shown(tmp_path / "in" / "devices.csv")]  # read once, not again through the link
    assert skipped == [(shown(tmp_path / "in" / "loop") + "/", "a symbolic link to a folder inside the inputs "
                        "folder: not followed (the folder it leads to is read once, as itself)")]
    assert problems == []


def test_a_broken_link_and_a_self_loop_are_named_for_what_they_are(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "devices.csv").write_text("x\n")
    os.symlink("/nonexistent-fleet-auditor-target", tmp_path / "in" / "dangling.csv")
    os.symlink("self.csv", tmp_path / "in" / "self.csv")
    os.symlink("/etc/hostname", tmp_path / "in" / "out.csv")
    _, _, problems = _expand(tmp_path / "in")
    assert sorted(problems) == sorted([
        (shown(tmp_path / "in" / "dangling.csv"), "not read: a broken symbolic link (its target does not exist)"),
        (shown(tmp_path / "in" / "self.csv"), "not read: a symbolic link loop (it never leads to a file)"),
        (shown(tmp_path / "in" / "out.csv"), "not read: a symbolic link to a file outside the folder")])
