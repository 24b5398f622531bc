"""Which packs a run evaluates, each pack's status on the run's as-of date, and whether it binds the
organisation or is adopted by it as its own policy: decided here, once per run, and carried in the PackSummary
every output and the exit code read."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from auditor.errors import PolicyError
from auditor.model import Binding, PackSummary
from auditor.policy.binds import (BOUND_ONLY, parts, ORGANISATION_POLICY, TRANSACTION, OrgProfile, describe_binds,
                                  org_profile, role_of)
from auditor.policy.library import Library, load_library
from auditor.policy.packs import IN_FORCE, Pack, status_text
from auditor.textio.inputs import sha256_file
from auditor.textio.suggest import did_you_mean

# The jurisdictions whose default packs an organisation adopts when --jurisdiction is not given and its type
# names no place (private, federal-agency, federal-contractor, ...).
DEFAULT_JURISDICTIONS = ("US",)
# Codes people type for a jurisdiction, and the code the packs use (the ISO 3166-1 code of the UK is GB).
_ALIASES = {"uk": "gb"}
_CODE = re.compile(r"^[A-Za-z]{2}(?:-[A-Za-z0-9]{1,3})?$")  # ISO 3166-1 alpha-2, or ISO 3166-2 (US-TX)
_ALPHA3 = {"usa": "US", "gbr": "GB", "can": "CA", "aus": "AU", "ind": "IN", "kor": "KR", "twn": "TW", "nzl": "NZ",
           "cze": "CZ", "bel": "BE", "nld": "NL", "deu": "DE", "fra": "FR"}


def statuses_on(library: Library, as_of: dt.date) -> Dict[str, str]:
    """Every pack's status on a date (Pack.status_on reads its history): the one call per run."""
    return {pack_id: pack.status_on(as_of) for pack_id, pack in library.packs.items()}


def binding_of(pack: Pack, org: OrgProfile) -> Binding:
    """THE rule: a pack binds the organisation when one of its `binds` values reaches one of the organisation's
    types, or when it is the organisation's own policy; otherwise the organisation adopts it as its policy."""
    if ORGANISATION_POLICY in pack.binds or any(value in org.bound_by for value in pack.binds):
        return Binding.BINDING
    return Binding.ADOPTED


def reaches(pack: Pack, org: OrgProfile) -> bool:
    """An instrument that names this kind of organisation (not merely its own policy template)."""
    return any(value in org.bound_by for value in pack.binds)


def default_jurisdictions(org: OrgProfile) -> Tuple[str, ...]:
    """Without --jurisdiction: the country of the organisation's type (US for state-agency:US-TX, AU for
    national-government:AU), else US."""
    country = org.country()
    return (country,) if country else DEFAULT_JURISDICTIONS


@dataclass(frozen=True)
class PackDecision:
    """What a default audit (no --policy) does with one pack, and why, in words (`auditor policies list`)."""

    pack: Pack
    status: str
    binding: Binding
    selected: bool
    why: str
    only_when_named: bool = False  # in force, but by its kind (transaction ban, contract clause, default: false)


def _folded(code: str) -> str:
    code = code.strip().casefold()
    return _ALIASES.get(code, code)


def _country(jurisdiction: str) -> str:
    """The country part of a jurisdiction code, folded: 'us' for US-TX."""
    return _folded(jurisdiction).split("-")[0]


def _is_code(jurisdiction: str) -> bool:
    return bool(_CODE.match(jurisdiction.strip()))


def known_jurisdictions(library: Library) -> Dict[str, str]:
    """The jurisdiction codes --jurisdiction accepts, folded -> as the packs write them: the ISO codes packs
    give (an organisation's own pack may name the organisation there instead: that is not a code)."""
    return {_folded(p.jurisdiction): p.jurisdiction for p in library.packs.values() if _is_code(p.jurisdiction)}


def check_jurisdictions(library: Library, jurisdictions: Sequence[str]) -> Tuple[str, ...]:
    """The codes, folded for comparison; PolicyError (exit 2) naming an unknown code and the known ones: a
    typo never quietly selects nothing."""
    known = known_jurisdictions(library)
    out = []
    for code in jurisdictions:
        folded = _folded(code)
        if folded != "all" and folded not in known:
            alpha2 = _ALPHA3.get(folded)
            hint = f" (did you mean {alpha2}?)" if alpha2 and _folded(alpha2) in known else \
                did_you_mean(code, known.values())
            raise PolicyError(f"jurisdiction {code!r} (--jurisdiction, or `jurisdictions:` in the configuration): "
                              f"no pack has this jurisdiction{hint}; known: "
                              f"{', '.join(sorted(set(known.values())))}, or 'all' (UK is read as GB)")
        out.append(folded)
    return tuple(out)


