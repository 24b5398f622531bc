"""The API sources of `auditor.yaml` (`inputs:` intune, jamf, fleet, kandji, workspace_one, google): one
entry per tenant or server, validated with errors that name the file and key. Secrets are never in the
file: an entry names the environment variable (`*_env`) or the file (`*_file`, mode 0600) that holds
each one. An error never repeats the value it refuses: it may be a secret pasted in the wrong place."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from auditor.acquire.api import (CLOUDS, INTUNE_REPORTS, ApiSource, FleetSource, GoogleSource, HttpSettings,
                                 IntuneSource, JamfSource, KandjiSource, SecretRef, WorkspaceOneSource)
from auditor.errors import ConfigError
from auditor.textio.yamlfile import Fields

API_KEYS = ("intune", "jamf", "fleet", "kandji", "workspace_one", "google")
COMMON = ("name", "ca_bundle", "timeout", "retries", "max_retry_after", "max_pages", "proxy")
KEYS: Dict[str, Tuple[str, ...]] = {
    "intune": ("tenant", "client_id", "client_secret_env", "client_secret_file", "private_key_file",
               "certificate_file", "cloud", "authority", "graph", "api_version", "reports", "max_wait_minutes",
               "poll_seconds"),
    "jamf": ("url", "client_id", "client_secret_env", "client_secret_file", "token_path", "page_size", "computers",
             "mobile_devices"),
    "fleet": ("url", "token_env", "token_file", "page_size"),
    "kandji": ("url", "token_env", "token_file", "page_size"),
    "workspace_one": ("url", "token_url", "client_id", "client_secret_env", "client_secret_file", "tenant_code_env",
                      "tenant_code_file", "page_size"),
    "google": ("service_account_file", "admin", "customer", "api", "mobile", "chromeos"),
}
_SECRET_WORDS = ("secret", "token", "password", "private_key", "tenant_code", "api_key")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _refuse_inline_secrets(file: str, where: str, data: Any, allowed: Sequence[str]) -> None:
    if not isinstance(data, dict):
        return
    for key in data:
        if key not in allowed and any(w in str(key).lower() for w in _SECRET_WORDS):
            raise ConfigError(f"{file}: {where}.{key}: secrets never go in the configuration file; name the "
                              f"environment variable ({key}_env) or a file of mode 0600 ({key}_file) that holds it")


def _path(f: Fields, key: str, base: Path) -> Optional[Path]:
    text = f.text(key, what="a file path")
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def _number(f: Fields, key: str, default: float, minimum: float, whole: bool = False) -> float:
    value = f.data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum or (
            whole and not isinstance(value, int)):
        raise f.fail(f.sub(key), f"a {'whole ' if whole else ''}number of at least {minimum:g}", value)
    return value


def _secret(f: Fields, stem: str, what: str, base: Path, required: bool = True) -> Optional[SecretRef]:
    env_text = f.data.get(f"{stem}_env")
    file = _path(f, f"{stem}_file", base)
    if env_text is not None and file is not None:
        raise ConfigError(f"{f.file}: {f.path}: give {stem}_env or {stem}_file, not both")
    if env_text is not None:
        if not isinstance(env_text, str) or not _ENV_NAME.fullmatch(env_text):
            # The value is not shown: someone may have pasted the secret itself here.
            raise ConfigError(f"{f.file}: {f.sub(stem + '_env')}: expected the NAME of an environment variable "
                              "(letters, digits, _), not its value")
        return SecretRef(what, env=env_text)
    if file is not None:
        return SecretRef(what, file=file)
    if required:
        raise ConfigError(f"{f.file}: {f.path}: the {what} is missing: give {stem}_env (an environment variable's "
                          f"name) or {stem}_file (a file of mode 0600)")
    return None


def _https_url(f: Fields, key: str, required: bool = True, default: str = "") -> str:
    return f.text(key, required=required, default=default, pattern=r"https://[^\s/?#]+(/[^\s?#]*)?",
                  what="an https:// URL")


def _common(f: Fields, base: Path, default_name: str) -> Dict[str, Any]:
    name = f.text("name", default=default_name)
    if not _NAME.fullmatch(name):
        raise f.fail(f.sub("name"), "a name of letters, digits, '.', '_' and '-' (it names a folder)", name)
    proxy = f.text("proxy", pattern=r"https?://[^\s/?#]+/?", what="a proxy URL like http://proxy.example.com:3128")
    http = HttpSettings(ca_bundle=_path(f, "ca_bundle", base), timeout=_number(f, "timeout", 60, 1),
                        retries=int(_number(f, "retries", 4, 0, whole=True)),
                        max_retry_after=_number(f, "max_retry_after", 300, 0), proxy=proxy)
    return {"name": name, "http": http, "max_pages": int(_number(f, "max_pages", 5000, 1, whole=True))}


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def _intune(f: Fields, base: Path) -> IntuneSource:
    tenant = f.text("tenant", required=True, pattern=r"[A-Za-z0-9][A-Za-z0-9.-]*",
                    what="the tenant id or its domain (contoso.onmicrosoft.com)")
    cloud = f.choice("cloud", tuple(CLOUDS), "commercial")
    authority = _https_url(f, "authority", False, CLOUDS[cloud][0])
    graph = _https_url(f, "graph", False, CLOUDS[cloud][1])
    secret = _secret(f, "client_secret", "Intune client secret", base, required=False)
    key_file = _path(f, "private_key_file", base)
    if (secret is None) == (key_file is None):
        raise ConfigError(f"{f.file}: {f.path}: give either a client secret (client_secret_env / client_secret_file) "
                          "or a certificate (private_key_file, certificate_file)")
    reports = f.texts("reports", tuple(INTUNE_REPORTS)) or tuple(INTUNE_REPORTS)
    return IntuneSource(**_common(f, base, f"intune-{tenant}"), tenant=tenant,
                        client_id=f.text("client_id", required=True), client_secret=secret,
                        private_key=SecretRef("Intune certificate private key", file=key_file) if key_file else None,
                        certificate_file=_path(f, "certificate_file", base), authority=authority, graph=graph,
                        api_version=f.choice("api_version", ("beta", "v1.0"), "beta"), reports=reports,
                        max_wait=_number(f, "max_wait_minutes", 30, 1) * 60,
                        poll_interval=_number(f, "poll_seconds", 10, 1))


def _jamf(f: Fields, base: Path) -> JamfSource:
    url = _https_url(f, "url")
    return JamfSource(**_common(f, base, f"jamf-{_host(url)}"), url=url, client_id=f.text("client_id", required=True),
                      client_secret=_secret(f, "client_secret", "Jamf Pro client secret", base),
                      token_path=f.text("token_path", default="/api/oauth/token", pattern=r"/[A-Za-z0-9/_.-]*",
                                        what="a path like /api/oauth/token"),
                      page_size=int(_number(f, "page_size", 200, 1, whole=True)),
                      computers=f.boolean("computers", True), mobile_devices=f.boolean("mobile_devices", True))


def _fleet(f: Fields, base: Path) -> FleetSource:
    url = _https_url(f, "url")
    return FleetSource(**_common(f, base, f"fleet-{_host(url)}"), url=url,
                       token=_secret(f, "token", "Fleet API token", base),
                       page_size=int(_number(f, "page_size", 100, 1, whole=True)))


def _kandji(f: Fields, base: Path) -> KandjiSource:
    url = _https_url(f, "url")
    return KandjiSource(**_common(f, base, f"kandji-{_host(url)}"), url=url,
                        token=_secret(f, "token", "Kandji API token", base),
                        page_size=int(_number(f, "page_size", 300, 1, whole=True)))


def _workspace_one(f: Fields, base: Path) -> WorkspaceOneSource:
    url = _https_url(f, "url")
    return WorkspaceOneSource(**_common(f, base, f"workspace-one-{_host(url)}"), url=url,
                              token_url=_https_url(f, "token_url"), client_id=f.text("client_id", required=True),
                              client_secret=_secret(f, "client_secret", "Workspace ONE client secret", base),
                              tenant_code=_secret(f, "tenant_code", "Workspace ONE tenant code", base, required=False),
                              page_size=int(_number(f, "page_size", 500, 1, whole=True)))


def _google(f: Fields, base: Path) -> GoogleSource:
    key_file = _path(f, "service_account_file", base)
    if key_file is None:
        raise f.fail(f.sub("service_account_file"), "the service-account key file (required)", None)
    admin = f.text("admin", required=True, pattern=r"[^@\s]+@[^@\s]+", what="the administrator's e-mail address")
    customer = f.text("customer", default="my_customer", pattern=r"[A-Za-z0-9_]+", what="a customer id")
    return GoogleSource(**_common(f, base, f"google-{customer}"), service_account=SecretRef(
        "Google service-account key", file=key_file), admin=admin, customer=customer,
        api=_https_url(f, "api", False, "https://admin.googleapis.com"),
        mobile=f.boolean("mobile", True), chromeos=f.boolean("chromeos", True))


PARSERS = {"intune": _intune, "jamf": _jamf, "fleet": _fleet, "kandji": _kandji, "workspace_one": _workspace_one,
           "google": _google}


def api_sources(inputs: Fields, base: Path) -> Tuple[ApiSource, ...]:
    out: List[ApiSource] = []
    for key in API_KEYS:
        for where, item in inputs.items(key):
            allowed = COMMON + KEYS[key]
            _refuse_inline_secrets(inputs.file, where, item, allowed)
            out.append(PARSERS[key](Fields(inputs.file, where, item, allowed), base))
    names = [s.name for s in out]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{inputs.file}: inputs: two API sources are named {name!r}: give each its own `name`")
    return tuple(out)
