"""A real HTTPS server on 127.0.0.1 (test CA) that implements the documented endpoints the pulls use,
answering with bodies shaped like recorded real ones (tests/fixtures, /work/shared/reference/samples):

  /entra/{tenant}/oauth2/v2.0/token      Entra ID client credentials: secret or certificate assertion
  /graph/beta/deviceManagement/reports/exportJobs[('id')]   Intune report export jobs
  /blob/{job}.zip?sv=..&sig=..           the export's Azure Blob SAS link
  /jamf/api/oauth/token, /jamf/api/v1/computers-inventory, /jamf/api/v2/mobile-devices/detail
  /fleet/api/v1/fleet/hosts              /kandji/api/v1/devices[/{id}/apps]
  /ws1/connect/token, /ws1/API/mdm/devices/search, /ws1/API/mdm/devices/{id}/apps
  /google/token, /google/admin/directory/v1/customer/{c}/devices/mobile|chromeos

Every behaviour a test needs is a field of `Script`: throttling with and without Retry-After, a status on
page N, an export job that stays pending or fails, an expired link, a download cut mid-way, token expiry
on the script's clock. Every request is logged (method, path, query, headers, body) for the assertions."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import socket
import ssl
import threading
import time
import urllib.parse
import uuid
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from tests.acquire.api.tls import ServerTls
from tests.conftest import FIXTURES


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def export_zip(csv_bytes: bytes, member: str) -> bytes:
    """A report export as Intune delivers it: a ZIP with one CSV (UTF-8 with a BOM)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, b"\xef\xbb\xbf" + csv_bytes)
    return buffer.getvalue()


def intune_reports() -> Dict[str, bytes]:
    return {"AppInvRawData": (FIXTURES / "intune" / "AppInvRawData.csv").read_bytes(),
            "DevicesWithInventory": (FIXTURES / "intune" / "devices.csv").read_bytes()}


def jamf_computers(count: int) -> List[Dict[str, Any]]:
    """`count` computers shaped like the recorded computers-inventory results (the first three are them)."""
    recorded = json.loads((FIXTURES / "jamf" / "computers-inventory.json").read_text())["results"]
    out = []
    for i in range(count):
        record = json.loads(json.dumps(recorded[i % len(recorded)]))
        if i >= len(recorded):
            record["id"] = str(1000 + i)
            record["udid"] = str(uuid.UUID(int=i))
            record["general"]["name"] = f"mac-{i:04d}"
            record["hardware"]["serialNumber"] = f"C02GEN{i:05d}"
        out.append(record)
    return out


def jamf_mobile_devices(count: int) -> List[Dict[str, Any]]:
    """iOS results of /api/v2/mobile-devices/detail (Jamf Pro 11.7.1 schema: MobileDeviceResponse)."""
    return [{"mobileDeviceId": str(200 + i), "deviceType": "iOS",
             "general": {"udid": str(uuid.UUID(int=10_000 + i)), "displayName": f"iPhone {i}",
                         "lastInventoryUpdateDate": "2026-11-22T07:00:00Z", "osVersion": "18.1", "managed": True,
                         "supervised": True, "deviceOwnershipType": "Institutional"},
             "hardware": {"serialNumber": f"DNPMOB{i:05d}", "model": "iPhone 15"},
             "userAndLocation": {"username": f"user{i}", "realName": f"User {i}", "emailAddress": f"user{i}@contoso.com"},
             "applications": [{"identifier": "com.zhiliaoapp.musically", "name": "TikTok", "version": "37.6.3",
                               "shortVersion": "37.6.3", "managementStatus": "Unmanaged"}]} for i in range(count)]


@dataclass
class Logged:
    method: str
    path: str
    query: Dict[str, List[str]]
    headers: Dict[str, str]
    body: bytes


