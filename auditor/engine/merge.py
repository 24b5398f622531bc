"""One device per physical device: records joined on the tool's own device id, then across tools on
serial number and hardware ids (Entra device id, UDID, IMEI, ...). Never on a name alone."""
from __future__ import annotations

from array import array
from typing import Any, Dict, Iterable, Iterator, List, Mapping, MutableSequence, Optional, Set, Tuple, ValuesView

from auditor.model import (Device, DeviceRecord, Enrollment, Ownership, Platform, Problem, ProblemKind, SourceRef,
                           Visibility)
from auditor.sources import rounded_number, visibility_of

SourceKey = Tuple[str, str]  # (tool, device id in that tool)
_VISIBILITY_RANK = {Visibility.NONE: 0, Visibility.MANAGED_ONLY: 1, Visibility.FULL: 2}


_MISSING: Any = object()


class DevicesBySource(Mapping[SourceKey, Device]):
    """(tool, device id in that tool) -> its device: a dict of device ids per tool, not one dict keyed by pairs (a
    key tuple per source is 64 bytes: 6 MB at 100,000 devices, held from merging until the findings are made,
    at the audit's peak). Looked up with a pair as any mapping."""

    def __init__(self) -> None:
        self._tools: Dict[str, Dict[str, Device]] = {}

    def add(self, tool: str, device_id: str, device: Device) -> None:
        in_tool = self._tools.get(tool)
        if in_tool is None:
            in_tool = self._tools[tool] = {}
        in_tool[device_id] = device

    def __getitem__(self, key: SourceKey) -> Device:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def get(self, key: SourceKey, default: Any = None) -> Any:
        """The device of a (tool, device id) pair; `default` for anything else, as a dict keyed by pairs."""
        if type(key) is not tuple or len(key) != 2:
            return default
        in_tool = self._tools.get(key[0])
        return default if in_tool is None else in_tool.get(key[1], default)

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[SourceKey]:
        return ((tool, device_id) for tool, in_tool in self._tools.items() for device_id in in_tool)

    def __len__(self) -> int:
        return sum(len(in_tool) for in_tool in self._tools.values())

    def values(self) -> ValuesView[Device]:
        return _Values(self)


class _Values(ValuesView):  # type: ignore[type-arg]
    """The devices of each source, without a pair made per source."""

    def __init__(self, mapping: DevicesBySource) -> None:
        super().__init__(mapping)
        self._by_source = mapping

    def __iter__(self) -> Iterator[Device]:
        for in_tool in self._by_source._tools.values():
            yield from in_tool.values()


def _root(parent: MutableSequence[int], n: int) -> int:
    root = n
    while parent[root] != root:
        root = parent[root]
    while parent[n] != root:  # path compression
        parent[n], n = root, parent[n]
    return root


