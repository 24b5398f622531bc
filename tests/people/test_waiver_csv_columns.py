"""A waivers CSV whose header names a column the waiver schema does not know is refused with the column, its
place and the nearest known name, as an unknown YAML key is (REPORT4: a misspelt `devcie` column was dropped
unseen, so a waiver meant for one device waived the CEO's TikTok on every device). A real `auditor audit`
over the shipped example fleet, then the loader itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor import cli
from auditor.errors import ConfigError
from auditor.people.waivers import load_waivers
from tests.conftest import REPO

HEADER = "id,owner,app,reason,approver,ticket,granted,expires"
ROW = "W-1,ana.kim@example.com,tiktok,test,ciso@example.com,T-1,2026-01-01,2027-01-01"


def test_a_misspelt_device_column_is_refused_by_the_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = tmp_path / "waivers.csv"
    waivers.write_text(f"{HEADER},devcie\n{ROW},iPhone-0001\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(REPO / "examples/fleet/intune"), "--staff", str(REPO / "examples/people/staff.csv"),
                  "--waivers", str(waivers), "--as-of", "2026-11-23", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "column 9 'devcie': no such column (did you mean device?)" in err
    assert not (tmp_path / "out" / "report.html").exists()


def test_a_misspelt_expires_column_is_named_as_a_column(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.csv"
    waivers.write_text(HEADER.replace("expires", "expiry") + f"\n{ROW}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"waivers.csv:1: column 8 'expiry': no such column \(did you mean expires\?\)"):
        load_waivers(waivers)


def test_known_columns_in_any_letter_case_are_read(tmp_path: Path) -> None:
    waivers = tmp_path / "waivers.csv"
    waivers.write_text(HEADER.upper() + ",Device,Notes\n" + ROW + ",iPhone-0001,kept\n", encoding="utf-8")
    (waiver,) = load_waivers(waivers)
    assert (waiver.device, waiver.owner, waiver.app) == ("iPhone-0001", "ana.kim@example.com", "tiktok")
