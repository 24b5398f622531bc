"""The scheduled run's configuration file (`auditor run --config auditor.yaml`), validated with errors
that name the file, the key path and what was expected. Secrets are never in the file: it names the
environment variables that hold them. Relative paths are relative to the file's folder."""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Tuple

from auditor.errors import DEFAULT_FAIL_ON, FAIL_ON, ConfigError, PolicyError
from auditor.model import Confidence
from auditor.policy import org_profile
from auditor.reading import DEFAULT_MAX_AGE_DAYS
from auditor.textio.archives import InflateLimits, parse_size
from auditor.textio.encoding import check_encoding
from auditor.textio.exclude import check_pattern
from auditor.textio.yamlfile import Fields, load_yaml

if TYPE_CHECKING:
    from auditor.acquire.api import ApiSource

SCHEMA = "fleet-auditor/config/1"
SEND_WHEN = ("always", "new-p1-p2", "incomplete")


@dataclass(frozen=True)
class SftpSource:
    url: str
    known_hosts: Optional[Path]
    identity: Optional[Path]
    sha256_list: str  # a remote `sha256sum` list, relative to the glob's folder ("" for none)


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    security: str  # starttls, ssl or none
    sender: str
    to: Tuple[str, ...]
    when: Tuple[str, ...]
    username_env: str = ""
    password_env: str = ""
    subject_prefix: str = "[Fleet Auditor]"
    attach_report: bool = True


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    when: Tuple[str, ...]
    token_env: str = ""
    allow_insecure_http: bool = False  # send the bearer token over plain http:// (refused unless said here)


@dataclass(frozen=True)
class Retention:
    keep_runs: Optional[int] = None
    max_age_days: Optional[int] = None


@dataclass(frozen=True)
class RunConfig:
    file: Path
    organisation: str
    paths: Tuple[Path, ...]
    sftp: Tuple[SftpSource, ...]
    ssh_hosts: Optional[Path]
    ssh_known_hosts: Optional[Path]
    ssh_identity: Optional[Path]
    policies: Tuple[str, ...]
    jurisdictions: Tuple[str, ...]  # none: the organisation's country
    staff: Optional[Path]
    staff_mapping: Optional[Path]
    risk: Optional[Path]
    waivers: Optional[Path]
    allow_open_waivers: bool
    output: Path
    history: Path
    retention: Retention
    archive_inputs: bool
    fail_on: str
    max_export_age_days: int
    email: Optional[EmailSettings]
    webhook: Optional[WebhookSettings]
    log_file: Optional[Path]
    log_level: str
    work_dir: Path = field(default=Path("."))
    api: Tuple["ApiSource", ...] = ()  # inputs pulled from management tools' APIs (auditor.run.pullconfig)
    org_types: Tuple[str, ...] = ()  # `org_type:` (one or a list); none: private
    min_confidence: Confidence = Confidence.PROBABLE  # confirmed: probable findings are left out (counted)
    exclude: Tuple[str, ...] = ()  # inputs.exclude: file patterns never read (listed in the manifest)
    encoding: Optional[str] = None  # inputs.encoding: the CSV inputs' code page (None: detected)
    inflate_limits: InflateLimits = InflateLimits()  # inputs.max_inflated_bytes


TOP_KEYS = ("schema", "organisation", "org_type", "inputs", "policies", "jurisdictions", "staff", "staff_mapping",
            "risk", "waivers", "allow_open_waivers", "output", "history", "retention", "archive_inputs", "fail_on",
            "max_export_age_days", "min_confidence", "email", "webhook", "log", "notes")


def _path(f: Fields, key: str, base: Path, required: bool = False) -> Optional[Path]:
    text = f.text(key, required=required, what="a file or folder path")
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else (base / path)


def _int(f: Fields, key: str, default: Optional[int], minimum: int = 0) -> Optional[int]:
    value = f.data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise f.fail(f.sub(key), f"a whole number of at least {minimum}", value)
    return value


