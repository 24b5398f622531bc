"""Reading YAML documents safely, and checking their shape with errors that name file, key path and expectation
(for example `x.yaml: rules[2].effective: expected a date like 2023-02-27, got 'soon'`), and the line of a
date YAML itself finds impossible (`2026-02-30`)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Type, TypeVar

import yaml

from auditor.errors import AuditorError, ConfigError
from auditor.textio.suggest import did_you_mean

E = TypeVar("E")
_MAX_YAML_BYTES = 16 * 1024 * 1024
# Aliases may add at most this many nodes beyond those written in the file: a real file never comes
# close, an alias bomb (9 aliases of 9 aliases ...) goes past it after a few levels.
_MAX_ALIAS_EXPANSION = 100_000
# No policy, config or waiver file nests this deep; the checks after loading recurse, so cap it.
_MAX_DEPTH = 64
# Values (nodes) one file may hold. The largest shipped file holds about 4,000; a 5 MB flat list holds 1.7
# million, and PyYAML keeps about 600 bytes per node while it composes (gigabytes): refused while composing.
MAX_VALUES = 100_000


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def load_yaml(path: Path, error: Type[AuditorError] = ConfigError) -> Any:
    """safe_load only; a YAML alias bomb or a python tag is an error, never code."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > _MAX_YAML_BYTES:
        raise error(f"{path}: file is larger than {_MAX_YAML_BYTES // (1024 * 1024)} MB")
    try:
        return _safe_load(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except _Refused as exc:
        raise error(f"{path}: refused YAML: {exc}") from None
    except RecursionError:
        raise error(f"{path}: refused YAML: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise error(f"{path}: invalid YAML value: {str(exc).splitlines()[0][:120]}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise error(f"{path}:{where}: invalid YAML: {problem}") from None


class _Refused(Exception):
    """A YAML document whose shape is an attack (alias bomb, recursive alias, absurd nesting)."""


class BadDate(str):
    """A value written as a date that is not one (`2026-02-30`, `2026-31-12`): YAML would refuse the whole
    file without naming the key; it is kept as text, with why and where, and refused by whoever expects a date
    (parse_date), with the key path."""

    why: str = ""
    line: int = 0


def _checked_timestamp(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> object:
    """A timestamp, or the text of one that is impossible as a BadDate (with why and the line)."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        bad = BadDate(loader.construct_scalar(node))
        bad.why, bad.line = str(exc), node.start_mark.line + 1
        return bad


class _CountingLoader(yaml.SafeLoader):
    """SafeLoader that refuses a document of more than MAX_VALUES nodes while composing it (bounded memory),
    and keeps an impossible date as a BadDate. Used where PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.nodes = 0

    def compose_node(self, parent: Optional[yaml.Node], index: object) -> yaml.Node:
        self.nodes += 1
        if self.nodes > MAX_VALUES:
            raise _Refused(f"more than {MAX_VALUES} values in one file")
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


_CountingLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)

# libyaml's parser and composer with PyYAML's safe constructors (yaml.CSafeLoader: what yaml.safe_load is, in C):
# the shipped policies load in a tenth of the time (0.03 s instead of 0.32 on every run). Its composer cannot be
# interrupted, so the values are counted and the nesting measured on the parser's events first (_measured).
_LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))
if _LIBYAML:
    class _LibyamlLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
        """yaml.CSafeLoader that keeps an impossible date as a BadDate."""

    _LibyamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _checked_timestamp)

_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
_OPEN_EVENTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _measured(text: str) -> None:
    """Refuses, from the parser's events alone (nothing composed), a document of more than MAX_VALUES values
    or nested deeper than _MAX_DEPTH collections: libyaml's composer would build such a graph whole (memory)
    or recurse in C without Python's recursion limit. _check_shape then judges the composed document exactly."""
    loader = _LibyamlLoader(text)
    try:
        values = depth = 0
        while _next_event(loader):
            event = loader.get_event()
            if isinstance(event, _NODE_EVENTS):
                values += 1
                if values > MAX_VALUES:
                    raise _Refused(f"more than {MAX_VALUES} values in one file")
            if isinstance(event, _OPEN_EVENTS):
                depth += 1
                if depth > _MAX_DEPTH:
                    raise _Refused(f"nested deeper than {_MAX_DEPTH} levels")
            elif isinstance(event, _CLOSE_EVENTS):
                depth -= 1
    finally:
        loader.dispose()


def _next_event(loader: Any) -> bool:
    """Whether the parser has another event; libyaml's own nesting limit (it scans ahead of the events) is said
    as ours is."""
    try:
        return bool(loader.check_event())
    except yaml.YAMLError as exc:
        if "maximum nesting depth" in str(getattr(exc, "problem", "") or exc):
            raise _Refused(f"nested deeper than {_MAX_DEPTH} levels") from None
        raise


