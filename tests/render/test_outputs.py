"""Whole-output golden files, and hostile inventory strings that must stay inert in every output."""
from __future__ import annotations

import csv
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from auditor import cli
from tests.conftest import FIXTURES, TESTS

GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def audit_to(out: Path, paths: List[str], monkeypatch: pytest.MonkeyPatch, extra: List[str] = ()) -> int:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795420800")  # 2026-11-23T08:00:00Z
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", *paths, "--out", str(out), "--as-of", "2026-11-23", "--org", "Contoso", *extra])
    return int(info.value.code)


@pytest.mark.parametrize("name", ["findings.json", "findings.csv", "actions.csv", "summary.md", "report.html",
                                  "manifest.json"])
def test_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.chdir(TESTS.parent)  # paths in the outputs are as the user gave them: relative
    audit_to(tmp_path, ["tests/fixtures/intune", "tests/fixtures/generic"], monkeypatch)
    produced = (tmp_path / name).read_text(encoding="utf-8")
    if name == "manifest.json":  # the arguments name the temporary output folder
        produced = produced.replace(str(tmp_path), "OUT")
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(produced, encoding="utf-8", newline="")
    assert produced == golden.read_text(encoding="utf-8"), f"{name} differs from {golden} (UPDATE_GOLDEN=1 to accept)"


HOSTILE = {
    "script": "<script>alert('x')</script>",
    "attr": "\"><img src=x onerror=alert(1)>",
    "link": "javascript:alert(document.domain)",
    "formula": "=HYPERLINK(\"http://evil.example\",\"click\")",
    "plus": "+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "bidi": "Invoice\u202egpj.exe",
    "control": "bell\u0007esc\u001b[31mred\u0000nul",
    "long": "A" * 10240,
}


def hostile_fleet(folder: Path) -> Path:
    folder.mkdir()
    header = "ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,EmailAddress,UserName,Platform\n"
    rows = []
    for i, (kind, value) in enumerate(HOSTILE.items()):
        cell = '"' + value.replace('"', '""') + '"'
        rows.append(f"TikTok,,{cell},dev-{i},{cell},{cell},{cell},iOS\n")
    (folder / "apps.csv").write_text(header + "".join(rows), encoding="utf-8")
    (folder / "<img src=x onerror=alert(2)>.csv").write_text("nothing, here\n1,2\n")
    return folder


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, str]]] = []
        self.text: List[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_strings_are_inert_in_every_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = audit_to(tmp_path / "out", [str(hostile_fleet(tmp_path / "fleet"))], monkeypatch)
    assert code == 1
    out = tmp_path / "out"

    # JSON: exact values kept (evidence), bidi written as escapes
    raw_json = (out / "findings.json").read_text(encoding="utf-8")
    assert "\u202e" not in raw_json and "\\u202e" in raw_json
    document = json.loads(raw_json)
    names = {f["device"]["name"] for f in document["findings"]}
    assert names == {value.strip() for value in HOSTILE.values()}  # device names are trimmed, else kept exactly

    # HTML: parsed, not string-searched. No element or attribute came from the inventory.
    html = (out / "report.html").read_text(encoding="utf-8")
    parser = Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    # The one script is the report's own: inline, no attributes, allowed by its hash in the CSP.
    assert tags.count("script") == 1 and [a for t, a in parser.tags if t == "script"] == [{}]
    assert "img" not in tags and "iframe" not in tags
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://", "#")), attrs  # external, or in-page
    text = "".join(parser.text)
    assert HOSTILE["script"] in text and HOSTILE["attr"] in text  # shown as text
    assert "\u202e" not in html and "⟨U+202E⟩" in text
    assert "\u0007" not in html and "\u001b" not in html
    assert HOSTILE["long"] not in text and re.search(r"A… \(\+10\d\d\d characters\)", text)  # cut for people
    csp = [a for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"] and "unsafe" not in csp[0]["content"]

    # CSV: no cell a spreadsheet would run; no control or bidi characters
    rows = list(csv.reader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8"))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert not any(ch in cell for ch in "\u202e\u0007\u001b\u0000"), cell
    device_names = {row[rows[0].index("device_name")] for row in rows[1:]}
    assert "'" + HOSTILE["formula"] in device_names and HOSTILE["long"] in device_names

    # Markdown: no raw HTML, no live link syntax
    md = (out / "summary.md").read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md and "\u202e" not in md
    assert "&lt;script>" in md  # "<" is an entity: no tag can start; ">" alone starts nothing
