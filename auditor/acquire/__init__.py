"""Remote acquisition: pull exports over SFTP (`fetch`) and collect installed software over SSH
(`collect`). The only package besides auditor/cli/acquire.py that imports paramiko; the core
reads what it writes (a folder of exports, or of host snapshots) like any other input."""
from __future__ import annotations

from auditor.acquire.errors import AcquireError
from auditor.acquire.sftp import FetchOptions, FetchResult, fetch
from auditor.acquire.ssh import CollectOptions, CollectResult, collect

__all__ = ["AcquireError", "CollectOptions", "CollectResult", "FetchOptions", "FetchResult", "collect", "fetch"]
