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

try:  # the parser behind `re`: Python 3.11+ names it re._parser, older versions sre_parse
    import re._parser as _sre  # type: ignore[import-not-found]
    from re import _constants as _codes  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _codes  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

_REPEATS = {_codes.MAX_REPEAT, _codes.MIN_REPEAT} | ({_codes.POSSESSIVE_REPEAT}
                                                      if hasattr(_codes, "POSSESSIVE_REPEAT") else set())
_BACKREFERENCES = {_codes.GROUPREF, _codes.GROUPREF_EXISTS}
_UNBOUNDED = _codes.MAXREPEAT


def pattern_problem(pattern: str) -> Optional[str]:
    """Why a catalog pattern is refused, or None when it is accepted."""
    try:
        parsed = _sre.parse(pattern)
        re.compile(f"(?:{pattern})|(?:x)")  # all patterns are combined into one expression (PatternSet)
    except re.error as exc:
        return f"not a valid regular expression, or one with global flags such as (?i) ({exc})"
    return _walk(list(parsed))


def _walk(items: List[Tuple[Any, Any]]) -> Optional[str]:
    for op, arg in items:
        if op in _BACKREFERENCES:
            return "a backreference (refused: patterns compare names, they do not capture them)"
        if op in _REPEATS:
            _low, high, body = arg
            body = list(body)
            if (high == _UNBOUNDED or high > 1) and not _single_character(body):
                if _has_repeat(body):
                    return "a nested quantifier (refused: it can backtrack exponentially on a hostile name)"
                return ("a repeated group (refused: only ? may follow a group; *, + and {m,n} apply to one "
                        "character or character class)")
            if high > 1 and not _repeatable(body):
                return ("a repeated letter class or wildcard such as .*, \\w+ or [a-z]+ (refused: spell out the "
                        "words that vary, or the pattern matches any word like a substring; only digits, spaces "
                        "and punctuation may repeat)")
        for child in _children(op, arg):
            problem = _walk(child)
            if problem:
                return problem
    return None


def _single_character(body: List[Tuple[Any, Any]]) -> bool:
    return len(body) == 1 and body[0][0] in (_codes.LITERAL, _codes.NOT_LITERAL, _codes.ANY, _codes.IN)


def _has_repeat(body: List[Tuple[Any, Any]]) -> bool:
    return any(op in _REPEATS or any(_has_repeat(child) for child in _children(op, arg)) for op, arg in body)


def _children(op: Any, arg: Any) -> List[List[Tuple[Any, Any]]]:
    if op == _codes.SUBPATTERN:
        return [list(arg[-1])]
    if op in _REPEATS:
        return [list(arg[2])]
    if op == _codes.BRANCH:
        return [list(branch) for branch in arg[1]]
    if op in (_codes.ASSERT, _codes.ASSERT_NOT):
        return [list(arg[1])]
    if hasattr(_codes, "ATOMIC_GROUP") and op == _codes.ATOMIC_GROUP:
        return [list(arg)]
    return []


def _repeatable(body: List[Tuple[Any, Any]]) -> bool:
    """Digits, spaces and punctuation may repeat (versions, separators); letters and wildcards may not."""
    if not _single_character(body):
        return True  # a repeated group is refused above
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