def _when(f: Fields) -> Tuple[str, ...]:
    return f.texts("when", SEND_WHEN) or ("always",)


def load_config(path: Path) -> RunConfig:
    if not path.is_file():
        raise ConfigError(f"--config {path}: no such file")
    base = path.resolve().parent
    f = Fields(str(path), "", load_yaml(path), TOP_KEYS)
    if f.data.get("schema") != SCHEMA:
        raise f.fail("schema", repr(SCHEMA), f.data.get("schema"))
    from auditor.run.pullconfig import API_KEYS, api_sources  # the API sources' settings live in acquire.api

    inputs = f.child("inputs", ("paths", "sftp", "ssh", "exclude", "max_inflated_bytes", "encoding") + API_KEYS)
    paths = tuple((Path(p).expanduser() if Path(p).expanduser().is_absolute() else base / p)
                  for p in inputs.texts("paths"))
    sftp = []
    for spath, item in inputs.items("sftp"):
        s = Fields(str(path), spath, item, ("url", "known_hosts", "identity", "sha256_list"))
        sftp.append(SftpSource(s.text("url", required=True, pattern=r"sftp://\S+", what="an sftp:// URL"),
                               _path(s, "known_hosts", base), _path(s, "identity", base), s.text("sha256_list")))
    ssh = inputs.child("ssh", ("hosts", "known_hosts", "identity"))
    api = api_sources(inputs, base)
    if not paths and not sftp and not ssh.has("hosts") and not api:
        raise inputs.fail("inputs", "at least one of inputs.paths, inputs.sftp, inputs.ssh.hosts or an API source "
                                    "(inputs." + ", inputs.".join(API_KEYS) + ")", None)
    output = _path(f, "output", base) or base / "reports"
    retention = f.child("retention", ("keep_runs", "max_age_days"))
    log = f.child("log", ("file", "level"))
    return RunConfig(
        file=path, organisation=f.text("organisation"), paths=paths, sftp=tuple(sftp),
        ssh_hosts=_path(ssh, "hosts", base), ssh_known_hosts=_path(ssh, "known_hosts", base),
        ssh_identity=_path(ssh, "identity", base),
        policies=f.texts("policies"), jurisdictions=f.texts("jurisdictions"), org_types=_org_types(f),
        staff=_path(f, "staff", base), staff_mapping=_path(f, "staff_mapping", base), risk=_path(f, "risk", base),
        waivers=_path(f, "waivers", base), allow_open_waivers=f.boolean("allow_open_waivers"),
        output=output, history=_path(f, "history", base) or output / "history.sqlite",
        retention=Retention(_int(retention, "keep_runs", None, 1), _int(retention, "max_age_days", None, 1)),
        archive_inputs=f.boolean("archive_inputs"), fail_on=f.choice("fail_on", FAIL_ON, DEFAULT_FAIL_ON),
        max_export_age_days=_int(f, "max_export_age_days", DEFAULT_MAX_AGE_DAYS) or 0,
        email=_email(f, str(path)), webhook=_webhook(f, str(path)),
        log_file=_path(log, "file", base), log_level=log.choice("level", ("debug", "info", "warning", "error"), "info"),
        work_dir=output / ".incoming", api=api, exclude=_patterns(inputs), inflate_limits=_inflate_limits(inputs),
        encoding=_encoding(inputs),
        min_confidence=Confidence(f.choice("min_confidence", [c.value for c in Confidence], Confidence.PROBABLE.value)),
    )


def _org_types(f: Fields) -> Tuple[str, ...]:
    """`org_type:` checked here, so that a typo names the file and key before anything runs."""
    types = f.texts("org_type")
    try:
        org_profile(types)
    except PolicyError as exc:
        raise f.fail(f.sub("org_type"), str(exc).split(": expected ", 1)[-1], list(types)) from None
    return types


def _patterns(inputs: Fields) -> Tuple[str, ...]:
    patterns = inputs.texts("exclude")
    for i, pattern in enumerate(patterns):
        why = check_pattern(pattern)
        if why:
            raise inputs.fail(f"{inputs.sub('exclude')}[{i}]", f"a file pattern such as '*.pdf' ({why})", pattern)
    return patterns


