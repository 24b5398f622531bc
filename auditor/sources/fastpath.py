"""What the fast paths of the readers share (auditor.sources.interface.ReadSink): the one rule that settles an
app row as matching nothing without classifying it, and bounded memos of distinct raw values.

A fast path keys its memo by the raw values a row's outcome depends on (cells, JSON values) and looks each
distinct key up once; a row whose key is settled as matching nothing is only counted. Every other row goes
through the same steps as the reader's read()."""
from __future__ import annotations

import itertools
from typing import Any, Callable, Dict, Hashable, Optional, Tuple, TypeVar

from auditor.sources.interface import ReadSink

V = TypeVar("V")
L = TypeVar("L")

# Distinct values a memo keeps. Real exports repeat a few thousand apps; one whose every row is distinct (a
# version or key per row) would otherwise grow the memos with the rows: a full memo starts again, and the
# values it forgot are worked out again when they come back (the same answer, at the row-by-row cost).
MEMO_LIMIT = 1 << 16
CLEAR = "clear"  # a memo's value for a key that matches (and resembles) no app any rule names
LOOK = "look"  # a key the row of which is read in full


def remember(memo: Dict, key: Hashable, value: V) -> V:
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    memo[key] = value
    return value


class Layouts(Dict[Tuple[Any, ...], Optional[L]]):
    """The layout of each shape of JSON row (its keys, in order), made once per shape by `make(names, number)`
    (None: a shape read()'s steps read whole) and looked up as `layouts[names]`. Numbers are never reused
    within a scan, so memo keys that start with a layout's number stay apart when a full memo starts again."""

    def __init__(self, make: Callable[[Tuple[Any, ...], int], Optional[L]]) -> None:
        super().__init__()
        self._make = make
        self._numbers = itertools.count()

    def __missing__(self, names: Tuple[Any, ...]) -> Optional[L]:
        return remember(self, names, self._make(names, next(self._numbers)))


def may_match(sink: ReadSink, identifier: str, name: str, publisher: str) -> bool:
    """False when an app row with these values matches and resembles nothing a rule names, whatever its platform:
    its identifier (when it has one), its name and its publisher each say so (auditor.sources.interface)."""
    return bool(identifier and sink.identifier_may_match(identifier)) or sink.name_may_match(name) or \
        sink.publisher_may_match(publisher)


def settled(memo: Dict[Any, str], key: tuple) -> bool:
    """True when the memo says CLEAR for this key; False for any other answer, or a key that holds a list or an
    object (not hashable: never a memo key)."""
    try:
        return memo.get(key) is CLEAR
    except TypeError:
        return False


def json_state(memo: Dict[Any, str], key: tuple, settle: Callable[[Any], str], item: Any) -> str:
    """The memo's state for a key of raw JSON values (of `item`): settle(item) on a miss, remembered when json_key
    allows."""
    try:
        state = memo.get(key)
    except TypeError:  # a list or an object among the values: worked out, never remembered
        state = None
    if state is None:
        state = settle(item)
        if json_key(*key) is not None:
            remember(memo, key, state)
    return state


def json_key(*values: Any) -> Optional[tuple]:
    """A memo key of raw JSON values, or None when one of them cannot be a key: only text and null are
    (1, 1.0 and true are equal keys that read as different text; lists and objects are not hashable)."""
    for value in values:
        if value is not None and type(value) is not str:
            return None
    return values
