"""HTTPS for the API pulls: the standard library's http.client over one verified TLS context.

- TLS is always verified: the system's trust store, or only the configured CA bundle (a TLS-inspecting
  proxy's CA, or a test CA). There is no switch to turn verification off.
- 429 and 503 (and 502/504 from gateways) are retried: after Retry-After when the server sends one
  (seconds or an HTTP date; longer than `max_retry_after` fails the step rather than stall the night),
  else after our own exponential backoff. Connection failures (refused, reset, timeout, a body cut
  short) are retried the same way. Any other error status fails the step at once: a 500 is not retried.
- A 401 on a request made with a renewable token renews the token once and repeats the request.
- `sleep` is injectable: tests count the waits instead of sleeping through them.
- Failure messages never carry a query string (an Intune download link is a bearer credential) and
  pass through secrets.redact()."""
from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import os
import socket
import ssl
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Dict, Mapping, Optional, Protocol, Tuple

from auditor.acquire.api.secrets import redact

RETRIED_STATUSES = (429, 502, 503, 504)
CHUNK = 1 << 20
Sleep = Callable[[float], None]
# progress(label, bytes so far, total bytes or 0 when unknown)
ByteProgress = Callable[[str, int, int], None]


class PullFailure(Exception):
    """A pull step failed: the source is not pulled this time (the run is incomplete)."""

    def __init__(self, step: str, message: str) -> None:
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = redact(message)


@dataclass(frozen=True)
class HttpSettings:
    ca_bundle: Optional[Path] = None  # trust only these CAs (PEM); default: the system's trust store
    timeout: float = 60.0  # connect, and each read
    retries: int = 4  # further attempts after the first, for throttling and connection failures
    backoff: float = 2.0  # seconds before the first retry when the server gives no Retry-After; doubles
    max_retry_after: float = 300.0
    max_body: int = 512 * 1024 * 1024  # a JSON page larger than this is refused (it is held in memory)
    proxy: str = ""  # http://host:port: HTTPS is tunnelled through it (CONNECT)


