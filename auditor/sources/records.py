"""Small helpers every JSON/XML reader shares: reading fields of tool records, and streaming a JSON
input with its failures reported on the context (file and position), never raised."""
from __future__ import annotations

import re
from typing import Any, Collection, Dict, Iterator, List, Optional, Set, Tuple

from auditor.model import DeviceRecord
from auditor.textio.context import ReadContext
from auditor.textio.jsonstream import JsonStreamError, iter_records
from auditor.textio.csvtable import text_stream

# Ids that tools write for "no id": never a merge key.
NULL_IDS = frozenset({"", "0", "null", "none", "00000000-0000-0000-0000-000000000000", "unknown", "n/a"})


def text(record: Any, *path: str) -> str:
    """The stripped text at a key path (numbers as text; None, objects and lists as "")."""
    value = dig(record, *path)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value.strip() if isinstance(value, str) else ""


def key_text(record: Dict[str, Any], key: str) -> str:
    """text(record, key) of a dict in one lookup when the value is a string: for readers' per-row loops."""
    value = record.get(key)
    if value.__class__ is str:
        return value.strip()
    return "" if value is None else text(record, key)


def first_text(record: Any, *keys: str) -> str:
    return next((t for t in (text(record, k) for k in keys) if t), "")


_TRAILING_ID = re.compile(r"(?:^|[_\-. ])(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$", re.I)


def id_in_file_name(display: str) -> str:
    """A number or UUID ending a file's name (`apps_5614.json`, `installedsoftware-301.json`), or "": how a
    pull names the device of an API response that does not name it."""
    stem = display.rsplit("/", 1)[-1].rsplit("!", 1)[-1].rsplit(".", 1)[0]
    found = _TRAILING_ID.search(stem)
    return found.group(1) if found else ""


def dig(record: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def hardware_id(kind: str, value: str) -> Optional[Tuple[str, str]]:
    cleaned = value.strip().lower()
    return None if cleaned in NULL_IDS else (kind, cleaned)


def hardware_ids(*pairs: Tuple[str, str]) -> Tuple[Tuple[str, str], ...]:
    return tuple(h for h in (hardware_id(k, v) for k, v in pairs) if h is not None)


def json_items(ctx: ReadContext, array_keys: Collection[str]) -> Iterator[Tuple[str, Any, bool]]:
    """(json_path, value, is_record) of a JSON input, streamed; truncation or bad text fails the input
    with its position, after yielding everything before it."""
    stream, raw = text_stream(ctx)
    try:
        yield from iter_records(stream, array_keys, ctx.paging)
    except JsonStreamError as exc:
        ctx.fail(f"{exc}; records after this point were not read")
    except UnicodeDecodeError as exc:
        ctx.fail(f"not valid {stream.encoding} text at byte {exc.start} ({exc.reason}); the rest was not read")
    finally:
        ctx.sha256 = raw.finish()
        stream.close()


def json_objects(ctx: ReadContext, array_keys: Collection[str], what: str) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(json_path, record) of each record of a JSON input that is an object; each record is counted, and one
    that is not an object is skipped with its path."""
    for path, record, is_record in json_items(ctx, array_keys):
        if not is_record:
            continue
        ctx.rows += 1
        if record.__class__ is not dict:
            ctx.skip(path, f"{what} is not a JSON object")
            continue
        yield path, record


def counted_objects(ctx: ReadContext, items: List[Any], path: str, needs: Tuple[str, ...], what: str
                    ) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(path[i], item) of the objects of a list with a value for one of `needs`; each item is counted, and the
    others are skipped with their path."""
    for i, item in enumerate(items):
        at = f"{path}[{i}]"
        ctx.rows += 1
        if item.__class__ is not dict or not any(key_text(item, key) for key in needs):
            ctx.skip(at, f"{what} has no {' or '.join(needs)}")
            continue
        yield at, item


class DeviceOnce:
    """Yields each device of one input once; a second, different record for the same id is reported."""

    def __init__(self, ctx: ReadContext) -> None:
        self._ctx = ctx
        self._seen: Dict[str, Tuple[DeviceRecord, str]] = {}
        self.ids: Set[str] = set()

    def first(self, device: DeviceRecord, location: str) -> bool:
        """True the first time this device id is seen in this input."""
        device_id = device.source.device_id
        known = self._seen.get(device_id)
        if known is None:
            self._seen[device_id] = (device, location)
            self.ids.add(device_id)
            return True
        if known[0] != device and (known[0].serial, known[0].owner_email) != (device.serial, device.owner_email):
            self._ctx.note(location, f"device id {device_id} appears again with different details (first at "
                                     f"{known[1]}); the first record is used")
        return False


def top_level_objects(items: Iterator[Tuple[str, Any, bool]]) -> Iterator[Tuple[str, Any]]:
    """Regroups iter_records output into whole values: each record of a top-level array, and each
    top-level object (of a file or of a stream of concatenated objects) as one dict."""
    prefix: Optional[str] = None
    current: Dict[str, Any] = {}
    for path, value, is_record in items:
        if is_record:
            if prefix is not None:
                yield prefix, current
                prefix, current = None, {}
            yield path, value
            continue
        head, _, key = path.partition(".")
        if head != prefix:
            if prefix is not None:
                yield prefix, current
            prefix, current = head, {}
        current[key] = value
    if prefix is not None:
        yield prefix, current
