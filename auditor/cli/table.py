"""Plain-text tables for the terminal: columns padded to their widest cell, fitted to a width by leaving out the
least useful columns first and wrapping the last one (`auditor policies list`)."""
from __future__ import annotations

import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from auditor.visible import visible

_GAP = "  "
_NARROWEST = 20  # below this, lines overflow rather than wrap a word or two per line
MIN_WRAPPED = 40  # the narrowest the wrapped column may be before it moves to lines of its own


@dataclass(frozen=True)
class Fitted:
    """The lines of a table and the columns left out to fit it."""

    lines: Tuple[str, ...]
    left_out: Tuple[str, ...]


def terminal_width() -> Optional[int]:
    """The width to fit to: COLUMNS when set to a number, else the terminal's when stdout is one; None (no limit:
    one line per row, for grep and files) when output goes elsewhere."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    return None


def padded(rows: Sequence[Sequence[str]]) -> List[str]:
    """Columns padded to their widest cell; the last column left ragged. Cells may come from the user's own
    files: shown through the visible-text filter."""
    cells = [[visible(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]) - 1)]
    return [(_GAP.join(c.ljust(w) for c, w in zip(row, widths)) + _GAP + row[-1]).rstrip() for row in cells]


def fit(header: Sequence[str], rows: Sequence[Sequence[str]], width: Optional[int], drop_order: Sequence[str],
        wrapped: str) -> Fitted:
    """The table in `width` characters: whole when it fits (or width is None); else without the columns of
    `drop_order`, in that order, until the others leave MIN_WRAPPED characters (or its longest cell) for column
    `wrapped`, which then comes last, wrapped. When even the columns not in drop_order leave too little room,
    `wrapped` goes on indented lines of its own below each row, and the left-out columns that fit beside the
    others come back (the last left out first). A word longer than the room (a long id, a URL) is never broken."""
    table = [list(header)] + [[visible(c) for c in row] for row in rows]
    whole = padded(table)
    if width is None or max(len(line) for line in whole) <= width:
        return Fitted(tuple(whole), ())
    keep = [i for i, name in enumerate(header) if name != wrapped]
    last = header.index(wrapped)
    left_out: List[str] = []

    def fixed(columns: Sequence[int]) -> int:
        return sum(max(len(r[i]) for r in table) + len(_GAP) for i in columns)

    room = min(MIN_WRAPPED, max(len(r[last]) for r in table))
    for name in drop_order:
        if fixed(keep) + room <= width:
            break
        if name in header and header.index(name) in keep:
            keep.remove(header.index(name))
            left_out.append(name)
    if fixed(keep) + room > width:  # `wrapped` gets lines of its own: put back what fits beside the others
        for name in reversed(left_out[:]):
            column = header.index(name)
            if fixed(sorted(keep + [column])) - len(_GAP) > width:
                break
            keep = sorted(keep + [column])
            left_out.remove(name)
    widths = [max(len(r[i]) for r in table) for i in keep]
    lines: List[str] = []
    if fixed(keep) + room <= width:
        indent = " " * fixed(keep)
        for row in table:
            start = "".join(row[i].ljust(w) + _GAP for i, w in zip(keep, widths))
            text = textwrap.wrap(row[last], width=width - len(indent), break_long_words=False,
                                 break_on_hyphens=False) or [""]
            lines.append((start + text[0]).rstrip())
            lines += [indent + part for part in text[1:]]
        return Fitted(tuple(lines), tuple(left_out))
    for number, row in enumerate(table):
        lines.append(_GAP.join(row[i].ljust(w) for i, w in zip(keep, widths)).rstrip())
        if number and row[last]:
            lines += textwrap.wrap(row[last], width=max(width, _NARROWEST), initial_indent="    ",
                                   subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
    return Fitted(tuple(lines), tuple(left_out))