def _encoding(inputs: Fields) -> Optional[str]:
    encoding = inputs.text("encoding") or None
    why = check_encoding(encoding) if encoding else None
    if why:
        raise inputs.fail(inputs.sub("encoding"), f"a text encoding such as cp1251 ({why})", encoding)
    return encoding


def _inflate_limits(inputs: Fields) -> InflateLimits:
    limits = inputs.child("max_inflated_bytes", ("per_archive", "per_run"))
    default = InflateLimits()
    return InflateLimits(_bytes(limits, "per_archive", default.per_archive), _bytes(limits, "per_run", default.per_run))


def _bytes(f: Fields, key: str, default: int) -> int:
    """A size: a whole number of bytes, or a number with KB, MB, GB or TB (powers of 1024; KiB... too)."""
    value = f.data.get(key)
    if value is None:
        return default
    size = parse_size(value)
    if size is None or size < 1:
        raise f.fail(f.sub(key), "a size such as 8 GB, 500 MB or a whole number of bytes", value)
    return size


_BARE_ADDRESS = re.compile(r'[^@\s,;<>"]+@[^@\s,;<>"]+')


def _is_address(value: str) -> bool:
    """One e-mail address, bare or with a display name ("Security Team <sec@example.com>")."""
    if value.endswith(">") and "<" in value:
        value = value[value.rindex("<") + 1:-1]
    return _BARE_ADDRESS.fullmatch(value) is not None


def _email(f: Fields, file: str) -> Optional[EmailSettings]:
    if not f.has("email"):
        return None
    e = f.child("email", ("host", "port", "security", "from", "to", "when", "username_env", "password_env",
                          "subject_prefix", "attach_report"))
    security = e.choice("security", ("starttls", "ssl", "none"), "starttls")
    port = _int(e, "port", {"starttls": 587, "ssl": 465, "none": 25}[security], 1)
    to = e.texts("to")
    if not to:
        raise e.fail(e.sub("to"), "a list of recipient addresses", None)
    sender = e.text("from", required=True)
    # An address the mail server would refuse ("a@x.com, b@x.com" as one string, "com" from a comma typed for a
    # dot) is refused here, before the run: otherwise the night's mail fails after the run, seen only in a log.
    for key, value in [(f"{e.sub('to')}[{i}]", address) for i, address in enumerate(to)] + [(e.sub("from"), sender)]:
        if not _is_address(value):
            raise e.fail(key, "one e-mail address (name@domain; a list for several recipients)", value)
    return EmailSettings(host=e.text("host", required=True), port=port or 25, security=security,
                         sender=sender, to=to, when=_when(e),
                         username_env=e.text("username_env", pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                                             what="the NAME of an environment variable"),
                         password_env=e.text("password_env", pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                                             what="the NAME of an environment variable (never the password)"),
                         subject_prefix=e.text("subject_prefix", default="[Fleet Auditor]"),
                         attach_report=e.boolean("attach_report", True))


def _webhook(f: Fields, file: str) -> Optional[WebhookSettings]:
    if not f.has("webhook"):
        return None
    w = f.child("webhook", ("url", "when", "token_env", "allow_insecure_http"))
    settings = WebhookSettings(url=w.url("url", required=True), when=_when(w),
                               token_env=w.text("token_env", pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                                                what="the NAME of an environment variable"),
                               allow_insecure_http=w.boolean("allow_insecure_http"))
    if settings.token_env and not settings.url.lower().startswith("https://") and not settings.allow_insecure_http:
        raise w.fail(w.sub("url"), "an https:// URL: the bearer token (token_env) would travel in clear text over "
                     "http:// (set allow_insecure_http: true to send it anyway)", settings.url)
    return settings


def describe(config: RunConfig) -> Any:
    return {"file": str(config.file), "output": str(config.output), "history": str(config.history)}
