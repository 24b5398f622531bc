"""Recall and precision of the matcher on the issue-14 corpus: `python tests/corpus/measure.py [--list]
[--rows tests/corpus/heldout.yaml]` (the held-out corpus with --rows).

Writes the corpus's inventory files into a temporary folder, runs the real audit over them (every pack in force
on the corpus date, all jurisdictions), and prints the figures overall and per export format; --list also prints
every row whose findings differ from the expectation. To measure another tree's matcher and catalog (main before
a change), run this file with that tree first on PYTHONPATH and this corpus copied into its tests/corpus/."""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from auditor.policy import select  # noqa: E402
from tests.corpus.corpus import (ROWS_FILE, Figures, Outcome, figures, load_rows, outcomes,  # noqa: E402
                                 run_corpus)
from tests.corpus.writers import FORMATS  # noqa: E402


def line(label: str, f: Figures) -> str:
    return (f"{label:<40} rows {f.rows:>3}  banned {f.banned:>3}  found {f.found:>3}  recall {f.recall:.3f}  "
            f"exact {f.exact:>3}  findings {f.findings:>3}  false {f.false:>2}  precision {f.precision:.3f}  "
            f"confirmed {f.confirmed:>3}  precision(confirmed) {f.confirmed_precision:.3f}  "
            f"look-alike hits {f.lookalike_hits}/{f.lookalike_rows}")


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="print every row whose findings differ")
    parser.add_argument("--rows", type=Path, default=ROWS_FILE, help="the corpus file (default: rows.yaml)")
    args = parser.parse_args(argv)
    as_of, rows = load_rows(args.rows)
    with tempfile.TemporaryDirectory(prefix="corpus-") as work:
        result, devices = run_corpus(Path(work), rows, as_of)
    selection = select((), as_of, ("all",))
    results = outcomes(result, devices, rows, selection.library, selection.packs)
    by_format: Dict[str, List[Outcome]] = defaultdict(list)
    for outcome in results:
        by_format[FORMATS[outcome.row["fmt"]]].append(outcome)
    print(line("all formats", figures(results)))
    for name in sorted(by_format):
        print(line(name, figures(by_format[name])))
    if args.list:
        for outcome in results:
            if not outcome.correct:
                row = outcome.row
                print(f"{outcome.id:<6} {row['fmt']:<12} {row.get('name', '')!r} / {row.get('pub', '')!r} / "
                      f"{row.get('ident', '') or row.get('pfn', '')!r}: expected {sorted(outcome.expected)}, "
                      f"found {sorted(outcome.found)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
