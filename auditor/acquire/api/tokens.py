"""Access tokens: OAuth 2.0 client credentials (Entra ID, Jamf Pro, Workspace ONE), the JWT-bearer grant
of a Google service account, and static API tokens (Fleet, Kandji).

A token is renewed before it expires (when less than a tenth of its life, at most 60 s, remains) and
after a 401. JWT assertions are signed here with `cryptography` (already installed with paramiko):
Entra's certificate credential is PS256 with the certificate's SHA-256 thumbprint in `x5t#S256`
(learn.microsoft.com/entra/identity-platform/certificate-credentials); Google's is RS256 with `kid`."""
from __future__ import annotations

import base64
import hashlib
import json
import time
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Optional

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from auditor.acquire.api.https import Https, PullFailure
from auditor.acquire.api.secrets import Secret, remember
from auditor.acquire.errors import AcquireError

Clock = Callable[[], float]
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signed_jwt(header: Dict[str, object], claims: Dict[str, object], key: rsa.RSAPrivateKey) -> str:
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "."
                     + b64url(json.dumps(claims, separators=(",", ":")).encode()))
    if header["alg"] == "PS256":
        signature = key.sign(signing_input.encode(), padding.PSS(mgf=padding.MGF1(hashes.SHA256()),
                                                                 salt_length=32), hashes.SHA256())
    else:
        signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(signature)


def load_private_key(pem: Secret, where: str) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.value.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise AcquireError(f"{where}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise AcquireError(f"{where}: the private key must be RSA (Entra ID and Google accept RSA keys only)")
    return key


@dataclass(frozen=True)
class CertificateCredential:
    """An app registration's certificate: the private key and the certificate uploaded to Entra ID."""

    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @staticmethod
    def load(private_key: Secret, certificate_file: Optional[Path]) -> "CertificateCredential":
        key = load_private_key(private_key, private_key.origin)
        try:
            # The certificate is public: its own file, or the PEM block beside the key.
            pem = certificate_file.read_bytes() if certificate_file is not None else private_key.value.encode()
            certificate = x509.load_pem_x509_certificate(pem)
        except (OSError, ValueError) as exc:
            where = certificate_file or private_key.origin
            raise AcquireError(f"{where}: no PEM certificate ({exc}); name it with certificate_file") from None
        mine = key.public_key().public_numbers()
        if certificate.public_key().public_numbers() != mine:  # type: ignore[union-attr]
            raise AcquireError(f"{certificate_file or private_key.origin}: the certificate does not belong to the "
                               "private key")
        return CertificateCredential(key, certificate)

    def assertion(self, client_id: str, token_url: str, now: float) -> str:
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        header = {"alg": "PS256", "typ": "JWT", "x5t#S256": b64url(hashlib.sha256(der).digest())}
        claims = {"aud": token_url, "iss": client_id, "sub": client_id, "jti": str(uuid.uuid4()),
                  "nbf": int(now), "iat": int(now), "exp": int(now) + 600}
        return signed_jwt(header, claims, self.key)


class OAuthToken:
    """A bearer token from a token endpoint, asked for again before it expires and after a 401."""

    def __init__(self, http: Https, token_url: str, form: Callable[[float], Dict[str, str]],
                 clock: Clock = time.time, step: str = "token") -> None:
        self._http = http
        self._url = token_url
        self._form = form
        self._clock = clock
        self._step = step
        self._token = ""
        self._renew_at = 0.0
        self.issued = 0

    def header(self) -> str:
        now = self._clock()
        if not self._token or now >= self._renew_at:
            body = urllib.parse.urlencode(self._form(now)).encode()
            document = self._http.request(self._step, "POST", self._url, headers=FORM, body=body).json(self._step)
            token = document.get("access_token") if isinstance(document, dict) else None
            if not isinstance(token, str) or not token:
                raise PullFailure(self._step, "the token endpoint's answer has no access_token")
            lifetime = document.get("expires_in", 3600)
            try:
                lifetime = float(lifetime)
            except (TypeError, ValueError):
                lifetime = 3600.0
            self._token = remember(token)
            self._renew_at = now + lifetime - min(60.0, lifetime / 10)
            self.issued += 1
        return "Bearer " + self._token

    def renew(self) -> bool:
        self._token = ""
        return True


class StaticToken:
    """An API token (Fleet API-only user, Kandji): nothing to renew; a 401 fails the step."""

    def __init__(self, secret: Secret) -> None:
        self._secret = secret

    def header(self) -> str:
        return "Bearer " + self._secret.value

    def renew(self) -> bool:
        return False


def client_credentials(client_id: str, secret: Secret, scope: str = "") -> Callable[[float], Dict[str, str]]:
    def form(_now: float) -> Dict[str, str]:
        fields = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret.value}
        if scope:
            fields["scope"] = scope
        return fields
    return form


def certificate_assertion(client_id: str, credential: CertificateCredential, token_url: str,
                          scope: str) -> Callable[[float], Dict[str, str]]:
    def form(now: float) -> Dict[str, str]:
        return {"grant_type": "client_credentials", "client_id": client_id, "scope": scope,
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion": credential.assertion(client_id, token_url, now)}
    return form


GOOGLE_AUDIENCE = "https://oauth2.googleapis.com/token"


@dataclass(frozen=True)
class ServiceAccount:
    """A Google service-account key file (JSON) with domain-wide delegation."""

    client_email: str
    key_id: str
    key: rsa.RSAPrivateKey
    token_uri: str

    @staticmethod
    def load(key_file: Secret) -> "ServiceAccount":
        try:
            document = json.loads(key_file.value)
            email, pem = document["client_email"], document["private_key"]
        except (ValueError, KeyError, TypeError):
            raise AcquireError(f"{key_file.origin}: not a service-account key file (JSON with client_email and "
                               "private_key)") from None
        remember(pem)
        key = load_private_key(Secret(pem, key_file.origin), key_file.origin)
        return ServiceAccount(str(email), str(document.get("private_key_id", "")), key,
                              str(document.get("token_uri") or GOOGLE_AUDIENCE))

    def form(self, subject: str, scopes: str) -> Callable[[float], Dict[str, str]]:
        def form(now: float) -> Dict[str, str]:
            header = {"alg": "RS256", "typ": "JWT", "kid": self.key_id}
            claims = {"iss": self.client_email, "sub": subject, "scope": scopes, "aud": GOOGLE_AUDIENCE,
                      "iat": int(now), "exp": int(now) + 3600}
            return {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    "assertion": signed_jwt(header, claims, self.key)}
        return form
