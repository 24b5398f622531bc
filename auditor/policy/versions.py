"""Version constraints on rules (`>=38.0`, `<3.9`): tolerant of the strings inventories carry."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple

_OPS: Dict[str, Callable[[Tuple, Tuple], bool]] = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}
_CONSTRAINT = re.compile(r"^\s*(<=|>=|==|!=|<|>)\s*(\d[\w.\-+]*)\s*$")
# Intune reports iOS versions as "build (short)", e.g. "1352 (6.5.3)": the short version is the one people know.
_BUILD_SHORT = re.compile(r"^\s*\S+\s*\(\s*(\d[\w.\-]*)\s*\)\s*$")


def version_key(raw: str) -> Optional[Tuple]:
    """A comparable key: numeric parts compare as numbers; None when there is no number at all."""
    match = _BUILD_SHORT.match(raw)
    text = match.group(1) if match else raw.strip().lstrip("vV")
    parts = re.findall(r"\d+|[A-Za-z]+", text)
    if not parts or not parts[0].isdigit():
        return None
    key = []
    for part in parts:
        # Numbers sort after letters at the same position: 1.0 > 1.0rc1.
        key.append((1, int(part), "") if part.isdigit() else (0, 0, part.lower()))
    while len(key) > 1 and key[-1] == (1, 0, ""):
        key.pop()  # 38.0.0 == 38
    return tuple(key)


@dataclass(frozen=True)
class Constraint:
    op: str
    version: str

    def holds(self, installed: str) -> Optional[bool]:
        """True or False; None when the installed version cannot be read."""
        have = version_key(installed)
        want = version_key(self.version)
        if have is None or want is None:
            return None
        return _OPS[self.op](have, want)


def parse_constraint(text: str) -> Optional[Constraint]:
    match = _CONSTRAINT.match(text)
    if not match:
        return None
    return Constraint(match.group(1), match.group(2))
