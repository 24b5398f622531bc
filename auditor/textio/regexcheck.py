"""Regular expressions written by people (risk rules' title patterns, the catalog's product patterns) are
matched against strings from inventories and HR exports, which are hostile and may be long. Python's `re`
backtracks: `(a+)+b` or `(a?a?)+b` on forty a's takes longer than the night. Such a pattern is refused
when it is loaded (an error that names the file and the key), never run with a time limit.

Refused, by `backtracking_problem`, the one check of every pattern the tool loads:
- a backreference (`\\1`, `(?P=name)`) or a conditional group (`(?(1)a|b)`);
- a nested quantifier: a group that repeats (`*`, `+`, `{m,n}`) holding a quantifier (`(a+)+`, `(a?a?)+`,
  `(\\w+\\s?)*`);
- a repeated group: only one character or character class may repeat; a group may only take `?`
  (`(?: pro)+` is refused, `(?: pro)?` and `[\\d.]+` are not).
Without them, matching is polynomial in the text's length. Callers add their own rules (the catalog also
refuses letter wildcards such as `.*`: auditor.policy.patterns)."""
from __future__ import annotations

import re
from typing import Any, Iterator, List, Optional, Tuple

try:  # the parser behind `re`: Python 3.11+ names it re._parser, older versions sre_parse
    import re._parser as _sre  # type: ignore[import-not-found]
    from re import _constants as _codes  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _codes  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

MAX_PATTERN_CHARS = 1000
REPEATS = {_codes.MAX_REPEAT, _codes.MIN_REPEAT} | ({_codes.POSSESSIVE_REPEAT}
                                                     if hasattr(_codes, "POSSESSIVE_REPEAT") else set())
CODES = _codes
Node = Tuple[Any, Any]


def parse(pattern: str) -> List[Node]:
    """The pattern's parse tree (raises re.error, or RecursionError for absurd nesting)."""
    return list(_sre.parse(pattern))


def backtracking_problem(pattern: str) -> Optional[str]:
    """Why matching this pattern could take exponential time (a noun phrase), or None."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"a pattern longer than {MAX_PATTERN_CHARS} characters"
    try:
        tree = parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"not a valid regular expression ({exc})"
    for op, argument in nodes(tree):
        if op in (_codes.GROUPREF, _codes.GROUPREF_EXISTS):
            what = "a conditional group" if op == _codes.GROUPREF_EXISTS else "a backreference"
            return f"{what} (refused: matching it can take exponential time)"
        if op in REPEATS:
            _, high, body = argument
            body = list(body)
            if high > 1 and not single_character(body):
                if any(child in REPEATS for child, _ in nodes(body)):
                    return "a nested quantifier (refused: it can backtrack exponentially on a long name or title)"
                return ("a repeated group (refused: only ? may follow a group; *, + and {m,n} apply to one "
                        "character or character class)")
    return None


def nodes(tree: List[Node]) -> Iterator[Node]:
    """Every node of a parse tree, groups, branches, repeats and lookarounds included (iteratively)."""
    stack = [list(tree)]
    while stack:
        for op, argument in stack.pop():
            yield op, argument
            stack.extend(_children(op, argument))


def single_character(body: List[Node]) -> bool:
    return len(body) == 1 and body[0][0] in (_codes.LITERAL, _codes.NOT_LITERAL, _codes.ANY, _codes.IN)


def _children(op: Any, argument: Any) -> List[List[Node]]:
    if op == _codes.SUBPATTERN:
        return [list(argument[-1])]
    if op in REPEATS:
        return [list(argument[2])]
    if op == _codes.BRANCH:
        return [list(branch) for branch in argument[1]]
    if op in (_codes.ASSERT, _codes.ASSERT_NOT):
        return [list(argument[1])]
    if op == _codes.GROUPREF_EXISTS:
        return [list(part) for part in argument[1:] if part is not None]
    if hasattr(_codes, "ATOMIC_GROUP") and op == _codes.ATOMIC_GROUP:
        return [list(argument)]
    return []