def check_org(library: Library, org: OrgProfile) -> None:
    """PolicyError (exit 2) when an organisation type names a place or a body that no pack of the library
    binds or names (`state-agency:US-TXX`, `federal-agency@nasaa`): the type is well formed, but it would
    quietly match nothing, and the audit would leave out every rule that binds the organisation."""
    places = {parts(v)[1] for p in library.packs.values() for v in p.binds} | {
        p.jurisdiction for p in library.packs.values() if _is_code(p.jurisdiction)}
    bodies = {parts(v)[2] for p in library.packs.values() for v in p.binds}
    places.discard("")
    bodies.discard("")
    for org_type in org.types:
        _, place, body = parts(org_type)
        where = f"org type {org_type!r} (--org-type, or `org_type:` in the configuration)"
        if place and place not in places:
            country = place.split("-")[0]
            raise PolicyError(
                f"{where}: no pack binds or names {place}{did_you_mean(place, places)}; known places: "
                f"{', '.join(sorted(places))}. If the library holds no instrument of {place}, none binds you: "
                f"use --org-type private (or national-government:{country} and the like), or add your own pack")
        if body and body not in bodies:
            raise PolicyError(f"{where}: no pack binds '@{body}'{did_you_mean(body, bodies)}; known bodies: "
                              f"{', '.join(sorted(bodies)) or 'none'}")


def decide(library: Library, as_of: dt.date, org: OrgProfile, jurisdictions: Sequence[str] = (),
           statuses: Optional[Mapping[str, str]] = None) -> Tuple[PackDecision, ...]:
    """For every pack, sorted by id: is a default audit evaluating it, does it bind the organisation, and why.
    THE decision table (docs/policy-format.md, "Which packs an audit evaluates"), for a pack in force on the
    as-of date:
    - a transaction ban (binds app stores and hosts, or a vendor and its resellers: binds.TRANSACTION) bars
      what a device inventory cannot show: evaluated only when named, for every organisation;
    - the organisation's own policy (`organisation-policy`) is evaluated unless it says `default: false`;
    - a device rule that binds the organisation's type is evaluated (binding), whatever its `default`, when
      its jurisdiction is in the organisation's country or a selected one;
    - a contract clause (federal-contractors: binds.BOUND_ONLY) is evaluated only where it binds;
    - any other device rule with `default: true` of a selected jurisdiction is adopted as the organisation's
      policy.
    Jurisdictions and the organisation's places and bodies are checked first."""
    check_org(library, org)
    statuses = statuses if statuses is not None else statuses_on(library, as_of)
    known = {_folded(j) for j in known_jurisdictions(library)}
    if jurisdictions:
        wanted = set(check_jurisdictions(library, jurisdictions))
    else:  # the organisation's own country: a country no pack names adds nothing (its binding packs still count)
        wanted = {_folded(j) for j in default_jurisdictions(org)} & known
    shown = ", ".join(jurisdictions or default_jurisdictions(org))
    # A pack that names the organisation's type binds it in its own country and in any selected: an Indian
    # blocking order binds Indian app stores, not a US one.
    home = {_country(j) for j in default_jurisdictions(org)} | {_country(j) for j in wanted}
    decisions = []
    for pack in sorted(library.packs.values(), key=lambda p: p.id):
        status, binding = statuses[pack.id], binding_of(pack, org)
        role, role_why = role_of(pack.binds)
        in_jurisdiction = "all" in wanted or _folded(pack.jurisdiction) in wanted
        named_only = False
        if status != IN_FORCE:
            selected, why = False, status_text(status, pack.status_since(as_of))
        elif role == TRANSACTION:
            selected, why, named_only = False, f"only when named: {role_why}", True
        elif ORGANISATION_POLICY in pack.binds:  # the organisation's own, whatever --jurisdiction says
            selected, why = pack.default, "your own policy" if pack.default else "only when named (default: false)"
            named_only = not pack.default
        elif reaches(pack, org) and ("all" in wanted or _country(pack.jurisdiction) in home):
            selected, why = True, f"binds {describe_binds(pack.binds)}"
        elif role == BOUND_ONLY:
            selected, why, named_only = False, f"only when named: {role_why}", True
        elif not pack.default:
            selected, why = False, f"only when named (default: false; binds {describe_binds(pack.binds)})"
            named_only = True
        elif in_jurisdiction:
            selected, why = True, f"adopted: a default pack of {pack.jurisdiction or 'no jurisdiction'}"
        else:
            selected, why = False, f"jurisdiction {pack.jurisdiction} not selected ({shown})"
        decisions.append(PackDecision(pack, status, binding, selected, why, named_only))
    return tuple(decisions)


