"""Issue 15, the input half: a column a reader needs (or that carries owners) and cannot find is named with
the header seen and makes the run incomplete; a mapping file's column the CSV lacks is one error; the
encoding a mapping names is used and reported; a .NET null check-in keeps its device; what a file is, and
what patterns exclude, are said once per file."""
from __future__ import annotations

import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest

from auditor.engine import audit
from auditor.policy import Library, select_packs, selection_of
from auditor.run.config import load_config
from auditor.sources import plan_inputs
from auditor.errors import ConfigError
from tests.conftest import AS_OF, FIXTURES, run_audit

INTUNE = FIXTURES / "intune"
APPS = (INTUNE / "AppInvRawData.csv").read_text(encoding="utf-8")
DEVICES = (INTUNE / "devices.csv").read_text(encoding="utf-8")
GENERIC = FIXTURES / "generic"
RENAMED_OWNERS = APPS.replace("EmailAddress", "Primary Email").replace(",UserName", ",Display")


def _write(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return folder


# --- owner columns ---------------------------------------------------------------------------------

def test_renamed_owner_columns_without_a_device_export_make_the_run_incomplete(tmp_path: Path,
                                                                               test_library: Library) -> None:
    result = run_audit(test_library, [_write(tmp_path / "x", apps_csv=RENAMED_OWNERS) / "apps.csv"])
    assert not result.complete
    (problem,) = [p for p in result.problems if p.fatal and "without its All devices export" not in p.message]
    assert problem.source.endswith("apps.csv")
    assert "no owner column (looked for: 'EmailAddress', 'Email address', 'UserEmail', 'UserName'" in problem.message
    assert "header seen: 'ApplicationKey', 'ApplicationName'" in problem.message
    assert "'Primary Email'" in problem.message
    assert "none of them has an owner" in problem.message
    assert {f.owner.email for f in result.findings} == {None} or all(not f.owner.email for f in result.findings)


def test_renamed_owner_columns_are_no_loss_when_the_device_export_names_the_owners(
        tmp_path: Path, test_library: Library) -> None:
    folder = _write(tmp_path / "x", apps_csv=RENAMED_OWNERS, devices_csv=DEVICES)
    result = run_audit(test_library, [folder])
    assert result.complete, [p.message for p in result.problems if p.fatal]
    assert all(f.owner.email for f in result.findings)


def test_a_device_export_without_owner_columns_is_named_too(tmp_path: Path, test_library: Library) -> None:
    devices = DEVICES.replace("Primary user UPN", "Owner A").replace("Primary user email address", "Owner B") \
        .replace("Primary user display name", "Owner C")
    apps = RENAMED_OWNERS
    result = run_audit(test_library, [_write(tmp_path / "x", apps_csv=apps, devices_csv=devices)])
    fatal = sorted(Path(p.source).name for p in result.problems if p.fatal)
    assert fatal == ["apps.csv", "devices.csv"]


def test_a_missing_required_column_names_the_header_seen(tmp_path: Path, test_library: Library) -> None:
    path = _write(tmp_path / "x", apps_csv=APPS.replace("DeviceId", "Gadget")) / "apps.csv"
    plan = plan_inputs([path], "intune-appinv-csv")  # detection would not take it: the format is forced
    result = audit(plan, selection_of(test_library, select_packs(test_library, (), AS_OF), AS_OF))
    (problem,) = [p for p in result.problems if p.fatal and "without its All devices export" not in p.message]
    assert "missing required column 'DeviceId' (looked for: 'DeviceId', 'DeviceID', 'Device ID'); header seen: " \
           "'ApplicationKey'" in problem.message and "'Gadget'" in problem.message


# --- generic CSV mapping ---------------------------------------------------------------------------

def test_a_mapping_naming_a_column_the_csv_lacks_is_one_error(tmp_path: Path, test_library: Library) -> None:
    shutil.copy(GENERIC / "assets.csv", tmp_path / "assets.csv")
    mapping = (GENERIC / "assets.mapping.yaml").read_text().replace("app_name: Software", "app_name: Software Title")
    (tmp_path / "m.yaml").write_text(mapping)
    result = run_audit(test_library, [tmp_path / "m.yaml"])
    assert not result.complete
    (problem,) = result.problems  # one, not one skipped row per line and "re-export it"
    assert problem.fatal and problem.source.endswith("assets.csv") and problem.line == 1
    assert f"the mapping {tmp_path / 'm.yaml'} names columns the CSV lacks: columns.app_name: 'Software Title'; " \
           "header seen: 'Asset Tag', 'Hostname'" in problem.message


def test_the_encoding_a_mapping_names_is_used_and_reported(tmp_path: Path, test_library: Library) -> None:
    text = (GENERIC / "assets.csv").read_text().replace("mbp-ana", "mbp-\u3042\u306a")
    (tmp_path / "assets.csv").write_bytes(text.encode("shift_jis"))
    mapping = (GENERIC / "assets.mapping.yaml").read_text() + "encoding: shift_jis\n"
    (tmp_path / "m.yaml").write_text(mapping)
    result = run_audit(test_library, [tmp_path / "m.yaml"])
    assert [s.encoding for s in result.sources] == ["shift_jis"]
    assert "mbp-\u3042\u306a" in {d.name for d in result.devices}
    assert not [p for p in result.problems if "U+FFFD" in p.message]


def test_an_unknown_encoding_in_a_mapping_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text((GENERIC / "assets.mapping.yaml").read_text() + "encoding: klingon-8\n")
    plan = plan_inputs([tmp_path / "m.yaml"])
    (problem,) = plan.problems
    assert "encoding: expected a text encoding Python knows" in problem.message and "klingon-8" in problem.message


# --- values ----------------------------------------------------------------------------------------

def test_a_dotnet_null_check_in_with_an_offset_keeps_the_device_export(tmp_path: Path, test_library: Library) -> None:
    devices = DEVICES.replace("Compliant,2026-11-22 08:14:03", "Compliant,0001-01-01T00:00:00+01:00", 1)
    result = run_audit(test_library, [_write(tmp_path / "x", apps_csv=APPS, devices_csv=devices)])
    assert not [p for p in result.problems if "internal error" in p.message]
    serials = {d.serial for d in result.devices}
    assert "F2LXK0AAHG7F" in serials  # the device whose check-in is "never", from the device export
    source = next(s for s in result.sources if s.path.endswith("devices.csv"))
    assert source.devices == DEVICES.count("\n") - 1


# --- what a file is, and exclusions ------------------------------------------------------------------

def test_documents_pictures_and_programs_are_named_in_one_line_each(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drop", apps_csv=APPS)
    (folder / "minutes.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "tool").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(64))
    with zipfile.ZipFile(folder / "fleet.xlsx", "w") as archive:
        for name in ("[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "xl/workbook.xml",
                     "xl/worksheets/sheet1.xml", "xl/styles.xml"):
            archive.writestr(name, "<x/>")
    plan = plan_inputs([folder])
    said = {Path(p.source).name: p.message for p in plan.problems}
    said.update({Path(i.file.display).name: i.reason for i in plan.inputs if i.reader is None})
    assert said == {
        "fleet.xlsx": "Excel workbook: export it as CSV (not read)",
        "minutes.pdf": "PDF document: not an inventory export; remove it or exclude it (inputs.exclude, --exclude)",
        "logo.png": "PNG image: not an inventory export",
        "tool": "program (ELF executable): not an inventory export",
    }


def test_excluded_files_are_listed_in_the_manifest_never_read(tmp_path: Path) -> None:
    folder = _write(tmp_path / "drop", apps_csv=APPS)
    (folder / "minutes.pdf").write_bytes(b"%PDF-1.7\n")
    plan = plan_inputs([folder], exclude=("*.pdf",))
    assert [Path(i.file.display).name for i in plan.inputs] == ["apps.csv"] and plan.problems == ()
    assert [(Path(e["path"]).name, e["format"], e["excluded_by"]) for e in plan.support_manifest()] == [
        ("minutes.pdf", "excluded", "*.pdf")]


def test_the_configuration_names_exclusions_and_inflate_limits(tmp_path: Path) -> None:
    (tmp_path / "auditor.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs:
          paths: [drop]
          exclude: ["*.pdf", "archive/**"]
          max_inflated_bytes: {per_archive: 2 GB, per_run: 12884901888}
        """))
    config = load_config(tmp_path / "auditor.yaml")
    assert config.exclude == ("*.pdf", "archive/**")
    assert (config.inflate_limits.per_archive, config.inflate_limits.per_run) == (2 * 1024 ** 3, 12 * 1024 ** 3)


@pytest.mark.parametrize("inputs,message", [
    ('exclude: [""]', "inputs.exclude[0]: expected a non-empty string"),
    ("max_inflated_bytes: {per_archive: lots}", "inputs.max_inflated_bytes.per_archive: expected a size"),
    ("max_inflated_bytes: {per_zip: 1 GB}", "inputs.max_inflated_bytes.per_zip: no such key"),
])
def test_bad_input_settings_name_the_key(tmp_path: Path, inputs: str, message: str) -> None:
    (tmp_path / "auditor.yaml").write_text(f"schema: fleet-auditor/config/1\ninputs:\n  paths: [drop]\n  {inputs}\n")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(tmp_path / "auditor.yaml")
