"""Reading all inputs, in this process or in `jobs` worker processes, with the same result.

With jobs > 1, each input is one task, and a large plain CSV file whose reader has a fast path is also
split into byte spans (auditor.textio.csvsplit), one task each. Workers send back InputResults (device
records, the rows that matched, counters and problems), never every row. This process then puts the
spans of a file together in order: it re-parses a span whose start turned out to be inside a record,
shifts the spans' line numbers by the lines before them, drops a device record a later span repeats
(the sequential reader yields one per device), and hashes the whole file itself while the workers parse
(the page cache makes that second read cheap), looking at its bytes as a sequential read does (code-page
signs, quotes for the open-quote check). Inputs are then handed on in their command-line order, so
findings, problems, summaries and hashes are those of jobs=1."""
from __future__ import annotations

import dataclasses
import gc
import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, Set, Tuple

from auditor.reading.classifier import Classifier
from auditor.reading.loop import InputResult, Share, read_input
from auditor.sources import BY_ID, PlannedInput, Reader
from auditor.textio.context import ReadContext
from auditor.textio.csvsplit import can_split, split_points
from auditor.textio.csvtable import Span, detect_encoding
from auditor.textio.encoding import CodePageSigns
from auditor.textio.inputs import HashingReader, InputFile, QuoteCounts
from auditor.textio.timestamps import later_iso

Progress = Optional[Callable[[int, int, str], None]]


@dataclass
class ReadInput:
    planned: PlannedInput
    result: Optional[InputResult]  # None when no reader took the input


def read_inputs(inputs: Sequence[PlannedInput], classifier: Classifier, jobs: int = 1,
                progress: Progress = None, share: Share = None) -> List[ReadInput]:
    """share: applied to every device record (in this process: as it is read; with workers: once every input's
    records are back, so the parent holds them unshared until then)."""
    if jobs > 1 and inputs:
        done = _parallel(inputs, classifier, jobs, progress)
        if share is not None:
            for read in done:
                for record in read.result.records if read.result is not None else ():
                    share(record)
        return done
    out = []
    for done, planned in enumerate(inputs):
        if progress is not None:
            progress(done, len(inputs), planned.file.display)
        reader = planned.reader
        out.append(ReadInput(planned, read_input(reader, planned.file, classifier, share=share)
                             if reader is not None else None))
    return out


# --- workers ---------------------------------------------------------------------------------------

_WORKER: Dict[str, Classifier] = {}


def _init_worker(classifier: Classifier) -> None:
    # A worker only reads (see auditor.reading.gcpause): no cyclic collection for its lifetime.
    gc.disable()
    # A fresh memo per worker: classifications are merged back as sets, so the count does not depend
    # on how the work was spread.
    fresh = Classifier(classifier.matcher, classifier.relevant)
    _WORKER["classifier"] = fresh


def _work(item: InputFile, format_id: str, span: Optional[Span]) -> InputResult:
    reader = BY_ID[format_id]
    classifier = _WORKER["classifier"]
    classifier.classified = set()  # only what this task classified travels back
    result = read_input(reader, item, classifier, span)
    result.classified = classifier.classified
    return result


def _pool(jobs: int, classifier: Classifier) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(classifier,))


@dataclass(frozen=True)
class _WholeFile:
    """What this process learns of a file read in spans as it hashes it (a worker reading a span sees only its
    bytes): its sha256, its code-page signs and its quotes, as a sequential read of it learns them."""

    sha256: str
    signs: CodePageSigns
    quotes: Optional[QuoteCounts]


def _whole_file(item: InputFile) -> _WholeFile:
    signs = CodePageSigns()
    # Runs of accented letters are looked for whatever the encoding: the spans' is known only once they are read
    # (CodePageSigns.problem names them only for text read as UTF-8 or Windows-1252, where valid UTF-8 has none).
    signs.foreign_possible = True
    raw = HashingReader(item.open(), signs, count_quotes=True)
    try:
        return _WholeFile(raw.finish(), signs, raw.counted)
    finally:
        raw.close()


