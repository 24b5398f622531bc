"""auditor.visible: the filter's shortcut (a printable text is returned as it is) changes no character the filter
would change, over every code point."""
from __future__ import annotations

import sys

from auditor.visible import _filtered, visible


def test_every_character_the_filter_changes_is_one_isprintable_refuses() -> None:
    changed = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable() and _filtered(char) != char:
            changed.append(hex(code))
    assert changed == []


def test_the_shortcut_and_the_filter_agree_on_hostile_text() -> None:
    for text in ("plain", "Founder & CEO", "a\u202eb", "x\x1b]0;t\x07", "tab\there", "line\nnext", "z\u200bw",
                 "\ud800", "tag\U000e0041", "nbsp\u00a0", "\u2028", ""):
        assert visible(text) == _filtered(text)
    assert visible("a\u202eb") == "a⟨U+202E⟩b" and visible("tab\there") == "tab here"
