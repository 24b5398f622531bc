"""What a puller works with: the HTTPS client, the version folder being written, the clock, the sleep,
progress, and the manifest record of what it pulled (per collection: endpoint, pages, rows, files)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from auditor.acquire.api.https import Authorizer, Https, PullFailure, Sleep, shown
from auditor.acquire.api.store import Staging

Clock = Callable[[], float]
# progress(source name, what is happening): a status line on a terminal, nothing under cron.
Status = Callable[[str, str], None]


@dataclass
class PullContext:
    name: str
    http: Https
    staging: Staging
    clock: Clock = time.time
    sleep: Sleep = time.sleep
    status: Optional[Status] = None
    max_pages: int = 5000
    collections: List[Dict[str, Any]] = field(default_factory=list)

    def say(self, text: str) -> None:
        if self.status is not None:
            self.status(self.name, text)

    def collection(self, name: str, endpoint: str, **extra: Any) -> Dict[str, Any]:
        record: Dict[str, Any] = {"name": name, "endpoint": shown(endpoint), **extra, "pages": 0, "rows": 0,
                                  "files": []}
        self.collections.append(record)
        return record

    def get_json(self, step: str, url: str, auth: Optional[Authorizer],
                 headers: Optional[Dict[str, str]] = None) -> Tuple[bytes, Any]:
        response = self.http.request(step, "GET", url, headers=headers, auth=auth)
        return response.body, response.json(step)

    def page_cap(self, record: Dict[str, Any]) -> None:
        if record["pages"] >= self.max_pages:
            raise PullFailure(f"{record['name']} page {record['pages'] + 1}",
                              f"stopped at the cap of {self.max_pages} pages (max_pages) and the server has more: "
                              "the inventory would be partial; raise max_pages")

    def save_page(self, record: Dict[str, Any], relative: str, data: bytes, rows: int, expect: Optional[str]) -> None:
        """A page as the server sent it, byte for byte. An empty page is counted, not written: it holds
        nothing to audit, and a reader could not tell what it is."""
        record["pages"] += 1
        if rows:
            self.staging.write(relative, data, rows, expect)
            record["files"].append(relative)
            record["rows"] += rows


def records_of(document: Any, key: str, step: str) -> List[Any]:
    """The list under `key` of a page (or the page itself when it is a list): anything else fails the step."""
    value = document if key == "" else (document.get(key) if isinstance(document, dict) else None)
    if value is None and isinstance(document, dict) and key:
        return []
    if not isinstance(value, list):
        raise PullFailure(step, f"the page has no {key or 'JSON array'} list: unexpected answer")
    return value


def total_of(document: Any, key: str, step: str) -> int:
    value = document.get(key) if isinstance(document, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PullFailure(step, f"the page has no {key} count: unexpected answer")
    return value
