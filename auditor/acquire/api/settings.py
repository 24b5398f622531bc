"""What each API source needs, as `auditor.yaml` `inputs:` gives it (parsed in auditor.run.pullconfig).
No secret is held here: only where to read it (SecretRef)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Optional, Tuple, Union

from auditor.acquire.api.https import HttpSettings
from auditor.acquire.api.secrets import SecretRef

# Entra ID authority and Microsoft Graph per national cloud (learn.microsoft.com/graph/deployments).
# GCC (moderate) uses the commercial endpoints; GCC High and DoD have their own.
CLOUDS: Dict[str, Tuple[str, str]] = {
    "commercial": ("https://login.microsoftonline.com", "https://graph.microsoft.com"),
    "usgov-gcc-high": ("https://login.microsoftonline.us", "https://graph.microsoft.us"),
    "usgov-dod": ("https://login.microsoftonline.us", "https://dod-graph.microsoft.us"),
    "china": ("https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn"),
}

# Intune report exports and the columns asked for (always explicit: Microsoft warns the defaults change).
# AppInvRawData: every column the reader uses; DevicesWithInventory: the device, its serial, owner and check-in.
INTUNE_REPORTS: Dict[str, Tuple[str, ...]] = {
    "AppInvRawData": ("ApplicationKey", "ApplicationName", "ApplicationPublisher", "ApplicationShortVersion",
                      "ApplicationVersion", "DeviceId", "DeviceName", "EmailAddress", "OSDescription", "OSVersion",
                      "Platform", "UserId", "UserName"),
    "DevicesWithInventory": ("DeviceId", "DeviceName", "SerialNumber", "UPN", "UserEmail", "UserName", "OwnerType",
                             "OS", "OSVersion", "LastContact", "ReferenceId", "IMEI", "MEID"),
}
# The reader that must claim each report's CSV.
INTUNE_FORMATS = {"AppInvRawData": "intune-appinv-csv", "DevicesWithInventory": "intune-devices-csv"}


@dataclass(frozen=True)
class Common:
    name: str  # unique among the sources: names the folder TO/NAME
    http: HttpSettings = field(default_factory=HttpSettings)
    max_pages: int = 5000  # per collection; reaching it fails the pull (never a silently partial inventory)


@dataclass(frozen=True)
class IntuneSource(Common):
    tenant: str = ""
    client_id: str = ""
    client_secret: Optional[SecretRef] = None
    private_key: Optional[SecretRef] = None  # certificate credential: PEM private key (file) ...
    certificate_file: Optional[Path] = None  # ... and its certificate (default: in the key file)
    authority: str = CLOUDS["commercial"][0]
    graph: str = CLOUDS["commercial"][1]
    api_version: str = "beta"
    reports: Tuple[str, ...] = tuple(INTUNE_REPORTS)
    max_wait: float = 1800.0  # seconds an export job may take
    poll_interval: float = 10.0  # seconds between polls at first; grows to 60

    kind = "intune"


@dataclass(frozen=True)
class JamfSource(Common):
    url: str = ""
    client_id: str = ""
    client_secret: Optional[SecretRef] = None
    token_path: str = "/api/oauth/token"
    page_size: int = 200
    computers: bool = True
    mobile_devices: bool = True

    kind = "jamf"


@dataclass(frozen=True)
class FleetSource(Common):
    url: str = ""
    token: Optional[SecretRef] = None
    page_size: int = 100

    kind = "fleet"


@dataclass(frozen=True)
class KandjiSource(Common):
    url: str = ""  # https://SUBDOMAIN.api.kandji.io (or .api.eu.kandji.io)
    token: Optional[SecretRef] = None
    page_size: int = 300

    kind = "kandji"


@dataclass(frozen=True)
class WorkspaceOneSource(Common):
    url: str = ""  # the API host, https://asNNNN.awmdm.com
    token_url: str = ""  # the region's https://REGION.uemauth.workspaceone.com/connect/token
    client_id: str = ""
    client_secret: Optional[SecretRef] = None
    tenant_code: Optional[SecretRef] = None  # aw-tenant-code header, when the tenant requires it
    page_size: int = 500

    kind = "workspace-one"


@dataclass(frozen=True)
class GoogleSource(Common):
    service_account: Optional[SecretRef] = None  # the key file (JSON)
    admin: str = ""  # the administrator the service account acts for (domain-wide delegation)
    customer: str = "my_customer"
    api: str = "https://admin.googleapis.com"
    mobile: bool = True
    chromeos: bool = True

    kind = "google"


ApiSource = Union[IntuneSource, JamfSource, FleetSource, KandjiSource, WorkspaceOneSource, GoogleSource]
