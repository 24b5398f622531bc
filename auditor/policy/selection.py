"""Which packs a run evaluates, and each pack's status on the run's as-of date: computed here, once per run,
and carried in the PackSummary every output and the exit code read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from auditor.errors import PolicyError
from auditor.model import PackSummary
from auditor.policy.library import Library, load_library
from auditor.policy.packs import IN_FORCE, Pack
from auditor.textio.inputs import sha256_file

DEFAULT_JURISDICTIONS = ("US",)


def statuses_on(library: Library, as_of: dt.date) -> Dict[str, str]:
    """Every pack's status on a date (Pack.status_on reads its history): the one call per run."""
    return {pack_id: pack.status_on(as_of) for pack_id, pack in library.packs.items()}


@dataclass(frozen=True)
class Selection:
    """The library, the packs a run evaluates and what the run says of each (status that day, file, sha256)."""

    library: Library
    packs: Tuple[Pack, ...]
    summaries: Tuple[PackSummary, ...]
    as_of: dt.date


def select(policy_refs: Sequence[str], as_of: dt.date,
           jurisdictions: Sequence[str] = DEFAULT_JURISDICTIONS) -> Selection:
    """The library (plus the pack files named) and the packs an audit evaluates. Raises PolicyError."""
    files = [Path(ref) for ref in policy_refs if ref.endswith((".yaml", ".yml")) or Path(ref).is_file()]
    library = load_library(files)
    statuses = statuses_on(library, as_of)
    return _selection(library, select_packs(library, policy_refs, as_of, jurisdictions, statuses), as_of, statuses)


def selection_of(library: Library, packs: Sequence[Pack], as_of: dt.date) -> Selection:
    """A selection of packs already chosen (tests, the example generator)."""
    return _selection(library, packs, as_of, statuses_on(library, as_of))


def _selection(library: Library, packs: Sequence[Pack], as_of: dt.date, statuses: Mapping[str, str]) -> Selection:
    summaries = tuple(PackSummary(
        id=p.id, title=p.title, citation=p.citation, url=p.url, status=statuses[p.id], jurisdiction=p.jurisdiction,
        authority=p.authority, instrument=p.instrument, rules=len(p.rules), apps=len(library.pack_apps(p)),
        file=p.file, sha256=sha256_file(library.pack_files[p.id])) for p in packs)
    return Selection(library, tuple(packs), summaries, as_of)


def select_packs(library: Library, requested: Iterable[str], as_of: dt.date,
                 jurisdictions: Sequence[str] = DEFAULT_JURISDICTIONS,
                 statuses: Optional[Mapping[str, str]] = None) -> List[Pack]:
    """Packs named (by id or file) are evaluated whatever their status. With none named: every default
    pack of the given jurisdictions (`all`: every jurisdiction) that is in force on the as-of date, so a
    revoked pack is still evaluated for a date when it was in force. One install may be banned by
    several instruments (federal and state): each is its own finding, with its own deadline."""
    requested = list(requested)
    if requested:
        chosen = []
        for ref in requested:
            pack = library.packs.get(ref) or _pack_by_file(library, ref)
            if pack is None:
                known = ", ".join(sorted(library.packs))
                raise PolicyError(f"--policy {ref}: no such pack id or pack file (known ids: {known})")
            if pack not in chosen:
                chosen.append(pack)
        return chosen
    statuses = statuses if statuses is not None else statuses_on(library, as_of)
    wanted = {j.casefold() for j in jurisdictions}
    return [p for p in sorted(library.packs.values(), key=lambda p: p.id)
            if p.default and statuses[p.id] == IN_FORCE
            and ("all" in wanted or p.jurisdiction.casefold() in wanted)]


def _pack_by_file(library: Library, ref: str) -> Optional[Pack]:
    path = Path(ref)
    if not path.exists():
        return None
    for pack_id, file in library.pack_files.items():
        if file.resolve() == path.resolve():
            return library.packs[pack_id]
    return None