def merge_devices(records: Iterable[DeviceRecord], with_apps: Optional[Mapping[str, Set[str]]] = None
                  ) -> Tuple[DevicesBySource, List[Problem]]:
    """with_apps: tool -> the device ids that had at least one app row; a device none of whose sources listed
    any app (seen only in a device list) has visibility none: nothing is known of its apps. The records are
    kept only until their device is made: given a list (emptied as devices are made: its records are freed
    device by device) or an iterator."""
    # Union-find over source numbers (a source: one tool's device id); a serial or hardware id joins the
    # sources that carry it to the first source that did. The index is what the merge adds to the peak of an
    # audit (it is built while every record is held), so it is kept flat: per tool a dict of device ids, and
    # per source its tool, its id and its records as a chain through one list (no tuple or list per source). The
    # numbers are kept in arrays, not lists: a list holds an int object (32 bytes) for each number over 256, two
    # or three per record, about 13 MB at 100,000 devices that an array stores as 8 bytes each.
    numbers: Dict[str, Dict[str, int]] = {}  # tool -> device id -> source number
    tools: List[str] = []  # source number -> tool
    ids: List[str] = []  # source number -> device id
    parent: MutableSequence[int] = array("q")
    held: List[Optional[DeviceRecord]] = records if type(records) is list else list(records)  # until merged
    head: MutableSequence[int] = array("q")  # source number -> its first record in `held`
    tail: MutableSequence[int] = array("q")  # source number -> its last record in `held`
    chain: MutableSequence[int] = array("q")  # record -> the next record of its source, or -1
    first_with: Dict[object, int] = {}  # serial (a text) or hardware id (a tuple) -> the first source with it
    # A serial or hardware id a spreadsheet rounded (every phone's IMEI "3.56789E+14"): never a merge key, and
    # never a device's key (sources.vocab.rounded_number); noted once per kind.
    rounded: Dict[Tuple[str, str], Set[int]] = {}  # (kind, value) in scientific notation -> its sources
    rounded_in: Dict[str, Set[str]] = {}  # kind -> the files that hold such values
    last_tool, in_tool = None, {}
    for at, record in enumerate(held):
        ref = record.source  # type: ignore[union-attr]
        if ref.tool is not last_tool:  # (records come a tool at a time)
            last_tool = ref.tool
            in_tool = numbers.setdefault(ref.tool, {})
        n = in_tool.get(ref.device_id)
        chain.append(-1)
        if n is None:
            n = in_tool[ref.device_id] = len(ids)
            tools.append(ref.tool)
            ids.append(ref.device_id)
            head.append(at)
            tail.append(at)
            parent.append(n)
        else:
            chain[tail[n]] = at
            tail[n] = at
        if not record.serial and not record.hardware_ids:  # type: ignore[union-attr]
            continue
        for joined in ((record.serial,) if record.serial else ()) + record.hardware_ids:  # type: ignore[union-attr]
            if rounded_number(joined if type(joined) is str else joined[1]):
                kind_value = ("serial", joined) if type(joined) is str else joined
                rounded.setdefault(kind_value, set()).add(n)
                rounded_in.setdefault(kind_value[0], set()).add(ref.file)
                continue
            m = first_with.setdefault(joined, n)
            if m != n:
                a, b = _root(parent, m), _root(parent, n)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    del numbers, first_with, tail
    # A group's root is its first source (a union keeps the smaller number): groups in the order of their first
    # record; lists only for groups of more than one source.
    others: Dict[int, List[int]] = {}
    for n in range(len(ids)):
        if parent[n] != n:  # (most sources are their own group: no call for them)
            others.setdefault(_root(parent, n), []).append(n)
    devices = DevicesBySource()
    problems: List[Problem] = _rounded_problems(rounded, rounded_in, parent)
    for n in range(len(ids)):
        if parent[n] != n:
            continue
        members = [n] + others[n] if n in others else [n]
        if len(members) > 1:
            members.sort(key=lambda m: (tools[m], ids[m]))
        group: List[DeviceRecord] = []
        for m in members:
            at = head[m]
            while at >= 0:
                group.append(held[at])  # type: ignore[arg-type]
                held[at] = None  # this group's records are now only in `group`: freed once its device is made
                at = chain[at]
        device, conflicts = _combine(group, with_apps)
        problems.extend(conflicts)
        for member in (members if len(members) == 1 else [n] + others[n]):
            devices.add(tools[member], ids[member], device)
    return devices, problems


def _rounded_problems(rounded: Dict[Tuple[str, str], Set[int]], files_of: Dict[str, Set[str]],
                      parent: MutableSequence[int]) -> List[Problem]:
    """One data-quality note per kind of id a spreadsheet rounded (serial, imei, ...), with an example, the
    devices that carry one (a device seen by two tools counted once: its sources' group) and the files that
    hold it: such devices are merged on their other ids only."""
    if not rounded:
        return []
    by_kind: Dict[str, List[Tuple[str, str]]] = {}
    for kind, value in rounded:
        by_kind.setdefault(kind, []).append((kind, value))
    problems = []
    for kind, keys in sorted(by_kind.items()):
        count = len({_root(parent, n) for key in keys for n in rounded[key]})
        files = sorted(files_of[kind])
        example = keys[0][1] if len(keys[0][1]) <= 40 else keys[0][1][:37] + "..."
        name = kind.upper() if kind in ("imei", "meid", "udid") else kind
        problems.append(Problem(", ".join(files[:3]) + (", ..." if len(files) > 3 else ""),
                                f"{name} values such as '{example}' ({count} {'device' if count == 1 else 'devices'}) "
                                "are numbers a spreadsheet rounded to scientific notation: their digits are lost, so "
                                "they are not used to merge devices (or devices of one fleet would become one); "
                                "export the file again without opening it in a spreadsheet", None, False,
                                ProblemKind.DATA))
    return problems


# Whose name, owner and ownership win when sources disagree: device exports before device columns on
# app rows; then management tools (which know the assigned user) before agents and scanners.
_TOOL_PRECEDENCE = ("intune", "jamf", "kandji", "workspace-one", "google", "google-chromeos", "fleet", "configmgr",
                    "defender", "osquery")
