"""A test CA and certificates made with `cryptography`: the HTTPS servers' (issued by the test CA, or by
another CA for the wrong-certificate tests) and the Entra app registration's client certificate."""
from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from typing import Tuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

_NOW = dt.datetime.now(dt.timezone.utc)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem_key(key: object) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,  # type: ignore[attr-defined]
                             serialization.NoEncryption())


@dataclass(frozen=True)
class ServerTls:
    ca_pem: Path  # what a client must trust
    chain_pem: Path  # leaf + CA, for the server
    key_pem: Path


def make_ca(folder: Path, common: str) -> Tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(_NOW - dt.timedelta(days=1)).not_valid_after(_NOW + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def server_tls(folder: Path, common: str = "Fleet Auditor test CA") -> ServerTls:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = make_ca(folder, common)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("localhost")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(_NOW - dt.timedelta(days=1)).not_valid_after(_NOW + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM)
    (folder / "ca.pem").write_bytes(ca_pem)
    (folder / "server.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM) + ca_pem)
    (folder / "server.key").write_bytes(_pem_key(key))
    return ServerTls(folder / "ca.pem", folder / "server.pem", folder / "server.key")


@dataclass(frozen=True)
class ClientCertificate:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    key_pem: bytes
    cert_pem: bytes


def client_certificate(common: str = "fleet-auditor app") -> ClientCertificate:
    """A self-signed RSA certificate, as `openssl req -x509` makes for an Entra app registration."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(_NOW - dt.timedelta(days=1)).not_valid_after(_NOW + dt.timedelta(days=365))
            .sign(key, hashes.SHA256()))
    return ClientCertificate(key, cert, _pem_key(key), cert.public_bytes(serialization.Encoding.PEM))
