"""The visible-text filter: every string that reaches a person (terminal, log file, report) passes through
`visible`, so that text from the data (file names, SFTP names, SSH servers' error text, inventory fields)
can neither drive a terminal (title-set and OSC 52 clipboard-write escapes, cursor moves), reorder what a
reader sees (bidi overrides), hide itself (zero-width and tag characters) nor forge a line (newlines).

Top-level and importing nothing of the project, so that every layer may use it: acquire/ and run/ (which
may not import render/), the CLI, and the renderers (render/safe.py builds its filters on it)."""
from __future__ import annotations

import re

__all__ = ["visible"]

# C0 and C1 controls and DEL (ESC, BEL, CSI U+009B, ...); bidi controls (Trojan Source); zero-width and
# invisible formatting characters; lone surrogates (a file name that is not UTF-8, decoded with
# surrogateescape: strict encoders would crash on them); interlinear annotations; tag characters.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u180e\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u2069\ufeff\ud800-\udfff\ufff9-\ufffb\U000e0000-\U000e007f]")


def visible(value: str) -> str:
    """One line of inert text: control, bidi and invisible characters shown as ⟨U+202E⟩; tabs, carriage
    returns and newlines as spaces (a newline from the data never starts a line of its own)."""
    if value.isprintable():  # every character the filter changes is one str.isprintable() refuses (tested)
        return value
    return _filtered(value)


def _filtered(value: str) -> str:
    value = value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", value)
