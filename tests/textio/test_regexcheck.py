"""Patterns people write are refused when they could backtrack exponentially; ordinary ones are kept. One
check for every pattern the tool loads: risk rules' titles and the catalog's product patterns."""
from __future__ import annotations

import re

import pytest

from auditor.people.risk import default_risk_file, load_risk
from auditor.policy.patterns import pattern_problem
from auditor.textio.regexcheck import backtracking_problem


@pytest.mark.parametrize("pattern,why", [
    ("(a+)+b", "a nested quantifier"), (r"(\w+\s?)+$", "a nested quantifier"), ("(a*)*", "a nested quantifier"),
    ("(a?a?)+b", "a nested quantifier"), ("((ab)+c)+", "a nested quantifier"), ("(.*x){9}", "a nested quantifier"),
    ("(?=a+)+", "a nested quantifier"), ("(?:a|aa)+b", "a repeated group"), ("(?: pro)+", "a repeated group"),
    (r"(a|b)\1", "a backreference"), ("(?P<x>a)(?P=x)", "a backreference"), ("(a)?(?(1)b|c)", "a conditional group"),
    ("a" * 1001, "a pattern longer than 1000"), ("[", "not a valid regular expression"),
])
def test_refused(pattern: str, why: str) -> None:
    found = backtracking_problem(pattern)
    assert found is not None and found.startswith(why), found


@pytest.mark.parametrize("pattern", ["chief .* officer", "director.*", "tik ?tok( lite)?", "(ab)?c+", "a{1,3}b{2}",
                                     r"(senior |executive )?vice president.*|svp.*", r"wechat [\d.]+"])
def test_accepted(pattern: str) -> None:
    assert backtracking_problem(pattern) is None and re.compile(pattern)


@pytest.mark.parametrize("pattern", ["(a+)+b", "(a?a?)+b", r"(e)xtra\1", "extra(?: pro)+"])
def test_the_catalog_refuses_what_the_risk_rules_refuse(pattern: str) -> None:
    assert pattern_problem(pattern) == backtracking_problem(pattern)


def test_the_shipped_risk_rules_pass() -> None:
    assert load_risk(default_risk_file()).rules
