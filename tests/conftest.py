from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import List

import pytest

from auditor.engine.audit import audit
from auditor.model import AuditResult
from auditor.policy.library import Library, load_library, select_packs

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
AS_OF = dt.date(2026, 11, 23)
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session")
def test_library() -> Library:
    """A small, stable policy library for behaviour tests (the shipped packs have their own tests)."""
    return load_library(root=FIXTURES / "policies")


@pytest.fixture
def fixture_policies(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the test policy library."""
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    return FIXTURES / "policies"


def run_audit(library: Library, paths: List[Path], as_of: dt.date = AS_OF, packs: List[str] = ()) -> AuditResult:
    return audit(paths, library, select_packs(library, packs, as_of), as_of)
