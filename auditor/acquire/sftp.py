"""`fetch`: download the exports matching sftp://user@host[:port]/folder/glob into a local folder.

Each file is written under a hidden temporary name, read up to the size the server gave for it and no
further (a file still being written cannot fill the disk), checked (its size and modification time again
after the read: a change means "not fetched, changed while read"; and sha256 when a list is given), dated
with the remote modification time (it dates the export: staleness checks read it), then renamed: the folder
never holds a partial export under its real name. A file already present with the same size and
modification time is skipped. Transient failures are retried with exponential backoff on a new
connection.

A name the pattern matches but the fetch does not take is listed with the reason, never dropped silently:
a symbolic link (not followed), a FIFO, socket or device, a name that cannot be a local file name or that
holds control, bidi or invisible characters: each makes the fetch incomplete (exit 3), since it may be the
export. A folder matching the pattern is a note (never an export). Hidden names are not matched unless the
pattern starts with a dot, as in the shell. The result, and the manifest written next to the files, say
what happened to each name."""
from __future__ import annotations

import fnmatch
import getpass
import hashlib
import os
import posixpath
import stat
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import paramiko

from auditor.acquire.errors import AcquireError
from auditor.acquire.files import fsync_dir, prepare_folder, utc_iso, utc_now, write_json_atomic
from auditor.acquire.knownhosts import AcceptedKeys
from auditor.acquire.session import Failure, SshAuth, classify, connect, make_auth
from auditor.visible import visible

MANIFEST_NAME = ".fetch-manifest.json"
MANIFEST_SCHEMA = "fleet-auditor/fetch-manifest/1"
CHUNK = 1 << 20
MAX_SHA256_LIST_BYTES = 4 * 1024 * 1024

# progress(file name, bytes so far, total bytes): for a progress display (and for tests that cut the line).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FetchOptions:
    url: str  # sftp://user@host[:port]/folder/glob
    to: Path
    known_hosts: Optional[Path] = None  # default ~/.ssh/known_hosts
    identity: Optional[Path] = None  # default: ssh-agent and the user's default keys
    trust_on_first_use: bool = False
    sha256_list: Optional[str] = None  # remote `sha256sum` list, relative to the glob's folder
    password_file: Optional[Path] = None
    retries: int = 3  # further attempts after the first, for transient failures
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    timeout: float = 30.0  # connect, banner, authentication, and each SFTP request
    progress: Optional[Progress] = field(default=None, compare=False)


@dataclass(frozen=True)
class SftpTarget:
    user: str
    host: str
    port: int
    folder: str  # remote folder ("" is the login folder)
    pattern: str  # glob on file names in that folder


@dataclass(frozen=True)
class FetchedFile:
    name: str
    remote_path: str
    size: int
    mtime: float
    status: str  # fetched, skipped, failed
    sha256: str = ""
    attempts: int = 0
    error: Optional[Failure] = None

    def as_json(self) -> dict:
        out = {"name": self.name, "remote_path": self.remote_path, "size": self.size,
               "mtime": utc_iso(self.mtime) if self.mtime else None, "status": self.status,
               "sha256": self.sha256 or None, "attempts": self.attempts}
        if self.error is not None:
            out["error"] = self.error.as_json("transfer")
        return out


@dataclass(frozen=True)
class SkippedEntry:
    """A name the pattern matched that the fetch did not take, and why."""

    name: str
    reason: str
    error: bool  # True: it may be the export, so the fetch is incomplete (exit 3); False: a note

    def as_json(self) -> dict:
        return {"name": self.name, "reason": self.reason, "error": self.error}


@dataclass(frozen=True)
class FetchResult:
    target: SftpTarget
    files: Tuple[FetchedFile, ...]
    error: Optional[Failure]  # the listing (or connection) failed: nothing could be fetched
    manifest: Path
    trusted_on_first_use: Tuple[dict, ...] = ()
    skipped: Tuple[SkippedEntry, ...] = ()

    @property
    def complete(self) -> bool:
        return (self.error is None and all(f.status != "failed" for f in self.files)
                and not any(s.error for s in self.skipped))


