"""Regular expressions written by people (risk rules' title patterns, the catalog's product patterns) are
matched against strings from inventories and HR exports, which are hostile and may be long. Python's `re`
backtracks: `(a+)+b` on forty a's takes longer than the night. Such a pattern is refused when it is loaded
(an error that names the file and the key), never run with a time limit.

Refused: a repeat inside a repeat ((a+)+, (a*b?)*, (\\w+\\s?)+, (.*x){9}), a backreference (\\1, (?P=name)),
a conditional group, and patterns over MAX_PATTERN_CHARS. Without them, every `re` match is polynomial in
the text's length; titles and names are short, so that is fast.

One validator for every pattern the tool loads: `refusal(pattern)` says why a pattern is refused (None
when it is accepted); `compile_checked` compiles an accepted one."""
from __future__ import annotations

import re
from typing import Any, List, Optional, Pattern, Tuple

try:  # Python 3.11+
    import re._constants as _c  # type: ignore[import-not-found]
    import re._parser as _parser  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

MAX_PATTERN_CHARS = 1000
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}
_BACKREFS = {_c.GROUPREF, _c.GROUPREF_EXISTS, getattr(_c, "GROUPREF_IGNORE", _c.GROUPREF),
             getattr(_c, "GROUPREF_LOC_IGNORE", _c.GROUPREF), getattr(_c, "GROUPREF_UNI_IGNORE", _c.GROUPREF)}


def refusal(pattern: str) -> Optional[str]:
    """Why this pattern is refused (a sentence), or None when it is accepted."""
    if len(pattern) > MAX_PATTERN_CHARS:
        return f"a pattern of at most {MAX_PATTERN_CHARS} characters"
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"a regular expression ({exc})"
    return _walk(list(parsed), inside_repeat=False)


def compile_checked(pattern: str, flags: int = 0) -> Tuple[Optional[Pattern[str]], Optional[str]]:
    """(compiled, None), or (None, why it is refused)."""
    why = refusal(pattern)
    if why is not None:
        return None, why
    try:
        return re.compile(pattern, flags), None
    except re.error as exc:  # pragma: no cover - parse() above accepted it
        return None, f"a regular expression ({exc})"


def _walk(items: List[Tuple[Any, Any]], inside_repeat: bool) -> Optional[str]:
    stack = [(items, inside_repeat)]
    while stack:
        nodes, repeated = stack.pop()
        for op, argument in nodes:
            if op in _BACKREFS:
                return "a pattern without backreferences or conditional groups (they can take exponential time)"
            if op in _REPEATS:
                _, high, body = argument
                repeats = high > 1  # +, *, {2,}, {m,n}: not ?
                if repeats and repeated:
                    return ("a pattern without nested quantifiers such as (a+)+ or (\\w+\\s?)* (they can take "
                            "exponential time on a long text)")
                stack.append((list(body), repeated or repeats))
            elif op == _c.SUBPATTERN:
                stack.append((list(argument[-1]), repeated))
            elif op == _c.BRANCH:
                stack.extend((list(branch), repeated) for branch in argument[1])
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                stack.append((list(argument[1]), repeated))
            elif op == getattr(_c, "ATOMIC_GROUP", None):
                stack.append((list(argument), repeated))
    return None
