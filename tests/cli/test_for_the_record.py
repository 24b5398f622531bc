"""A pack named with --policy that is not in force on the as-of date is evaluated for the record: its findings
never fail the run, and (REPORT3 problem 13, case 6) they are never counted as open either: the terminal line,
findings.json's summary, summary.md, the report's cards and Act first all say "for the record". The control, the
same run as of a day the order was in force, counts the same finding as open."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Tuple

import pytest

from auditor import cli
from tests.conftest import FIXTURES


def _audit(tmp_path: Path, as_of: str, capsys: pytest.CaptureFixture) -> Tuple[int, str, dict, str, str]:
    out = tmp_path / as_of
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(FIXTURES / "intune"), "--policy", "test-revoked", "--as-of", as_of, "--out", str(out)])
    stdout = capsys.readouterr().out
    return (int(info.value.code), stdout, json.loads((out / "findings.json").read_text()),
            (out / "summary.md").read_text(), " ".join((out / "report.html").read_text().split()))


def test_findings_of_a_pack_not_in_force_are_for_the_record_not_open(
        fixture_policies: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, document, summary_md, html = _audit(tmp_path, "2026-11-23", capsys)  # revoked on 2021-06-09
    assert code == 0
    assert "open P1 0, P2 0, P3 0, P4 0 (+0 waived, 0 upcoming, 1 for the record);" in out
    summary = document["summary"]
    assert (summary["findings"], summary["for_the_record"], sum(summary["open_by_priority"].values()),
            summary["open_devices_by_app"]) == (1, 1, 0, {})
    assert "For the record 1 (violations of packs not in force on the as-of date" in summary_md
    assert "1 for the record (violations of packs not in force on 2026-11-23" in html

    # As of a day the order was in force (2020-09-21): the same finding is open, and nothing is for the record.
    code, out, document, summary_md, _ = _audit(tmp_path, "2020-09-21", capsys)
    assert code == 1
    assert "for the record" not in out and "For the record" not in summary_md
    assert (document["summary"]["for_the_record"], sum(document["summary"]["open_by_priority"].values())) == (0, 1)
