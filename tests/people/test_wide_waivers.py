"""A waiver that names no device, owner or app (only a policy, or a rule) waives every finding of it, whoever's:
a data-quality note says what it waives, P1 and P2 counted (REPORT3 problem 11, case 7), and the waived P1/P2
people are named, with the waiver and its expiry, in summary.md and the report's Act first. Unit tests of the
note (pure logic), then the real `auditor audit` over the shipped example fleet and staff directory."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import List

import pytest

from auditor import cli
from auditor.model import Finding, Status, WaiverRef
from auditor.people.waivers import Waiver, wide_waiver_notes
from tests.conftest import FIXTURES, REPO
from tests.render.factory import device, finding

AS_OF = dt.date(2026, 11, 23)


def _waiver(id: str, **scope: str) -> Waiver:
    fields = {"device": "", "owner": "", "app": "", "rule": "", "policy": ""}
    fields.update(scope)
    return Waiver(id=id, reason="need", approver="cio@example.com", ticket="", granted=None,
                  expires=dt.date(2027, 12, 31), where="w.yaml", **fields)


def _waived(i: int, priority: str, waiver_id: str) -> Finding:
    return dataclasses.replace(finding(i, device(i), priority), status=Status.WAIVED,
                               waiver=WaiverRef(waiver_id, "need", "cio", "", dt.date(2027, 12, 31), "active"))


def test_a_waiver_of_a_whole_pack_says_what_it_waives() -> None:
    findings: List[Finding] = [_waived(1, "P1", "W-1"), _waived(2, "P1", "W-1"), _waived(3, "P2", "W-1"),
                               _waived(4, "P3", "W-1"), _waived(5, "P1", "W-2"), finding(6, device(6), "P1")]
    notes = wide_waiver_notes([_waiver("W-1", policy="test-pack"), _waiver("W-2", policy="test-pack", device="d5")],
                              findings, AS_OF)
    assert notes == {"W-1": "waiver W-1 waives every finding of pack test-pack (it names no device, owner or app): "
                            "4 findings, 2 of them P1 and 1 P2, until 2027-12-31. Name the devices, owners or apps "
                            "it is meant for, unless the whole pack is waived on purpose"}


def test_a_rule_wide_waiver_with_no_p1_or_p2_and_one_expired_and_one_not_yet_granted() -> None:
    expired = dataclasses.replace(_waiver("W-3", policy="test-pack"), expires=dt.date(2026, 1, 1))
    future = dataclasses.replace(_waiver("W-4", policy="test-pack"), granted=dt.date(2027, 1, 1))  # not yet
    notes = wide_waiver_notes([_waiver("W-1", rule="r1"), expired, future], [_waived(1, "P3", "W-1")], AS_OF)
    assert notes == {"W-1": "waiver W-1 waives every finding of rule r1 (it names no device, owner or app): "
                            "1 finding, none of them P1 or P2, until 2027-12-31. Name the devices, owners or apps "
                            "it is meant for, unless the whole rule is waived on purpose"}


@pytest.mark.integration
def test_a_policy_only_waiver_is_noted_and_its_p1_people_named(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "r"
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(REPO / "examples" / "fleet" / "intune"), "--waivers",
                  str(FIXTURES / "waivers" / "policy-only.yaml"), "--staff", str(REPO / "examples" / "people" / "staff.csv"),
                  "--as-of", "2026-11-23", "--out", str(out)])
    _, err = capsys.readouterr()
    assert info.value.code == 1, err  # the Kaspersky P2s of W-2's other devices stay open
    document = json.loads((out / "findings.json").read_text())
    notes = [p["message"] for p in document["problems"] if "waives every finding" in p["message"]]
    assert notes == ["waiver W-1 waives every finding of pack us-no-tiktok-on-government-devices-act-2022 (it names "
                     "no device, owner or app): 14 findings, 3 of them P1, until 2027-12-31. Name the devices, owners "
                     "or apps it is meant for, unless the whole pack is waived on purpose"]
    assert "note: waiver W-1 waives every finding of pack" in err
    summary_md = (out / "summary.md").read_text()
    waived = [line for line in summary_md.splitlines() if "waived by" in line]
    assert waived[:3] == [
        "- P1: Ana Kim (ana.kim@example.com), TikTok on Pixel-0182: waived by W-1 until 2027-12-31",
        "- P1: Farid Rossi (farid.rossi@example.com), TikTok on iPhone-0161: waived by W-1 until 2027-12-31",
        "- P1: Wen Nguyen (wen.nguyen@example.com), TikTok on iPhone-0126: waived by W-1 until 2027-12-31"]
    assert any("Luis Okafor" in line and "W-2 until 2027-12-31" in line for line in waived)
    html = " ".join((out / "report.html").read_text().split())
    assert "Waived P1 and P2 findings" in html and "waived by W-1 until 2027-12-31" in html
