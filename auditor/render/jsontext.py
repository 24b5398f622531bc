"""`json.dumps(value, ensure_ascii=False, indent=2)`, the same text, faster: the standard library indents with
nested generators (each piece of text passes through one generator per level), and builds the whole text
from a list of every piece; here pieces go straight into a list joined every few thousand pieces. Strings
are escaped by the json module's own (C) function. A value of any other type than those JSON has (str, int,
float, bool, None, list, tuple, dict with text keys, and their subclasses as json reads them) is left to
json.dumps itself."""
from __future__ import annotations

import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # the C escape when there is one
from typing import Any, Callable, List

_BATCH = 4096  # pieces joined at once: the list of pieces stays small


class _Unusual(Exception):
    """A value json.dumps writes in a way this module does not (a key that is not text, an unknown type)."""


def dumps_indented(value: Any, escape: Callable[[str], str] = str, end: str = "") -> str:
    """Exactly escape(json.dumps(value, ensure_ascii=False, indent=2)) + end, where `escape` replaces single
    characters (it is applied to pieces of the text as they are joined: one copy of the text at a time)."""
    return "".join(parts_indented(value, escape, end))


def parts_indented(value: Any, escape: Callable[[str], str] = str, end: str = "") -> List[str]:
    """The text of dumps_indented in parts, not joined: a caller that writes them one after the other never
    holds the whole text twice (the parts and their join)."""
    writer = _Writer(escape)
    try:
        writer.write(value, "\n")
    except _Unusual:
        return [escape(json.dumps(value, ensure_ascii=False, indent=2)) + end]
    writer.pieces.append(end)
    writer.flush()
    return writer.joined


class _Writer:
    def __init__(self, escape: Callable[[str], str]) -> None:
        self.escape = escape
        self.pieces: List[str] = []
        self.joined: List[str] = []

    def write(self, o: Any, newline: str) -> None:
        """o at the indentation `newline` ("\\n" and two spaces per level) stands for."""
        out = self.pieces
        if isinstance(o, str):
            out.append(encode_basestring(o))
        elif o is None:
            out.append("null")
        elif o is True:
            out.append("true")
        elif o is False:
            out.append("false")
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(_float(o))
        elif isinstance(o, (list, tuple)):
            if not o:
                out.append("[]")
                return
            inner = newline + "  "
            separator = "," + inner
            out.append("[" + inner)
            for i, item in enumerate(o):
                if i:
                    out.append(separator)
                self.write(item, inner)
                if len(out) > _BATCH:
                    self.flush()
            out.append(newline + "]")
        elif isinstance(o, dict):
            if not o:
                out.append("{}")
                return
            inner = newline + "  "
            separator = "," + inner
            out.append("{" + inner)
            for i, (key, item) in enumerate(o.items()):
                if not isinstance(key, str):
                    raise _Unusual()
                out.append((separator if i else "") + encode_basestring(key) + ": ")
                self.write(item, inner)
                if len(out) > _BATCH:
                    self.flush()
            out.append(newline + "}")
        else:
            raise _Unusual()

    def flush(self) -> None:
        self.joined.append(self.escape("".join(self.pieces)))
        self.pieces.clear()  # the same list: every level of write() holds it


def _float(o: float) -> str:
    if o != o:
        return "NaN"
    if o == float("inf"):
        return "Infinity"
    if o == -float("inf"):
        return "-Infinity"
    return float.__repr__(o)
