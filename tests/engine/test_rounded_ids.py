"""Serials and hardware ids a spreadsheet rounded to scientific notation ("3.56789E+14": Excel shows a 15-digit
IMEI so and saves it so to CSV) are never merge keys (REPORT4 problem 7): before, every phone of the example
fleet carried the same rounded IMEI, 110 phones merged into one device (230 devices became 121), the CEO's
TikTok phone was merged into another person's, open P1 went from 3 to 0, and the run was complete. Now the
devices stay apart and one data-quality note names the id kind, an example, the count and the file."""
from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from auditor import cli
from auditor.engine.merge import merge_devices
from auditor.sources import rounded_number
from auditor.model import DeviceRecord, ProblemKind, SourceRef
from tests.conftest import REPO

INTUNE = REPO / "examples" / "fleet" / "intune"


def _record(tool: str, device_id: str, serial: str = "", imei: str = "") -> DeviceRecord:
    return DeviceRecord(source=SourceRef(tool, device_id, f"{tool}.csv"), serial=serial,
                        hardware_ids=(("imei", imei.lower()),) if imei else (), authoritative=True)


def test_a_rounded_imei_joins_nothing_and_is_noted() -> None:
    records = [_record("intune", "a", imei="3.56789E+14"), _record("intune", "b", imei="3.56789E+14"),
               _record("jamf", "c", serial="C02X", imei="3.56789E+14")]
    devices, problems = merge_devices(records)
    assert len({d.key for d in devices.values()}) == 3
    assert "hw:imei:3.56789e+14" not in {d.key for d in devices.values()}
    (note,) = problems
    assert note.kind is ProblemKind.DATA and not note.fatal
    assert note.source == "intune.csv, jamf.csv"
    assert note.message.startswith("IMEI values such as '3.56789e+14' (3 devices) are numbers a spreadsheet rounded")


def test_a_rounded_serial_is_no_key_and_real_ids_still_join() -> None:
    records = [_record("intune", "a", serial="1.23457E+11", imei="356789012345678"),
               _record("jamf", "z", serial="1.23457E+11", imei="356789012345678"),
               _record("intune", "b", serial="1.23457E+11")]
    devices, problems = merge_devices(records)
    assert devices[("intune", "a")] is devices[("jamf", "z")]  # joined on the whole IMEI
    assert devices[("intune", "a")].key == "hw:imei:356789012345678"
    assert devices[("intune", "b")] is not devices[("intune", "a")]
    assert [p.message.split(" (")[0] for p in problems] == ["serial values such as '1.23457E+11'"]


@pytest.mark.parametrize("value,rounded", [("3.56789E+14", True), ("3,56789E+14", True), ("1E+15", True),
                                           ("3.56789e+14", True), ("356789012345678", False), ("C02E+14X", False),
                                           ("5CG1234XYZ", False), ("E+14", False)])
def test_what_a_rounded_number_is(value: str, rounded: bool) -> None:
    assert rounded_number(value) is rounded


def test_the_example_fleet_with_excel_rounded_imeis_keeps_its_devices(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "fleet"
    folder.mkdir()
    shutil.copy(INTUNE / "AppInvRawData_2026-11-22.csv", folder)
    with zipfile.ZipFile(INTUNE / "DevicesWithInventory_2026-11-22.zip") as archive:
        (name,) = archive.namelist()
        rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
    rows[0].append("IMEI")
    for row in rows[1:]:
        row.append("3.56789E+14" if row[rows[0].index("OS")] in ("iOS", "Android") else "")
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    (folder / "DevicesWithInventory_2026-11-22.csv").write_text(out.getvalue(), encoding="utf-8-sig")
    with pytest.raises(SystemExit):
        cli.main(["audit", str(folder), "--staff", str(REPO / "examples/people/staff.csv"), "--as-of", "2026-11-23",
                  "--out", str(tmp_path / "out")])
    assert capsys.readouterr().out.startswith("18 findings on 18 of 230 devices: open P1 3, P2 4,")
    found = json.loads((tmp_path / "out" / "findings.json").read_text())
    (note,) = [p for p in found["problems"] if "spreadsheet rounded" in p["message"]]
    assert note["source"].endswith("DevicesWithInventory_2026-11-22.csv")
    assert "(110 devices)" in note["message"]


def test_a_generic_csv_whose_device_ids_a_spreadsheet_rounded_fails_its_input(tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]
                                                                               ) -> None:
    """Forty servers whose numeric asset tags Excel saved as '1.23457E+11' were read as one device (complete)."""
    servers = REPO / "examples" / "fleet" / "servers"
    folder = tmp_path / "servers"
    folder.mkdir()
    shutil.copy(servers / "server-packages.mapping.yaml", folder)
    lines = (servers / "server-packages.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0]] + [";".join(["%.5E" % (123456789000 + int(line.split(";")[0].split("-")[1]) * 7)]
                                  + line.split(";")[1:]) for line in lines[1:]]
    (folder / "server-packages.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(folder / "server-packages.mapping.yaml"), "--as-of", "2026-11-23",
                  "--out", str(tmp_path / "out")])
    assert info.value.code == 3
    found = json.loads((tmp_path / "out" / "findings.json").read_text())
    (problem,) = [p for p in found["problems"] if p["fatal"] and "rounded" in p["message"]]
    assert problem["line"] == 2
    assert problem["message"].startswith("columns.device_id 'Asset Tag': '1.23457E+11' is a number a spreadsheet "
                                         "rounded to scientific notation")
