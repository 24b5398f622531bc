"""Every hostile input of the corpus, through the real command line in a child process with limited
time and memory: a clear problem or error, the documented exit code, and inert output."""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from tests.conftest import IN_CI
from tests.hostile.corpus import CASES as BASE_CASES, Case
from tests.hostile.corpus_files import CASES as FILE_CASES, remove_deep_folder
from tests.hostile.inert import assert_inert
from tests.hostile.corpus import baseline
from tests.hostile.runner import Outcome, run_auditor

Ran = Tuple[Path, List[str], Outcome]
CASES = BASE_CASES + FILE_CASES
# A case may cost this many times the CPU time of an ordinary audit of the Intune fixture, run in the same
# session (the baseline below): a quadratic step or a blow-up costs hundreds of times more.
CPU_RATIO = 40
BASELINE = Case("baseline-intune-fixture", baseline, (1,), findings=True)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Dict[str, Ran]:
    """The selected cases at once, one child process per core: the corpus costs its slowest cases, not
    their sum. The baseline always runs (every case's CPU time is compared with it)."""
    selected = {item.callspec.params["case"].id for item in request.session.items
                if isinstance(getattr(item, "callspec", None) and item.callspec.params.get("case"), Case)}
    if any(item.name.startswith("test_injected_reports") for item in request.session.items):
        selected.update(INJECTED)
    run = [case for case in CASES if case.id in selected] + [BASELINE]
    # The folders are made here, in one thread: pytest's temporary-folder factory is not thread-safe (with
    # --basetemp, the first call empties the base folder, while another thread may already be writing in it).
    folders = {case.id: tmp_path_factory.mktemp(case.id[:40]) for case in run}

    def one(case: Case) -> Tuple[str, Ran]:
        folder = folders[case.id]
        args = case.build(folder)
        return case.id, (folder, args, run_auditor(args, cwd=folder))
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        done = dict(pool.map(one, run))
    if "folder-nested-1200-deep" in done:
        remove_deep_folder(folders["folder-nested-1200-deep"])
    return done


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_or_made_inert(case: Case, outcomes: Dict[str, Ran]) -> None:
    tmp_path, args, outcome = outcomes[case.id]

    assert "Traceback" not in outcome.stderr and outcome.code != 4, outcome.stderr[-2000:]
    assert outcome.code in case.codes, f"exit {outcome.code}, expected {case.codes}: {outcome.stderr[-1500:]}"
    base = outcomes[BASELINE.id][2]
    assert base.code == 1, base.stderr[-1500:]
    ratio = outcome.cpu_seconds / base.cpu_seconds
    assert ratio <= CPU_RATIO, (
        f"used {outcome.cpu_seconds:.1f} CPU s, {ratio:.0f} times the baseline audit ({base.cpu_seconds:.2f} s)")
    assert not (tmp_path / "PWNED").exists(), "a YAML tag ran code"

    written = tmp_path / "out" if args[0] == "audit" else tmp_path / "reports" / "latest"
    if outcome.code == 2:
        assert outcome.stderr.startswith("error: ") and "file.yaml" in outcome.stderr, outcome.stderr
        assert not written.exists(), "a refused policy, config or waiver file must write nothing"
        assert case.says in outcome.stderr, outcome.stderr
        return

    document = json.loads((written / "findings.json").read_text(encoding="utf-8"))
    problems = " ".join(f"{p['source']} {p['message']}" for p in document["problems"])
    assert case.says in outcome.stderr + problems, f"{case.says!r} not said: {problems[:1500]}"
    for wrong in case.unsaid:
        assert wrong not in outcome.stderr + problems, f"{wrong!r} said: {outcome.stderr[-500:]} {problems[:1500]}"
    for about, count in case.problems_about:
        named = [p for p in document["problems"] if about in p["source"]]
        assert len(named) == count, f"{len(named)} problems about {about}, expected {count}: {named[:12]}"
    for name, text in case.shows:
        assert text in (written / name).read_text(encoding="utf-8"), f"{name} does not show {text!r}"
    assert document["complete"] is (outcome.code != 3 and not any(p["fatal"] for p in document["problems"]))
    if case.incomplete is not None:
        assert document["complete"] is not case.incomplete, problems[:1500]
    if case.findings:
        assert document["findings"], "the case is meant to carry hostile strings into findings"
    assert_inert(written)
    for name in ("report.html", "findings.json", "findings.csv", "summary.md", "actions.csv", "manifest.json"):
        text = (written / name).read_text(encoding="utf-8")
        for leaked in case.absent:
            assert leaked not in text, f"{name} shows content of a file the audit must not read"
    assert not Path("/tmp/zip-slip-AppInvRawData.csv").exists(), "a ZIP member was written outside"


CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
INJECTED = [c.id for c in CASES if c.id.startswith(("inject-", "huge-field-"))]


@pytest.mark.integration
def test_injected_reports_run_no_script_in_chromium(outcomes: Dict[str, Ran]) -> None:
    """The parsed-HTML checks above, confirmed by a real browser: no dialog, no error, no request."""
    if not CHROMIUM.exists() and not IN_CI:  # in CI a missing browser is a failure, never a skip
        pytest.skip("Chromium is not installed (bash .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api") if not IN_CI else \
        __import__("playwright.sync_api", fromlist=["sync_playwright"])
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            for case_id in INJECTED:
                folder, args, _ = outcomes[case_id]
                report = (folder / "out" / "report.html").resolve()
                page = browser.new_page()
                events: List[str] = []
                page.on("dialog", lambda d: (events.append(f"dialog {d.message}"), d.dismiss()))
                page.on("pageerror", lambda e: events.append(f"error {e}"))
                page.on("request", lambda r: None if r.url.startswith(("file://", "data:")) else events.append(r.url))
                page.goto(report.as_uri())
                page.wait_for_selector("html[data-ready='1']")
                for row in page.locator("#findings tr[data-f]").all()[:3]:
                    row.click()
                assert page.evaluate("document.querySelectorAll('[onerror], [onload], a[href^=\"javascript\"]')"
                                     ".length") == 0, case_id
                assert events == [], (case_id, events)
                page.close()
        finally:
            browser.close()
