"""The shipped risk rules read titles as words: ordinary executive titles ("Founder & CEO", "CFO and
Treasurer") rank as officers wherever the word stands, titles of people who work for an officer ("Assistant
to the CEO", "Executive Assistant") do not, and a title that looks senior but matches no title rule is named
in one data-quality note. A missing relationship column is a note too (minors would read as family members)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest

from auditor.errors import ConfigError
from auditor.model import ProblemKind, Tier
from auditor.people import PeopleFiles, load_risk
from auditor.people.directory import load_directory
from auditor.people.risk import assess

HEADER = "employeeId,displayName,mail,title,department,sponsor,relationship\n"


def _tiers(tmp_path: Path, rows: str) -> Dict[str, Tier]:
    (tmp_path / "staff.csv").write_text(HEADER + rows)
    directory = load_directory(tmp_path / "staff.csv")
    assessed = assess(load_risk(), directory)
    return {p.label: assessed[id(p)].tier for p in directory.people}


@pytest.mark.parametrize("title, tier", [
    ("Founder & CEO", Tier.CRITICAL), ("CFO and Treasurer", Tier.CRITICAL),
    ("General Counsel & Corporate Secretary", Tier.CRITICAL), ("Chief Information Security Officer", Tier.CRITICAL),
    ("Senior Vice President, General Counsel", Tier.CRITICAL), ("Co-Founder", Tier.CRITICAL),
    ("Chairman of the Board", Tier.CRITICAL), ("Deputy CEO", Tier.CRITICAL),
    # Senior leadership, not officers: a vice president is no president, a deputy general counsel no GC.
    ("Vice President", Tier.ELEVATED), ("VP Engineering", Tier.ELEVATED), ("Finance Director", Tier.ELEVATED),
    ("Managing Director", Tier.ELEVATED), ("Deputy General Counsel", Tier.ELEVATED),
    ("Chief of Staff to the CEO", Tier.ELEVATED),
    # Working for an officer is not being one.
    ("Assistant to the CEO", Tier.STANDARD), ("Executive Assistant", Tier.STANDARD),
    ("Executive Assistant to the Chief Executive Officer", Tier.STANDARD), ("Office of the CFO", Tier.STANDARD),
    ("Assistant General Counsel", Tier.STANDARD), ("Software Engineer", Tier.STANDARD),
])
def test_titles_are_ranked_by_their_words(tmp_path: Path, title: str, tier: Tier) -> None:
    assert _tiers(tmp_path, f'E1,Pat Doe,pat@corp.example,"{title}",Operations,,\n')["Pat Doe"] == tier


def test_the_spouse_of_a_cfo_and_treasurer_is_critical(tmp_path: Path) -> None:
    tiers = _tiers(tmp_path, "E1,Farid Rossi,farid@corp.example,CFO and Treasurer,Finance,,\n"
                             "E2,Uma Kim,uma@corp.example,,,farid@corp.example,spouse\n")
    assert tiers == {"Farid Rossi": Tier.CRITICAL, "Uma Kim": Tier.CRITICAL}


def _problems(tmp_path: Path, staff: str) -> list:
    (tmp_path / "staff.csv").write_text(staff)
    directory = PeopleFiles(staff=tmp_path / "staff.csv").load().directory
    assert directory is not None
    return list(directory.problems)


def test_titles_that_look_senior_but_match_no_title_rule_are_named_in_one_note(tmp_path: Path) -> None:
    notes = [p for p in _problems(tmp_path, HEADER + "E1,A One,a@corp.example,Assistant to the CEO,Admin,,\n"
                                                     "E2,B Two,b@corp.example,Assistant to the CEO,Admin,,\n"
                                                     "E3,C Three,c@corp.example,Associate General Counsel,Legal,,\n"
                                                     "E4,D Four,d@corp.example,Executive Assistant,Admin,,\n"
                                                     "E5,E Five,e@corp.example,Founder & CEO,Board,,\n")
             if "look senior" in p.message]
    assert len(notes) == 1 and notes[0].kind == ProblemKind.DATA and not notes[0].fatal
    message = notes[0].message
    assert message.startswith("2 job titles look senior but match no title rule")
    assert "'Assistant to the CEO' (2), 'Associate General Counsel' (1)" in message
    assert "Executive Assistant" not in message and "Founder" not in message


def test_a_missing_relationship_column_is_a_data_quality_note(tmp_path: Path) -> None:
    staff = HEADER.replace(",relationship", ",relation_x") + (
        "E1,Ana Kim,ana@corp.example,CEO,Executive Office,,\n"
        "E2,Tariq Kim,tariq@corp.example,,,ana@corp.example,minor child\n")
    notes = [p for p in _problems(tmp_path, staff) if p.message.startswith("no relationship column")]
    assert len(notes) == 1 and notes[0].kind == ProblemKind.DATA and not notes[0].fatal
    assert "none as a minor child" in notes[0].message and "'relation_x'" in notes[0].message
    assert not [p for p in _problems(tmp_path, HEADER + "E1,Ana Kim,ana@corp.example,CEO,Executive Office,,\n")
                if p.message.startswith("no relationship column")]


@pytest.mark.parametrize("rule, key", [
    ("{tier: critical, reason: R, title_not_after: [Vice]}", "rules[0].title_words"),
    ("{tier: critical, reason: R, title_words: ['* Officer']}", "rules[0].title_words[0]"),
    ("{tier: critical, reason: R, title_words: [CEO], title_not_after: ['to *']}", "rules[0].title_not_after[0]"),
    ("{tier: critical, reason: R, title_words: ['&']}", "rules[0].title_words[0]"),
    ("{tier: critical, reason: R, title_words: [CEO, 'a * b * c * d']}", "rules[0].title_words[1]"),
])
def test_a_malformed_title_words_rule_is_refused_naming_its_key(tmp_path: Path, rule: str, key: str) -> None:
    (tmp_path / "risk.yaml").write_text(f"schema: fleet-auditor/risk/1\nrules:\n  - {rule}\n")
    with pytest.raises(ConfigError) as caught:
        load_risk(tmp_path / "risk.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'risk.yaml'}: {key}: expected "), str(caught.value)