@dataclass(frozen=True)
class Selection:
    """The library, the packs a run evaluates and what the run says of each (status that day, whether it binds
    the organisation, file, sha256)."""

    library: Library
    packs: Tuple[Pack, ...]
    summaries: Tuple[PackSummary, ...]
    as_of: dt.date
    org: OrgProfile = org_profile()


def select(policy_refs: Sequence[str], as_of: dt.date, jurisdictions: Sequence[str] = (),
           org_types: Sequence[str] = ()) -> Selection:
    """The library (plus the pack files named) and the packs an audit evaluates. Raises PolicyError."""
    org = org_profile(org_types)
    files = [Path(ref) for ref in policy_refs if ref.endswith((".yaml", ".yml")) or Path(ref).is_file()]
    library = load_library(files)
    statuses = statuses_on(library, as_of)
    packs = select_packs(library, policy_refs, as_of, jurisdictions, statuses, org)
    return _selection(library, packs, as_of, statuses, org)


def selection_of(library: Library, packs: Sequence[Pack], as_of: dt.date,
                 org: Optional[OrgProfile] = None) -> Selection:
    """A selection of packs already chosen (tests, the example generator); a private organisation by default."""
    return _selection(library, packs, as_of, statuses_on(library, as_of), org or org_profile())


def _selection(library: Library, packs: Sequence[Pack], as_of: dt.date, statuses: Mapping[str, str],
               org: OrgProfile) -> Selection:
    summaries = tuple(PackSummary(
        id=p.id, title=p.title, citation=p.citation, url=p.url, status=statuses[p.id], jurisdiction=p.jurisdiction,
        authority=p.authority, instrument=p.instrument, rules=len(p.rules), apps=len(library.pack_apps(p)),
        file=p.file, sha256=sha256_file(library.pack_files[p.id]), binds=", ".join(p.binds),
        binding=binding_of(p, org), status_since=p.status_since(as_of)) for p in packs)
    return Selection(library, tuple(packs), summaries, as_of, org)


def select_packs(library: Library, requested: Iterable[str], as_of: dt.date, jurisdictions: Sequence[str] = (),
                 statuses: Optional[Mapping[str, str]] = None, org: Optional[OrgProfile] = None) -> List[Pack]:
    """Packs named (by id or file) are evaluated whatever their status. With none named: the packs `decide`
    selects, so a revoked pack is still evaluated for a date when it was in force. One install may be banned by
    several instruments (federal and state): each is its own finding, with its own deadline. A selection of
    nothing is a PolicyError (exit 2), never a clean run."""
    org = org or org_profile()
    requested = list(requested)
    if requested:
        check_jurisdictions(library, jurisdictions)  # (`decide` checks them when none is named)
        check_org(library, org)
        chosen = []
        for ref in requested:
            pack = library.packs.get(ref) or _pack_by_file(library, ref)
            if pack is None:
                known = ", ".join(sorted(library.packs))
                raise PolicyError(f"pack {ref!r} (--policy, or `policies:` in the configuration): no such pack id "
                                  f"or pack file{did_you_mean(ref, library.packs)} (known ids: {known})")
            if pack not in chosen:
                chosen.append(pack)
        return chosen
    decisions = decide(library, as_of, org, jurisdictions, statuses)
    chosen = [d.pack for d in decisions if d.selected]
    if not chosen:
        where = ", ".join(jurisdictions or default_jurisdictions(org))
        wanted = {_folded(j) for j in (jurisdictions or default_jurisdictions(org))}
        named = [f"{d.pack.id} ({d.why})" for d in decisions if d.only_when_named
                 and ("all" in wanted or _folded(d.pack.jurisdiction) in wanted)]
        only = f" In force there, evaluated only when named: {'; '.join(named)}." if named else ""
        raise PolicyError(f"no pack to evaluate: on {as_of.isoformat()} no pack in force binds a '{org}' "
                          f"organisation or is a default pack of jurisdiction {where}; name packs with --policy, or "
                          f"see `auditor policies list --as-of {as_of.isoformat()} --org-type {org.types[0]}`.{only}")
    return chosen


def _pack_by_file(library: Library, ref: str) -> Optional[Pack]:
    path = Path(ref)
    if not path.exists():
        return None
    for pack_id, file in library.pack_files.items():
        if file.resolve() == path.resolve():
            return library.packs[pack_id]
    return None
