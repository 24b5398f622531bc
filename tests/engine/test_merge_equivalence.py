"""merge_devices groups records exactly as the union-find over tuple keys it replaced (kept here as the
reference): the same devices for the same sources, the same problems in the same order, on generated fleets
where serials, hardware ids and device ids join and chain records across tools."""
from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

import pytest
from hypothesis import given, strategies as st

from auditor.engine import merge
from auditor.model import Device, DeviceRecord, Ownership, Platform, Problem, SourceRef
from tests.property.settings import profile


def reference(records: Iterable[DeviceRecord]) -> Tuple[Dict[Tuple[str, str], Device], List[Problem]]:
    parent: Dict[tuple, tuple] = {}

    def find(key: tuple) -> tuple:
        parent.setdefault(key, key)
        while parent[key] != key:
            key = parent[key]
        return key

    def union(a: tuple, b: tuple) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_source: Dict[Tuple[str, str], List[DeviceRecord]] = {}
    for record in records:
        skey = ("src", record.source.tool, record.source.device_id)
        find(skey)
        by_source.setdefault((record.source.tool, record.source.device_id), []).append(record)
        if record.serial:
            union(skey, ("serial", record.serial))
        for kind, value in record.hardware_ids:
            union(skey, ("hw", kind, value))
    groups: Dict[tuple, List[Tuple[str, str]]] = {}
    for source_key in by_source:
        groups.setdefault(find(("src",) + source_key), []).append(source_key)
    devices: Dict[Tuple[str, str], Device] = {}
    problems: List[Problem] = []
    for members in groups.values():
        device, conflicts = merge._combine([r for m in sorted(members) for r in by_source[m]])
        problems.extend(conflicts)
        for member in members:
            devices[member] = device
    return devices, problems


RECORD = st.builds(
    lambda tool, device_id, serial, hw, authoritative, email, name, platform, ownership, file: DeviceRecord(
        SourceRef(tool, device_id, file), name=name, serial=serial, platform=platform, ownership=ownership,
        owner_email=email, hardware_ids=tuple(sorted(set(hw))), authoritative=authoritative),
    st.sampled_from(["intune", "jamf", "defender", "fleet"]), st.sampled_from(["1", "2", "3", "4", "5"]),
    st.sampled_from(["", "", "S1", "S2", "S3"]),
    st.lists(st.tuples(st.sampled_from(["entra", "udid"]), st.sampled_from(["a", "b", "c"])), max_size=2),
    st.booleans(), st.sampled_from(["", "ana@example.com", "bo@example.com"]), st.sampled_from(["", "PC-1", "pc-2"]),
    st.sampled_from([Platform.OTHER, Platform.WINDOWS, Platform.IOS]),
    st.sampled_from([Ownership.UNKNOWN, Ownership.PERSONAL]), st.sampled_from(["a.csv", "b.json"]))


@profile(300)
@given(records=st.lists(RECORD, max_size=14))
def test_the_same_devices_and_problems_as_the_reference(records: List[DeviceRecord]) -> None:
    devices, problems = merge.merge_devices(iter(records))
    expected_devices, expected_problems = reference(records)
    # The same device for every source (the order of sources is no contract: lookups are by source, and the
    # audit sorts devices by key); each device object shared by all its sources, as the reference shares it.
    assert dict(devices.items()) == expected_devices and len(devices) == len(expected_devices)
    assert all((devices[k] is devices[m]) == (expected_devices[k] is expected_devices[m])
               for k in devices for m in devices)
    assert problems == expected_problems


def test_devices_by_source_answers_as_a_dict_keyed_by_pairs() -> None:
    records = [DeviceRecord(source=SourceRef("intune", "a", "a.csv"), serial="S1"),
               DeviceRecord(source=SourceRef("jamf", "b", "b.json"), serial="S1"),
               DeviceRecord(source=SourceRef("intune", "c", "a.csv"))]
    devices, _ = merge.merge_devices(records)
    plain = dict(devices.items())
    assert len(plain) == len(devices) == 3 and devices == plain and plain == devices
    assert sorted(d.key for d in devices.values()) == sorted(d.key for d in plain.values())
    assert devices[("intune", "a")] is devices[("jamf", "b")] is not devices[("intune", "c")]
    for key in [("intune", "x"), ("nobody", "a"), ("intune", "a", "x"), "ia", ("intune",), ["intune", "a"]]:
        assert devices.get(key) is None and key not in devices  # type: ignore[arg-type]
        with pytest.raises(KeyError):
            devices[key]  # type: ignore[index]
    assert ("intune", "a") in devices and devices.get(("intune", "c")) is plain[("intune", "c")]
