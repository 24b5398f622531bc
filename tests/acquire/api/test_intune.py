"""Intune: Entra ID app-only tokens (secret, certificate assertion), report export jobs, the ZIP download,
against the real HTTPS test server."""
from __future__ import annotations

import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from auditor.acquire.api import SecretRef, pull
from auditor.acquire.api.store import MANIFEST_NAME
from auditor.acquire.api.settings import INTUNE_REPORTS
from tests.acquire.api.conftest import Sleeps, intune_source, tree
from tests.acquire.api.server import ApiServer, Script
from tests.acquire.api.tls import ServerTls, client_certificate


def _first_pull(server: ApiServer, tls: ServerTls, to: Path, sleeps: Sleeps) -> None:
    result = pull([intune_source(server, tls)], to, sleep=sleeps)
    assert result.complete, result.sources[0].error


def test_pull_writes_the_export_zips_as_delivered(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                  tmp_path: Path, sleeps: Sleeps) -> None:
    script = secrets_env
    script.polls_before_complete = 2  # notStarted, inProgress, then completed
    result = pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps)
    (item,) = result.sources
    assert item.complete and item.folder == tmp_path / "api" / "intune" and item.folder.is_symlink()
    assert sorted(p.name for p in item.folder.iterdir()) == [MANIFEST_NAME, "AppInvRawData.zip",
                                                             "DevicesWithInventory.zip"]
    # Byte for byte what the blob served: the archive of the run holds exactly what was pulled.
    for report in INTUNE_REPORTS:
        job_id = next(j for j in script.jobs if j.startswith(report))
        assert (item.folder / f"{report}.zip").read_bytes() == script.served[job_id]
        with zipfile.ZipFile(item.folder / f"{report}.zip") as archive:
            assert archive.namelist() == [f"{job_id}.csv"]
            assert archive.read(f"{job_id}.csv") == b"\xef\xbb\xbf" + script.reports[report]
    # Every job was created with an explicit select and format csv, then polled 3 times; 2 waits each.
    creates = script.requests("/graph/beta/deviceManagement/reports/exportJobs", "POST")
    assert [json.loads(r.body)["select"] for r in creates] == [list(v) for v in INTUNE_REPORTS.values()]
    assert all(json.loads(r.body)["format"] == "csv" for r in creates)
    assert len(script.requests("/graph/beta/deviceManagement/reports/exportJobs('")) == 6
    assert sleeps.waits == [10.0, 15.0, 10.0, 15.0]
    # The SAS link is its own credential: the Graph token is never sent to the blob store.
    blob = script.requests("/blob/")
    assert len(blob) == 2 and all("authorization" not in r.headers for r in blob)
    assert len(script.requests("/entra/", "POST")) == 1  # one token for the whole pull
    manifest = json.loads((item.folder / MANIFEST_NAME).read_text())
    apps = manifest["collections"][0]
    assert apps["report"] == "AppInvRawData" and apps["job_id"].startswith("AppInvRawData_")
    assert apps["rows"] == 8 and apps["endpoint"] == server.base + "/graph/beta/deviceManagement/reports/exportJobs"
    assert "sig=" not in json.dumps(manifest)  # the download link is recorded without its signature
    files = {f["path"]: f for f in manifest["files"]}
    assert files["DevicesWithInventory.zip"]["rows"] == 4
    assert files["AppInvRawData.zip"]["format"] == "intune-appinv-csv"
    assert files["AppInvRawData.zip"]["sha256"] == hashlib.sha256((item.folder / "AppInvRawData.zip").read_bytes()).hexdigest()
    assert manifest["pulled_at"].endswith("Z") and manifest["tenant"] == script.tenant
    assert os.stat(item.folder / "AppInvRawData.zip").st_mode & 0o077 == 0


def test_certificate_assertion_is_verified_by_the_token_server(server: ApiServer, tls: ServerTls, script: Script,
                                                               tmp_path: Path, sleeps: Sleeps) -> None:
    cert = client_certificate()
    script.certificate = cert.certificate
    key_file = tmp_path / "app.pem"
    key_file.write_bytes(cert.key_pem + cert.cert_pem)  # key and certificate in one PEM, as openssl writes them
    key_file.chmod(0o600)
    source = intune_source(server, tls, client_secret=None,
                           private_key=SecretRef("Intune certificate private key", file=key_file))
    result = pull([source], tmp_path / "api", sleep=sleeps)
    assert result.complete, result.sources[0].error
    (token_request,) = script.requests("/entra/", "POST")
    assert b"client_secret" not in token_request.body and b"client_assertion=" in token_request.body

    # Another key with a certificate Entra does not know: the server refuses the assertion.
    script.certificate = client_certificate().certificate
    before = tree(tmp_path / "api")
    result = pull([source], tmp_path / "api", sleep=sleeps)
    (item,) = result.sources
    assert not item.complete and item.step == "token (Entra ID)" and "AADSTS700027" in item.error
    assert "thumbprint" in item.error
    assert tree(tmp_path / "api") == {**before, **{k: v for k, v in tree(tmp_path / "api").items()
                                                   if k == MANIFEST_NAME}}


