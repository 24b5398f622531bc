"""A staff file whose tier columns the risk rules cannot find, and risk patterns that would hang: errors
(exit 2) that name the file, the key or column, and what was seen."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.model import ProblemKind
from auditor.people import PeopleFiles, load_risk
from tests.conftest import FIXTURES

STAFF = (FIXTURES / "people" / "staff.csv").read_text()


def _files(tmp_path: Path, staff: str, risk: str = "") -> PeopleFiles:
    (tmp_path / "staff.csv").write_text(staff)
    if risk:
        (tmp_path / "risk.yaml").write_text(textwrap.dedent(risk))
    return PeopleFiles(staff=tmp_path / "staff.csv", risk=tmp_path / "risk.yaml" if risk else None)


def test_a_renamed_title_column_is_an_error_naming_the_column_the_header_and_the_rule(tmp_path: Path) -> None:
    files = _files(tmp_path, STAFF.replace(",title,", ",Job Function,", 1), FIXTURES.joinpath(
        "people/risk.yaml").read_text())
    with pytest.raises(ConfigError) as caught:
        files.load()
    message = str(caught.value)
    assert "staff.csv: no title column (looked for: 'title', 'jobTitle'" in message
    assert "header seen: 'employeeId', 'displayName'" in message and "'Job Function'" in message
    assert "risk.yaml: rules[0]" in message


def test_the_shipped_rules_need_only_the_title(tmp_path: Path) -> None:
    staff = "\n".join(",".join(line.split(",")[:7]) for line in STAFF.splitlines())  # no groups, clearance, ...
    people = _files(tmp_path, staff).load()
    notes = [p for p in people.directory.problems if "column" in p.message]  # type: ignore[union-attr]
    assert {p.message.split(" (")[0] for p in notes} == {"no groups column", "no clearance column"}
    assert all(not p.fatal and p.kind == ProblemKind.DATA for p in notes)
    with pytest.raises(ConfigError, match="no title column"):
        _files(tmp_path, staff.replace(",title,", ",Role,", 1)).load()


def test_relationships_without_a_sponsor_column_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no sponsor column .*header seen: .*'relationship'"):
        _files(tmp_path, STAFF.replace(",sponsor,", ",guardian,", 1)).load()


@pytest.mark.parametrize("title", ["(a+)+b", r"(\w+\s?)+officer", r"(chief)\1"])
def test_a_title_pattern_that_could_hang_is_refused_at_load(tmp_path: Path, title: str) -> None:
    (tmp_path / "risk.yaml").write_text("schema: fleet-auditor/risk/1\nrules:\n"
                                        f"  - {{tier: critical, reason: R, title: '{title}'}}\n")
    with pytest.raises(ConfigError) as caught:
        load_risk(tmp_path / "risk.yaml")
    assert str(caught.value).startswith(f"{tmp_path / 'risk.yaml'}: rules[0].title: expected a pattern without ")


@pytest.mark.parametrize("text", ['{"value": []}', '{"users": []}', "[]"])
def test_a_json_staff_directory_that_lists_nobody_says_so(tmp_path: Path, text: str) -> None:
    """An empty list under 'value' is an empty directory, not a document without 'value'."""
    from auditor.errors import AuditorError
    from auditor.people.directory import load_directory

    path = tmp_path / "staff.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AuditorError, match="lists nobody"):
        load_directory(path)
