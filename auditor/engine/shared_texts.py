"""One text for a value read from several files: a device's id and name, its owner's e-mail address and name.

A device's owner is named by the staff directory, by the device export and by the device columns of the
app rows, and its id and name by both exports: each its own text, all held from reading until devices are
merged (the peak of an audit's memory). A record takes the texts already held for the same values instead:
the directory's for an owner who is, character for character, a person it lists; an earlier record's of the
same tool and device id for that id and the device's name. Only equal texts are swapped, so nothing any stage
reads changes."""
from __future__ import annotations

from typing import Callable, Dict, Optional

from auditor.model import DeviceRecord
from auditor.people import Directory

_set = object.__setattr__


def shared_texts(directory: Optional[Directory]) -> Callable[[DeviceRecord], None]:
    """A function that points a just-read record's texts at equal texts already held. It changes records in
    place (a new record costs ten times as much), as the read stage hands them on: before anything else
    holds them. Its memo of the first record of each device lives as long as the function (the read stage)."""
    index = directory.index if directory is not None else {}  # normalised identifier -> Person
    first: Dict[str, Dict[str, DeviceRecord]] = {}  # tool -> device id -> its first record

    def share(record: DeviceRecord) -> None:
        ref = record.source
        in_tool = first.get(ref.tool)
        if in_tool is None:
            in_tool = first[ref.tool] = {}
        earlier = in_tool.setdefault(ref.device_id, record)
        if earlier is not record:
            held_id = earlier.source.device_id
            if ref.device_id is not held_id:
                _set(ref, "device_id", held_id)
            name = record.name
            if name and name == earlier.name and name is not earlier.name:
                _set(record, "name", earlier.name)
        email, upn = record.owner_email, record.owner_upn
        person = index.get(email or upn) if email or upn else None  # an address already normalised is its key
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