@dataclass
class Script:
    """What the server does. Tests change fields before (or between) pulls."""

    clock: Callable[[], float] = time.time
    # Entra ID + Graph
    tenant: str = "contoso.onmicrosoft.com"
    client_id: str = "0a1b2c3d-1111-4222-8333-444455556666"
    client_secret: str = "intune~Secret.value-0123456789abcdef"
    certificate: Optional[x509.Certificate] = None  # registered for assertions
    token_lifetime: int = 3599
    polls_before_complete: int = 1
    job_outcome: str = "completed"  # or "failed"
    link_expired: bool = False
    cut_downloads: int = 0  # the next N downloads are cut halfway
    reports: Dict[str, bytes] = field(default_factory=intune_reports)
    # Jamf Pro
    jamf_client_id: str = "b8c9d0e1-aaaa-4bbb-8ccc-ddddeeeeffff"
    jamf_secret: str = "jamf-Client-Secret-ABCDEFGH12345678"
    jamf_lifetime: int = 1199
    computers: List[Dict[str, Any]] = field(default_factory=lambda: jamf_computers(3))
    mobile_devices: List[Dict[str, Any]] = field(default_factory=lambda: jamf_mobile_devices(2))
    total_extra: int = 0  # totalCount larger than the records served (a page goes missing)
    # Fleet, Kandji, Workspace ONE, Google
    fleet_token: str = "fleet-API-only-user-token-0123456789"
    kandji_token: str = "kandji-Token-9f8e7d6c5b4a39281706"
    ws1_client_id: str = "ws1-client-1"
    ws1_secret: str = "ws1-Secret-value-AAAABBBBCCCC"
    google_public_key: Any = None
    google_admin: str = "admin@contoso.com"
    # (path prefix) -> responses served before the real one: (status, headers)
    throttle: Dict[str, List[Tuple[int, Dict[str, str]]]] = field(default_factory=dict)
    # (path prefix, page index from 0) -> status served instead of that page
    fail_pages: Dict[Tuple[str, int], int] = field(default_factory=dict)
    # state
    log: List[Logged] = field(default_factory=list)
    tokens: Dict[str, float] = field(default_factory=dict)  # token -> expiry on `clock`
    jobs: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    issued: List[str] = field(default_factory=list)
    served: Dict[str, bytes] = field(default_factory=dict)  # job id -> the ZIP bytes last served whole
    refused_tokens: int = 0
    transit: float = 0.0  # seconds a request takes to reach the server, added to `clock` when checking a token
    echo_errors: bool = False  # a careless server: its token errors repeat the form it received


    def requests(self, prefix: str, method: str = "GET") -> List[Logged]:
        return [r for r in self.log if r.path.startswith(prefix) and r.method == method]


