"""A CSV inventory of any shape, described by a mapping file given as the input."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from auditor.model import Ownership, Platform
from auditor.sources import plan_inputs
from tests.conftest import FIXTURES, run_audit

GENERIC = FIXTURES / "generic"


def test_mapping_file_reads_the_csv_it_names(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [GENERIC / "assets.mapping.yaml"])
    found = sorted((f.catalog_id, f.device.name, f.matched_by.value, f.device.ownership.value) for f in result.findings)
    # TikTok is on a BYOD phone, outside the corporate-only pack; WeChat's rule is upcoming
    assert found == [("capcut", "ws-3", "publisher+name", "corporate"), ("wechat", "mbp-ana", "identifier", "corporate")]
    (source,) = result.sources
    assert (source.format, source.rows, source.rows_skipped, source.devices, source.apps) == ("generic-csv", 5, 1, 4, 4)
    assert [(p.line, p.message) for p in result.problems if p.line] == [(6, "row has no app name or identifier")]
    # Its device has no other row: counted as a device without apps (auditor.reading.coverage), the run complete.
    (note,) = [p.message for p in result.problems if not p.line]
    assert note.startswith("1 of the 4 devices in this input that should show all their apps have no app row")
    assert result.complete
    tool = {d.name: (d.sources[0].tool, d.ownership, d.platform) for d in result.devices}
    assert tool["pixel-bo"] == ("asset-db", Ownership.PERSONAL, Platform.ANDROID)


def test_folder_with_mapping_reads_each_csv_once(test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [GENERIC])
    assert [s.path for s in result.sources] == [str(GENERIC / "assets.csv")]
    assert result.complete


@pytest.mark.parametrize("text,message", [
    ("schema: fleet-auditor/generic-csv/1\nfiles: [a.csv]\ncolumns: {app_name: A}\n", "columns.device_id: expected"),
    ("schema: fleet-auditor/generic-csv/1\nfiles: [../../etc/passwd]\ncolumns: {device_id: D, app_name: A}\n",
     "files[0]: expected a path inside the mapping file's folder"),
    ("schema: fleet-auditor/generic-csv/1\nfiles: [a.csv]\ncolumns: {device_id: D, app_nme: A}\n", "columns.app_nme: no such key"),
    ("schema: fleet-auditor/generic-csv/1\nfiles: [missing.csv]\ncolumns: {device_id: D, app_name: A}\n", "names "),
])
def test_bad_mapping_makes_the_run_incomplete(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "m.yaml").write_text(text)
    plan = plan_inputs([tmp_path / "m.yaml"])
    assert not plan.inputs
    (problem,) = plan.problems
    assert problem.fatal and message in problem.message


@pytest.mark.parametrize("key,value,hint", [("platform", "linx", "(did you mean linux?)"),
                                            ("ownership", "corprate", "(did you mean corporate?)")])
def test_a_mapping_word_typo_names_the_file_once_the_key_and_the_nearest_word(tmp_path: Path, key: str, value: str,
                                                                             hint: str) -> None:
    (tmp_path / "m.yaml").write_text(f"schema: fleet-auditor/generic-csv/1\nfiles: [a.csv]\n{key}: {value}\n"
                                     "columns: {device_id: D, app_name: A}\n")
    (problem,) = plan_inputs([tmp_path / "m.yaml"]).problems
    assert problem.message.startswith(f"{key}: expected one of ") and hint in problem.message
    assert ", ," not in problem.message and str(tmp_path) not in problem.message  # the source names the file


def test_mapping_words_are_read_in_any_case(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("D,A\nsrv-1,nginx\n")
    (tmp_path / "m.yaml").write_text("schema: fleet-auditor/generic-csv/1\nfiles: [a.csv]\nplatform: Linux\n"
                                     "ownership: Corporate\ncolumns: {device_id: D, app_name: A}\n")
    plan = plan_inputs([tmp_path / "m.yaml"])
    assert not plan.problems and plan.inputs


def test_missing_mapped_column_is_a_problem(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(GENERIC / "assets.csv", tmp_path / "assets.csv")
    (tmp_path / "m.yaml").write_text((GENERIC / "assets.mapping.yaml").read_text().replace("Asset Tag", "Tag Number"))
    result = run_audit(test_library, [tmp_path / "m.yaml"])
    assert not result.complete
    assert "columns.device_id: 'Tag Number'" in result.problems[0].message


PACKAGES = "Asset;Host;Package;Version;Code\n" + "".join(
    f"A{i};host-{i};{pkg};{ver};{code}\n" for i, (pkg, ver, code) in enumerate([
        ("lark", "7.24.6", "1001"), ("curl", "7.88.1-10+deb12u8", "1002"), ("htop", "3.2.2-2", "1003"),
        ("vim", "2:9.0.1378-2", "1004"), ("bash", "5.2.15-2+b7", "1005"), ("wget", "1.21.3-1+b2", "1006")]))


def _mapping(folder: Path, name: str, identifier: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "packages.csv").write_text(PACKAGES)
    path = folder / "packages.mapping.yaml"
    path.write_text("schema: fleet-auditor/generic-csv/1\ntool: asset-db\nfiles: [packages.csv]\nplatform: linux\n"
                    f"columns:\n  device_id: Asset\n  device_name: Host\n  app_name: {name}\n"
                    f"  identifier: {identifier}\n  version: Package\n")
    return path


def _fatal(result) -> list:  # type: ignore[no-untyped-def]
    return [p.message for p in result.problems if p.fatal]


def test_app_names_that_are_version_numbers_name_the_mapping_key(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [_mapping(tmp_path / "v", "Version", "Package")])
    (message,) = _fatal(result)
    assert "columns.app_name: 'Version' holds version numbers, not app names, in 6 of its 6 values " \
           "(e.g. '7.24.6')" in message


def test_identifiers_without_a_letter_name_the_mapping_key(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [_mapping(tmp_path / "c", "Package", "Code")])
    (message,) = _fatal(result)
    assert "columns.identifier: 'Code' holds no letter in any of its 6 values (e.g. '1001')" in message


def test_a_plausible_mapping_reads_clean(tmp_path: Path, test_library) -> None:  # type: ignore[no-untyped-def]
    result = run_audit(test_library, [_mapping(tmp_path / "p", "Package", "Package")])
    assert not _fatal(result), _fatal(result)


def test_the_version_shape_check_is_linear_on_a_hostile_name() -> None:
    """An app name checked for looking like a version number: the same names as before match, and a long
    name that almost matches is rejected at once (the former pattern backtracked exponentially: 4 times longer
    for every two more letters, this name would not have finished)."""
    from auditor.sources.generic_csv import _VERSION

    for name, version in (("1.2.3", True), ("v10.0", True), ("1.2.3-beta1", True), ("2024-01-01", True),
                          ("1a", True), ("Zoom", False), ("1.", False), ("1..2", False), ("7-Zip 23.01", False)):
        assert bool(_VERSION.match(name)) is version, name
    assert _VERSION.match("1" + "a" * 200 + "!") is None
