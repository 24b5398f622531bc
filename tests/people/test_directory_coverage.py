"""A staff directory that names no device owner makes the run incomplete (never a silent downgrade of every
person to tier unknown); a partial mismatch stays a data-quality note (auditor.people.coverage)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Optional

import pytest

from auditor.model import AuditResult, ProblemKind
from auditor.people import PeopleFiles
from auditor.people.coverage import MIN_OWNERS_FOR_SHARE, Coverage
from auditor.policy import Library, load_library, select_packs
from auditor.resources import examples_dir
from tests.conftest import audit_paths

AS_OF = dt.date(2026, 11, 23)
FLEET = examples_dir() / "fleet" / "intune"
STAFF = examples_dir() / "people" / "staff.csv"
CEO = "ana.kim@example.com"


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


def _audit(library: Library, staff: Path, mapping: Optional[Path] = None) -> AuditResult:
    packs = select_packs(library, ["us-no-tiktok-on-government-devices-act-2022"], AS_OF)
    people = PeopleFiles(staff=staff, staff_mapping=mapping).load()
    return audit_paths([FLEET], library, packs, AS_OF, people=people)


def _ceo_tiktok(result: AuditResult) -> str:
    (finding,) = [f for f in result.findings
                  if CEO in (f.device.owner_email, f.device.owner_upn) and f.catalog_id == "tiktok"]
    return f"{finding.priority} {finding.owner.tier}"


def _coverage_problems(result: AuditResult) -> list:
    return [p for p in result.problems if "the staff directory matched" in p.message]


def _minor_child_unseen(result: AuditResult) -> bool:
    return any(o.relationship == "minor child" and o.tier == "critical" for _, o in result.not_visible)


def _two_of_the_examples_owners_unknown(result: AuditResult) -> bool:
    """The example fleet has two owners the example directory lacks on purpose: a note, never fatal."""
    (problem,) = _coverage_problems(result)
    return not problem.fatal and "matched 228 of the 230 device owners; 2 are not in it" in problem.message


def test_the_shipped_directory_matches_the_fleet(shipped: Library) -> None:
    result = _audit(shipped, STAFF)
    assert result.complete and _two_of_the_examples_owners_unknown(result)
    assert _ceo_tiktok(result) == "P1 critical" and _minor_child_unseen(result)


def test_renamed_identifier_columns_make_the_run_incomplete_and_say_what_was_looked_for(
        shipped: Library, tmp_path: Path) -> None:
    text = STAFF.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = tmp_path / "staff.csv"
    renamed.write_text(text[0].replace(",mail,", ",email_addr,").replace(",userPrincipalName,", ",upn_x,")
                       + "".join(text[1:]), encoding="utf-8")
    result = _audit(shipped, renamed)
    assert not result.complete  # before: complete, and the CEO silently P2 "not in the staff directory"
    (problem,) = _coverage_problems(result)
    assert problem.fatal and problem.kind == ProblemKind.INPUT and problem.source.endswith("staff.csv")
    message = problem.message
    assert "matched 0 of the 230 device owners (none)" in message
    assert "'mail'" in message and "'userPrincipalName'" in message and "found: employee id" in message
    assert "header seen: 'employeeId', 'displayName', 'email_addr', 'upn_x'" in message
    assert re.search(r"device owners, for example: '[a-z.]+@example\.com'", message)
    assert "directory identifiers, for example: 'e10000'" in message
    assert "domain_aliases" in message and "columns: {email: [Work Email]}" in message


def test_other_email_domain_is_fatal_with_the_aliases_that_fix_it(shipped: Library, tmp_path: Path) -> None:
    moved = tmp_path / "hr.csv"
    moved.write_text(STAFF.read_text(encoding="utf-8").replace("@example.com", "@hr.example.com"), encoding="utf-8")
    result = _audit(shipped, moved)
    (problem,) = _coverage_problems(result)
    assert problem.fatal and not result.complete
    assert "add `domain_aliases: {example.com: hr.example.com}` to the --staff-mapping file" in problem.message
    assert "'ana.a.costa@hr.example.com'" in problem.message
    # What the message says to do works: every owner found again, the CEO P1, the minor child listed.
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text("domain_aliases: {example.com: hr.example.com}\n", encoding="utf-8")
    fixed = _audit(shipped, moved, mapping)
    assert fixed.complete and _two_of_the_examples_owners_unknown(fixed)
    assert _ceo_tiktok(fixed) == "P1 critical" and _minor_child_unseen(fixed)


def test_a_partial_mismatch_stays_a_data_quality_note(shipped: Library, tmp_path: Path) -> None:
    lines = STAFF.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = [line.replace("@example.com", "@hr.example.com") if 100 < i <= 140 else line for i, line in enumerate(lines)]
    partial = tmp_path / "staff.csv"
    partial.write_text("".join(moved), encoding="utf-8")
    result = _audit(shipped, partial)
    assert result.complete
    (problem,) = _coverage_problems(result)
    assert not problem.fatal and problem.kind == ProblemKind.DATA
    match = re.search(r"matched (\d+) of the 230 device owners; (\d+) are not in it", problem.message)
    assert match and int(match[1]) + int(match[2]) == 230 and 0 < int(match[2]) < 60
    assert "domain_aliases: {example.com: hr.example.com}" in problem.message
    assert _ceo_tiktok(result) == "P1 critical"  # line 5: not moved


@pytest.mark.parametrize("owners,matched,fatal", [
    (0, 0, False),  # no device names an owner: nothing to match (the ownerless devices are their own problem)
    (1, 0, True),   # none matched: fatal however few
    (3, 0, True),
    (19, 1, False),  # below MIN_OWNERS_FOR_SHARE one match is a directory that works
    (MIN_OWNERS_FOR_SHARE, 1, True),  # 5 %: as good as none
    (MIN_OWNERS_FOR_SHARE, 2, False),  # 10 %: a partial mismatch
    (1000, 99, True),
    (1000, 100, False),
])
def test_the_rule(owners: int, matched: int, fatal: bool) -> None:
    assert Coverage(owners, matched, (), ()).fatal is fatal

