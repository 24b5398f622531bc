"""Fleet: an API-only user's token; GET /api/v1/fleet/hosts with populate_software=
without_vulnerability_details (vulnerability details are the heavy part and the audit does not use
them), pages from 0 ordered by id, until a page holds fewer hosts than asked for. Pages are kept as the
server sent them: hosts/page-NNNN.json, the files the fleet-hosts-json reader reads."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict

from auditor.acquire.api.context import PullContext, records_of
from auditor.acquire.api.settings import FleetSource
from auditor.acquire.api.tokens import StaticToken


def pull_fleet(source: FleetSource, ctx: PullContext) -> Dict[str, Any]:
    assert source.token is not None
    base = source.url.rstrip("/")
    auth = StaticToken(source.token.read())
    endpoint = base + "/api/v1/fleet/hosts"
    record = ctx.collection("hosts", endpoint)
    page = 0
    while True:
        ctx.page_cap(record)
        query = {"populate_software": "without_vulnerability_details", "page": page, "per_page": source.page_size,
                 "order_key": "id", "order_direction": "asc"}
        step = f"hosts page {page + 1}"
        ctx.say(step)
        data, document = ctx.get_json(step, f"{endpoint}?{urllib.parse.urlencode(query)}", auth)
        hosts = records_of(document, "hosts", step)
        ctx.save_page(record, f"hosts/page-{page:04d}.json", data, len(hosts), "fleet-hosts-json")
        if len(hosts) < source.page_size:
            return {"endpoint": base}
        page += 1
