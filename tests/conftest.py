from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, List, Sequence

import pytest

from auditor.engine import audit
from auditor.model import AuditResult
from auditor.policy import Library, Pack, load_library, select_packs, selection_of
from auditor.sources import plan_inputs

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
AS_OF = dt.date(2026, 11, 23)
IN_CI = os.environ.get("CI") == "true"
# Seconds after which a test that waits on a process, a socket or a file gives up: only a hang gets there.
# Never a budget: on a loaded machine a run is slow, not wrong (speed figures belong in bench/).
HANG_GUARD = 600.0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true nothing skips: a test (or a module) that skipped itself fails the session, named, whatever
    its own guard said (sshd, Chromium, root: .ci/run installs them and runs as root)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if IN_CI and reporter is not None else []
    if skipped:
        reporter.ensure_newline()
        for report in skipped:
            reporter.write_line(f"skipped under CI=true: {report.nodeid or report.fspath}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def test_library() -> Library:
    """A small, stable policy library for behaviour tests (the shipped packs have their own tests)."""
    return load_library(root=FIXTURES / "policies")


@pytest.fixture
def fixture_policies(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at the test policy library."""
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(FIXTURES / "policies"))
    return FIXTURES / "policies"


def audit_paths(paths: Sequence[Path], library: Library, packs: Sequence[Pack], as_of: dt.date,
                **options: Any) -> AuditResult:
    """The engine's audit of these paths (planned here) with these packs."""
    return audit(plan_inputs(paths), selection_of(library, packs, as_of), **options)


def run_audit(library: Library, paths: List[Path], as_of: dt.date = AS_OF, packs: List[str] = ()) -> AuditResult:
    return audit_paths(paths, library, select_packs(library, packs, as_of), as_of)
