"""A banned app seen on a high-risk person's personal device that no rule's scope covers (the shipped packs
cover corporate devices) is never silence: it is listed for review with the near misses, first, saying why it
is not a finding and how to make it one. Only for the people the tool exists for: the same row without a staff
directory (tier unknown) lists nothing."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import List

import pytest

from auditor import cli
from tests.conftest import REPO

INTUNE = REPO / "examples" / "fleet" / "intune"
STAFF = REPO / "examples" / "people" / "staff.csv"
# Pixel-0201: the CEO's minor child's personal phone in the example fleet (Intune sees its work profile only).
TIKTOK_ON_THE_CHILDS_PHONE = ("0d68c7a800000000,TikTok,,37.6.3,37.6.3,00001a7e-00c9-42f8-87fa-b40c8e0fbd4e,Pixel-0201,"
                              "tariq.kim@example.com,Android,,Android,0000005e-00c9-470d-8d6d-8968ae004ca5,Tariq Kim,"
                              "com.zhiliaoapp.musically\n")


def audit(tmp_path: Path, extra: List[str], capsys: pytest.CaptureFixture) -> dict:
    inputs = tmp_path / "in"
    shutil.copytree(INTUNE, inputs)
    (apps,) = inputs.glob("AppInvRawData_*.csv")
    with apps.open("a", encoding="utf-8") as handle:
        handle.write(TIKTOK_ON_THE_CHILDS_PHONE)
    out = tmp_path / "out"
    with pytest.raises(SystemExit):
        cli.main(["audit", str(inputs), "--as-of", "2026-11-23", "--out", str(out), "--quiet"] + extra)
    capsys.readouterr()
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))


def test_tiktok_on_a_minor_child_s_personal_phone_is_listed_first_with_why(
        tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document = audit(tmp_path, ["--staff", str(STAFF)], capsys)
    first = document["near_misses"][0]
    assert (first["name"], first["identifier"], first["resembles"]) == ("TikTok", "com.zhiliaoapp.musically", "tiktok")
    assert first["reason"].startswith("TikTok itself, on a personal device of a critical-tier person")
    assert "personal_for_tiers" in first["reason"]
    assert not [f for f in document["findings"] if f["device"]["name"] == "Pixel-0201"], "not a finding"


def test_without_a_staff_directory_the_same_row_lists_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    document = audit(tmp_path, [], capsys)
    assert not [n for n in document["near_misses"] if n["identifier"] == "com.zhiliaoapp.musically"]
