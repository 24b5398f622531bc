"""REPORT3's small items through the real CLI: an --as-of day the month does not have says so; `policies show`
names the file a pack of FLEET_AUDITOR_POLICIES really is in (not the shipped path); `policies validate FILE`
reports on the pack in FILE, not only the library's totals."""
from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest

from auditor import cli
from tests.conftest import FIXTURES


def run(args: List[str], capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out, err = capsys.readouterr()
    return int(info.value.code), out, err


@pytest.mark.parametrize("day, said", [
    ("2026-11-31", "'2026-11-31': day 31 is out of range for November 2026 (01 to 30)"),
    ("2025-02-29", "'2025-02-29': day 29 is out of range for February 2025 (01 to 28)"),
    ("2026-13-01", "'2026-13-01': month 13 is out of range (01 to 12)"),
    ("soon", "expected a date like 2023-02-27, got 'soon'"),
])
def test_an_impossible_as_of_day_says_what_is_out_of_range(day: str, said: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture) -> None:
    code, _, err = run(["audit", str(FIXTURES / "intune"), "--as-of", day, "--out", str(tmp_path / "o")], capsys)
    assert code == 2
    assert said in " ".join(err.split())
    assert not (tmp_path / "o").exists()


def test_show_names_the_file_of_a_pack_from_another_library(fixture_policies: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["policies", "show", "test-bytedance"], capsys)
    assert code == 0
    assert f"  file: {FIXTURES / 'policies' / 'packs' / 'test-bytedance.yaml'}" in out.splitlines()


def test_show_names_a_shipped_pack_as_the_repository_does(capsys: pytest.CaptureFixture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLEET_AUDITOR_POLICIES", raising=False)
    code, out, _ = run(["policies", "show", "us-no-tiktok-on-government-devices-act-2022"], capsys)
    assert code == 0
    assert "  file: policies/packs/us-no-tiktok-on-government-devices-act-2022.yaml" in out.splitlines()


def test_validate_reports_on_the_given_pack(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLEET_AUDITOR_POLICIES", raising=False)
    given = FIXTURES / "policies" / "packs" / "test-wechat.yaml"
    code, out, _ = run(["policies", "validate", str(given)], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"ok: {given}: pack test-wechat (") and "1 rule" in lines[0], lines
    assert lines[-1].startswith("ok: ") and " packs" in lines[-1]