def parse_url(url: str) -> SftpTarget:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "sftp":
        raise AcquireError(f"{url}: expected sftp://user@host[:port]/folder/glob")
    if parts.password is not None:
        raise AcquireError("a password in the URL is refused (it would show in the process list and logs); "
                           "use a key, an ssh-agent, or the environment variable / --password-file")
    if not parts.hostname:
        raise AcquireError(f"{url}: no host")
    try:
        port = parts.port or 22
    except ValueError:
        raise AcquireError(f"{url}: invalid port") from None
    path = urllib.parse.unquote(parts.path)
    if parts.query or parts.fragment:
        raise AcquireError(f"{url}: unexpected ?query or #fragment")
    folder, pattern = posixpath.split(path)
    if not pattern:
        raise AcquireError(f"{url}: the path must end in a file name or glob, e.g. /exports/*.csv")
    if any(ch in folder for ch in "*?["):
        raise AcquireError(f"{url}: a glob is only allowed in the last path component")
    # /~/x is relative to the login folder, as in OpenSSH's sftp URLs; anything else is absolute.
    if folder == "/~" or folder.startswith("/~/"):
        folder = folder[3:]
    return SftpTarget(urllib.parse.unquote(parts.username) if parts.username else getpass.getuser(),
                      parts.hostname, port, folder, pattern)


class _Connection:
    """One SFTP session, reopened after a transient failure."""

    def __init__(self, target: SftpTarget, auth: SshAuth, timeout: float, accepted: AcceptedKeys) -> None:
        self._target = target
        self._auth = auth
        self._timeout = timeout
        self._accepted = accepted
        self._client: Optional[paramiko.SSHClient] = None
        self._sftp: Optional[paramiko.SFTPClient] = None

    def sftp(self) -> paramiko.SFTPClient:
        if self._sftp is None:
            t = self._target
            self._client = connect(t.host, t.port, t.user, self._auth, self._timeout, self._accepted.add)
            self._sftp = self._client.open_sftp()
            self._sftp.get_channel().settimeout(self._timeout)
        return self._sftp

    def drop(self) -> None:
        for closable in (self._sftp, self._client):
            if closable is not None:
                try:
                    closable.close()
                except Exception:  # noqa: BLE001 - closing a broken connection may fail; it is gone either way
                    pass
        self._sftp = None
        self._client = None


def _attempts(options: FetchOptions, action: Callable[[], object], conn: _Connection,
              sleep: Callable[[float], None] = time.sleep) -> Tuple[object, int, Optional[Failure]]:
    """(result, attempts, None) or (None, attempts, failure). Transient failures are retried."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return action(), attempt, None
        except _Refused as exc:
            return None, attempt, exc.failure
        except Exception as exc:  # noqa: BLE001 - every failure is classified and recorded
            failure = Failure("changed", str(exc), True) if isinstance(exc, _Changed) else classify(exc)
            conn.drop()
            if not failure.transient or attempt > options.retries:
                return None, attempt, failure
            sleep(options.backoff * (2 ** (attempt - 1)))


class _Refused(Exception):
    """A check failed on a whole transfer (checksum): retrying would not help."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class _Changed(OSError):
    """The remote file changed or came short: probably still being written; worth a retry."""


def _remote(folder: str, name: str) -> str:
    return posixpath.join(folder, name) if folder else name


def _list(sftp: paramiko.SFTPClient,
          target: SftpTarget) -> Tuple[List[paramiko.SFTPAttributes], List[SkippedEntry]]:
    """The regular files to fetch, and every other name the pattern matched with the reason it is skipped.
    The listing's attributes are the server's lstat: a symbolic link is seen as a link, never followed."""
    entries = sftp.listdir_attr(target.folder or ".")
    hidden_ok = target.pattern.startswith(".")
    taken, skipped = [], []
    for entry in sorted(entries, key=lambda e: e.filename):
        name = entry.filename
        if not fnmatch.fnmatchcase(name, target.pattern) or (name.startswith(".") and not hidden_ok):
            continue
        mode = entry.st_mode
        reason = _unsafe_name(name)
        if reason:
            skipped.append(SkippedEntry(name, reason, True))
        elif mode is None:
            skipped.append(SkippedEntry(name, "the server did not say what kind of file it is; not fetched", True))
        elif stat.S_ISLNK(mode):
            skipped.append(SkippedEntry(name, "a symbolic link: not followed (fetch the file it names by its own "
                                              "name)", True))
        elif stat.S_ISDIR(mode):
            skipped.append(SkippedEntry(name, "a folder, not a file", False))
        elif not stat.S_ISREG(mode):
            skipped.append(SkippedEntry(name, "not a regular file (a FIFO, socket or device); not fetched", True))
        else:
            taken.append(entry)
    return taken, skipped


