"""A value in the user's risk rules that no person in the staff directory has (a department, group, clearance,
person or title phrase) ranks nobody: a typo ('Goverment Affairs', REPORT3 problem 9, case 13) silently turns a P1
into a P2. Each such value close to one the directory has gets a data-quality note naming it and how many people
have it; a condition none of whose values fits anybody gets one note; values that are meant (beside others of the
same condition that fit) and the shipped rules get none. Real files through PeopleFiles.load."""
from __future__ import annotations

import textwrap
from pathlib import Path
from typing import List

from auditor.model import ProblemKind
from auditor.people import PeopleFiles
from auditor.people.risk import assess

STAFF = """employeeId,displayName,mail,title,department,memberOf,clearance
E1,Luis Okafor,luis@corp.example,Software Engineer,Government Affairs,VIP-Travel,
E2,Gia Park,gia@corp.example,Policy Advisor,Government Affairs,,
E3,Ana Kim,ana@corp.example,Chief Executive Officer,Executive Office,VIP-Travel,
E4,Sam Secure,sam@corp.example,Analyst,Research,,TS/SCI
E5,Bo Legal,bo@corp.example,Counsel,Legal,,
"""
# The case's two typos, and one of each other kind; "Legal" and "Security" in one rule: Legal fits, Security is
# taken as meant (a generic value this organisation lacks), and so is not named.
RISK = """schema: fleet-auditor/risk/1
rules:
  - {tier: critical, reason: Officer, title_words: [Cheif Executive Officer, CFO]}
  - {tier: critical, reason: Clearance, clearance: [TS/SCl]}
  - {tier: elevated, reason: Government affairs, departments: [Legal, Security, Goverment Affairs]}
  - {tier: elevated, reason: VIP travel, groups: [VIP-Travle]}
  - {tier: elevated, reason: Named, people: [luis@corp.exmaple]}
  - {tier: elevated, reason: Board, departments: [Board, Board of Directors]}
"""
FIXED = (RISK.replace("Cheif", "Chief").replace("TS/SCl", "TS/SCI").replace("Goverment", "Government")
         .replace("VIP-Travle", "VIP-Travel").replace("exmaple", "example").replace("Board, Board of Directors", "Legal"))


def _notes(tmp_path: Path, risk: str, given: bool = True) -> List[str]:
    (tmp_path / "staff.csv").write_text(STAFF)
    (tmp_path / "risk.yaml").write_text(risk)
    people = PeopleFiles(staff=tmp_path / "staff.csv", risk=tmp_path / "risk.yaml" if given else None).load()
    assert people.directory is not None
    return [p.message.replace(str(tmp_path) + "/", "") for p in people.directory.problems
            if p.kind == ProblemKind.DATA and ("matches nobody" in p.message or "match nobody" in p.message)]


def test_each_value_that_fits_nobody_is_named_with_the_nearest_value(tmp_path: Path) -> None:
    assert _notes(tmp_path, RISK) == [
        "rules[0].title_words: 'Cheif Executive Officer' matches nobody in the staff directory staff.csv (did you "
        "mean 'Chief Executive Officer', 1 person?): the rule ranks nobody by it",
        # No phrase of the rule fits anybody: the one not close to a title is named too.
        "rules[0].title_words: 'CFO' matches nobody in the staff directory staff.csv, and no value there is "
        "close: the rule ranks nobody by its title_words",
        "rules[1].clearance: 'TS/SCl' matches nobody in the staff directory staff.csv (did you mean 'TS/SCI', "
        "1 person?): the rule ranks nobody by it",
        "rules[2].departments: 'Goverment Affairs' matches nobody in the staff directory staff.csv (did you mean "
        "'Government Affairs', 2 people?): the rule ranks nobody by it",
        "rules[3].groups: 'VIP-Travle' matches nobody in the staff directory staff.csv (did you mean 'VIP-Travel', "
        "2 people?): the rule ranks nobody by it",
        "rules[4].people: 'luis@corp.exmaple' matches nobody in the staff directory staff.csv (did you mean "
        "'luis@corp.example'?): the rule ranks nobody by it",
        "rules[5].departments: 'Board', 'Board of Directors' match nobody in the staff directory staff.csv, and no "
        "value there is close: the rule ranks nobody by its departments",
    ]


def test_spelled_right_nothing_is_noted_and_the_rule_ranks(tmp_path: Path) -> None:
    assert _notes(tmp_path, FIXED) == []
    people = PeopleFiles(staff=tmp_path / "staff.csv", risk=tmp_path / "risk.yaml").load()
    assert people.directory is not None and people.risk is not None
    tiers = {p.name: a.tier.value for p in people.directory.people
             for a in [assess(people.risk, people.directory)[id(p)]]}
    assert tiers["Luis Okafor"] == "elevated" and tiers["Sam Secure"] == "critical"


def test_the_shipped_rules_are_not_checked_value_by_value(tmp_path: Path) -> None:
    # The generic shipped rules name many departments and groups an organisation lacks: no note for them.
    assert _notes(tmp_path, RISK, given=False) == []
