"""Paged API exports with pages missing (auditor.reading.paging): a page's own totalCount / Total above the
records read across the pages given, or every page given naming a next page (@odata.nextLink,
nextPageToken), is a fatal problem naming the files and the counts. Real readers, the repository's fixtures."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from auditor.model import AuditResult
from auditor.policy import Library, select_packs
from tests.conftest import AS_OF, FIXTURES, audit_paths


def audit(library: Library, paths: List[Path]) -> AuditResult:
    return audit_paths(paths, library, select_packs(library, [], AS_OF), AS_OF, max_export_age_days=100000)


def paging(result: AuditResult) -> List[str]:
    return [p.message for p in result.problems if p.fatal and ("pages" in p.message or "page given" in p.message)]


def edited(source: Path, target: Path, change: Callable[[Dict[str, Any]], None]) -> Path:
    document = json.loads(source.read_text())
    change(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document))
    return target


JAMF = FIXTURES / "jamf" / "computers-inventory.json"  # totalCount 3, 3 results
GRAPH = FIXTURES / "intune_graph" / "detectedApps_with_managedDevices.json"
WS1 = FIXTURES / "workspace_one"


def test_a_jamf_page_whose_total_count_exceeds_what_was_read_is_fatal(test_library: Library, tmp_path: Path) -> None:
    page = edited(JAMF, tmp_path / "j" / "computers-inventory_page-0.json",
                  lambda d: d.update(totalCount=7))
    result = audit(test_library, [page.parent])
    (problem,) = paging(result)
    assert "the page given holds 3 of the 7 records its totalCount says: 4 were not read" in problem
    assert not result.complete
    assert not paging(audit(test_library, [JAMF]))  # the whole export: totalCount 3, 3 read


def test_jamf_pages_are_counted_together(test_library: Library, tmp_path: Path) -> None:
    def second(d: Dict[str, Any]) -> None:
        d["totalCount"] = 6
        for i, record in enumerate(d["results"]):
            record["id"] = str(500 + i)
    first = edited(JAMF, tmp_path / "j" / "page-0.json", lambda d: d.update(totalCount=6))
    edited(JAMF, tmp_path / "j" / "page-1.json", second)
    assert not paging(audit(test_library, [first.parent]))
    first.unlink()
    (problem,) = paging(audit(test_library, [tmp_path / "j"]))
    assert "3 of the 6 records" in problem


def test_workspace_one_device_pages_count_against_total(test_library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "w"
    folder.mkdir()
    shutil.copy(WS1 / "devices_search_page0.json", folder)  # Total 3, 2 devices; page 1 holds the third
    (problem,) = paging(audit(test_library, [folder]))
    assert "2 of the 3 records its Total says" in problem
    shutil.copy(WS1 / "devices_search_page1.json", folder)
    assert not paging(audit(test_library, [folder]))


def test_a_graph_page_with_a_next_link_and_no_last_page_is_fatal(test_library: Library, tmp_path: Path) -> None:
    link = "https://graph.microsoft.com/v1.0/deviceManagement/detectedApps?$skiptoken=abc"
    page = edited(GRAPH, tmp_path / "g" / "page-1.json", lambda d: d.update({"@odata.nextLink": link}))
    result = audit(test_library, [page.parent])
    (problem,) = paging(result)
    assert problem.startswith("the one page given names a next page (@odata.nextLink): the last page is missing")
    assert not result.complete
    # With the last page (no link) beside it: complete as far as paging can tell.
    edited(GRAPH, tmp_path / "g" / "page-2.json", lambda d: d.update({"@odata.context": "page 2"}))
    assert not paging(audit(test_library, [page.parent]))


def test_a_google_page_with_a_next_page_token_alone_is_fatal(test_library: Library, tmp_path: Path) -> None:
    source = FIXTURES / "google_workspace" / "mobiledevices.json"  # nextPageToken "token-2"
    (problem,) = paging(audit(test_library, [source]))
    assert "(nextPageToken)" in problem
    last = edited(source, tmp_path / "last.json", lambda d: d.pop("nextPageToken"))
    assert not paging(audit(test_library, [last]))


@pytest.mark.parametrize("value", [None, "", 0, True, "12"])
def test_paging_fields_that_say_nothing_are_ignored(test_library: Library, tmp_path: Path, value: Any) -> None:
    page = edited(JAMF, tmp_path / "j.json", lambda d: d.update(totalCount=value))
    assert not paging(audit(test_library, [page]))


def test_pages_saved_by_the_api_pull_are_not_judged_by_their_links(test_library: Library, tmp_path: Path) -> None:
    """Fleet Auditor's pull follows every link and leaves out an empty last page: its last page saved may name a
    next one (tests/acquire/api/test_other_sources.py::test_google pulls such pages from a real TLS server)."""
    source = FIXTURES / "google_workspace" / "mobiledevices.json"  # nextPageToken "token-2"
    page = tmp_path / "api" / "google" / "mobiledevices" / "page-0000.json"
    page.parent.mkdir(parents=True)
    shutil.copy(source, page)
    assert paging(audit(test_library, [page]))
    (tmp_path / "api" / "google" / ".pull-manifest.json").write_text("{}")
    assert not paging(audit(test_library, [page]))


def test_a_page_missing_its_apps_is_named_for_both(test_library: Library, tmp_path: Path) -> None:
    """A Jamf page fetched without APPLICATIONS, and without its next page: both are said."""
    def change(d: Dict[str, Any]) -> None:
        d["totalCount"] = 7
        for record in d["results"]:
            record["applications"] = None
    page = edited(JAMF, tmp_path / "j" / "page-0.json", change)
    messages = [p.message for p in audit(test_library, [page]).problems if p.fatal]
    assert any("3 of the 7 records" in m for m in messages)
    assert any("section=APPLICATIONS" in m for m in messages), messages
