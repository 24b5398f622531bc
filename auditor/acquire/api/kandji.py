"""Kandji: an API token with the Device list and Device details permissions.

GET /api/v1/devices?limit=N&offset=M (a bare JSON array; pages until an empty one), kept as
devices/page-NNNN.json (kandji-devices-json), then GET /api/v1/devices/{id}/apps for each device, kept as
apps/DEVICE_ID.json (kandji-device-apps-json). A device without apps writes no file."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict, List

from auditor.acquire.api.context import PullContext, records_of
from auditor.acquire.api.https import PullFailure
from auditor.acquire.api.settings import KandjiSource
from auditor.acquire.api.store import safe_part
from auditor.acquire.api.tokens import StaticToken


def pull_kandji(source: KandjiSource, ctx: PullContext) -> Dict[str, Any]:
    assert source.token is not None
    base = source.url.rstrip("/")
    auth = StaticToken(source.token.read())
    endpoint = base + "/api/v1/devices"
    devices = ctx.collection("devices", endpoint)
    ids: List[str] = []
    page = 0
    while True:
        ctx.page_cap(devices)
        step = f"devices page {page + 1}"
        ctx.say(step)
        query = urllib.parse.urlencode({"limit": source.page_size, "offset": page * source.page_size})
        data, document = ctx.get_json(step, f"{endpoint}?{query}", auth)
        found = records_of(document, "", step)
        if not found:
            break
        ctx.save_page(devices, f"devices/page-{page:04d}.json", data, len(found), "kandji-devices-json")
        ids.extend(str(d.get("device_id")) for d in found if isinstance(d, dict) and d.get("device_id"))
        page += 1
    apps = ctx.collection("apps", endpoint + "/{device_id}/apps")
    for i, device_id in enumerate(dict.fromkeys(ids)):
        step = f"apps of device {i + 1} of {len(ids)}"
        ctx.say(step)
        data, document = ctx.get_json(step, f"{endpoint}/{urllib.parse.quote(device_id, safe='')}/apps", auth)
        if not isinstance(document, dict) or str(document.get("device_id", device_id)) != device_id:
            raise PullFailure(step, "the answer is not this device's apps")
        ctx.save_page(apps, f"apps/{safe_part(device_id)}.json", data, len(records_of(document, "apps", step)),
                      "kandji-device-apps-json")
    return {"endpoint": base}
