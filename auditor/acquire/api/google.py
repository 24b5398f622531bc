"""Google Workspace: a service account with domain-wide delegation, acting for an administrator.

Directory API mobile devices (GET /admin/directory/v1/customer/{customer}/devices/mobile, projection FULL:
Android apps are only in FULL) kept as mobiledevices/page-NNNN.json (google-mobiledevices-json), and
ChromeOS devices (.../devices/chromeos) kept as chromeosdevices/page-NNNN.json
(google-chromeosdevices-json); pages follow nextPageToken. Scopes (read-only):
admin.directory.device.mobile.readonly, admin.directory.device.chromeos.readonly."""
from __future__ import annotations

import urllib.parse
from typing import Any, Dict

from auditor.acquire.api.context import PullContext, records_of
from auditor.acquire.api.settings import GoogleSource
from auditor.acquire.api.tokens import OAuthToken, ServiceAccount

SCOPES = {"mobile": "https://www.googleapis.com/auth/admin.directory.device.mobile.readonly",
          "chromeos": "https://www.googleapis.com/auth/admin.directory.device.chromeos.readonly"}
# (collection, path, list key, folder, reader, page size: Google's maximum for each)
COLLECTIONS = (("mobile", "devices/mobile", "mobiledevices", "mobiledevices", "google-mobiledevices-json", 100),
               ("chromeos", "devices/chromeos", "chromeosdevices", "chromeosdevices", "google-chromeosdevices-json", 200))


def pull_google(source: GoogleSource, ctx: PullContext) -> Dict[str, Any]:
    assert source.service_account is not None
    account = ServiceAccount.load(source.service_account.read())
    wanted = [c for c in COLLECTIONS if getattr(source, c[0])]
    scopes = " ".join(SCOPES[c[0]] for c in wanted)
    auth = OAuthToken(ctx.http, account.token_uri, account.form(source.admin, scopes), ctx.clock,
                      step="token (Google service account)")
    base = f"{source.api.rstrip('/')}/admin/directory/v1/customer/{urllib.parse.quote(source.customer, safe='')}"
    for _, path, key, folder, expect, size in wanted:
        record = ctx.collection(folder, f"{base}/{path}")
        token, page = "", 0
        while True:
            ctx.page_cap(record)
            step = f"{folder} page {page + 1}"
            ctx.say(step)
            query = {"projection": "FULL", "maxResults": size, **({"pageToken": token} if token else {})}
            data, document = ctx.get_json(step, f"{base}/{path}?{urllib.parse.urlencode(query)}", auth)
            ctx.save_page(record, f"{folder}/page-{page:04d}.json", data, len(records_of(document, key, step)), expect)
            token = document.get("nextPageToken", "") if isinstance(document, dict) else ""
            if not token:
                break
            page += 1
    return {"endpoint": source.api, "customer": source.customer, "service_account": account.client_email}
