"""Workspace ONE UEM: OAuth client credentials at the region's token URL, then
GET /API/mdm/devices/search (pages from 0 until Total devices are read), kept as devices/page-NNNN.json
(ws1-devices-json), and GET /API/mdm/devices/{id}/apps for each device, kept as apps/apps_ID.json
(page 0) and apps/apps_pN_ID.json: the apps answer does not name its device, and the reader takes the
id from the end of the file name."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List, Optional

from auditor.acquire.api.context import PullContext, records_of, total_of
from auditor.acquire.api.https import Authorizer, PullFailure
from auditor.acquire.api.settings import WorkspaceOneSource
from auditor.acquire.api.tokens import OAuthToken, client_credentials


def pull_workspace_one(source: WorkspaceOneSource, ctx: PullContext) -> Dict[str, Any]:
    assert source.client_secret is not None
    base = source.url.rstrip("/")
    auth = OAuthToken(ctx.http, source.token_url, client_credentials(source.client_id, source.client_secret.read()),
                      ctx.clock, step="token (Workspace ONE)")
    headers = {"Accept": "application/json"}
    if source.tenant_code is not None:
        headers["aw-tenant-code"] = source.tenant_code.read().value
    devices = ctx.collection("devices", base + "/API/mdm/devices/search")
    ids: List[str] = []
    for document in _pages(ctx, auth, headers, base + "/API/mdm/devices/search", "Devices", devices,
                           lambda page: f"devices/page-{page:04d}.json", "ws1-devices-json", source.page_size):
        for device in records_of(document, "Devices", "devices"):
            value = device.get("Id", {}).get("Value") if isinstance(device, dict) and isinstance(device.get("Id"), dict) else None
            if isinstance(value, int) and not isinstance(value, bool):
                ids.append(str(value))
    apps = ctx.collection("apps", base + "/API/mdm/devices/{id}/apps")
    for device_id in dict.fromkeys(ids):
        for _ in _pages(ctx, auth, headers, f"{base}/API/mdm/devices/{device_id}/apps", "DeviceApps", apps,
                        lambda page: f"apps/apps_{device_id}.json" if page == 0 else f"apps/apps_p{page}_{device_id}.json",
                        "ws1-device-apps-json", source.page_size):
            pass
    return {"endpoint": base}


def _pages(ctx: PullContext, auth: Authorizer, headers: Dict[str, str], endpoint: str, key: str,
           record: Dict[str, Any], name: Any, expect: Optional[str], page_size: int) -> Any:
    seen, page = 0, 0
    while True:
        ctx.page_cap(record)
        step = f"{record['name']} page {page + 1} ({endpoint.rsplit('/API/', 1)[-1]})"
        ctx.say(step)
        response = ctx.http.request(step, "GET", f"{endpoint}?{urllib.parse.urlencode({'page': page, 'pagesize': page_size})}",
                                    headers=headers, auth=auth, ok=(200, 204))
        if response.status == 204 or not response.body.strip():
            return  # WS1 answers 204 No Content for a device without apps
        data, document = response.body, response.json(step)
        found = records_of(document, key, step)
        total = total_of(document, "Total", step)
        ctx.save_page(record, name(page), data, len(found), expect)
        yield document
        seen += len(found)
        if seen >= total:
            return
        if not found:
            raise PullFailure(step, f"an empty page after {seen} of {total} records: a page is missing")
        page += 1
