"""The rows of a CSV export with their fields found by header name once: what every CSV reader of a tool's
export does before it reads a row (columns resolved, required ones checked, the file closed and hashed)."""
from __future__ import annotations

from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from auditor.textio.context import ReadContext
from auditor.textio.csvtable import Column, CsvTable, header_seen


class Fields:
    """Where each logical field is in a row (-1: the export has no such column)."""

    def __init__(self, positions: Dict[str, int]) -> None:
        self.positions = positions

    def has(self, name: str) -> bool:
        return self.positions[name] >= 0

    def cell(self, row: List[str], name: str) -> str:
        i = self.positions[name]
        return row[i].strip() if i >= 0 else ""


def csv_rows(ctx: ReadContext, columns: Sequence[Column],
             refuse: Optional[Callable[[Fields], Optional[str]]] = None) -> Iterator[Tuple[int, List[str], Fields]]:
    """(line, row, fields) of each well-formed data row. A missing required column, or what `refuse` says is
    missing (the reader's own rule, e.g. "one column must name the device"), fails the input at line 1."""
    table = CsvTable(ctx)
    try:
        positions = table.columns(columns)
        if positions is None:
            return
        fields = Fields(positions)
        why_not = refuse(fields) if refuse is not None else None
        if why_not:
            ctx.fail(f"{why_not}; {header_seen(table.header)}", line=1)
            return
        for line, row in table.rows():
            yield line, row, fields
    finally:
        table.close()
