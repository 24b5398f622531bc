"""Pulling inventories straight from the management tools' APIs (Intune, Jamf Pro, Fleet, Kandji,
Workspace ONE, Google): each source writes the export files its reader already reads, into a folder
swapped in whole when the pull is complete. HTTP clients are imported here and nowhere in the core."""
from __future__ import annotations

from auditor.acquire.api.https import HttpSettings, PullFailure
from auditor.acquire.api.pull import PULLERS, PullResult, SourcePull, pull
from auditor.acquire.api.secrets import Secret, SecretRef, redact
from auditor.acquire.api.settings import (CLOUDS, INTUNE_REPORTS, ApiSource, FleetSource, GoogleSource,
                                          IntuneSource, JamfSource, KandjiSource, WorkspaceOneSource)

__all__ = ["ApiSource", "CLOUDS", "FleetSource", "GoogleSource", "HttpSettings", "INTUNE_REPORTS", "IntuneSource",
           "JamfSource", "KandjiSource", "PULLERS", "PullFailure", "PullResult", "Secret", "SecretRef", "SourcePull",
           "WorkspaceOneSource", "pull", "redact"]
