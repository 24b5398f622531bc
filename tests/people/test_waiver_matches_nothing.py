"""A waiver whose device or owner names nothing the run read (a typo) waives nothing, which is safe, and is
said: a note on stderr and a data-quality note. A people file named in auditor.yaml that is wrong is an error
naming the configuration key (`staff:`), not the command-line flag (`--staff`)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Tuple

import pytest

from auditor import cli
from auditor.people.files import as_config_keys
from tests.conftest import FIXTURES
from tests.run.test_scheduled_runs import write_config, write_exports

WAIVERS = """schema: fleet-auditor/waivers/1
waivers:
  - {{id: W1, device: {device}, reason: Investigation, approver: ciso@example.com, expires: 2026-12-24}}
  - {{id: W2, owner: {owner}, reason: Investigation, approver: ciso@example.com, expires: 2026-12-24}}
"""


def _audit(tmp_path: Path, device: str, owner: str, capsys: pytest.CaptureFixture) -> Tuple[dict, str]:
    exports = tmp_path / "exports"
    write_exports(exports, {"d1": ["TikTok"], "d2": ["TikTok"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS.format(device=device, owner=owner))
    with pytest.raises(SystemExit):
        cli.main(["audit", str(exports), "--as-of", "2026-11-23", "--out", str(tmp_path / "out"),
                  "--waivers", str(waivers)])
    err = capsys.readouterr().err
    return json.loads((tmp_path / "out" / "findings.json").read_text()), err


@pytest.fixture(autouse=True)
def _policies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))


def test_a_waiver_naming_no_device_or_owner_is_said_and_waives_nothing(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture) -> None:
    document, err = _audit(tmp_path, "PHON-2", "bo@exmple.com", capsys)
    assert "note: waiver W1: device 'PHON-2' matches no device this run read" in err
    assert "note: waiver W2: owner 'bo@exmple.com' matches no device owner this run read" in err
    notes = [p for p in document["problems"] if p["message"].startswith("waiver ")]
    assert [(p["message"].split(":")[0], p["fatal"]) for p in notes] == [
        ("waiver W1", False), ("waiver W2", False)]
    assert {w["id"]: w["state"] for w in document["waivers"]} == {"W1": "unused", "W2": "unused"}
    assert all(f["status"] != "waived" for f in document["findings"])  # safe: nothing waived
    assert document["complete"] is True


def test_waivers_that_match_are_not_noted(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document, err = _audit(tmp_path, "phone-2", "CY@example.com", capsys)
    assert "note: waiver" not in err
    assert not [p for p in document["problems"] if p["message"].startswith("waiver ")]
    assert sorted(f["device"]["name"] for f in document["findings"] if f["status"] == "waived") == ["PHONE-2",
                                                                                                    "PHONE-3"]


def test_a_missing_staff_file_in_the_configuration_names_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    config = write_config(tmp_path, extra="staff: hr/staf.csv\n")
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert f"{config}: staff: {tmp_path / 'hr' / 'staf.csv'}: no such file" in err
    assert "--staff" not in err
    assert not (tmp_path / "reports" / "latest").exists()


def test_flags_inside_a_message_become_keys() -> None:
    assert as_config_keys("--staff s.csv: no sponsor column; name the column in --staff-mapping", "a/auditor.yaml") \
        == "a/auditor.yaml: staff: s.csv: no sponsor column; name the column in `staff_mapping:` in auditor.yaml"
    assert as_config_keys("w.yaml:3: owner (required; relax with --allow-open-waivers)", "auditor.yaml") \
        == "w.yaml:3: owner (required; relax with `allow_open_waivers:` in auditor.yaml)"


def test_an_owner_named_by_the_directory_email_matches(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """The devices name their owner by UPN; the waiver by the e-mail the staff directory gives that person."""
    staff = tmp_path / "staff.csv"
    staff.write_text("employeeId,displayName,mail,userPrincipalName,title\n"
                     "E7,Cy Owner,cy.owner@example.org,cy@example.com,Engineer\n")
    exports = tmp_path / "exports"
    write_exports(exports, {"d3": ["TikTok"]}, dt.date(2026, 11, 23))
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS.format(device="PHONE-1", owner="cy.owner@example.org"))
    with pytest.raises(SystemExit):
        cli.main(["audit", str(exports), "--as-of", "2026-11-23", "--out", str(tmp_path / "out"),
                  "--waivers", str(waivers), "--staff", str(staff)])
    err = capsys.readouterr().err
    assert "note: waiver" not in err
    document = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert [f["status"] for f in document["findings"]] == ["waived"]
    assert {w["id"]: w["state"] for w in document["waivers"]} == {"W1": "unused", "W2": "active"}


def test_a_pack_typo_in_the_configuration_names_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    write_exports(tmp_path / "exports", {"d1": ["TikTok"]}, dt.date(2026, 11, 23))
    config = write_config(tmp_path)
    config.write_text(config.read_text().replace("policies: [deadline.yaml]", "policies: [deadline.yaml, no-such-pack]"))
    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--config", str(config), "--as-of", "2026-11-23", "--quiet"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "pack 'no-such-pack' (--policy, or `policies:` in the configuration): no such pack id" in err
