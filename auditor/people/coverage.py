"""How much of the fleet the staff directory names: a directory that matches no device owner (its identifier
columns renamed, HR and the management tool on different e-mail domains) would silently turn every owner
"unknown" (the CEO drops from P1 to P2, the minor child's section disappears) while the run reads as complete.

Decided here, once per run, after every device is read:
- no owner matched, or fewer than MIN_MATCHED_SHARE of them when the devices name at least MIN_OWNERS_FOR_SHARE
  owners: a FATAL problem (the run is incomplete) that names the identifier columns looked for and found, the
  header seen, sample owners from the devices and sample identifiers from the directory, and what to do
  (domain_aliases, or the columns in --staff-mapping);
- some owners unmatched: one data-quality note with the count (each unmatched owner is its own problem,
  auditor.people.owners) and, when the names before the @ agree, the domain_aliases that would match them.
Owners are counted once each (the identifier a device names first: UPN, e-mail, username), not per device."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Set, Tuple

from auditor.model import Device, Problem, ProblemKind
from auditor.people.directory import IDENTIFIER_FIELDS, Directory
from auditor.people.identity import normalise_identity
from auditor.textio.csvtable import looked_for

# A directory that matches fewer than this share of at least MIN_OWNERS_FOR_SHARE owners is as good as none
# (a handful of coincidental matches, e.g. usernames that happen to agree): the run is incomplete. Below that
# many owners only "none matched" is fatal: with five owners, one match is a directory that works.
MIN_MATCHED_SHARE = 0.10
MIN_OWNERS_FOR_SHARE = 20
SAMPLES = 5
_FIELD_WORDS = {"email": "e-mail", "upn": "UPN", "employee_id": "employee id", "username": "username"}


@dataclass(frozen=True)
class Coverage:
    """The device owners (distinct identifiers) the directory was asked about, and how many it named."""

    owners: int
    matched: int
    unmatched: Tuple[str, ...]  # the owners it did not name (normalised), sorted
    # (device e-mail domain, directory e-mail domain) -> owners whose name before the @ agrees
    domain_pairs: Tuple[Tuple[Tuple[str, str], int], ...]

    @property
    def fatal(self) -> bool:
        if self.owners == 0:
            return False
        if self.matched == 0:
            return True
        return self.owners >= MIN_OWNERS_FOR_SHARE and self.matched < MIN_MATCHED_SHARE * self.owners


def _owner_identity(device: Device) -> str:
    return (device.owner_upn or device.owner_email or device.owner_username).strip()


def coverage(directory: Directory, devices: Iterable[Device]) -> Coverage:
    matched: Set[str] = set()
    unmatched: Set[str] = set()
    for device in devices:
        ident = _owner_identity(device)
        if not ident:
            continue
        key = normalise_identity(ident, directory.domain_aliases)
        if key in matched or key in unmatched:
            continue
        person = directory.find(device.owner_upn, device.owner_email, device.owner_username)
        if person is None:
            unmatched.add(key)
        else:  # the directory's own text when the key is one of its identifiers: no copy per owner kept
            for identifier in person.identifiers:
                if identifier == key:
                    key = identifier
                    break
            matched.add(key)
    return Coverage(len(matched) + len(unmatched), len(matched), tuple(sorted(unmatched)),
                    _domain_pairs(directory, unmatched))


def _domain_pairs(directory: Directory, unmatched: Iterable[str]) -> Tuple[Tuple[Tuple[str, str], int], ...]:
    """Unmatched owners whose name before the @ is a directory e-mail's, by (their domain, the directory's)."""
    wanted: Dict[str, List[str]] = {}
    for owner in unmatched:
        local, at, domain = owner.rpartition("@")
        if at and local and domain:
            wanted.setdefault(local, []).append(domain)
    if not wanted:
        return ()
    pairs: Counter = Counter()
    for identifier in directory.index:  # every identifier once: a bounded pass, not one per owner
        local, at, domain = identifier.rpartition("@")
        if at and local in wanted:
            for owner_domain in wanted[local]:
                if owner_domain != domain:
                    pairs[(owner_domain, domain)] += 1
    return tuple(sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])))


def _samples(values: Iterable[str], limit: int = SAMPLES) -> str:
    shown = [repr(v if len(v) <= 60 else v[:57] + "...") for v in values]
    more = f" and {len(shown) - limit} more" if len(shown) > limit else ""
    return ", ".join(shown[:limit]) + more


def _aliases_hint(cov: Coverage) -> str:
    if not cov.domain_pairs:
        return ""
    (device_domain, directory_domain), n = cov.domain_pairs[0]
    return (f"; {n} of these owners match a directory e-mail on the name before the @, with {directory_domain!r} "
            f"instead of {device_domain!r}: add `domain_aliases: {{{device_domain}: {directory_domain}}}` to the "
            "--staff-mapping file (staff_mapping: in auditor.yaml)")


def _columns(directory: Directory) -> str:
    found = [f for f in IDENTIFIER_FIELDS if f in directory.fields]
    names = [n for f in IDENTIFIER_FIELDS for n in directory.mapping.get(f, ())]
    said = ", ".join(_FIELD_WORDS[f] for f in found) if found else "none"
    return f"identifier columns looked for: {looked_for(names)}; found: {said}; {directory.seen}"


def _directory_samples(directory: Directory) -> str:
    values = [i for person in directory.people[:SAMPLES] for i in person.identifiers[:2]]
    return _samples(values[:SAMPLES]) + (f" ({len(directory.people)} people)" if directory.people else "")


def coverage_problems(directory: Directory, cov: Coverage) -> List[Problem]:
    """The fatal problem of a directory that names (almost) nobody, or the note of a partial match."""
    if cov.owners == 0 or cov.matched == cov.owners:
        return []
    counts = f"the staff directory matched {cov.matched} of the {cov.owners} device owners"
    if cov.fatal:
        rule = ("none" if cov.matched == 0 else
                f"fewer than {MIN_MATCHED_SHARE:.0%} of at least {MIN_OWNERS_FOR_SHARE}")
        message = (f"{counts} ({rule}): every owner's risk tier is unknown, so high-risk people and their "
                   f"families are not ranked first; {_columns(directory)}; device owners, for example: "
                   f"{_samples(cov.unmatched)}; directory identifiers, for example: {_directory_samples(directory)}"
                   + (_aliases_hint(cov) or "; if HR and the devices use different e-mail domains, name them in "
                      "--staff-mapping as `domain_aliases: {device.domain: hr.domain}`; if the identifiers are in "
                      "other columns, name them there too (`columns: {email: [Work Email]}`)"))
        return [Problem(directory.source, message, None, True, ProblemKind.INPUT)]
    unmatched = cov.owners - cov.matched
    message = (f"{counts}; {unmatched} {'is' if unmatched == 1 else 'are'} not in it (tier unknown), for "
               f"example {_samples(cov.unmatched, 3)}" + _aliases_hint(cov))
    return [Problem(directory.source, message, None, False, ProblemKind.DATA)]


def directory_coverage_problems(directory: Optional[Directory], devices: Iterable[Device]) -> List[Problem]:
    """What the engine adds to a run's problems about its staff directory's coverage of the fleet."""
    if directory is None:
        return []
    return coverage_problems(directory, coverage(directory, devices))
