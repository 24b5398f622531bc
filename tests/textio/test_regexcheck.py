"""Patterns people write are refused when they could backtrack exponentially; ordinary ones are kept."""
from __future__ import annotations

import pytest

from auditor.people.risk import default_risk_file, load_risk
from auditor.textio.regexcheck import compile_checked, refusal


@pytest.mark.parametrize("pattern,why", [
    ("(a+)+b", "nested quantifiers"), (r"(\w+\s?)+$", "nested quantifiers"), ("(a*)*", "nested quantifiers"),
    ("((ab)+c)+", "nested quantifiers"), ("(.*x){9}", "nested quantifiers"), ("(?:ab|cd)+e+", None),
    (r"(a|b)\1", "backreferences"), ("(?P<x>a)(?P=x)", "backreferences"), ("(a)?(?(1)b|c)", "conditional"),
    ("a" * 1001, "at most 1000"), ("[", "regular expression"), ("(?=a+)+", "nested quantifiers"),
])
def test_refused(pattern: str, why: object) -> None:
    found = refusal(pattern)
    if why is None:
        assert found is None
    else:
        assert found is not None and str(why) in found
        assert compile_checked(pattern) == (None, found)


@pytest.mark.parametrize("pattern", ["chief .* officer", "director.*", "tik ?tok( lite)?", "(ab)+", "a{1,3}b{2}",
                                     r"(senior |executive )?vice president.*|svp.*", r"wechat|weixin|\u5fae\u4fe1"])
def test_accepted(pattern: str) -> None:
    compiled, why = compile_checked(pattern)
    assert why is None and compiled is not None


def test_the_shipped_risk_rules_pass() -> None:
    assert load_risk(default_risk_file()).rules
