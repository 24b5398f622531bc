"""One text for a value read from several files: a device's id and name, its owner's e-mail address and name.

A device's owner is named by the staff directory, by the device export and by the device columns of the
app rows, and its id and name by both exports: each its own text, all held from reading until devices are
merged (the peak of an audit's memory). A record takes the texts already held for the same values instead:
the directory's for an owner who is, character for character, a person it lists; an earlier record's of the
same tool and device id for that id and the device's name. Only equal texts are swapped, so nothing any stage
reads changes."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from auditor.model import DeviceRecord, SourceRef
from auditor.people import Directory

# Each record's field stored through its slot (the records are frozen; nothing holds them yet).
_store_device_id = SourceRef.__dict__["device_id"].__set__
_store_name = DeviceRecord.__dict__["name"].__set__
_store_email = DeviceRecord.__dict__["owner_email"].__set__
_store_upn = DeviceRecord.__dict__["owner_upn"].__set__
_store_owner_name = DeviceRecord.__dict__["owner_name"].__set__


def shared_texts(directory: Optional[Directory]) -> Callable[[DeviceRecord], None]:
    """A function that points a just-read record's texts at equal texts already held. It changes records in
    place (a new record costs ten times as much), as the read stage hands them on: before anything else
    holds them. Its memo of the first record of each device lives as long as the function (the read stage)."""
    index = directory.index if directory is not None else {}  # normalised identifier -> Person
    first: Dict[str, Dict[str, DeviceRecord]] = {}  # tool -> device id -> its first record
    current: List[Any] = [None, {}]  # the last record's tool and its dict in `first` (records come a tool at a time)

    def share(record: DeviceRecord) -> None:
        ref = record.source
        if ref.tool is current[0]:
            in_tool = current[1]
        else:
            in_tool = current[1] = first.setdefault(ref.tool, {})
            current[0] = ref.tool
        earlier = in_tool.setdefault(ref.device_id, record)
        if earlier is not record:
            held_id = earlier.source.device_id
            if ref.device_id is not held_id:
                _store_device_id(ref, held_id)
            name = record.name
            if name and name is not earlier.name and name == earlier.name:
                _store_name(record, earlier.name)
        email, upn = record.owner_email, record.owner_upn
        key = email or upn  # an address already normalised is its key
        if not key:
            return
        person = index.get(key)
        if person is None:
            return
        held = person.email
        if email is not held and email == held:
            _store_email(record, held)
        if upn is not held and upn == held:
            _store_upn(record, held)
        name = record.owner_name
        if name and name is not person.name and name == person.name:
            _store_owner_name(record, person.name)
    return share