def _unsafe_name(name: str) -> str:
    """Why a remote name is not taken as a local file name ("" when it is). A name is data: it must not
    escape the destination folder, and it must show as it is (it reaches terminals, logs and reports)."""
    if name in ("", ".", "..") or "/" in name or "\\" in name or "\x00" in name:
        return "a name that is not a plain file name (empty, '.', '..', or holding '/', '\\' or NUL); not fetched"
    if visible(name) != name:
        return ("a name holding control, bidi or invisible characters (a terminal escape, a hidden "
                "character); not fetched")
    return ""


def _sha256_list(sftp: paramiko.SFTPClient, target: SftpTarget, list_path: str) -> Dict[str, str]:
    path = list_path if list_path.startswith("/") else _remote(target.folder, list_path)
    with sftp.open(path, "rb") as handle:
        data = handle.read(MAX_SHA256_LIST_BYTES + 1)
    if len(data) > MAX_SHA256_LIST_BYTES:
        raise _Refused(Failure("remote", f"{path}: sha256 list larger than {MAX_SHA256_LIST_BYTES} bytes", False))
    sums: Dict[str, str] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        digest, _, name = line.strip().partition(" ")
        name = name.lstrip(" *")  # `sha256sum` writes "HEX  name", or "HEX *name" in binary mode
        if len(digest) == 64 and all(c in "0123456789abcdefABCDEF" for c in digest) and name:
            sums[posixpath.basename(name)] = digest.lower()
    return sums


def _download(sftp: paramiko.SFTPClient, remote_path: str, dest: Path, expected_sha256: Optional[str],
              progress: Optional[Progress]) -> Tuple[str, int, float]:
    """Temporary name, the listed size read and no more, the same size and time after, optional sha256,
    remote mtime, rename. Returns (sha256, size, mtime)."""
    name = dest.name
    before = sftp.lstat(remote_path)  # now, not at listing time: a retry reads the file as it is then
    if before.st_mode is None or not stat.S_ISREG(before.st_mode):
        raise _Changed("changed while read: no longer a regular file")
    size, mtime = before.st_size or 0, float(before.st_mtime or 0)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=dest.parent)
    try:
        digest = hashlib.sha256()
        done = 0
        with os.fdopen(fd, "wb") as out, sftp.open(remote_path, "rb") as src:
            if size:
                src.prefetch(size)  # pipelined reads of the listed size: one round trip per file, not per chunk
            while done < size:  # never past the listed size: a file that grows is not read until the disk fills
                chunk = src.read(min(CHUNK, size - done))
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(name, done, size)
            out.flush()
            os.fsync(out.fileno())
        after = sftp.lstat(remote_path)
        if done != size or after.st_size != size or after.st_mtime != before.st_mtime or after.st_mode != before.st_mode:
            raise _Changed(f"changed while read: {size} bytes modified {utc_iso(mtime)} when the read began, "
                           f"{done} bytes read, then {after.st_size} bytes modified "
                           f"{utc_iso(float(after.st_mtime or 0))}; the export is probably still being written")
        sha = digest.hexdigest()
        if expected_sha256 is not None and sha != expected_sha256:
            raise _Refused(Failure("checksum", f"sha256 {sha} does not match the list ({expected_sha256})", False))
        os.utime(tmp, (mtime, mtime))
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(dest.parent)
    return sha, size, mtime


