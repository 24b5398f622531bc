"""Product-name patterns (`apps[].patterns` in the catalog): how a pattern is checked when the catalog is
loaded, and how all patterns are matched at once.

A pattern is a Python regular expression matched with re.fullmatch against the NORMALISED name
(auditor.policy.textnorm.normalise_name): anchored at both ends, so never a substring. Refused at load:
nested quantifiers and repeated groups (`(a+)+`, `(?:\\.\\d+)*`: exponential backtracking on hostile
names; only `?` may follow a group), backreferences, and repeated letters or wildcards (`.*`, `\\w+`,
`[a-z]+`, `[^x]*`: a pattern spells out the words that vary, or it is a substring match in disguise). Digits,
spaces and punctuation may repeat (`\\d+`, `[\\d.]+`)."""
from __future__ import annotations

import re
from typing import Any, Iterable, List, Optional, Pattern, Tuple

from auditor.textio.regexcheck import CODES as _codes, REPEATS, backtracking_problem, nodes, parse, single_character


def pattern_problem(pattern: str) -> Optional[str]:
    """Why a catalog pattern is refused, or None when it is accepted: what could backtrack exponentially
    (auditor.textio.regexcheck, the check every pattern the tool loads goes through), then the catalog's own
    rule against letter wildcards."""
    try:
        tree = parse(pattern)
        re.compile(f"(?:{pattern})|(?:x)")  # all patterns are combined into one expression (PatternSet)
    except re.error as exc:
        return f"not a valid regular expression, or one with global flags such as (?i) ({exc})"
    problem = backtracking_problem(pattern)
    if problem is not None:
        return problem
    for op, argument in nodes(tree):
        if op in REPEATS and argument[1] > 1 and not _repeatable(list(argument[2])):
            return ("a repeated letter class or wildcard such as .*, \\w+ or [a-z]+ (refused: spell out the "
                    "words that vary, or the pattern matches any word like a substring; only digits, spaces "
                    "and punctuation may repeat)")
    return None


def _repeatable(body: List[Tuple[Any, Any]]) -> bool:
    """Digits, spaces and punctuation may repeat (versions, separators); letters and wildcards may not."""
    if not single_character(body):
        return True  # a repeated group is refused by backtracking_problem
    op, arg = body[0]
    if op == _codes.LITERAL:
        return not chr(arg).isalpha()
    if op == _codes.IN:
        return all(_not_letters(o, a) for o, a in arg)
    return False  # . and [^x]


def _not_letters(op: Any, arg: Any) -> bool:
    if op == _codes.CATEGORY:
        return arg in (_codes.CATEGORY_DIGIT, _codes.CATEGORY_SPACE)
    if op == _codes.LITERAL:
        return not chr(arg).isalpha()
    if op == _codes.RANGE:
        return all(not chr(c).isalpha() for c in range(arg[0], arg[1] + 1))
    return False


class PatternSet:
    """Every catalog pattern, compiled once: one combined expression answers "does any pattern match this
    name" in one call (most names match none); only then is each app's pattern tried."""

    def __init__(self, patterns: Iterable[Tuple[str, str]]) -> None:
        self.entries: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
            (app_id, re.compile(text)) for app_id, text in patterns)
        combined = "|".join(f"(?:{p.pattern})" for _, p in self.entries)
        self._any: Optional[Pattern[str]] = re.compile(combined) if self.entries else None

    def apps(self, key: str) -> Tuple[str, ...]:
        """The ids of the apps one of whose patterns matches the normalised name `key` (whole name)."""
        if self._any is None or not key or self._any.fullmatch(key) is None:
            return ()
        seen: List[str] = []
        for app_id, pattern in self.entries:
            if app_id not in seen and pattern.fullmatch(key) is not None:
                seen.append(app_id)
        return tuple(seen)