def test_a_refused_secret_keeps_the_previous_pull(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                  tmp_path: Path, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch) -> None:
    to = tmp_path / "api"
    _first_pull(server, tls, to, sleeps)
    before = tree(to)
    monkeypatch.setenv("TEST_INTUNE_SECRET", "a-wrong-secret-value")
    (item,) = pull([intune_source(server, tls)], to, sleep=sleeps).sources
    assert not item.complete and item.step == "token (Entra ID)" and "AADSTS7000215" in item.error
    assert item.folder == to / "intune" and item.previous_pulled_at  # the earlier pull is still there to audit
    assert {k: v for k, v in tree(to).items() if k != MANIFEST_NAME} == {k: v for k, v in before.items()
                                                                         if k != MANIFEST_NAME}


@pytest.mark.parametrize("scenario", ["job-failed", "never-completes", "link-expired", "cut-every-time"])
def test_export_failures_make_the_pull_incomplete_and_lose_nothing(scenario: str, server: ApiServer, tls: ServerTls,
                                                                    secrets_env: Script, tmp_path: Path,
                                                                    sleeps: Sleeps) -> None:
    to = tmp_path / "api"
    _first_pull(server, tls, to, sleeps)
    before = tree(to)
    script = secrets_env
    if scenario == "job-failed":
        script.job_outcome = "failed"
    elif scenario == "never-completes":
        script.polls_before_complete = 10 ** 6
    elif scenario == "link-expired":
        script.link_expired = True
    else:
        script.cut_downloads = 10 ** 6
    sleeps.waits.clear()
    (item,) = pull([intune_source(server, tls, max_wait=300.0)], to, sleep=sleeps).sources
    assert not item.complete
    expected = {"job-failed": ("AppInvRawData export job AppInvRawData_", "status failed"),
                "never-completes": ("AppInvRawData export job AppInvRawData_", "max_wait 300 s"),
                "link-expired": ("AppInvRawData download", "HTTP 403"),
                "cut-every-time": ("AppInvRawData download", "the connection was cut")}[scenario]
    assert item.step.startswith(expected[0]) and expected[1] in item.error, (item.step, item.error)
    assert "sig=" not in item.error  # a SAS signature is a credential
    if scenario == "never-completes":
        assert sum(sleeps.waits) <= 300 and len(sleeps.waits) == 7  # bounded by max_wait, counted not timed
    if scenario == "cut-every-time":
        assert len(script.requests("/blob/")) == 2 + 5  # the first pull's two, then 1 + 4 retries
    assert {k: v for k, v in tree(to).items() if k != MANIFEST_NAME} == {k: v for k, v in before.items()
                                                                         if k != MANIFEST_NAME}
    assert not list(to.glob(".intune.v-*"))[1:]  # one version folder: the previous pull's


def test_a_download_cut_once_is_retried_whole(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                              tmp_path: Path, sleeps: Sleeps) -> None:
    secrets_env.cut_downloads = 1
    result = pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps)
    assert result.complete
    with zipfile.ZipFile(tmp_path / "api" / "intune" / "AppInvRawData.zip") as archive:
        assert archive.testzip() is None
    assert len(secrets_env.requests("/blob/")) == 3 and 2.0 in sleeps.waits


def test_sovereign_cloud_scope_follows_the_graph_root(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                      tmp_path: Path, sleeps: Sleeps) -> None:
    """The scope must name the same Graph root as the calls (national clouds refuse the global scope)."""
    pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps)
    (token_request,) = secrets_env.requests("/entra/", "POST")
    assert f"scope={server.base}/graph/.default".replace(":", "%3A").replace("/", "%2F") in token_request.body.decode()


def test_a_secret_echoed_by_the_server_is_redacted(server: ApiServer, tls: ServerTls, secrets_env: Script,
                                                   tmp_path: Path, sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets_env.echo_errors = True
    monkeypatch.setenv("TEST_INTUNE_SECRET", "mistyped-Secret-4711")
    result = pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps)
    (item,) = result.sources
    assert "AADSTS7000215" in item.error and "Received:" in item.error
    assert "mistyped-Secret-4711" not in item.error and "[redacted]" in item.error
    assert b"mistyped-Secret-4711" not in result.manifest.read_bytes()


def test_entra_token_renewed_before_it_expires_during_long_polls(server: ApiServer, tls: ServerTls,
                                                                 secrets_env: Script, tmp_path: Path,
                                                                 sleeps: Sleeps) -> None:
    """A shared clock moves 10 s per look and a request takes 25 s to arrive: a 300 s token runs out during
    the polls and must be renewed by the client first (the server answers 401 to an expired one)."""
    now = [2_000_000.0]

    def clock() -> float:
        now[0] += 10.0
        return now[0]

    secrets_env.clock = clock
    secrets_env.transit = 25.0
    secrets_env.token_lifetime = 300
    secrets_env.polls_before_complete = 30
    result = pull([intune_source(server, tls)], tmp_path / "api", sleep=sleeps, clock=clock)
    assert result.complete, result.sources[0].error
    assert secrets_env.refused_tokens == 0 and len(secrets_env.requests("/entra/", "POST")) >= 3
