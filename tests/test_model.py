"""model.fast_init: the records made once per device build the same instances as their dataclass would."""
from __future__ import annotations

import dataclasses
import pickle
from typing import Tuple

import pytest

from auditor.model import (Device, DeviceRecord, Enrollment, Evidence, InstalledApp, Owner, Ownership, Platform,
                           SourceRef, Tier, Visibility, fast_init)
from auditor.people.directory import Person

FAST = (SourceRef, DeviceRecord, Device, Evidence, InstalledApp, Owner, Person)


def _twin(cls: type) -> type:
    """The same dataclass without fast_init: what the records must equal."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default) if f.default is not dataclasses.MISSING
               else dataclasses.field()) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, fields, frozen=True, slots=True)


def _values(cls: type) -> Tuple[object, ...]:
    samples = {"str": "x", "Optional[str]": "y", "int": 3, "bool": True, "Platform": Platform.IOS,
               "Ownership": Ownership.PERSONAL, "Enrollment": Enrollment.UNKNOWN, "Visibility": Visibility.FULL,
               "Tier": Tier.CRITICAL, "SourceRef": SourceRef("intune", "1", "f.csv"),
               "Evidence": Evidence("f.csv", "2", "intune")}
    return tuple(samples.get(f.type, (f.name,)) for f in dataclasses.fields(cls))


@pytest.mark.parametrize("cls", FAST, ids=lambda c: c.__name__)
def test_fast_init_builds_what_the_dataclass_builds(cls: type) -> None:
    twin = _twin(cls)
    values = _values(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    made, expected = cls(*values), twin(*values)
    assert [getattr(made, n) for n in names] == [getattr(expected, n) for n in names]
    assert cls(**dict(zip(names, values))) == made  # by keyword too
    assert hash(made) == hash(cls(*values))
    assert pickle.loads(pickle.dumps(made)) == made  # --jobs sends records between processes
    required = [f.name for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    minimal = cls(*values[:len(required)])  # the defaults are the dataclass's
    assert [getattr(minimal, n) for n in names] == [getattr(twin(*values[:len(required)]), n) for n in names]
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], values[0])
    with pytest.raises(TypeError):
        cls(*values, "one too many")
    if required:
        with pytest.raises(TypeError):
            cls()


def test_fast_init_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(slots=True)
    class NotFrozen:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: Tuple[int, ...] = dataclasses.field(default_factory=tuple)

    for cls in (NoSlots, NotFrozen, Factory):
        with pytest.raises(TypeError):
            fast_init(cls)
