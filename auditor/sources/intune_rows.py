"""The Intune report exports' rules, in one place for the row-by-row reader and the fast path
(intune_csv.py, intune_scan.py): which columns, what an app row's identifier and version are, the device
record an app row carries, and what makes a row unusable."""
from __future__ import annotations

import re
from typing import Dict, List

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.sources.vocab import enrollment_from
from auditor.textio.csvtable import Column

TOOL = "intune"
# Discovered-app keys are opaque hashes for most platforms; a reverse-DNS value is a real identifier.
_REVERSE_DNS = re.compile(r"^[A-Za-z][\w\-]*(\.[\w\-]+)+$")
NO_DEVICE_ID = "row has no DeviceId"
NO_APP_NAME = "row has no ApplicationName"

APP_COLUMNS = (
    Column("device_id", ("DeviceId", "DeviceID", "Device ID"), required=True),
    Column("name", ("ApplicationName", "Application Name", "App name"), required=True),
    Column("publisher", ("ApplicationPublisher", "Application Publisher", "Publisher"),
           effect="apps are matched without their publisher: a match by name cannot be confirmed (it is probable), "
                  "and a ban of a whole company's products finds none of its unnamed apps"),
    Column("short_version", ("ApplicationShortVersion", "Application Short Version")),
    Column("version", ("ApplicationVersion", "Application Version", "Version")),
    Column("app_id", ("ApplicationId", "Application ID")),  # absent from some exports (ApplicationKey instead)
    Column("app_key", ("ApplicationKey", "Application Key")),
    Column("device_name", ("DeviceName", "Device name")),
    Column("email", ("EmailAddress", "Email address", "UserEmail"), owner=True),
    Column("user_name", ("UserName", "User name"), owner=True),
    Column("platform", ("Platform", "OSDescription", "OS")),
    Column("os_version", ("OSVersion", "OS version")),
)
# The app's own cells: where the identifier, name, publisher and version of an app row are.
APP_FIELDS = ("app_id", "app_key", "name", "publisher", "short_version", "version")
IDENTIFIER_FIELDS = ("app_id", "app_key")  # in this order: the first that holds an identifier wins

DEVICE_COLUMNS = (
    Column("device_id", ("Device ID", "DeviceId", "DeviceID"), required=True),
    Column("device_name", ("Device name", "DeviceName", "Management name", "ManagedDeviceName")),
    Column("serial", ("Serial number", "SerialNumber")),
    Column("upn", ("Primary user UPN", "UPN", "UserPrincipalName"), owner=True),
    Column("email", ("Primary user email address", "UserEmail", "Primary user email"), owner=True),
    Column("user_name", ("Primary user display name", "UserName", "UserDisplayName"), owner=True),
    Column("ownership", ("Ownership", "OwnerType", "ManagedDeviceOwnerType"),
           effect="no device is known to be personal, so none is reported as not fully visible (Intune sees only "
                  "the apps it manages on a personal device)"),
    Column("os", ("OS", "DeviceType", "Operating system", "OperatingSystem")),
    Column("os_version", ("OS version", "OSVersion")),
    Column("entra_id", ("Microsoft Entra Device ID", "Azure AD Device ID", "ReferenceId", "AzureADDeviceId")),
    Column("imei", ("IMEI",)),
    Column("meid", ("MEID",)),
    Column("last_seen", ("Last check-in", "LastContact", "Last Check-in")),
    Column("enrollment", ("EnrollmentType", "Enrollment type", "DeviceEnrollmentType")),
)


def cell(row: List[str], index: int) -> str:
    return row[index].strip() if index >= 0 else ""


def identifier_in(raw: str) -> str:
    """The identifier an ApplicationId or ApplicationKey cell holds: its reverse-DNS value, else ""."""
    value = raw.strip()
    return value if _REVERSE_DNS.match(value) else ""


def intune_device_id(cell: str) -> str:
    """An Intune device id as the join key: Intune ids are GUIDs, which compare without regard to case (one
    export may write them in upper case, another in lower case; the devices of both are the same devices),
    so a GUID is kept in lower case, without the braces a registry-style export puts around it. Any other id
    is kept as written."""
    value = cell.strip()
    if value[:1] == "{" and value[-1:] == "}" and _is_guid(value[1:-1]):
        value = value[1:-1]  # the registry's form of a GUID ({...}): the same id
    return value.lower() if _is_guid(value) else value


_HEX = "0123456789abcdefABCDEF"


def _is_guid(value: str) -> bool:
    """Whether the value is a GUID: 8-4-4-4-12 hex digits, nothing before or after (as the regular expression
    [0-9A-Fa-f]{8}-...-[0-9A-Fa-f]{12} matched in full), in C-speed string calls: it runs once or twice for each
    device of a large export."""
    return (len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-"
            and not value.replace("-", "", 4).strip(_HEX))


def app_version(row: List[str], cols: Dict[str, int]) -> str:
    """The short version when there is one (what people know), else the full version."""
    c_short, c_ver = cols["short_version"], cols["version"]
    return (row[c_short] if c_short >= 0 else "") or (row[c_ver] if c_ver >= 0 else "")


def lacks_app(name: str, identifier: str) -> bool:
    """A row with neither a name nor an identifier names no app: skipped (NO_APP_NAME)."""
    return not name.strip() and not identifier


APP_ROW_DEVICE_FIELDS = ("device_name", "os_version", "email", "user_name", "platform")  # app_row_record's cells


def app_row_device(row: List[str], cols: Dict[str, int], device_id: str, platform: Platform, file: str) -> DeviceRecord:
    """The device record the first app row of a device carries."""
    return app_row_record(device_id, platform, file, *[cell(row, cols[f]) for f in APP_ROW_DEVICE_FIELDS])


def app_row_record(device_id: str, platform: Platform, file: str, device_name: str, os_version: str, email: str,
                   user_name: str, platform_cell: str) -> DeviceRecord:
    """The device record of an app row's device cells (APP_ROW_DEVICE_FIELDS, stripped; "" for an absent column):
    no serial, UPN or ownership: those come from the device export, joined on the Intune device id when
    devices are merged."""
    return DeviceRecord(source=SourceRef(TOOL, device_id, file), name=device_name, platform=platform,
                        os_version=os_version, owner_email=email, owner_name=user_name,
                        enrollment=enrollment_from(platform_cell))