def _safe_load(text: str) -> Any:
    """yaml.safe_load, but the node graph is measured before any Python object is built: a billion
    laughs would otherwise load cheaply (shared lists) and explode in whatever walks or prints it."""
    if _LIBYAML:
        _measured(text)
        loader: Any = _LibyamlLoader(text)
    else:
        loader = _CountingLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_shape(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_shape(root: yaml.Node) -> None:
    """Expanded size (aliases counted each time they are used), recursion and depth, iteratively."""
    written = set()
    sizes: Dict[int, int] = {}
    stack: List[Tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    active = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if depth > _MAX_DEPTH:
            raise _Refused(f"nested deeper than {_MAX_DEPTH} levels")
        children = _children(node)
        if done:
            active.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > len(written) + _MAX_ALIAS_EXPANSION:
                raise _Refused(f"aliases expand to more than {_MAX_ALIAS_EXPANSION} extra values (an alias bomb?)")
            continue
        if key in sizes:
            continue
        if key in active:
            raise _Refused("an alias refers to a value that contains it (recursive alias)")
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node)
        written.add(key)
        active.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in sizes)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    """A key written twice in one mapping: YAML keeps the last and drops the first unseen (a waiver's second
    `expires:`, a config's second `fail_on:`), so which one the writer meant is never guessed. (`<<` merges
    are not keys: keys written beside them override the merged ones, as YAML intends.)"""
    first: Dict[Tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        seen = first.get((key.tag, key.value))
        if seen is None:
            first[(key.tag, key.value)] = line
        else:
            shown = key.value if len(key.value) <= 40 else key.value[:37] + "..."
            raise _Refused(f"line {line}: key {shown!r} is written twice in one mapping (first at line {seen}); "
                           "YAML would keep only the last: keep one")


def _children(node: yaml.Node) -> List[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


class Fields:
    """One YAML mapping being validated. Every accessor checks the type and records the path."""

    def __init__(self, file: str, path: str, data: object, allowed: Sequence[str],
                 error: Type[AuditorError] = ConfigError) -> None:
        self.file = file
        self.path = path
        self.error = error
        if not isinstance(data, dict):
            raise self.fail(path, "a mapping", data)
        self.data: Dict[str, Any] = data
        unknown = [k for k in data if k not in allowed]
        if unknown:
            key = unknown[0]
            raise self.fail(self.sub(str(key)), "no such key" + did_you_mean(str(key), allowed) + " (allowed: " +
                            ", ".join(allowed) + ")", key)

    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, path: str, expected: str, got: object) -> AuditorError:
        where = f"{self.file}: {path}" if path else self.file
        if expected.startswith("no such key"):
            return self.error(f"{where}: {expected}")
        # why YAML found the date impossible, and where it saw it
        at = f" ({got.why}; line {got.line})" if isinstance(got, BadDate) else ""
        return self.error(f"{where}: expected {expected}, got {_short(got)}{at}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str, required: bool = False, default: str = "", pattern: Optional[str] = None,
             what: str = "a string") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(self.sub(key), what + " (required)", value)
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.fail(self.sub(key), what, value)
        text = str(value).strip()
        if required and not text:
            raise self.fail(self.sub(key), what + " (required)", value)
        if pattern is not None and not re.fullmatch(pattern, text):
            raise self.fail(self.sub(key), what, value)
        return text

    def url(self, key: str, required: bool = False) -> str:
        return self.text(key, required, pattern=r"https?://\S+", what="an http(s) URL")

    def choice(self, key: str, choices: Sequence[str], default: Optional[str] = None) -> str:
        value = self.data.get(key, default)
        if value not in choices:
            raise self.fail(self.sub(key), "one of " + ", ".join(choices), value)
        return str(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(self.sub(key), "true or false", value)
        return value

    def date(self, key: str, required: bool = False) -> Optional[dt.date]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.fail(self.sub(key), "a date like 2023-02-27 (required)", value)
            return None
        return parse_date(value, lambda: self.fail(self.sub(key), "a date like 2023-02-27", value))

    def texts(self, key: str, choices: Optional[Sequence[str]] = None) -> Tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(self.sub(key), "a list of strings", value)
        out: List[str] = []
        for i, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)) or not str(item).strip():
                raise self.fail(f"{self.sub(key)}[{i}]", "a non-empty string", item)
            if choices is not None and item not in choices:
                raise self.fail(f"{self.sub(key)}[{i}]", "one of " + ", ".join(choices), item)
            out.append(str(item).strip())
        return tuple(out)

    def items(self, key: str) -> Iterator[Tuple[str, Any]]:
        """The elements of a list under key, each with its key path."""
        value = self.data.get(key)
        if value is None:
            return iter(())
        if not isinstance(value, list):
            raise self.fail(self.sub(key), "a list", value)
        return ((f"{self.sub(key)}[{i}]", item) for i, item in enumerate(value))

    def child(self, key: str, allowed: Sequence[str]) -> "Fields":
        value = self.data.get(key)
        return Fields(self.file, self.sub(key), {} if value is None else value, allowed, self.error)


def parse_date(value: object, fail: Callable[[], AuditorError]) -> dt.date:
    """A date from YAML (a date, a date-time, or text like 2023-02-27); else `fail()` is raised, with why and
    where when YAML itself saw an impossible date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    error = fail()
    if isinstance(value, BadDate) and value.why not in str(error):
        error = type(error)(f"{error} ({value.why}; line {value.line})")
    raise error
