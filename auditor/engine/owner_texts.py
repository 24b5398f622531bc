"""One text for an owner's e-mail address and name, however many files name them.

A device's owner is read from the staff directory, from the device export and from the device columns of the
app rows: the same address and name three times, each its own text, all held from reading until devices are
merged (the peak of an audit's memory). A record whose owner is, character for character, a person the
directory holds takes the directory's texts instead: the same values, so nothing any stage reads changes."""
from __future__ import annotations

from typing import Callable

from auditor.model import DeviceRecord
from auditor.people import Directory

_set = object.__setattr__


def owner_texts(directory: Directory) -> Callable[[DeviceRecord], None]:
    """A function that points a just-read record's owner fields at the directory's equal texts. It changes
    records in place (a new record costs ten times as much): only records nothing else holds yet, as the read
    stage hands them on."""
    index = directory.index  # normalised identifier -> Person: an address already normalised is its own key

    def share(record: DeviceRecord) -> None:
        email, upn = record.owner_email, record.owner_upn
        person = index.get(email or upn) if email or upn else None
        if person is None:
            return
        held = person.email
        if email == held and email is not held:
            _set(record, "owner_email", held)
        if upn == held and upn is not held:
            _set(record, "owner_upn", held)
        name = record.owner_name
        if name and name == person.name and name is not person.name:
            _set(record, "owner_name", person.name)
    return share
