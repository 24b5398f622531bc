"""Streaming records out of an XML export with defusedxml: no DTDs, entities or external references
(a billion-laughs file is refused, never expanded). Each record element becomes plain dicts and lists
and is then cleared, so memory stays bounded by one record."""
from __future__ import annotations

import io
from typing import Any, Collection, Dict, Iterator, List, Tuple

from auditor.textio.context import ReadContext
from auditor.textio.inputs import HashingReader

# Tool exports nest a dozen levels; turning a record into dicts recurses, so deeper nesting is refused.
MAX_DEPTH = 100


def element_value(element: Any) -> Any:  # an ElementTree element from defusedxml's parser
    """Text for a leaf; a dict for a parent; a repeated child tag becomes a list."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    out: Dict[str, Any] = {}
    for child in children:
        value = element_value(child)
        if child.tag in out:
            existing = out[child.tag]
            if isinstance(existing, list) and getattr(existing, "repeated", False):
                existing.append(value)
            else:
                repeated = _Repeated([existing, value])
                out[child.tag] = repeated
        else:
            out[child.tag] = value
    return out


class _Repeated(list):  # type: ignore[type-arg]
    """A list made from repeated XML elements (so a second repeat appends instead of nesting)."""

    repeated = True


def as_list(value: Any, item_key: str) -> List[Any]:
    """Classic-API lists: JSON gives a list; XML gives {"size": n, item_key: item-or-list}."""
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        inner = value.get(item_key)
        if isinstance(inner, list):
            return list(inner)
        if isinstance(inner, dict):
            return [inner]
    return []


def _short_tag(tag: str) -> str:
    return tag if len(tag) <= 40 else tag[:40] + "…"


def xml_records(ctx: ReadContext, record_tags: Collection[str]) -> Iterator[Tuple[str, str, Dict[str, Any]]]:
    """(tag, location, record) for each top-level or second-level element named in record_tags."""
    for tag, location, value in xml_elements(ctx, record_tags):
        yield tag, location, value if isinstance(value, dict) else {}


def xml_elements(ctx: ReadContext, record_tags: Collection[str], max_depth: int = 1
                 ) -> Iterator[Tuple[str, str, Any]]:
    """(tag, location, value) for each element named in record_tags at most `max_depth` levels below the
    root (the root is level 0): value is the text of a leaf, else dicts and lists (element_value). Every
    element at `max_depth` is dropped from the tree once it ends, so memory stays bounded by one of them
    (for a GLPI inventory, max_depth 2 reads the sections under <REQUEST><CONTENT> one by one)."""
    try:
        # Imported here so that an installation without defusedxml still reads every non-XML format.
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, iterparse
    except ImportError:
        ctx.fail("XML exports need the defusedxml package (pip install defusedxml); the file was not read")
        return
    raw = HashingReader(ctx.input.open())
    buffered = io.BufferedReader(raw, buffer_size=1 << 20)
    open_elements: List[Any] = []  # the root, then each open element below it
    counts: Dict[str, int] = {}
    try:
        parser = iterparse(buffered, events=("start", "end"), forbid_dtd=True)
        for event, element in parser:
            if event == "start":
                open_elements.append(element)
                if len(open_elements) > MAX_DEPTH:
                    ctx.fail(f"XML nested deeper than {MAX_DEPTH} levels (<{_short_tag(element.tag)}>); "
                             "records from this point on were not read")
                    return
                continue
            open_elements.pop()
            depth = len(open_elements)
            if depth > max_depth:
                continue
            if element.tag in record_tags:
                index = counts.get(element.tag, 0)
                counts[element.tag] = index + 1
                path = "".join(f"/{e.tag}" for e in open_elements)
                location = f"/{element.tag}" if depth == 0 else f"{path}/{element.tag}[{index}]"
                yield element.tag, location, element_value(element)
            if depth == max_depth:
                element.clear()
                parent = open_elements[-1] if open_elements else None
                if parent is not None and max_depth == 1:
                    parent.clear()  # drop finished records from the root
                elif parent is not None and len(parent) and parent[-1] is element:
                    del parent[-1]  # the element just ended is its parent's last child
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        ctx.fail(f"invalid or truncated XML ({exc}); records after line {line}, column {column} were not read", line)
    except DefusedXmlException as exc:
        ctx.fail(f"refused XML: {type(exc).__name__} ({exc}); DTDs, entities and external references are "
                 "not allowed in an export")
    except (LookupError, ValueError) as exc:  # an encoding declaration no codec knows, and the like
        ctx.fail(f"unreadable XML ({exc}); the file was not read")
    finally:
        ctx.sha256 = raw.finish()
        buffered.close()
