"""Fleet, Kandji, Workspace ONE and Google against the test server: each pull writes the files its reader
reads, and the audit of the pulled folder reads them without a problem and finds the banned apps."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Set

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auditor.acquire.api import (GoogleSource, KandjiSource, SecretRef, WorkspaceOneSource, pull)
from auditor.policy import Library, select_packs
from tests.acquire.api.conftest import Sleeps, fleet_source, http, intune_source, jamf_source
from tests.acquire.api.server import ApiServer, Script
from tests.acquire.api.tls import ServerTls
from tests.conftest import AS_OF, audit_paths


def _audited(folder: Path, library: Library) -> Set[str]:
    result = audit_paths([folder], library, select_packs(library, (), AS_OF), AS_OF, max_export_age_days=100_000)
    assert result.problems == (), result.problems
    return {f.catalog_id for f in result.findings}


def _formats(folder: Path, library: Library) -> Set[str]:
    result = audit_paths([folder], library, select_packs(library, (), AS_OF), AS_OF, max_export_age_days=100_000)
    return {s.format for s in result.sources}


def test_fleet(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path, sleeps: Sleeps,
               test_library: Library) -> None:
    (item,) = pull([fleet_source(server, tls, page_size=1)], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    hosts = secrets_env.requests("/fleet/")
    assert [r.query["page"] for r in hosts] == [["0"], ["1"]]  # a short page ends the list
    assert all(r.query["populate_software"] == ["without_vulnerability_details"] for r in hosts)
    assert sorted(p.name for p in (item.folder / "hosts").iterdir()) == ["page-0000.json"]
    assert "wechat" in _audited(item.folder, test_library)


def test_kandji(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path, sleeps: Sleeps,
                test_library: Library) -> None:
    source = KandjiSource(name="kandji", http=http(tls), url=server.base + "/kandji",
                          token=SecretRef("Kandji API token", env="TEST_KANDJI_TOKEN"), page_size=1)
    (item,) = pull([source], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    assert sorted(p.name for p in (item.folder / "devices").iterdir()) == ["page-0000.json", "page-0001.json"]
    assert len(list((item.folder / "apps").iterdir())) == 2
    assert _formats(item.folder, test_library) == {"kandji-devices-json", "kandji-device-apps-json"}
    assert "wechat" in _audited(item.folder, test_library)


def test_workspace_one(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path, sleeps: Sleeps,
                       test_library: Library) -> None:
    source = WorkspaceOneSource(name="ws1", http=http(tls), url=server.base + "/ws1",
                                token_url=server.base + "/ws1/connect/token", client_id=secrets_env.ws1_client_id,
                                client_secret=SecretRef("Workspace ONE client secret", env="TEST_WS1_SECRET"))
    (item,) = pull([source], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    # The apps answer names no device: the file name carries the id, as the reader expects.
    assert sorted(p.name for p in (item.folder / "apps").iterdir()) == ["apps_5614.json", "apps_5616.json"]
    assert _formats(item.folder, test_library) == {"ws1-devices-json", "ws1-device-apps-json"}
    assert "tiktok" in _audited(item.folder, test_library)


def test_google(server: ApiServer, tls: ServerTls, secrets_env: Script, tmp_path: Path, sleeps: Sleeps,
                test_library: Library) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    secrets_env.google_public_key = key.public_key()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    key_file = tmp_path / "service-account.json"
    key_file.write_text(json.dumps({"type": "service_account", "project_id": "fa-test", "private_key_id": "k1",
                                    "private_key": pem, "client_email": "auditor@fa-test.iam.gserviceaccount.com",
                                    "token_uri": server.base + "/google/token"}))
    key_file.chmod(0o600)
    source = GoogleSource(name="google", http=http(tls), api=server.base + "/google", admin=secrets_env.google_admin,
                          service_account=SecretRef("Google service-account key", file=key_file))
    (item,) = pull([source], tmp_path / "api", sleep=sleeps).sources
    assert item.complete, item.error
    mobile = secrets_env.requests("/google/admin/directory/v1/customer/my_customer/devices/mobile")
    assert [r.query.get("pageToken") for r in mobile] == [None, ["token-2"]] and mobile[0].query["projection"] == ["FULL"]
    assert _formats(item.folder, test_library) == {"google-mobiledevices-json", "google-chromeosdevices-json"}
    assert "capcut" in _audited(item.folder, test_library)

    key_file.chmod(0o644)  # a key others can read is not a secret any more
    (item,) = pull([source], tmp_path / "api", sleep=sleeps).sources
    assert not item.complete and item.step == "credentials" and "(mode 0600)" in item.error


def test_one_failed_source_does_not_stop_the_others(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                    tmp_path: Path, sleeps: Sleeps,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEST_INTUNE_SECRET")
    result = pull([intune_source(server, tls), jamf_source(server, tls)], tmp_path / "api", sleep=sleeps)
    intune, jamf = result.sources
    assert not result.complete and jamf.complete
    assert intune.step == "credentials" and "TEST_INTUNE_SECRET" in intune.error
