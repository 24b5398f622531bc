"""Exclusion patterns for input files (`inputs.exclude` in auditor.yaml, `--exclude` on the command line).

A pattern without a slash matches a file's name at any depth (`*.pdf`); a pattern with a slash matches the
path below the folder named as an input (`archive/**`, `2025-*/old.csv`). `*` and `?` stay within one
folder, `**` crosses folders, `[abc]` is a set. ZIP members are matched by their path in the archive too.
Excluded files are listed (manifest.json: format "excluded", with the pattern), never skipped silently."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Pattern, Sequence, Tuple


def _translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern[i + 1:i + 2] in ("!", "]") else i + 1)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1:end]
                body = "^" + body[1:] if body.startswith("!") else body
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


@dataclass(frozen=True)
class Exclusions:
    patterns: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        compiled = tuple((p, re.compile(_translate(_normal(p)), re.DOTALL)) for p in self.patterns)
        object.__setattr__(self, "_compiled", compiled)

    def matching(self, relative: str) -> Optional[str]:
        """The first pattern that excludes this path (relative to the folder named, with / separators)."""
        relative = relative.replace("\\", "/").lstrip("/")
        name = relative.rsplit("/", 1)[-1]
        compiled: Sequence[Tuple[str, Pattern[str]]] = getattr(self, "_compiled")
        for pattern, regex in compiled:
            target = relative if "/" in _normal(pattern) else name
            if regex.fullmatch(target):
                return pattern
        return None


def _normal(pattern: str) -> str:
    """Backslashes as slashes, no leading slash; `archive/` (a folder) means everything below it."""
    text = pattern.strip().replace("\\", "/").lstrip("/")
    return text + "**" if text.endswith("/") else text


def check_pattern(pattern: str) -> Optional[str]:
    """Why a pattern is unusable (for the configuration's error), or None."""
    if not pattern.strip():
        return "an empty pattern"
    if "\x00" in pattern:
        return "a pattern with a NUL character"
    return None
