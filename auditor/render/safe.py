"""Making hostile inventory strings inert in each output (HTML is escaped by Jinja on top of this)."""
from __future__ import annotations

import re

from auditor.visible import visible  # the one visible-text filter (shared with the CLI, run/ and acquire/)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()|~])")


def display(value: object, limit: int = 160) -> str:
    """For people: visible, and cut to `limit` characters with the length said."""
    text = visible("" if value is None else str(value))
    if len(text) > limit:
        return text[:limit] + f"… (+{len(text) - limit} characters)"
    return text


def csv_cell(value: object) -> str:
    """Spreadsheet-safe: a cell that a spreadsheet would run as a formula starts with an apostrophe."""
    raw = "" if value is None else str(value)
    if raw.startswith(_FORMULA_START):
        raw = "'" + raw
    return visible(raw)


def markdown(value: object, limit: int = 120) -> str:
    """Inert both when rendered as Markdown and when pasted raw into HTML: <, > and & become entities."""
    text = display(value, limit).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


_JSON_INVISIBLE = re.compile("[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_escape_invisible(text: str) -> str:
    """In serialised JSON: write bidi and C1 characters as \\uXXXX escapes (same value, inert on screen)."""
    return _JSON_INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
