"""Jamf Pro: client-credentials tokens renewed before expiry, computers and mobile devices paged to the end,
pages kept verbatim; a 500 on page 7 of 9, a missing page and the page cap make the pull incomplete."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List

from auditor.acquire.api import pull
from auditor.acquire.api.store import MANIFEST_NAME
from auditor.sources import detect
from auditor.textio.inputs import InputFile
from tests.acquire.api.conftest import Sleeps, jamf_source, tree
from tests.acquire.api.server import ApiServer, Script, jamf_computers
from tests.acquire.api.tls import ServerTls

COMPUTERS = "/jamf/api/v1/computers-inventory"


def _without_top_manifest(files: dict) -> dict:
    return {k: v for k, v in files.items() if k != MANIFEST_NAME}


def test_nine_pages_kept_verbatim_and_read_by_the_reader(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                          tmp_path: Path, sleeps: Sleeps) -> None:
    script = secrets_env
    script.computers = jamf_computers(850)  # 9 pages of 100
    (item,) = pull([jamf_source(server, tls)], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    pages = sorted((item.folder / "computers").iterdir())
    assert [p.name for p in pages] == [f"page-{i:04d}.json" for i in range(9)]
    requests = script.requests(COMPUTERS)
    assert [r.query["page"] for r in requests] == [[str(i)] for i in range(9)]
    assert requests[0].query["section"] == ["GENERAL", "HARDWARE", "USER_AND_LOCATION", "OPERATING_SYSTEM",
                                            "APPLICATIONS"]
    assert sum(len(json.loads(p.read_text())["results"]) for p in pages) == 850
    for page in pages:
        reader, _ = detect(InputFile(str(page), page))
        assert reader is not None and reader.format_id == "jamf-pro-inventory-json"
    collections = {c["name"]: c for c in item.record["collections"]}
    assert collections["computers"]["rows"] == 850 and collections["computers"]["total"] == 850
    assert collections["mobile-devices"]["rows"] == 2
    mobile = json.loads(next(item.folder.glob("*mobile-devices/page-0000.json")).read_text())
    assert mobile["results"][0]["deviceType"] == "iOS" and mobile["results"][0]["applications"]


def test_a_500_on_page_7_of_9_keeps_the_previous_pull(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                      tmp_path: Path, sleeps: Sleeps) -> None:
    script = secrets_env
    to = tmp_path / "api"
    script.computers = jamf_computers(850)
    assert pull([jamf_source(server, tls)], to, sleep=sleeps).complete
    before = tree(to)
    link_before = (to / "jamf").readlink()
    script.log.clear()
    script.computers = jamf_computers(870)  # tonight's inventory differs
    script.fail_pages[(COMPUTERS, 6)] = 500
    (item,) = pull([jamf_source(server, tls)], to, sleep=sleeps).sources
    assert not item.complete
    assert item.step == "computers page 7 of 9" and "HTTP 500" in item.error
    assert len([r for r in script.requests(COMPUTERS) if r.query["page"] == ["6"]]) == 1  # a 500 is not retried
    assert (to / "jamf").readlink() == link_before
    assert _without_top_manifest(tree(to)) == _without_top_manifest(before)
    top = json.loads((to / MANIFEST_NAME).read_text())
    assert top["complete"] is False and top["sources"][0]["failed_step"] == "computers page 7 of 9"


def test_token_renewed_before_it_expires(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
                                         sleeps: Sleeps) -> None:
    """Client and server share a clock that moves 10 s per look, and a request takes 25 s to arrive: a 300 s
    token must be renewed by the client early enough that the server never sees it expired (no 401)."""
    moments: List[float] = [1_000_000.0]

    def clock() -> float:
        moments[0] += 10.0
        return moments[0]

    script = secrets_env
    script.clock = clock
    script.transit = 25.0
    script.jamf_lifetime = 300
    script.computers = jamf_computers(850)
    (item,) = pull([jamf_source(server, tls, page_size=20)], tmp_path / "api", sleep=sleeps, clock=clock).sources
    assert item.complete, item.error
    assert script.refused_tokens == 0
    assert len(script.requests("/jamf/api/oauth/token", "POST")) >= 3


def test_a_revoked_token_is_renewed_once(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
                                         sleeps: Sleeps) -> None:
    script = secrets_env
    script.computers = jamf_computers(250)
    original = script.tokens.__class__.get

    class Revoking(dict):
        """Every token stops working after 2 uses (an administrator rotated the client)."""

        uses: dict = {}

        def get(self, key, default=None):  # type: ignore[no-untyped-def]
            Revoking.uses[key] = Revoking.uses.get(key, 0) + 1
            return None if Revoking.uses[key] > 2 else original(self, key, default)

    script.tokens = Revoking()
    (item,) = pull([jamf_source(server, tls, mobile_devices=False)], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    assert script.refused_tokens == 1 and len(script.requests("/jamf/api/oauth/token", "POST")) == 2


def test_missing_page_and_page_cap(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
                                   sleeps: Sleeps) -> None:
    script = secrets_env
    script.computers = jamf_computers(150)
    script.total_extra = 100  # totalCount says 250: the third page comes back empty
    (item,) = pull([jamf_source(server, tls)], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and item.step == "computers page 3 of 3" and "a page is missing" in item.error
    script.total_extra = 0
    (item,) = pull([jamf_source(server, tls, max_pages=1)], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and item.step == "computers page 2"
    assert "cap of 1 pages (max_pages)" in item.error
    assert not (tmp_path / "api" / "jamf").exists()  # no pull ever completed: nothing to audit


def test_refused_client_secret(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path,
                               sleeps: Sleeps, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TEST_JAMF_SECRET", "not-the-secret")
    (item,) = pull([jamf_source(server, tls)], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and item.step == "token (Jamf Pro)" and "HTTP 401" in item.error
    assert "invalid_client" in item.error and item.folder is None
