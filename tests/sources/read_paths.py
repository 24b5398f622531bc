"""One input read by both paths a reader has: read_input (its fast path, scan, when it has one) and read() (the
row-by-row protocol every reader has), for tests that hold both to the same behaviour."""
from __future__ import annotations

from pathlib import Path
from typing import Tuple

from auditor.policy import Library
from auditor.reading import InputResult, read_generic, read_input
from auditor.sources import BY_ID
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from tests.perf.test_read_paths import classifier


def both_paths(format_id: str, path: Path, library: Library) -> Tuple[InputResult, InputResult]:
    """(fast, slow): the input read through read_input, then through the reader's read()."""
    reader = BY_ID[format_id]
    item = InputFile(str(path), path, None, path.stat().st_size)
    fast = read_input(reader, item, classifier(library))
    slow = InputResult(ReadContext(item, tool=reader.tool))
    read_generic(reader, classifier(library), slow)
    return fast, slow
