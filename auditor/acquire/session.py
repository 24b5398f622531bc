"""Opening an SSH connection the one safe way, and naming what went wrong.

Authentication: the identity file given, else the ssh-agent and the user's default keys. A password is
never an option value (it would sit in the process list and in shell history): only the environment
variable FLEET_AUDITOR_SSH_PASSWORD or a file readable by its owner alone."""
from __future__ import annotations

import errno
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import paramiko

from auditor.acquire.api.secrets import read_secret_file
from auditor.acquire.errors import AcquireError
from auditor.acquire.knownhosts import AcceptedKey, TrustOnFirstUse, default_known_hosts, fingerprint

PASSWORD_ENV = "FLEET_AUDITOR_SSH_PASSWORD"


@dataclass(frozen=True)
class SshAuth:
    known_hosts: Path
    identity: Optional[Path] = None
    trust_on_first_use: bool = False
    # Never printed: repr=False keeps it out of logs and tracebacks that show the dataclass.
    password: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class Failure:
    """Why a host or file could not be acquired. `transient` failures are worth a retry."""

    kind: str  # host-key-unknown, host-key-mismatch, auth, timeout, unreachable, ssh, remote, local
    message: str
    transient: bool

    def as_json(self, stage: str) -> dict:
        return {"stage": stage, "kind": self.kind, "message": self.message}


def read_password(password_file: Optional[Path]) -> Optional[str]:
    """The password from --password-file (mode 0600 or stricter, owned by us) or the environment."""
    if password_file is not None:
        return read_secret_file(password_file, "password").rstrip("\r\n")
    return os.environ.get(PASSWORD_ENV) or None


def make_auth(known_hosts: Optional[Path], identity: Optional[Path], trust_on_first_use: bool,
              password_file: Optional[Path]) -> SshAuth:
    """Check the options before any connection: a usage problem is exit 2, not a failed host."""
    hosts_file = known_hosts or default_known_hosts()
    if not hosts_file.is_file() and not trust_on_first_use:
        raise AcquireError(f"{hosts_file}: no known_hosts file; add the hosts' keys (ssh-keyscan, then verify the "
                           "fingerprints) or pass --trust-on-first-use")
    if identity is not None and not identity.is_file():
        raise AcquireError(f"{identity}: no such identity (private key) file")
    return SshAuth(hosts_file, identity, trust_on_first_use, read_password(password_file))


def connect(host: str, port: int, user: str, auth: SshAuth, timeout: float,
            accepted: Callable[[AcceptedKey], None]) -> paramiko.SSHClient:
    client = paramiko.SSHClient()
    if auth.known_hosts.is_file():
        client.load_host_keys(str(auth.known_hosts))
    # Never AutoAdd/Warning: an unknown key is refused unless the operator asked for trust on first use.
    policy: paramiko.MissingHostKeyPolicy = (TrustOnFirstUse(auth.known_hosts, accepted) if auth.trust_on_first_use
                                             else paramiko.RejectPolicy())
    client.set_missing_host_key_policy(policy)
    explicit = auth.identity is not None
    try:
        client.connect(host, port=port, username=user, key_filename=str(auth.identity) if explicit else None,
                       password=auth.password, allow_agent=not explicit, look_for_keys=not explicit,
                       timeout=timeout, banner_timeout=timeout, auth_timeout=timeout, channel_timeout=timeout)
    except BaseException:
        client.close()
        raise
    return client


def classify(exc: BaseException) -> Failure:
    """A failure a person can act on; messages carry no secret (paramiko's never include one)."""
    if isinstance(exc, paramiko.BadHostKeyException):
        return Failure("host-key-mismatch", f"host key mismatch: the server offered {exc.key.get_name()} "
                       f"{fingerprint(exc.key)}, known_hosts has {fingerprint(exc.expected_key)} "
                       "(possible man-in-the-middle; refused)", False)
    if isinstance(exc, paramiko.AuthenticationException):
        return Failure("auth", f"authentication failed ({exc})", False)
    if isinstance(exc, paramiko.SSHException) and "not found in known_hosts" in str(exc):
        return Failure("host-key-unknown", f"{exc} (refused; add its key or pass --trust-on-first-use)", False)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return Failure("timeout", f"timed out ({exc or 'no answer'})", True)
    if isinstance(exc, paramiko.ssh_exception.NoValidConnectionsError):
        return Failure("unreachable", f"cannot connect: {exc}", True)
    if isinstance(exc, paramiko.SSHException) and "Error reading SSH protocol banner" in str(exc):
        return Failure("timeout", f"no SSH banner ({exc})", True)
    if isinstance(exc, ConnectionRefusedError) or (
            isinstance(exc, OSError) and exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN)):
        return Failure("unreachable", f"cannot connect: {exc.strerror or exc}", True)
    if isinstance(exc, (paramiko.SSHException, EOFError, ConnectionError)):
        return Failure("ssh", f"connection lost: {type(exc).__name__}: {exc}", True)
    if isinstance(exc, (FileNotFoundError, PermissionError)):
        # The remote path is missing or forbidden (SFTP status), or the local folder is not writable.
        return Failure("io", f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}", False)
    if isinstance(exc, OSError):
        return Failure("io", f"{type(exc).__name__}: {exc.strerror or exc}", True)
    # Anything else is a bug or a hostile answer: recorded for this host, never fatal to the others.
    return Failure("error", f"{type(exc).__name__}: {exc}", False)
