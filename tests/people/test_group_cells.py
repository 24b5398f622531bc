"""Groups as directories write them (REPORT4 problem 2): Active Directory's memberOf, a default staff column,
holds distinguished names ("CN=VIP-Travel,OU=Groups,DC=example,DC=com"); before, the whole DN was the group's
name, so the shipped rule "groups: [VIP-Travel]" matched nobody and a VIP-travel member ranked standard with
no word said. A DN is now read as its CN; a group name holding a comma (a list joined with commas) is read
whole and noted with its line. The real staff reader and the shipped risk rules."""
from __future__ import annotations

from pathlib import Path
from typing import Tuple

import pytest

from auditor.people.directory import group_names, load_directory
from auditor.people.risk import assess, load_risk

HEADER = "mail,displayName,title,department,memberOf\n"


def _tier_and_notes(tmp_path: Path, groups: str) -> Tuple[str, Tuple[str, ...], list]:
    staff = tmp_path / "staff.csv"
    staff.write_text(HEADER + f'ana@example.com,Ana Lee,Account Manager,Sales,"{groups}"\n', encoding="utf-8")
    directory = load_directory(staff)
    (person,) = directory.people
    return assess(load_risk(), directory)[id(person)].tier.value, person.groups, [
        (p.line, p.message) for p in directory.problems]


@pytest.mark.parametrize("groups", [
    "Sales;VIP-Travel",
    "CN=Sales,OU=Groups,DC=example,DC=com;CN=VIP-Travel,OU=Groups,DC=example,DC=com",
    "CN=Sales,OU=Groups,DC=example,DC=com|cn=VIP-Travel,OU=Groups,DC=example,DC=com",
    "CN=Sales,OU=Groups,DC=example,DC=com,CN=VIP-Travel,OU=Groups,DC=example,DC=com",
])
def test_a_vip_travel_member_is_elevated_however_the_groups_are_written(tmp_path: Path, groups: str) -> None:
    tier, names, notes = _tier_and_notes(tmp_path, groups)
    assert names == ("Sales", "VIP-Travel")
    assert tier == "elevated"
    assert notes == []


def test_a_comma_joined_list_is_read_whole_and_noted(tmp_path: Path) -> None:
    tier, names, notes = _tier_and_notes(tmp_path, "Sales, VIP-Travel")
    assert names == ("Sales, VIP-Travel",)
    assert tier == "standard"
    assert notes == [(2, "groups 'Sales, VIP-Travel': a group's name holds a comma; groups are separated by ';' or "
                         "'|' (a name is read whole, so a risk rule naming one of a comma-joined list matches "
                         "nobody)")]


def test_an_escaped_comma_in_a_cn_is_part_of_the_name() -> None:
    assert group_names(r"CN=Smith\, Ops,OU=Groups,DC=x,DC=y") == (("Smith, Ops",), False)
