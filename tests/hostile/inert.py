"""What "inert output" means, checked on a whole output folder: no element, attribute, link or script
from the inventory in the HTML; no cell a spreadsheet would run; no raw control or bidi character."""
from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

# C0 controls except TAB/LF/CR, DEL, C1 controls, and the bidi embedding/override/isolate characters.
DANGEROUS = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def assert_inert(out: Path) -> None:
    """Every output file of one audit, checked the way its consumer would read it."""
    html = (out / "report.html").read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    scripts = [attrs for tag, attrs in parser.tags if tag == "script"]
    assert scripts == [{}], f"only the report's own inline script may exist, found {scripts}"
    for tag, attrs in parser.tags:
        assert tag not in ("img", "iframe", "object", "embed", "form", "base", "link", "meta") or (
            tag == "meta" and set(attrs) <= {"charset", "name", "content", "http-equiv"}), (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "xlink:href"):
            if name in attrs:
                assert attrs[name].startswith(("https://", "http://", "#", "data:image/")), (tag, attrs)
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]
    assert not DANGEROUS.search(html), "raw control or bidi character in report.html"

    for name in ("findings.csv", "actions.csv"):
        text = (out / name).read_text(encoding="utf-8")
        for row in list(csv.reader(io.StringIO(text)))[1:]:
            for cell in row:
                assert not cell.startswith(FORMULA_START), f"{name}: formula cell {cell[:60]!r}"
                assert not DANGEROUS.search(cell), f"{name}: control or bidi character in {cell[:60]!r}"

    markdown = (out / "summary.md").read_text(encoding="utf-8")
    assert not re.search(r"<\s*(script|img|iframe|a\s)", markdown, re.I), "raw HTML in summary.md"
    assert not DANGEROUS.search(markdown), "raw control or bidi character in summary.md"

    for name in ("findings.json", "manifest.json"):
        text = (out / name).read_text(encoding="utf-8")
        json.loads(text)  # valid, whatever went in
        assert not DANGEROUS.search(text), f"raw control or bidi character in {name}"
