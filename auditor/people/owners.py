"""Device -> Owner: the staff directory's person with their risk tier, or an unknown owner; and the
data-quality problems of owners the directory does not know (or devices nobody owns)."""
from __future__ import annotations

from typing import Dict, Iterable, List, Optional, Set

from auditor.model import Device, Owner, Problem, ProblemKind, Tier
from auditor.people.directory import Person, sponsors
from auditor.people.files import People
from auditor.people.risk import Assessment, assess


def unknown_owner(email: str, name: str) -> Owner:
    """The one way an owner the staff directory cannot name is built: what the inventory says, tier unknown."""
    return Owner(email=email or None, name=name or None, tier=Tier.UNKNOWN, reasons=())


def known_owner(person: Person, assessment: Assessment, fallback_email: str, fallback_name: str,
                sponsor: Optional[Person]) -> Owner:
    return Owner(email=person.email or fallback_email or None, name=person.name or fallback_name or None,
                 tier=assessment.tier, reasons=assessment.reasons, title=person.title,
                 department=person.department, sponsor=sponsor.label if sponsor else "",
                 relationship=person.relationship, sponsor_title=sponsor.title if sponsor else "")


class Owners:
    """Device -> Owner through the staff directory, once per device; collects unmatched owners."""

    def __init__(self, people: People) -> None:
        self.directory = people.directory
        self.assessments = assess(people.risk, people.directory) if people.directory and people.risk else {}
        self.sponsors = sponsors(people.directory) if people.directory else {}
        self._cache: Dict[str, Owner] = {}
        # Each device's owner is recorded (unmatched, ownerless) once: by a lookup before check() (the devices
        # with findings), then by check() for every other device of the fleet. A set of every device looked up
        # would cost 4 MB at 100,000 devices, at the audit's peak; only the few looked up before check() are kept.
        self._recorded: Set[str] = set()
        self._checked = False
        self.unmatched: Dict[str, List[str]] = {}
        self.ownerless: List[str] = []

    def __call__(self, device: Device) -> Owner:
        owner = self._cache.get(device.key)
        if owner is None:
            owner = self._cache[device.key] = self._resolve(device, self._person(device))
        return owner

    def check(self, devices: Iterable[Device]) -> None:
        """Looks every device's owner up in the directory (an owner it does not know, or a device without one, is
        a problem), without keeping an Owner for devices no output lists. Once, with the fleet's devices, each
        key once (auditor.engine.audit); a lookup after it records nothing more."""
        if self._checked:
            return  # (a second check would record every device again)
        if self.directory is not None:
            recorded = self._recorded
            for device in devices:
                if device.key not in recorded:
                    self._record(device, self.directory.find(device.owner_upn, device.owner_email,
                                                             device.owner_username))
        self._checked = True
        self._recorded = set()

    def _person(self, device: Device) -> Optional[Person]:
        """The device's owner in the directory; before check(), recorded as unmatched (or ownerless) the first
        time."""
        if self.directory is None:
            return None
        person = self.directory.find(device.owner_upn, device.owner_email, device.owner_username)
        if not self._checked and device.key not in self._recorded:
            self._recorded.add(device.key)
            self._record(device, person)
        return person

    def _record(self, device: Device, person: Optional[Person]) -> None:
        if person is None:
            ident = device.owner_upn or device.owner_email or device.owner_username
            if ident:
                self.unmatched.setdefault(ident, []).append(device.key)
            else:
                self.ownerless.append(device.key)

    def _resolve(self, device: Device, person: Optional[Person]) -> Owner:
        fallback_email = device.owner_email or device.owner_upn
        if person is None:
            return unknown_owner(fallback_email, device.owner_name)
        assessment = self.assessments.get(id(person))
        if assessment is None:  # in the directory, but no risk rules were given: no tier to tell
            return unknown_owner(fallback_email, device.owner_name)
        return known_owner(person, assessment, fallback_email, device.owner_name, self.sponsors.get(id(person)))

    def problems(self) -> List[Problem]:
        if self.directory is None:
            return []
        out = [Problem(self.directory.source, f"owner {ident!r} of {_some(keys)} is not in the staff directory "
                                              "(tier unknown)", None, False, ProblemKind.DATA)
               for ident, keys in sorted(self.unmatched.items())]
        if self.ownerless:
            count = len(self.ownerless)
            out.append(Problem("devices", f"{count} {'device has' if count == 1 else 'devices have'} no owner in any "
                                          f"source: {_some(self.ownerless)}", None, False, ProblemKind.DATA))
        return out


def _some(keys: List[str], shown: int = 5) -> str:
    text = ", ".join(keys[:shown])
    return f"devices {text} and {len(keys) - shown} more" if len(keys) > shown else f"device{'s' if len(keys) > 1 else ''} {text}"
