"""Making hostile inventory strings inert in each output (HTML is escaped by Jinja on top of this)."""
from __future__ import annotations

import re

from auditor.visible import visible  # the one visible-text filter (shared with the CLI, run/ and acquire/)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What CommonMark (with GitHub's tables and strikethrough) reads as syntax inside a line of text: a backslash,
# code spans, emphasis, link and image brackets, table cells, strikethrough. Parentheses, braces, '#', '!',
# '+', '-' and '.' are syntax only after a bracket (escaped here) or at the start of a line (see below).
_MD_INLINE = re.compile(r"([\\`*\[\]|~])")
# An underscore between two letters or digits never opens nor closes emphasis: left alone ('ana_kim').
_MD_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a line (or of a list item) these begin a heading, a quote, a list, a setext underline.
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+=-])")
_MD_ORDERED = re.compile(r"^(\s*\d+)([.)])")
_MD_CODE_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,199}$")
# Only an '&' that starts an entity reference ('&amp;', '&#x202e;') and a '<' that starts a tag, a comment or an
# autolink ('<b', '</', '<!', '<?', '<https:') are syntax, in Markdown and in raw HTML alike: "Founder & CEO",
# "R&D" and "a < b" stay as written (a plain-text mail or a terminal shows no '&amp;').
_MD_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]{1,32};)")
_MD_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


# Cutting fewer characters than the note "… (+N characters)" takes would hide text and save no room.
CUT_SLACK = 24


def display(value: object, limit: int = 160) -> str:
    """For people: visible, and cut to `limit` characters with the length said (only when that saves room:
    a string at most CUT_SLACK characters over the limit is shown whole)."""
    text = visible("" if value is None else str(value))
    if len(text) > limit + CUT_SLACK:
        return text[:limit] + f"… (+{len(text) - limit} characters)"
    return text


def csv_cell(value: object) -> str:
    """Spreadsheet-safe: a cell that a spreadsheet would run as a formula starts with an apostrophe."""
    raw = "" if value is None else str(value)
    if raw.startswith(_FORMULA_START):
        raw = "'" + raw
    return visible(raw)


def markdown(value: object, limit: int = 120, line_start: bool = False) -> str:
    """Inert both when rendered as Markdown and when pasted raw into HTML, escaping only what is syntax there:
    an & that would start an entity and a < that would start a tag or an autolink become entities (any other
    & or < is plain text, shown as written), Markdown's inline syntax gets a
    backslash, and with `line_start` (the text begins a line or a list item) so does a leading block marker.
    Brackets stay plain text: "Example Corp (demo fleet)" reads as written in a terminal or a ticket."""
    text = _MD_TAG_START.sub("&lt;", _MD_ENTITY_START.sub("&amp;", display(value, limit)))
    text = _MD_UNDERSCORE.sub(r"\\_", _MD_INLINE.sub(r"\\\1", text))
    if not line_start:
        return text
    if _MD_ORDERED.match(text):
        return _MD_ORDERED.sub(r"\1\\\2", text, count=1)
    return _MD_BLOCK_START.sub(r"\1\\\2", text, count=1)


def markdown_code(value: object) -> str:
    """An identifier (a pack id) as a code span when it is one, else as escaped text: inside a code span a
    backslash escapes nothing, so only identifier characters go into one."""
    text = display(value, 200)
    return f"`{text}`" if _MD_CODE_SAFE.match(text) else markdown(text, 200)


_JSON_INVISIBLE = re.compile("[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def json_escape_invisible(text: str) -> str:
    """In serialised JSON: write bidi and C1 characters as \\uXXXX escapes (same value, inert on screen)."""
    return _JSON_INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
