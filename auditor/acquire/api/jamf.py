"""Jamf Pro: OAuth client credentials (API Roles and Clients), computers inventory and mobile devices.

- POST {url}/api/oauth/token (grant_type=client_credentials): a token with expires_in, renewed before
  it expires and after a 401.
- GET /api/v1/computers-inventory with the GENERAL, HARDWARE, USER_AND_LOCATION, OPERATING_SYSTEM and
  APPLICATIONS sections (GENERAL dates the record and names the Mac; OPERATING_SYSTEM gives its version),
  pages from 0 sorted by id, until totalCount records are read. Each page is kept as the server sent it:
  computers/page-NNNN.json, the files the jamf-pro-inventory-json reader reads.
- GET /api/v2/mobile-devices/detail with GENERAL, HARDWARE, USER_AND_LOCATION and APPLICATIONS, the same
  way: mobile-devices/page-NNNN.json, the files the jamf-pro-mobile-devices-json reader reads.
  Privileges: Read Computers, Read Mobile Devices."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, Optional, Tuple

from auditor.acquire.api.context import PullContext, records_of, total_of
from auditor.acquire.api.https import Authorizer, PullFailure
from auditor.acquire.api.settings import JamfSource
from auditor.acquire.api.tokens import OAuthToken, client_credentials

COMPUTERS = ("/api/v1/computers-inventory", ("GENERAL", "HARDWARE", "USER_AND_LOCATION", "OPERATING_SYSTEM",
                                              "APPLICATIONS"), "computers", "jamf-pro-inventory-json")
MOBILE_DEVICES = ("/api/v2/mobile-devices/detail", ("GENERAL", "HARDWARE", "USER_AND_LOCATION", "APPLICATIONS"),
                  "mobile-devices", "jamf-pro-mobile-devices-json")


def pull_jamf(source: JamfSource, ctx: PullContext) -> Dict[str, Any]:
    assert source.client_secret is not None
    base = source.url.rstrip("/")
    auth = OAuthToken(ctx.http, base + source.token_path, client_credentials(source.client_id,
                                                                             source.client_secret.read()),
                      ctx.clock, step="token (Jamf Pro)")
    wanted = ((COMPUTERS,) if source.computers else ()) + ((MOBILE_DEVICES,) if source.mobile_devices else ())
    for path, sections, folder, expect in wanted:
        paged(ctx, auth, base + path, sections, folder, expect, source.page_size)
    return {"endpoint": base}


def paged(ctx: PullContext, auth: Authorizer, endpoint: str, sections: Tuple[str, ...], folder: str,
          expect: Optional[str], page_size: int) -> None:
    record = ctx.collection(folder, endpoint, sections=list(sections))
    total: Optional[int] = None
    page = 0
    while total is None or record["rows"] < total:
        ctx.page_cap(record)
        query = [("section", s) for s in sections] + [("page", str(page)), ("page-size", str(page_size)),
                                                        ("sort", "id:asc")]
        step = f"{folder} page {page + 1}" + (f" of {-(-total // page_size)}" if total else "")
        ctx.say(step)
        data, document = ctx.get_json(step, f"{endpoint}?{urllib.parse.urlencode(query)}", auth)
        results = records_of(document, "results", step)
        total = total_of(document, "totalCount", step)
        record["total"] = total
        ctx.save_page(record, f"{folder}/page-{page:04d}.json", data, len(results), expect)
        if not results and record["rows"] < total:
            raise PullFailure(step, f"an empty page after {record['rows']} of {total} records: the inventory "
                                    "changed during the pull, or a page is missing")
        page += 1