def _previous_sums(folder: Path) -> Dict[Tuple[str, int, float], str]:
    """sha256 of files fetched by an earlier run, so that a skipped file need not be read again."""
    import json

    try:
        document = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {(f["name"], f["size"], f["mtime"]): f["sha256"] for f in document.get("files", [])
                if isinstance(f, dict) and f.get("sha256") and f.get("status") in ("fetched", "skipped")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _local_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _same(path: Path, attr: paramiko.SFTPAttributes) -> bool:
    try:
        local = path.stat()
    except FileNotFoundError:
        return False
    return local.st_size == attr.st_size and int(local.st_mtime) == int(attr.st_mtime or 0)


def fetch(options: FetchOptions) -> FetchResult:
    """Fetch the matching exports; never raises for a remote failure (it is in the result)."""
    target = parse_url(options.url)
    auth = make_auth(options.known_hosts, options.identity, options.trust_on_first_use, options.password_file)
    prepare_folder(options.to)
    started = utc_now()
    accepted = AcceptedKeys()
    conn = _Connection(target, auth, options.timeout, accepted)
    files: List[FetchedFile] = []
    skipped: List[SkippedEntry] = []
    error: Optional[Failure] = None
    try:
        def listing() -> Tuple[List[paramiko.SFTPAttributes], List[SkippedEntry], Optional[Dict[str, str]]]:
            sftp = conn.sftp()
            entries, passed_over = _list(sftp, target)
            sums = _sha256_list(sftp, target, options.sha256_list) if options.sha256_list else None
            return entries, passed_over, sums

        listed, _, error = _attempts(options, listing, conn)
        if error is None:
            entries, skipped, sums = listed  # type: ignore[misc]
            previous = _previous_sums(options.to)
            for attr in entries:
                files.append(_one(options, target, conn, attr, sums, previous))
            if not entries:
                # The exporter dropped nothing: a scheduled run must not carry on as if all were well.
                also = f" ({len(skipped)} matching names not taken, listed)" if skipped else ""
                error = Failure("remote", f"no file matches {target.pattern!r} in {target.folder or '~'}{also}", False)
    finally:
        conn.drop()
    result = FetchResult(target, tuple(files), error, options.to / MANIFEST_NAME,
                         tuple(k.as_json() for k in accepted.all()), tuple(skipped))
    write_json_atomic(result.manifest, _manifest(result, started))
    return result


def _one(options: FetchOptions, target: SftpTarget, conn: _Connection, attr: paramiko.SFTPAttributes,
         sums: Optional[Dict[str, str]], previous: Dict[Tuple[str, int, float], str]) -> FetchedFile:
    name = attr.filename
    remote_path = _remote(target.folder, name)
    dest = options.to / name
    size, mtime = attr.st_size or 0, float(attr.st_mtime or 0)
    if _same(dest, attr):
        sha = previous.get((name, size, utc_iso(mtime))) or _local_sha256(dest)
        return FetchedFile(name, remote_path, size, mtime, "skipped", sha)
    expected = None
    if sums is not None:
        expected = sums.get(name)
        if expected is None:
            return FetchedFile(name, remote_path, size, mtime, "failed", error=Failure(
                "checksum", f"{name} is not in the sha256 list {options.sha256_list}; not fetched", False))
    got, attempts, failure = _attempts(
        options, lambda: _download(conn.sftp(), remote_path, dest, expected, options.progress), conn)
    if failure is not None:
        return FetchedFile(name, remote_path, size, mtime, "failed", attempts=attempts, error=failure)
    sha, size, mtime = got  # type: ignore[misc]
    return FetchedFile(name, remote_path, size, mtime, "fetched", sha, attempts)


def _manifest(result: FetchResult, started: str) -> dict:
    t = result.target
    return {
        "schema": MANIFEST_SCHEMA,
        "source": {"user": t.user, "host": t.host, "port": t.port, "folder": t.folder, "pattern": t.pattern},
        "started_at": started,
        "finished_at": utc_now(),
        "complete": result.complete,
        "error": result.error.as_json("list") if result.error else None,
        "trusted_on_first_use": list(result.trusted_on_first_use),
        "files": [f.as_json() for f in result.files],
        "skipped": [s.as_json() for s in result.skipped],
    }
