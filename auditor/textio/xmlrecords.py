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
    try:
        # Imported here so that an installation without defusedxml still reads every non-XML format.
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import ParseError, iterparse
    except ImportError:
        ctx.fail("XML exports need the defusedxml package (pip install defusedxml); the file was not read")
        return
    raw = HashingReader(ctx.input.open())
    buffered = io.BufferedReader(raw, buffer_size=1 << 20)
    depth = 0
    counts: Dict[str, int] = {}
    try:
        parser = iterparse(buffered, events=("start", "end"), forbid_dtd=True)
        root = None
        for event, element in parser:
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                if depth > MAX_DEPTH:
                    ctx.fail(f"XML nested deeper than {MAX_DEPTH} levels (<{_short_tag(element.tag)}>); "
                             "records from this point on were not read")
                    return
                continue
            depth -= 1
            if element.tag in record_tags and depth <= 1:
                index = counts.get(element.tag, 0)
                counts[element.tag] = index + 1
                location = f"/{element.tag}" if depth == 0 else f"/{root.tag}/{element.tag}[{index}]"  # type: ignore[union-attr]
                value = element_value(element)
                yield element.tag, location, value if isinstance(value, dict) else {}
                element.clear()
                if root is not None and depth == 1:
                    root.clear()  # drop finished records from the root
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