def _parallel(inputs: Sequence[PlannedInput], classifier: Classifier, jobs: int, progress: Progress) -> List[ReadInput]:
    spans: Dict[int, List[Span]] = {}
    for index, planned in enumerate(inputs):
        item, reader = planned.file, planned.reader
        # Only a plain file whose reader has a fast path that reads spans (a ZIP member cannot seek).
        if reader is not None and item.member is None and getattr(reader, "splittable", False):
            with open(item.path, "rb") as handle:
                encoding = detect_encoding(handle.read(4096))
            start = can_split(item.path, encoding)
            if start is not None:
                parts = split_points(item.path, start, jobs)
                if len(parts) > 1:
                    spans[index] = parts

    out: List[ReadInput] = []
    with _pool(jobs, classifier) as pool:
        futures: Dict[Tuple[int, int], Future] = {}
        # Spans of large files first: the small inputs fill the gaps at the end.
        for index, parts in spans.items():
            item, reader = inputs[index].file, inputs[index].reader
            assert reader is not None
            for k, span in enumerate(parts):
                futures[(index, k)] = pool.submit(_work, item, reader.format_id, span)
        for index, planned in enumerate(inputs):
            if planned.reader is not None and index not in spans:
                futures[(index, -1)] = pool.submit(_work, planned.file, planned.reader.format_id, None)
        whole = {index: _whole_file(inputs[index].file) for index in spans}  # while the workers parse
        for index, planned in enumerate(inputs):
            item, reader = planned.file, planned.reader
            if progress is not None:
                progress(index, len(inputs), item.display)
            if reader is None:
                out.append(ReadInput(planned, None))
                continue
            try:
                if index in spans:
                    parts = [futures[(index, k)] for k in range(len(spans[index]))]
                    result = join_spans(reader, spans[index], lambda k, span, parts=parts: parts[k].result(),
                                        lambda span, item=item, reader=reader: pool.submit(
                                            _work, item, reader.format_id, span).result())
                    if result is None:  # a span met what only the sequential path reports exactly
                        result = pool.submit(_work, item, reader.format_id, None).result()
                    else:
                        _as_sequential(result.ctx, whole[index])
                else:
                    result = futures[(index, -1)].result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): read the input here
                fresh = Classifier(classifier.matcher, classifier.relevant)
                result = read_input(reader, item, fresh)
                result.classified = fresh.classified
            classifier.classified |= result.classified
            out.append(ReadInput(planned, result))
    return out


def _as_sequential(ctx: ReadContext, whole: _WholeFile) -> None:
    """A joined file's context as a sequential read leaves it (auditor.textio.csvtable.CsvTable.close): its hash,
    its quotes (for the open-quote check) and a wrong code page's failure."""
    ctx.sha256, ctx.quote_counts = whole.sha256, whole.quotes
    wrong = whole.signs.problem(ctx.encoding)
    if wrong is not None:
        ctx.fail(wrong)


def join_spans(reader: Reader, spans: List[Span], first: Callable[[int, Span], InputResult],
               again: Callable[[Span], InputResult]) -> Optional[InputResult]:
    """The spans of one file as one InputResult, exactly as one sequential read; None to read it whole.
    `first(k, span)` is the result of the k-th span as first parsed; `again(span)` parses a span again."""
    joined: Optional[InputResult] = None
    seen: Set[str] = set()
    line_base = 1  # the header
    straddle = 0
    for k, span in enumerate(spans):
        part = first(k, span)
        if straddle:  # this span began inside the previous span's last record: parse it again from its end
            part = again(Span(span.start, span.end, straddle))
        if part.slow or any(p.fatal for p in part.problems):
            return None  # the whole file by one worker: it reports exactly what the sequential read does
        straddle = part.straddle
        if joined is None:
            joined = InputResult(ReadContext(part.ctx.input, tool=reader.tool, encoding=part.ctx.encoding,
                                             owners_missing=part.ctx.owners_missing))
        for record in part.records:
            if record.source.device_id not in seen:
                seen.add(record.source.device_id)
                joined.records.append(record)
        joined.hits.extend((row[:6] + (row[6] + line_base,), matches) for row, matches in part.hits)
        joined.ctx.problems.extend(p if p.line is None else dataclasses.replace(p, line=p.line + line_base)
                                   for p in part.problems
                                   if p.line is not None or p not in joined.ctx.problems)  # a header's, once
        joined.with_apps |= part.with_apps
        joined.apps += part.apps
        joined.ctx.rows += part.rows
        joined.ctx.rows_skipped += part.rows_skipped
        joined.classified |= part.classified
        joined.ctx.times_unreadable += part.ctx.times_unreadable
        joined.ctx.time_unreadable = joined.ctx.time_unreadable or part.ctx.time_unreadable
        newer = later_iso(joined.export_time, part.export_time)
        joined.ctx.export_time = newer if newer is not None else joined.export_time
        line_base += part.lines
    return joined
