"""Microsoft Intune: Graph report export jobs (AppInvRawData, DevicesWithInventory), app-only auth.

POST {graph}/{version}/deviceManagement/reports/exportJobs with the report, an explicit `select` and
format csv -> poll exportJobs('{id}') until `completed` (bounded: max_wait) -> download the ZIP at `url`
(an Azure Blob SAS link: no Graph token is sent to it) -> keep it as REPORT.zip, exactly as delivered.
The ZIP is checked whole (CRC of every member, one CSV inside) and its CSV must be claimed by the Intune
reader before the pull counts. Least privilege: DeviceManagementManagedDevices.Read.All (application)."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any, Dict, Tuple

from auditor.acquire.api.context import PullContext
from auditor.acquire.api.https import PullFailure, shown
from auditor.acquire.api.settings import INTUNE_FORMATS, INTUNE_REPORTS, IntuneSource
from auditor.acquire.api.tokens import CertificateCredential, OAuthToken, certificate_assertion, client_credentials

JSON = {"Content-Type": "application/json"}
MAX_POLL_INTERVAL = 60.0


def token(source: IntuneSource, ctx: PullContext) -> OAuthToken:
    token_url = f"{source.authority.rstrip('/')}/{urllib.parse.quote(source.tenant, safe='')}/oauth2/v2.0/token"
    scope = f"{source.graph.rstrip('/')}/.default"
    if source.private_key is not None:
        credential = CertificateCredential.load(source.private_key.read(), source.certificate_file)
        form = certificate_assertion(source.client_id, credential, token_url, scope)
    else:
        assert source.client_secret is not None  # the configuration requires one of the two
        form = client_credentials(source.client_id, source.client_secret.read(), scope)
    return OAuthToken(ctx.http, token_url, form, ctx.clock, step="token (Entra ID)")


def pull_intune(source: IntuneSource, ctx: PullContext) -> Dict[str, Any]:
    auth = token(source, ctx)
    jobs = f"{source.graph.rstrip('/')}/{source.api_version}/deviceManagement/reports/exportJobs"
    for report in source.reports:
        record = ctx.collection(report, jobs, report=report)
        step = f"{report} export job"
        ctx.say(f"{report}: asking for the export")
        body = json.dumps({"reportName": report, "select": list(INTUNE_REPORTS[report]), "format": "csv",
                           "localizationType": "ReplaceLocalizableValues"}).encode()
        job = ctx.http.request(step, "POST", jobs, headers=JSON, body=body, auth=auth, ok=(200, 201, 202)).json(step)
        job_id = job.get("id") if isinstance(job, dict) else None
        if not isinstance(job_id, str) or not job_id:
            raise PullFailure(step, "the export job was created without an id: unexpected answer")
        record["job_id"] = job_id
        link = _wait(ctx, f"{jobs}('{urllib.parse.quote(job_id, safe='')}')", auth, report, job_id, source)
        record["download"] = shown(link)
        name = f"{report}.zip"
        size, sha256 = ctx.http.download(f"{report} download", link, ctx.staging.path(name),
                                         progress=lambda label, done, total: ctx.say(
                                             f"{report}: {done // 1024} KiB" + (f" of {total // 1024}" if total else "")))
        member, rows = check_zip(ctx.staging.path(name), f"{report} download")
        ctx.staging.add(name, size, sha256, rows, INTUNE_FORMATS[report], member=member)
        record["files"].append(name)
        record["rows"] = rows
    return {"endpoint": shown(source.graph), "tenant": source.tenant}


def _wait(ctx: PullContext, url: str, auth: OAuthToken, report: str, job_id: str, source: IntuneSource) -> str:
    """Polls the job until completed; the waits add up to at most max_wait (counted, not read off a clock)."""
    step = f"{report} export job {job_id}"
    waited, interval, polls = 0.0, source.poll_interval, 0
    while True:
        job = ctx.http.request(step, "GET", url, auth=auth).json(step)
        polls += 1
        status = str(job.get("status", "")) if isinstance(job, dict) else ""
        if status == "completed":
            link = job.get("url")
            if not isinstance(link, str) or not link.startswith("https://"):
                raise PullFailure(step, "the job completed without an https download link")
            return link
        if status == "failed":
            raise PullFailure(step, "the export job failed on the service side (status failed); the next run "
                                    "asks for a new one")
        if status not in ("notStarted", "inProgress", "unknown", ""):
            raise PullFailure(step, f"unexpected job status {status[:40]!r}")
        if waited + interval > source.max_wait:
            raise PullFailure(step, f"the export job was still {status or 'not started'} after {polls} polls over "
                                    f"{waited:.0f} s (max_wait {source.max_wait:.0f} s)")
        ctx.say(f"{report}: export job {status or 'pending'}, waiting {interval:.0f} s")
        ctx.sleep(interval)
        waited += interval
        interval = min(interval * 1.5, MAX_POLL_INTERVAL)


def check_zip(path: Path, step: str) -> Tuple[str, int]:
    """(the CSV member, its data rows): the ZIP is whole (every CRC checked) and holds one CSV."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise PullFailure(step, f"the ZIP is damaged (member {bad[:80]!r} fails its CRC)")
            members = [m for m in archive.infolist() if not m.is_dir()]
            csvs = [m for m in members if m.filename.lower().endswith(".csv")]
            if len(members) != 1 or len(csvs) != 1:
                raise PullFailure(step, f"expected one CSV in the ZIP, found {len(members)} members")
            with archive.open(csvs[0]) as raw:
                reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
                rows = sum(1 for _ in reader) - 1
            return csvs[0].filename, max(rows, 0)
    except (zipfile.BadZipFile, EOFError, OSError, UnicodeDecodeError, csv.Error) as exc:
        raise PullFailure(step, f"the download is not a readable ZIP of a CSV ({exc})") from None
