"""`pull`: every configured API source, each into its own folder TO/NAME, swapped in whole when complete.

A source that fails (credentials missing, token refused, export job failed, a page missing, a cut
download, a refused certificate, a page cap reached) writes nothing: its previous pull stays in place,
untouched, and the result names the source and the step. The other sources go on. Nothing here raises
for a remote failure; TO/.pull-manifest.json and each source's own manifest record what happened."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

from auditor.acquire.api.context import Clock, PullContext, Status
from auditor.acquire.api.fleet import pull_fleet
from auditor.acquire.api.google import pull_google
from auditor.acquire.api.https import Https, PullFailure, Sleep
from auditor.acquire.api.intune import pull_intune
from auditor.acquire.api.jamf import pull_jamf
from auditor.acquire.api.kandji import pull_kandji
from auditor.acquire.api.secrets import redact
from auditor.acquire.api.settings import ApiSource
from auditor.acquire.api.store import (MANIFEST_NAME, SOURCE_MANIFEST_SCHEMA, Staging, previous_manifest,
                                       remove_orphans)
from auditor.acquire.api.workspace_one import pull_workspace_one
from auditor.acquire.errors import AcquireError
from auditor.acquire.files import prepare_folder, utc_now, write_json_atomic

PULL_MANIFEST_SCHEMA = "fleet-auditor/pull-manifest/1"
PULLERS: Dict[str, Callable[[Any, PullContext], Dict[str, Any]]] = {
    "intune": pull_intune, "jamf": pull_jamf, "fleet": pull_fleet, "kandji": pull_kandji,
    "workspace-one": pull_workspace_one, "google": pull_google}


@dataclass(frozen=True)
class SourcePull:
    name: str
    kind: str
    complete: bool
    folder: Optional[Path]  # TO/NAME when a pull (this one, or an earlier one after a failure) is there
    step: str = ""  # where it failed
    error: str = ""
    previous_pulled_at: str = ""  # the pull still in place after a failure
    record: Dict[str, Any] = field(default_factory=dict)  # what manifests show of this pull

    def as_json(self) -> Dict[str, Any]:
        return {"name": self.name, "type": self.kind, "complete": self.complete,
                "folder": str(self.folder) if self.folder else None,
                "failed_step": self.step or None, "error": self.error or None,
                "previous_pull_kept": self.previous_pulled_at or None, **self.record}


@dataclass(frozen=True)
class PullResult:
    sources: Tuple[SourcePull, ...]
    manifest: Path

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.sources)


def pull(sources: Sequence[ApiSource], to: Path, sleep: Sleep = time.sleep, clock: Clock = time.time,
         status: Optional[Status] = None) -> PullResult:
    prepare_folder(to)
    started = utc_now()
    results = tuple(pull_one(source, to, sleep, clock, status) for source in sources)
    result = PullResult(results, to / MANIFEST_NAME)
    write_json_atomic(result.manifest, {"schema": PULL_MANIFEST_SCHEMA, "started_at": started,
                                        "finished_at": utc_now(), "complete": result.complete,
                                        "sources": [s.as_json() for s in results]})
    return result


def pull_one(source: ApiSource, to: Path, sleep: Sleep = time.sleep, clock: Clock = time.time,
             status: Optional[Status] = None) -> SourcePull:
    remove_orphans(to, source.name)
    started = utc_now()
    staging: Optional[Staging] = None
    http: Optional[Https] = None
    try:
        staging = Staging(to, source.name)
        http = Https(source.http, sleep)
        ctx = PullContext(source.name, http, staging, clock, sleep, status, source.max_pages)
        detail = PULLERS[source.kind](source, ctx)
        if not any(c["rows"] for c in ctx.collections):
            raise PullFailure("inventory", "the server returned no devices and no apps: check that the API client "
                                           "has the read permissions the documentation lists")
        record = {**detail, "started_at": started, "pulled_at": utc_now(), "requests": http.requests,
                  "collections": ctx.collections}
        link = staging.commit({"schema": SOURCE_MANIFEST_SCHEMA, "name": source.name, "type": source.kind, **record})
        record["files"] = [f.as_json() for f in staging.files]
        return SourcePull(source.name, source.kind, True, link, record=record)
    except (PullFailure, AcquireError, OSError) as exc:
        if staging is not None:
            staging.discard()
        step = exc.step if isinstance(exc, PullFailure) else ("credentials" if isinstance(exc, AcquireError)
                                                              else "write")
        message = exc.message if isinstance(exc, PullFailure) else redact(str(exc))
        link = to / source.name
        kept = previous_manifest(link) if link.is_symlink() else None
        return SourcePull(source.name, source.kind, False, link if kept is not None else None, step, message,
                          str(kept.get("pulled_at", "")) if kept else "",
                          {"started_at": started, "requests": http.requests if http else 0})
    except BaseException:
        if staging is not None:
            staging.discard()
        raise
