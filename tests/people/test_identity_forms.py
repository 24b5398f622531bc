"""Staff identifiers as address books and directories write them (REPORT4 problem 9): an Outlook-style
"Ana Kim <ana.kim@example.com>" or AD proxyAddresses' "SMTP:ana.kim@example.com" did not match the device
owner ana.kim@example.com, so the CEO ranked unknown and her P1 TikTok became a P2 among the partial-match
notes. The address inside is the identifier; anything else is kept as written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import cli
from auditor.people.identity import normalise_identity
from tests.conftest import REPO


@pytest.mark.parametrize("raw,expected", [
    ("Ana Kim <Ana.Kim@Example.com>", "ana.kim@example.com"),
    ("Kim, Ana <ana.kim@example.com>", "ana.kim@example.com"),
    ("SMTP:ana.kim@example.com", "ana.kim@example.com"),
    ("mailto:ana.kim@example.com", "ana.kim@example.com"),
    ("sip:ana.kim@example.com", "ana.kim@example.com"),
    ("EXAMPLE\\akim", "akim"),
    ("<not an address>", "<not an address>"),
    ("x500:/o=example/ou=x", "x500:/o=example/ou=x"),
    ("E10008", "e10008"),
])
def test_the_address_inside_is_the_identifier(raw: str, expected: str) -> None:
    assert normalise_identity(raw) == expected


def test_the_ceo_copied_from_an_address_book_keeps_her_p1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO / "examples" / "people" / "staff.csv").read_text(encoding="utf-8")
    row = "E10008,Ana Kim,ana.kim@example.com,ana.kim@example.com,"
    assert row in text
    staff = tmp_path / "staff.csv"
    staff.write_text(text.replace(row, 'E10008,Ana Kim,"Ana Kim <ana.kim@example.com>",SMTP:ana.kim@example.com,'),
                     encoding="utf-8")
    with pytest.raises(SystemExit):
        cli.main(["audit", str(REPO / "examples" / "fleet" / "intune"), "--staff", str(staff), "--as-of", "2026-11-23",
                  "--out", str(tmp_path / "out")])
    assert capsys.readouterr().out.startswith("18 findings on 18 of 230 devices: open P1 3, P2 4,")
    found = json.loads((tmp_path / "out" / "findings.json").read_text())
    assert not [p for p in found["problems"] if "'ana.kim@example.com'" in p["message"]]
