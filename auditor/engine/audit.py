"""The audit as a function: an input plan, a pack selection, the people files and an as-of date in; an
AuditResult out. read (auditor.reading) -> merge -> evaluate -> enrich (owners, priority, waivers)."""
from __future__ import annotations

import dataclasses
from typing import List

from auditor.engine.evaluate import evaluate, rules_by_app, sort_key, split_hits
from auditor.engine.merge import merge_devices
from auditor.engine.near_misses import near_misses
from auditor.engine.not_current import not_current_problems
from auditor.engine.shared_texts import shared_texts
from auditor.model import AuditResult, Confidence, Problem, ProblemKind, Visibility, WaiverStatus
from auditor.people import (DEFAULT_MATRIX, Owners, People, apply_waivers, directory_coverage_problems,
                            matches_nothing, unresolved_sponsors, wide_waiver_notes)
from auditor.policy import Matcher, Selection
from auditor.reading import DEFAULT_MAX_AGE_DAYS, Classifier, Hit, Progress, cyclic_gc_paused, read_all
from auditor.sources import InputPlan


def audit(plan: InputPlan, selection: Selection, people: People = People(),
          max_export_age_days: int = DEFAULT_MAX_AGE_DAYS, progress: Progress = None, jobs: int = 1,
          min_confidence: Confidence = Confidence.PROBABLE) -> AuditResult:
    """jobs > 1: parse large inputs in parallel processes (same result as jobs=1). min_confidence confirmed:
    probable findings are left out (counted in `probable_left_out`) before waivers apply."""
    with cyclic_gc_paused():
        return _audit(plan, selection, people, max_export_age_days, progress, jobs, min_confidence)


def _audit(plan: InputPlan, selection: Selection, people: People, max_export_age_days: int, progress: Progress,
           jobs: int, min_confidence: Confidence) -> AuditResult:
    library, as_of = selection.library, selection.as_of
    rules = rules_by_app(library, selection.packs)
    classifier = Classifier(Matcher(library.apps, library.companies), rules)
    read = read_all(plan, classifier, as_of, max_export_age_days, jobs, progress,
                    shared_texts(people.directory))
    records = list(read.records)  # the only reference: merging frees each device's records once it is made
    read = dataclasses.replace(read, records=())  # (and the tuple now: one table of records while merging)
    by_source, merge_problems = merge_devices(records, read.with_apps)
    owners = Owners(people)
    unreadable: List[Problem] = []
    matched, resembling = split_hits(read.hits)
    outside_scope: List[Hit] = []  # a banned app on a high-risk person's personal device no rule covers
    findings = evaluate(library, matched, by_source, rules, as_of, owners,
                        people.risk.matrix if people.risk else DEFAULT_MATRIX, unreadable,
                        {s.id: (s.binding, s.binds) for s in selection.summaries}, outside_scope)
    kept = [f for f in findings.values() if min_confidence == Confidence.PROBABLE or f.confidence == min_confidence]
    # The banned apps on high-risk people's personal devices first: they are the banned app itself.
    near_scope, scope_not_listed = near_misses(outside_scope, by_source)
    near_rest, rest_not_listed = near_misses(resembling, by_source)
    near, near_not_listed = near_scope + near_rest, scope_not_listed + rest_not_listed
    devices = sorted({d.key: d for d in by_source.values()}.values(), key=lambda d: d.key)
    aliases = dict(people.directory.domain_aliases) if people.directory else {}
    applied = apply_waivers(kept, people.waivers, as_of, aliases)
    directory_problems: List[Problem] = []
    if people.directory is not None:
        directory_problems = list(people.directory.problems) + unresolved_sponsors(people.directory)
        owners.check(devices)  # every owner is checked against the directory, not only those with findings
        directory_problems += directory_coverage_problems(people.directory, devices)
    # A device or owner that names nothing (a typo); else a waiver that names no device, owner or app at all.
    wide = wide_waiver_notes(people.waivers, applied.findings, as_of)
    waiver_notes = {w.id: matches_nothing(w, devices, aliases, people.directory) or wide.get(w.id, "")
                    for w in people.waivers}
    directory_problems += not_current_problems(devices, owners, as_of, max_export_age_days, read.problems)
    not_visible = sorted(((d, owners(d)) for d in devices if d.app_visibility != Visibility.FULL),
                         key=lambda pair: (pair[1].tier.rank, pair[0].key))
    return AuditResult(
        as_of=as_of, findings=tuple(sorted(applied.findings, key=sort_key)), devices=tuple(devices),
        sources=read.sources, problems=read.problems + tuple(merge_problems + unreadable + directory_problems
                                                             + owners.problems()
                                                             + [Problem(w.where, waiver_notes[w.id], None, False,
                                                                        ProblemKind.DATA)
                                                                for w in people.waivers if waiver_notes[w.id]]),
        packs=selection.summaries, classifications=len(classifier.classified),
        waivers=tuple(WaiverStatus(w.id, w.covers(), w.reason, w.approver, w.ticket, w.granted, w.expires, state, n,
                                   waiver_notes[w.id]) for w, state, n in applied.statuses),
        not_visible=tuple(not_visible), staff_directory=people.directory.source if people.directory else None,
        near_misses=near, near_misses_not_listed=near_not_listed, min_confidence=min_confidence,
        probable_left_out=len(findings) - len(kept))