_TOOL_RANK = {tool: rank for rank, tool in enumerate(_TOOL_PRECEDENCE)}


def _precedence(record: DeviceRecord) -> int:
    """Authoritative records first, then by tool (lower first)."""
    return _TOOL_RANK.get(record.source.tool, len(_TOOL_PRECEDENCE)) + (0 if record.authoritative else _NOT_FIRST)


_NOT_FIRST = len(_TOOL_PRECEDENCE) + 1


def _ordered(records: List[DeviceRecord]) -> List[DeviceRecord]:
    """In precedence order; stable (the exports' order among equals). Two records (an app export's and a device
    export's record of one device) are the common case: compared without a sort."""
    if len(records) == 1:
        return records
    if len(records) == 2:
        first, second = records
        return records if _precedence(first) <= _precedence(second) else [second, first]
    return sorted(records, key=_precedence)


def _combine(records: List[DeviceRecord], with_apps: Optional[Mapping[str, Set[str]]] = None
             ) -> Tuple[Device, List[Problem]]:
    # The first non-empty value of each field, in precedence order, in one pass: this runs once per device
    # (enum members compared by identity: one member per value).
    ordered = _ordered(records)
    first = ordered[0]
    name, serial, os_version = first.name, first.serial, first.os_version
    email, upn, username, owner_name = first.owner_email, first.owner_upn, first.owner_username, first.owner_name
    platform, ownership, enrollment = first.platform, first.ownership, first.enrollment
    hardware_set: Set[Tuple[str, str]] = set(first.hardware_ids)
    authoritative = 1 if first.authoritative else 0
    sources: List[SourceRef] = [first.source]
    seen: Optional[Set[Tuple[str, str, str]]] = None  # (tool, device id, file) of the sources, from a second record
    for r in ordered[1:]:
        name, serial, os_version = name or r.name, serial or r.serial, os_version or r.os_version
        email, upn, username = email or r.owner_email, upn or r.owner_upn, username or r.owner_username
        owner_name = owner_name or r.owner_name
        if platform is Platform.OTHER:
            platform = r.platform
        if ownership is Ownership.UNKNOWN:
            ownership = r.ownership
        if enrollment is Enrollment.UNKNOWN:
            enrollment = r.enrollment
        if r.hardware_ids:
            hardware_set.update(r.hardware_ids)
        if r.authoritative:
            authoritative += 1
        ref = r.source
        if seen is None:
            seen = {(first.source.tool, first.source.device_id, first.source.file)}
        seen_as = (ref.tool, ref.device_id, ref.file)
        if seen_as not in seen:
            seen.add(seen_as)
            sources.append(ref)
    hardware = tuple(sorted(hardware_set)) if hardware_set else ()
    keyed = next((h for h in hardware if not rounded_number(h[1])), None) if hardware else None
    if serial and not rounded_number(serial):
        key = f"serial:{serial}"
    elif keyed is not None:
        key = f"hw:{keyed[0]}:{keyed[1]}"
    else:
        first_source = min((s.tool, s.device_id) for s in sources)
        key = f"{first_source[0]}:{first_source[1]}"
    visibility, rank = Visibility.NONE, 0
    for s in sources:
        if with_apps is None or s.device_id in with_apps.get(s.tool, ()):
            seen_by = visibility_of(s.tool, platform, ownership, enrollment)
            if _VISIBILITY_RANK[seen_by] > rank:
                visibility, rank = seen_by, _VISIBILITY_RANK[seen_by]
    # Owners conflict only between two authoritative sources.
    problems = _conflicts(ordered, key) if authoritative > 1 else []
    return Device(key, name, serial, platform, os_version, ownership, email, upn, username, owner_name,
                  tuple(sources), hardware, visibility), problems  # (Device's field order)


def _owner_id(record: DeviceRecord) -> Optional[str]:
    value = (record.owner_upn or record.owner_email).strip().lower()
    return value or None


def _conflicts(records: List[DeviceRecord], key: str) -> List[Problem]:
    """Two authoritative sources that disagree on the owner of one device: a data-quality problem."""
    owners = {}
    for r in records:
        owner = _owner_id(r)
        if r.authoritative and owner:
            owners.setdefault(owner, r)
    if len(owners) < 2:
        return []
    described = "; ".join(f"{o} in {r.source.file} ({r.source.tool} {r.source.device_id})" for o, r in owners.items())
    return [Problem(records[0].source.file, f"device {key} has conflicting owners: {described}", None, False,
                    ProblemKind.DATA)]
