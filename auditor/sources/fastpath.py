"""What the fast paths of the readers share (auditor.sources.interface.ReadSink): the one rule that settles an
app row as matching nothing without classifying it, and bounded memos of distinct raw values.

A fast path keys its memo by the raw values a row's outcome depends on (cells, JSON values) and looks each
distinct key up once; a row whose key is settled as matching nothing is only counted. Every other row goes
through the same steps as the reader's read()."""
from __future__ import annotations

from typing import Any, Callable, Dict, Hashable, Optional, TypeVar

from auditor.sources.interface import ReadSink

V = TypeVar("V")

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
