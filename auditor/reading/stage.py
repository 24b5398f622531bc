"""The read stage of an audit: every planned input read (in this process or in workers), each judged once
(unrecognised, stale or dated in the future, no usable record), and what the later stages need gathered."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional, Set, Tuple

from auditor.model import DeviceRecord, Problem, ProblemKind, SourceSummary
from auditor.reading.classifier import Classifier, Matches
from auditor.reading.coverage import CoveredInput, coverage_problems
from auditor.reading.intune_pairs import APPS_FORMAT, DEVICES_FORMAT, IntuneInput, intune_pair_problems
from auditor.reading.owner_columns import OwnerGap, owner_column_problems
from auditor.reading.paging import PagedInput, paging_problems
from auditor.reading.loop import Share
from auditor.reading.parallel import Progress, read_inputs
from auditor.reading.staleness import stale_problem, unreadable_times_problem
from auditor.sources import AppRow, InputPlan
from auditor.textio.hidden import pulled
from auditor.textio.inputs import InputFile, QuoteCounts
from auditor.textio.truncation import CsvEnd, cut_record, open_quote

# Skipped rows beyond this share of an input's rows (and more than one) make the run incomplete. A real
# export carries at most the odd malformed line (a trailer, a note row: reported on its own line); more than
# 1% is a systematic loss (a column emptied for one platform, a broken quote) large enough to hide whole
# platforms or the one device that matters, and row problems alone (a list nobody reads to the end) must not
# let the run say "complete". A quote that swallows the rest of a file is judged apart (textio.truncation).
SKIPPED_PERCENT = 1
SKIPPED_AT_LEAST = 2

# (tool, file as the user named it, app row, its matches)
Hit = Tuple[str, str, AppRow, Matches]


@dataclass(frozen=True)
class Reading:
    hits: Tuple[Hit, ...]
    records: Tuple[DeviceRecord, ...]
    with_apps: Dict[str, Set[str]]  # tool -> device ids (in that tool) with at least one app row
    sources: Tuple[SourceSummary, ...]  # one per input, in the plan's order
    problems: Tuple[Problem, ...]  # the plan's, then each input's


def read_all(plan: InputPlan, classifier: Classifier, as_of: dt.date, max_export_age_days: int, jobs: int = 1,
             progress: Progress = None, share: Share = None) -> Reading:
    """share: applied to every device record as it is read (auditor.reading.loop.Share)."""
    problems: List[Problem] = list(plan.problems)
    hits: List[Hit] = []
    records: List[DeviceRecord] = []
    sources: List[SourceSummary] = []
    with_apps: Dict[str, Set[str]] = {}
    owner_gaps: List[OwnerGap] = []
    intune: List[IntuneInput] = []
    covered: List[CoveredInput] = []
    paged: List[PagedInput] = []
    for read in read_inputs(plan.inputs, classifier, jobs, progress, share):
        item, reader, got = read.planned.file, read.planned.reader, read.result
        if reader is None or got is None:
            problems.append(Problem(item.display, f"not read: {read.planned.reason}", None, True, ProblemKind.INPUT))
            sources.append(SourceSummary(item.display, "unrecognised", "", 0, 0, 0, 0))
            continue
        tool = got.ctx.tool
        hits.extend((tool, item.display, row, matches) for row, matches in got.hits)
        records.extend(got.records)
        # A set of its own per tool: an input's own set (kept for the Intune pair check) is never extended; and
        # a copy is smaller than a set grown an id at a time (a tight table: 40 bytes a device, not 80).
        with_apps.setdefault(tool, set()).update(got.with_apps)
        problems.extend(got.problems)
        if got.ctx.owners_missing:
            owner_gaps.append((item.display, tool, got.ctx.owners_missing))
        cut = _cut(reader.format_id, item, got.problems, read.planned.csv_end, got.ctx.quote_counts)
        if cut is not None:
            problems.append(cut)
        device_ids = got.device_ids()
        fatal = any(p.fatal for p in got.problems)
        if reader.format_id in (APPS_FORMAT, DEVICES_FORMAT):
            intune.append((reader.format_id, item.display, got.with_apps, device_ids, fatal))
        covered.append((reader.format_id, item.display, tool, got.records, got.with_apps, fatal))
        paged.append((reader.format_id, item.display, got.ctx.paging, got.rows, fatal,
                      bool(got.ctx.paging) and item.member is None and pulled(item.path)))
        judged = stale_problem(got.ctx, as_of, max_export_age_days)
        if judged is None and not fatal and got.rows == got.rows_skipped:
            # An export with no usable record says nothing about the fleet: never a clean run.
            why = "has no records" if got.rows == 0 else f"has no usable record (all {got.rows} were skipped)"
            judged = Problem(item.display, f"the export {why}; re-export it", None, True, ProblemKind.INPUT)
        if (judged is None and not fatal and got.rows_skipped >= SKIPPED_AT_LEAST
                and got.rows_skipped * 100 > got.rows * SKIPPED_PERCENT):
            judged = Problem(item.display, f"{got.rows_skipped} of its {got.rows} rows were skipped (more than "
                                           f"{SKIPPED_PERCENT}%: see the row problems): what they hold was not "
                                           "audited; fix the export and run again", None, True, ProblemKind.INPUT)
        if judged is not None:
            problems.append(judged)
        unread = unreadable_times_problem(got.ctx)
        if unread is not None and not (unread.fatal and fatal):
            problems.append(unread)
        sources.append(got.summary(reader.format_id, len(device_ids)))
    problems.extend(owner_column_problems(owner_gaps, records))
    problems.extend(intune_pair_problems(intune, records))
    # (Pages missing do not make the pages given less judgeable: a page's own devices show apps or not.)
    named = {name for p in problems if p.fatal for name in p.source.split(", ")}
    problems.extend(paging_problems(paged))
    problems.extend(coverage_problems(covered, with_apps, named))
    if not records and not any(p.fatal for p in problems):
        # A run that read no device knows nothing of the fleet: never "complete" (every input excluded, or
        # no input named).
        problems.append(Problem(", ".join(str(p) for p in plan.paths) or "inputs",
                                "no device was read from the inputs named: nothing is known about the fleet",
                                None, True, ProblemKind.INPUT))
    if progress is not None:
        progress(len(plan.inputs), len(plan.inputs), "")
    return Reading(tuple(hits), tuple(records), with_apps, tuple(sources), tuple(problems))


# A ZIP member is read once more to its end to find its last bytes: only when it is small, or when its reader
# skipped a row (a cut record is skipped as short); a plain file's end is read directly.
_MEMBER_TAIL_LIMIT = 16 << 20


def _cut(format_id: str, item: InputFile, problems: List[Problem], end: Optional[CsvEnd],
         counted: Optional[QuoteCounts] = None) -> Optional[Problem]:
    """A fatal problem when a CSV input ends with a cut record, or inside a quote that never closes
    (auditor.textio.truncation). `end`: what planning read of its head (None only when it could not read it:
    then neither could the reader)."""
    if "csv" not in format_id or any(p.fatal for p in problems) or end is None:
        return None
    skipped = {p.line for p in problems if p.kind == ProblemKind.ROW and p.line is not None}
    if item.member is not None and item.size > _MEMBER_TAIL_LIMIT and not skipped:
        return None
    cut = cut_record(item, skipped, end) or open_quote(item, skipped, end, counted)
    return None if cut is None else Problem(item.display, cut.message(), cut.line, True, ProblemKind.INPUT)
