"""`inputs:` API entries of auditor.yaml: validated, secrets only by reference, and an error never repeats
a value that may be a secret pasted in the wrong place."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.acquire.api import CLOUDS, IntuneSource, JamfSource
from auditor.errors import ConfigError
from auditor.run.config import load_config

SECRET = "Zx8~q1Q-very-secret-VALUE"


def _load(tmp_path: Path, inputs: str) -> object:
    path = tmp_path / "auditor.yaml"
    path.write_text("schema: fleet-auditor/config/1\ninputs:\n" + textwrap.indent(textwrap.dedent(inputs), "  "))
    return load_config(path)


def test_intune_and_jamf_entries(tmp_path: Path) -> None:
    config = _load(tmp_path, """\
        intune:
          - tenant: contoso.onmicrosoft.us
            client_id: 0a1b
            client_secret_env: AUDITOR_INTUNE_SECRET
            cloud: usgov-gcc-high
            ca_bundle: proxy-ca.pem
        jamf:
          - url: https://contoso.jamfcloud.com
            client_id: b8c9
            client_secret_file: jamf.secret
            mobile_devices: false
        """)
    intune, jamf = config.api  # type: ignore[attr-defined]
    assert isinstance(intune, IntuneSource) and isinstance(jamf, JamfSource)
    assert (intune.authority, intune.graph) == CLOUDS["usgov-gcc-high"] == ("https://login.microsoftonline.us",
                                                                            "https://graph.microsoft.us")
    assert intune.name == "intune-contoso.onmicrosoft.us" and intune.http.ca_bundle == tmp_path / "proxy-ca.pem"
    assert intune.client_secret is not None and intune.client_secret.env == "AUDITOR_INTUNE_SECRET"
    assert jamf.name == "jamf-contoso.jamfcloud.com" and jamf.client_secret.file == tmp_path / "jamf.secret"
    assert jamf.mobile_devices is False and jamf.computers is True


@pytest.mark.parametrize("entry, expected", [
    (f"client_secret: {SECRET}", "secrets never go in the configuration file"),
    (f"client_secret_env: {SECRET}", "expected the NAME of an environment variable"),
    ("client_secret_env: A\n                client_secret_file: f", "not both"),
    ("", "give either a client secret"),
])
def test_secrets_are_refused_without_being_repeated(tmp_path: Path, entry: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, f"""\
            intune:
              - tenant: contoso.onmicrosoft.com
                client_id: 0a1b
                {entry}
            """)
    assert expected in str(info.value) and SECRET not in str(info.value)


def test_names_are_unique_and_urls_https(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="two API sources are named 'x'"):
        _load(tmp_path, """\
            fleet:
              - {name: x, url: "https://fleet.example.com", token_env: T}
            kandji:
              - {name: x, url: "https://contoso.api.kandji.io", token_env: T}
            """)
    with pytest.raises(ConfigError, match="expected an https:// URL"):
        _load(tmp_path, """\
            fleet:
              - {url: "http://fleet.example.com", token_env: T}
            """)
    with pytest.raises(ConfigError, match="no such key"):
        _load(tmp_path, """\
            google:
              - {service_account_file: k.json, admin: a@contoso.com, verify_tls: false}
            """)