class ApiServer:
    def __init__(self, tls: ServerTls, script: Script) -> None:
        self.script = script
        handler = type("Handler", (_Handler,), {"script": script, "server_ref": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(tls.chain_pem), str(tls.key_pem))
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.base = f"https://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    script: Script
    server_ref: ApiServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    # -- plumbing ---------------------------------------------------------------------------------------

    def _reply(self, status: int, body: Any, headers: Optional[Dict[str, str]] = None,
               content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length) if length else b""
        query = urllib.parse.parse_qs(parts.query)
        s = self.script
        s.log.append(Logged(method, parts.path, query, {k.lower(): v for k, v in self.headers.items()}, body))
        for prefix, queued in s.throttle.items():
            if parts.path.startswith(prefix) and queued:
                status, headers = queued.pop(0)
                return self._reply(status, {"error": {"code": "TooManyRequests", "message": "Too many requests"}},
                                   headers)
        path = parts.path
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()} if method == "POST" else {}
        if path.startswith("/entra/") and path.endswith("/oauth2/v2.0/token"):
            return self._entra_token(path, form)
        if path.startswith("/graph/beta/deviceManagement/reports/exportJobs"):
            return self._export_job(method, path, body)
        if path.startswith("/blob/"):
            return self._blob(path, query)
        if path == "/jamf/api/oauth/token":
            return self._client_credentials(form, s.jamf_client_id, s.jamf_secret, s.jamf_lifetime)
        if path == "/ws1/connect/token":
            return self._client_credentials(form, s.ws1_client_id, s.ws1_secret, 3600)
        if path == "/google/token":
            return self._google_token(form)
        if path.startswith(("/jamf/", "/ws1/", "/google/", "/graph/")) and not self._bearer_ok():
            return self._reply(401, {"httpStatus": 401, "errors": [{"code": "INVALID_TOKEN", "description": "Unauthorized"}]})
        if path == "/jamf/api/v1/computers-inventory":
            return self._jamf_page("/jamf/api/v1/computers-inventory", s.computers, query)
        if path == "/jamf/api/v2/mobile-devices/detail":
            return self._jamf_page("/jamf/api/v2/mobile-devices/detail", s.mobile_devices, query)
        if path.startswith("/fleet/"):
            return self._fleet(path, query)
        if path.startswith("/kandji/"):
            return self._kandji(path, query)
        if path.startswith("/ws1/API/mdm/devices/"):
            return self._ws1(path, query)
        if path.startswith("/google/admin/directory/v1/customer/"):
            return self._google(path, query)
        return self._reply(404, {"error": {"code": "NotFound", "message": f"no route {path}"}})

    def do_GET(self) -> None:  # noqa: N802
        self._handle("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def _issue(self, lifetime: int) -> Dict[str, Any]:
        token = "at-" + uuid.uuid4().hex + uuid.uuid4().hex
        self.script.tokens[token] = self.script.clock() + lifetime
        self.script.issued.append(token)
        return {"token_type": "Bearer", "expires_in": lifetime, "ext_expires_in": lifetime, "access_token": token}

    def _bearer_ok(self) -> bool:
        header = self.headers.get("Authorization", "")
        expiry = self.script.tokens.get(header[7:]) if header.startswith("Bearer ") else None
        if expiry is None or expiry <= self.script.clock() + self.script.transit:
            self.script.refused_tokens += 1
            return False
        return True

    def _page_failure(self, prefix: str, page: int) -> bool:
        status = self.script.fail_pages.get((prefix, page))
        if status is None:
            return False
        self._reply(status, {"httpStatus": status, "errors": [{"code": "SERVER_ERROR", "description": "Internal error"}]})
        return True

    # -- Entra ID ---------------------------------------------------------------------------------------

    def _entra_token(self, path: str, form: Dict[str, str]) -> None:
        s = self.script
        tenant = urllib.parse.unquote(path.split("/")[2])
        token_url = f"{self.server_ref.base}{path}"
        if tenant != s.tenant or form.get("client_id") != s.client_id or form.get("grant_type") != "client_credentials":
            return self._oauth_error("unauthorized_client", "AADSTS700016: Application not found in the directory")
        if form.get("scope") != f"{self.server_ref.base}/graph/.default":
            return self._oauth_error("invalid_scope", f"AADSTS1002012: scope {form.get('scope')} is not valid")
        if "client_assertion" in form:
            why = self._check_assertion(form, token_url)
            if why:
                return self._oauth_error("invalid_client", f"AADSTS700027: Client assertion failed: {why}")
        elif form.get("client_secret") != s.client_secret:
            echo = f" Received: {form}" if s.echo_errors else ""
            return self._oauth_error("invalid_client", "AADSTS7000215: Invalid client secret provided." + echo)
        self._reply(200, self._issue(s.token_lifetime))

    def _oauth_error(self, error: str, description: str) -> None:
        self._reply(401 if error == "invalid_client" else 400,
                    {"error": error, "error_description": description, "error_codes": [7000215],
                     "timestamp": "2026-12-06 02:00:00Z", "trace_id": str(uuid.uuid4()),
                     "correlation_id": str(uuid.uuid4())})

    def _check_assertion(self, form: Dict[str, str], token_url: str) -> str:
        s = self.script
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            return "wrong client_assertion_type"
        if s.certificate is None:
            return "no certificate registered"
        try:
            head, claims_part, signature = form["client_assertion"].split(".")
            header = json.loads(_b64url_decode(head))
            claims = json.loads(_b64url_decode(claims_part))
        except ValueError:
            return "not a JWT"
        der = s.certificate.public_bytes(serialization.Encoding.DER)
        key = s.certificate.public_key()
        data, sig = f"{head}.{claims_part}".encode(), _b64url_decode(signature)
        try:
            if header.get("alg") == "PS256" and header.get("x5t#S256") == b64url(hashlib.sha256(der).digest()):
                key.verify(sig, data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),  # type: ignore[call-arg]
                           hashes.SHA256())
            elif header.get("alg") == "RS256" and header.get("x5t") == b64url(hashlib.sha1(der).digest()):
                key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[call-arg]
            else:
                return "the thumbprint does not match the registered certificate"
        except InvalidSignature:
            return "signature invalid"
        if claims.get("aud") != token_url:
            return f"aud {claims.get('aud')} is not {token_url}"
        if not (claims.get("iss") == claims.get("sub") == s.client_id):
            return "iss/sub is not the client id"
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= time.time() or not claims.get("jti"):
            return "expired or no jti"
        return ""

    # -- Graph export jobs and the blob -----------------------------------------------------------------

    def _export_job(self, method: str, path: str, body: bytes) -> None:
        s = self.script
        if not self._bearer_ok():
            return self._reply(401, {"error": {"code": "InvalidAuthenticationToken", "message": "Access token has expired"}})
        base = self.server_ref.base
        if method == "POST":
            request = json.loads(body)
            report = request.get("reportName")
            if report not in s.reports or not request.get("select"):
                return self._reply(400, {"error": {"code": "BadRequest", "message": f"bad report or no select: {report}"}})
            job_id = f"{report}_{uuid.uuid4()}"
            s.jobs[job_id] = {"id": job_id, "reportName": report, "filter": "", "select": request["select"],
                              "format": "csv", "snapshotId": None, "localizationType": request.get("localizationType"),
                              "status": "notStarted", "url": None, "requestDateTime": "2026-12-06T02:00:01.1405758Z",
                              "expirationDateTime": "0001-01-01T00:00:00Z", "polls": 0}
            document = {"@odata.context": f"{base}/graph/beta/$metadata#deviceManagement/reports/exportJobs/$entity",
                        **{k: v for k, v in s.jobs[job_id].items() if k != "polls"}}
            return self._reply(201, document)
        job_id = urllib.parse.unquote(path.split("exportJobs('", 1)[-1].rstrip("')"))
        job = s.jobs.get(job_id)
        if job is None:
            return self._reply(404, {"error": {"code": "ResourceNotFound", "message": "no such job"}})
        job["polls"] += 1
        if job["polls"] > s.polls_before_complete:
            job["status"] = s.job_outcome
            if s.job_outcome == "completed":
                job["url"] = f"{base}/blob/{job_id}.zip?sv=2019-02-02&sr=b&sig=SAS-sig-{uuid.uuid4().hex}&se=2026-12-06T08%3A00%3A00Z&sp=r"
                job["expirationDateTime"] = "2026-12-06T08:00:00.8540289Z"
        else:
            job["status"] = "inProgress" if job["polls"] > 1 else "notStarted"
        self._reply(200, {"@odata.context": f"{base}/graph/beta/$metadata#deviceManagement/reports/exportJobs/$entity",
                          **{k: v for k, v in job.items() if k != "polls"}})

    def _blob(self, path: str, query: Dict[str, List[str]]) -> None:
        s = self.script
        job_id = path[len("/blob/"):-len(".zip")]
        job = s.jobs.get(job_id)
        if s.link_expired or job is None or not query.get("sig"):
            xml = (b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>'
                   b'Server failed to authenticate the request. Signed expiry time has to be after signed start time'
                   b'</Message></Error>')
            return self._reply(403, xml, content_type="application/xml")
        data = export_zip(s.reports[job["reportName"]], f"{job_id}.csv")
        if s.cut_downloads > 0:
            s.cut_downloads -= 1
            self.send_response(200)
            self.send_header("Content-Type", "application/x-zip-compressed")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)  # the line is cut mid-download
            return
        s.served[job_id] = data
        self._reply(200, data, content_type="application/x-zip-compressed")

    # -- OAuth client credentials (Jamf, WS1) and Google ------------------------------------------------

    def _client_credentials(self, form: Dict[str, str], client_id: str, secret: str, lifetime: int) -> None:
        if (form.get("grant_type"), form.get("client_id"), form.get("client_secret")) != ("client_credentials",
                                                                                          client_id, secret):
            return self._reply(401, {"error": "invalid_client", "error_description": "Client authentication failed"})
        document = self._issue(lifetime)
        document["scope"] = "api-role:1"
        self._reply(200, document)

    def _google_token(self, form: Dict[str, str]) -> None:
        s = self.script
        try:
            head, claims_part, signature = form["assertion"].split(".")
            claims = json.loads(_b64url_decode(claims_part))
            s.google_public_key.verify(_b64url_decode(signature), f"{head}.{claims_part}".encode(),
                                       padding.PKCS1v15(), hashes.SHA256())
        except (KeyError, ValueError, InvalidSignature):
            return self._reply(400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        if form.get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" or claims.get("sub") != s.google_admin \
                or claims.get("aud") != "https://oauth2.googleapis.com/token" or "admin.directory" not in claims.get("scope", ""):
            return self._reply(400, {"error": "unauthorized_client", "error_description": "Client is unauthorized"})
        self._reply(200, self._issue(3599))

    # -- inventories ------------------------------------------------------------------------------------

    def _jamf_page(self, prefix: str, records: List[Dict[str, Any]], query: Dict[str, List[str]]) -> None:
        page, size = int(query.get("page", ["0"])[0]), int(query.get("page-size", ["100"])[0])
        if self._page_failure(prefix, page):
            return
        sections = set(",".join(query.get("section", [])).split(","))
        keys = {"GENERAL": "general", "HARDWARE": "hardware", "USER_AND_LOCATION": "userAndLocation",
                "OPERATING_SYSTEM": "operatingSystem", "APPLICATIONS": "applications"}
        served = []
        for record in records[page * size:(page + 1) * size]:
            # Sections not asked for come back null, as Jamf Pro answers.
            served.append({k: (v if k not in keys.values() or any(keys[s] == k for s in sections if s in keys) else None)
                           for k, v in record.items()})
        self._reply(200, {"totalCount": len(records) + self.script.total_extra, "results": served})

    def _fleet(self, path: str, query: Dict[str, List[str]]) -> None:
        if self.headers.get("Authorization") != f"Bearer {self.script.fleet_token}":
            return self._reply(401, {"message": "Authentication required", "errors": [{"name": "base", "reason": "Authentication required"}]})
        if query.get("populate_software") != ["without_vulnerability_details"]:
            return self._reply(400, {"message": "Bad request", "errors": [{"name": "base", "reason": "Invalid value for populate_software."}]})
        hosts = json.loads((FIXTURES / "fleet" / "hosts_with_software.json").read_text())["hosts"]
        page, per_page = int(query["page"][0]), int(query["per_page"][0])
        self._reply(200, {"hosts": hosts[page * per_page:(page + 1) * per_page]})

    def _kandji(self, path: str, query: Dict[str, List[str]]) -> None:
        if self.headers.get("Authorization") != f"Bearer {self.script.kandji_token}":
            return self._reply(401, {"detail": "Authentication credentials were not provided."})
        devices = json.loads((FIXTURES / "kandji" / "devices.json").read_text())
        if path == "/kandji/api/v1/devices":
            offset, limit = int(query["offset"][0]), int(query["limit"][0])
            return self._reply(200, devices[offset:offset + limit])
        device_id = path.split("/")[-2]
        for name in ("device_apps_dee.json", "device_apps_kiosk.json"):
            document = json.loads((FIXTURES / "kandji" / name).read_text())
            if document["device_id"] == device_id:
                return self._reply(200, document)
        self._reply(404, {"detail": "Not found."})

    def _ws1(self, path: str, query: Dict[str, List[str]]) -> None:
        page = int(query.get("page", ["0"])[0])
        if path == "/ws1/API/mdm/devices/search":
            name = "devices_search_page0.json" if page == 0 else "devices_search_page1.json"
            return self._reply(200, json.loads((FIXTURES / "workspace_one" / name).read_text()))
        device_id = path.split("/")[-2]
        file = FIXTURES / "workspace_one" / f"apps_{device_id}.json"
        if not file.is_file():
            self.send_response(204)  # Workspace ONE answers No Content for a device without apps
            self.end_headers()
            return
        self._reply(200, json.loads(file.read_text()))

    def _google(self, path: str, query: Dict[str, List[str]]) -> None:
        if path.endswith("/devices/mobile"):
            document = json.loads((FIXTURES / "google_workspace" / "mobiledevices.json").read_text())
            if query.get("pageToken"):
                return self._reply(200, {"kind": "admin#directory#mobiledevices", "etag": '"y"', "mobiledevices": []})
            return self._reply(200, document)
        self._reply(200, {"kind": "admin#directory#chromeosdevices", "etag": '"z"', "chromeosdevices": [
            {"kind": "admin#directory#chromeosdevice", "deviceId": "cros-1", "serialNumber": "5CD1CROS01",
             "status": "ACTIVE", "lastSync": "2026-11-22T03:00:00.000Z", "annotatedUser": "dee@contoso.com",
             "model": "HP Chromebook x360", "osVersion": "131.0.6778.85"}]})


def pages_of(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))