class Authorizer(Protocol):
    def header(self) -> str:
        """The Authorization header's value."""

    def renew(self) -> bool:
        """Forget the current token after a 401; True when a new one can be asked for."""


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes

    def json(self, step: str) -> Any:
        try:
            return json.loads(self.body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise PullFailure(step, f"the server's answer is not JSON ({exc})") from None


def tls_context(ca_bundle: Optional[Path]) -> ssl.SSLContext:
    if ca_bundle is not None and not ca_bundle.is_file():
        raise PullFailure("tls", f"the CA bundle {ca_bundle} does not exist")
    try:
        # With a cafile, only that file is trusted (create_default_context loads no system CA then).
        context = ssl.create_default_context(cafile=str(ca_bundle) if ca_bundle else None)
    except (ssl.SSLError, OSError) as exc:
        raise PullFailure("tls", f"cannot load the CA bundle {ca_bundle}: {exc}") from None
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def shown(url: str) -> str:
    """A URL as messages and manifests show it: without query string or fragment."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def retry_after(headers: Mapping[str, str], now: Callable[[], float] = time.time) -> Optional[float]:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now())


def error_text(body: bytes) -> str:
    """The useful part of an error body (Graph, Jamf, Fleet, Google, OAuth), on one short line."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict):
        error = document.get("error")
        if isinstance(error, dict):  # Graph, Google
            text = str(error.get("message") or error.get("code") or error)
        elif isinstance(error, str):  # OAuth
            text = f"{error}: {document.get('error_description', '')}".rstrip(": ")
        elif isinstance(document.get("errors"), list) and document["errors"]:  # Jamf, Fleet
            first = document["errors"][0]
            text = str(first.get("description") or first.get("reason") or first) if isinstance(first, dict) else str(first)
        elif document.get("message"):
            text = str(document["message"])
    text = " ".join(text.split())
    printable = "".join(ch if ch.isprintable() else "?" for ch in text)
    return printable[:300]


class Https:
    """One pull's HTTPS client (one source: one settings, one trust decision)."""

    def __init__(self, settings: HttpSettings, sleep: Sleep = time.sleep) -> None:
        self.settings = settings
        self._context = tls_context(settings.ca_bundle)
        self._sleep = sleep
        self.requests = 0

    # -- one exchange ------------------------------------------------------------------------------------

    def _connection(self, parts: urllib.parse.SplitResult) -> http.client.HTTPSConnection:
        if parts.scheme != "https":
            raise PullFailure("request", f"{shown(parts.geturl())}: only https:// URLs are used (TLS is required)")
        host, port = parts.hostname or "", parts.port or 443
        if self.settings.proxy:
            proxy = urllib.parse.urlsplit(self.settings.proxy)
            conn = http.client.HTTPSConnection(proxy.hostname or "", proxy.port or 3128, timeout=self.settings.timeout,
                                               context=self._context)
            conn.set_tunnel(host, port)
            return conn
        return http.client.HTTPSConnection(host, port, timeout=self.settings.timeout, context=self._context)

    def _exchange(self, method: str, url: str, headers: Dict[str, str], body: Optional[bytes],
                  sink: Optional[IO[bytes]], label: str, progress: Optional[ByteProgress]
                  ) -> Tuple[int, str, Dict[str, str], bytes, int]:
        parts = urllib.parse.urlsplit(url)
        conn = self._connection(parts)
        try:
            target = parts.path or "/"
            if parts.query:
                target += "?" + parts.query
            self.requests += 1
            conn.request(method, target, body=body, headers=headers)
            response = conn.getresponse()
            names = {k.lower(): v for k, v in response.getheaders()}
            if sink is None or response.status != 200:
                data = response.read(self.settings.max_body + 1)
                if len(data) > self.settings.max_body:
                    raise PullFailure("request", f"{shown(url)}: answer larger than {self.settings.max_body} bytes")
                return response.status, response.reason, names, data, len(data)
            total = int(names.get("content-length", "0") or 0)
            done = 0
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                sink.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(label, done, total)
            if total and done != total:
                raise http.client.IncompleteRead(b"", total - done)
            return response.status, response.reason, names, b"", done
        finally:
            conn.close()

    # -- with retries ------------------------------------------------------------------------------------

    def request(self, step: str, method: str, url: str, headers: Optional[Mapping[str, str]] = None,
                body: Optional[bytes] = None, auth: Optional[Authorizer] = None, ok: Tuple[int, ...] = (200,),
                sink: Optional[IO[bytes]] = None, progress: Optional[ByteProgress] = None) -> Response:
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            sent = {"User-Agent": "fleet-auditor", "Accept": "application/json", **(headers or {})}
            if auth is not None:
                sent["Authorization"] = auth.header()
            if sink is not None:
                sink.seek(0)
                sink.truncate()
            try:
                status, reason, names, data, size = self._exchange(method, url, sent, body, sink, step, progress)
            except ssl.SSLCertVerificationError as exc:
                raise PullFailure(step, f"{shown(url)}: the server's TLS certificate was refused "
                                        f"({exc.verify_message or exc.reason}); check ca_bundle") from None
            except ssl.SSLError as exc:
                raise PullFailure(step, f"{shown(url)}: TLS failed ({exc.reason or exc})") from None
            except (OSError, http.client.HTTPException) as exc:
                why = _describe(exc)
                if attempt > self.settings.retries:
                    raise PullFailure(step, f"{shown(url)}: {why} (after {attempt} attempts)") from None
                self._sleep(self._backoff(attempt))
                continue
            if status in RETRIED_STATUSES:
                if attempt > self.settings.retries:
                    raise PullFailure(step, f"{shown(url)}: HTTP {status} {reason} after {attempt} attempts "
                                            f"(throttled or unavailable): {error_text(data)}")
                wait = retry_after(names)
                if wait is None:
                    wait = self._backoff(attempt)
                elif wait > self.settings.max_retry_after:
                    raise PullFailure(step, f"{shown(url)}: HTTP {status}: the server asks to retry after "
                                            f"{wait:.0f} s, longer than max_retry_after ({self.settings.max_retry_after:.0f} s)")
                self._sleep(wait)
                continue
            if status == 401 and auth is not None and not renewed and auth.renew():
                renewed = True
                attempt -= 1  # a renewed token is not a retry
                continue
            if status not in ok:
                raise PullFailure(step, f"{shown(url)}: HTTP {status} {reason}: {error_text(data)}")
            return Response(status, names, data if sink is None else b"")

    def _backoff(self, attempt: int) -> float:
        return self.settings.backoff * (2 ** (attempt - 1))

    def download(self, step: str, url: str, dest: Path, progress: Optional[ByteProgress] = None) -> Tuple[int, str]:
        """GET url into dest (retried whole on a cut connection); (bytes, sha256). No credentials are sent:
        the link is its own credential (an Azure Blob SAS URL)."""
        with open(dest, "w+b") as out:
            self.request(step, "GET", url, headers={"Accept": "*/*"}, sink=out, progress=progress)
            out.flush()
            os.fsync(out.fileno())
            out.seek(0)
            digest = hashlib.sha256()
            size = 0
            for chunk in iter(lambda: out.read(CHUNK), b""):
                digest.update(chunk)
                size += len(chunk)
        return size, digest.hexdigest()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, http.client.IncompleteRead):
        return f"the connection was cut before the end of the answer ({exc.expected} bytes missing)"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
        return "the connection was closed by the server"
    if isinstance(exc, socket.gaierror):
        return f"the host name could not be resolved ({exc.strerror})"
    return f"{type(exc).__name__}: {exc}"
