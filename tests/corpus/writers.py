"""Small writers of the corpus's inventory files, one per export format, in the shapes the readers in
auditor/sources/ take (and the fixtures under tests/fixtures/ show). Each corpus row is one device; a writer
returns, for each row it wrote, the device id the reader gives that device."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping

Row = Mapping[str, Any]
SEEN = "2026-12-05T08:00:00Z"  # every export was taken the day before the corpus date


def _text(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def intune(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """AppInvRawData (no identifier column: ApplicationKey holds an opaque key) and the device export."""
    with open(folder / "AppInvRawData.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ApplicationKey", "ApplicationName", "ApplicationPublisher", "ApplicationShortVersion",
                      "ApplicationVersion", "DeviceId", "DeviceName", "EmailAddress", "OSDescription", "OSVersion",
                      "Platform", "UserId", "UserName"])
        for row in rows:
            out.writerow([f"k-{row['id']}", _text(row, "name"), _text(row, "pub"), _text(row, "ver"), _text(row, "ver"),
                          row["id"], f"DEV-{row['id']}", _text(row, "email") or f"{row['id']}@corp.example",
                          row["os"], "", row["os"], f"u-{row['id']}", ""])
    with open(folder / "devices.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Device ID", "Device name", "Serial number", "Primary user UPN", "Primary user email address",
                      "Primary user display name", "Ownership", "OS", "OS version", "Managed by", "Compliance",
                      "Last check-in"])
        for row in rows:
            email = _text(row, "email") or f"{row['id']}@corp.example"
            out.writerow([row["id"], f"DEV-{row['id']}", f"SN-{row['id']}".upper(), email, email, "", "Corporate",
                          row["os"], "", "Intune", "Compliant", "2026-12-05 08:00:00"])
    return {row["id"]: row["id"] for row in rows}


def defender(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """DeviceTvmSoftwareInventory: CPE-mapped rows (vendor/product tokens, ProductCodeCpe) and rows without a
    CPE (display names, empty ProductCodeCpe)."""
    with open(folder / "DeviceTvmSoftwareInventory.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["DeviceId", "DeviceName", "OSPlatform", "OSVersion", "OSArchitecture", "SoftwareVendor",
                      "SoftwareName", "SoftwareVersion", "EndOfSupportStatus", "EndOfSupportDate", "ProductCodeCpe",
                      "Timestamp"])
        for row in rows:
            cpe = f"{row['pub']}:{row['name']}:{row['ver']}" if row.get("cpe") else ""
            out.writerow([f"mde-{row['id']}", f"{row['id']}.corp.example", row["os"], "", "x64", row["pub"],
                          row["name"], row["ver"], "", "", cpe, SEEN])
    return {f"mde-{row['id']}": row["id"] for row in rows}


def _osquery(table: str, fields: Callable[[Row], Dict[str, str]]) -> Callable[[Path, List[Row]], Dict[str, str]]:
    def write(folder: Path, rows: List[Row]) -> Dict[str, str]:
        data = [{"hostname": row["id"], **fields(row)} for row in rows]
        (folder / f"osquery_{table}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return {row["id"]: row["id"] for row in rows}
    return write


osq_programs = _osquery("programs", lambda row: {
    "name": _text(row, "name"), "version": _text(row, "ver"), "publisher": _text(row, "pub"),
    "identifying_number": _text(row, "ident"), "install_location": "", "uninstall_string": "",
    "package_family_name": _text(row, "pfn")})
osq_apps = _osquery("apps", lambda row: {
    "name": _text(row, "name"), "path": f"/Applications/{_text(row, 'name')}",
    "bundle_identifier": _text(row, "ident"), "bundle_short_version": _text(row, "ver")})
osq_deb = _osquery("deb_packages", lambda row: {
    "name": _text(row, "name"), "version": _text(row, "ver"), "source": "", "arch": "amd64", "revision": "",
    "maintainer": _text(row, "pub")})
osq_rpm = _osquery("rpm_packages", lambda row: {
    "name": _text(row, "name"), "version": _text(row, "ver"), "release": _text(row, "release"), "source": "",
    "sha1": "", "arch": "x86_64", "epoch": "", "vendor": _text(row, "pub"), "package_group": "Applications"})


def jamf(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Jamf Pro computers-inventory: results[] with general, hardware, userAndLocation and applications."""
    results = []
    for n, row in enumerate(rows, start=1):
        app: Dict[str, Any] = {"name": row["name"], "path": f"/Applications/{row['name']}", "version": _text(row, "ver"),
                               "macAppStore": False}
        if row.get("ident"):
            app["bundleId"] = row["ident"]
        results.append({
            "id": str(n), "udid": f"UDID-{row['id']}",
            "general": {"name": row["id"], "platform": "Mac", "lastContactTime": SEEN,
                        "enrolledViaAutomatedDeviceEnrollment": True},
            "hardware": {"serialNumber": f"SN-{row['id']}".upper()},
            "userAndLocation": {"email": f"{row['id']}@corp.example", "username": row["id"], "realname": ""},
            "operatingSystem": {"version": "15.1.1"},
            "applications": [app]})
    (folder / "computers-inventory.json").write_text(
        json.dumps({"totalCount": len(results), "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    return {f"computer-{n}": row["id"] for n, row in enumerate(rows, start=1)}


def fleet(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Fleet REST host list with software (source = the osquery table)."""
    hosts = []
    for n, row in enumerate(rows, start=1):
        item = {"name": row["name"], "version": _text(row, "ver"), "source": row["table"],
                "bundle_identifier": _text(row, "ident") or None, "vendor": _text(row, "pub")}
        hosts.append({"id": 1000 + n, "hostname": row["id"], "hardware_serial": f"SN-{row['id']}".upper(),
                      "platform": row["os"], "seen_time": SEEN, "software": [item]})
    (folder / "fleet_hosts.json").write_text(json.dumps({"hosts": hosts}, ensure_ascii=False, indent=1),
                                             encoding="utf-8")
    return {str(1000 + n): row["id"] for n, row in enumerate(rows, start=1)}


def ssh(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """One `auditor collect` snapshot per host."""
    for row in rows:
        snapshot = {
            "schema": "fleet-auditor/host-snapshot/1", "host": row["id"], "port": 22, "hostname": row["id"],
            "collected_at": SEEN, "os": {"family": row["os"], "name": row["os"], "version": ""},
            "packages": [{"manager": row["manager"], "name": row["name"], "version": _text(row, "ver"),
                          "identifier": _text(row, "ident"), "publisher": _text(row, "pub")}]}
        (folder / f"ssh-{row['id']}.json").write_text(json.dumps(snapshot, ensure_ascii=False, indent=1),
                                                        encoding="utf-8")
    return {f"{row['id']}:22": row["id"] for row in rows}


def google(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Workspace Directory API mobiledevices: Android devices with applications[] (no publisher)."""
    devices = [{
        "kind": "admin#directory#mobiledevice", "resourceId": row["id"], "type": "ANDROID", "model": "Pixel 8",
        "os": "Android 14", "serialNumber": f"SN-{row['id']}".upper(), "email": [f"{row['id']}@corp.example"],
        "lastSync": "2026-12-05T08:00:00.000Z", "ownerType": "COMPANY",
        "applications": [{"packageName": row["ident"], "displayName": row["name"], "versionName": _text(row, "ver"),
                          "versionCode": 1, "permission": []}]} for row in rows]
    (folder / "mobiledevices.json").write_text(json.dumps(
        {"kind": "admin#directory#mobiledevices", "mobiledevices": devices}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    return {row["id"]: row["id"] for row in rows}


WRITERS: Dict[str, Callable[[Path, List[Row]], Dict[str, str]]] = {
    "intune": intune, "defender": defender, "osq-programs": osq_programs, "osq-apps": osq_apps, "osq-deb": osq_deb,
    "osq-rpm": osq_rpm, "jamf": jamf, "fleet": fleet, "ssh": ssh, "google": google}
# The export formats the corpus spans (osquery's four tables are one format).
FORMATS = {"intune": "Intune AppInvRawData + device export", "defender": "Defender TVM software inventory CSV",
           "osq-programs": "osquery", "osq-apps": "osquery", "osq-deb": "osquery", "osq-rpm": "osquery",
           "jamf": "Jamf Pro computers-inventory JSON", "fleet": "Fleet hosts JSON", "ssh": "SSH host snapshot",
           "google": "Google Workspace mobile devices"}
# GLPI agent native inventory (JSON) and FusionInventory / GLPI agent XML: written by the held-out evaluation of
# 2026-12-06 (tests/corpus/heldout.yaml), kept here so both corpora use one set of writers.
def _glpi_os(row: Row) -> Dict[str, str]:
    family = str(row.get("os", "windows")).lower()
    if family.startswith("mac"):
        return {"name": "macOS", "full_name": "macOS 14.6", "kernel_name": "darwin"}
    if family.startswith("linux"):
        return {"name": "Ubuntu", "full_name": "Ubuntu 22.04 LTS", "kernel_name": "linux"}
    return {"name": "Microsoft Windows 10 Pro", "full_name": "Microsoft Windows 10 Pro", "kernel_name": "MSWin32"}


def glpi_json(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """GLPI agent native inventory JSON, one file per device: content.softwares[] (from/name/publisher/version)
    or, with `av: true`, content.antivirus[] (name/company/version)."""
    for row in rows:
        soft = {"arch": "x86_64", "from": row.get("from", "registry"), "name": row["name"],
                "publisher": _text(row, "pub"), "version": _text(row, "ver"), "system_category": "application"}
        if row.get("guid"):
            soft["guid"] = row["guid"]
        content: Dict[str, Any] = {
            "bios": {"ssn": f"SN-{row['id']}".upper()},
            "hardware": {"name": f"PC-{row['id']}", "uuid": f"uuid-{row['id']}", "lastloggeduser": row["id"]},
            "operatingsystem": _glpi_os(row), "users": [{"login": row["id"]}],
            "accesslog": {"logdate": "2026-12-05 08:00:00"}, "versionclient": "GLPI-Agent_v1.11"}
        if row.get("av"):
            content["antivirus"] = [{"name": row["name"], "company": _text(row, "pub"), "version": _text(row, "ver"),
                                     "enabled": True, "uptodate": True}]
            content["softwares"] = []
        else:
            content["softwares"] = [soft]
        inventory = {"deviceid": f"{row['id']}-2026-12-05-08-00-00", "action": "inventory", "itemtype": "Computer",
                     "content": content}
        (folder / f"glpi-{row['id']}.json").write_text(json.dumps(inventory, ensure_ascii=False, indent=1),
                                                       encoding="utf-8")
    return {f"{row['id']}-2026-12-05-08-00-00": row["id"] for row in rows}


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def glpi_xml(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """FusionInventory / GLPI agent XML (<REQUEST><CONTENT><SOFTWARES>), one file per device."""
    for row in rows:
        guid = f"\n      <GUID>{_xml(row['guid'])}</GUID>" if row.get("guid") else ""
        osd = _glpi_os(row)
        text = f"""<?xml version="1.0" encoding="UTF-8" ?>
<REQUEST>
  <CONTENT>
    <ACCESSLOG>
      <LOGDATE>2026-12-05 08:00:00</LOGDATE>
    </ACCESSLOG>
    <BIOS>
      <SSN>SN-{row['id'].upper()}</SSN>
    </BIOS>
    <HARDWARE>
      <NAME>PC-{row['id']}</NAME>
      <UUID>uuid-{row['id']}</UUID>
      <LASTLOGGEDUSER>{row['id']}</LASTLOGGEDUSER>
    </HARDWARE>
    <OPERATINGSYSTEM>
      <FULL_NAME>{_xml(osd['full_name'])}</FULL_NAME>
      <KERNEL_NAME>{osd['kernel_name']}</KERNEL_NAME>
      <NAME>{_xml(osd['name'])}</NAME>
    </OPERATINGSYSTEM>
    <SOFTWARES>
      <ARCH>i586</ARCH>
      <FROM>{row.get('from', 'registry')}</FROM>{guid}
      <NAME>{_xml(row['name'])}</NAME>
      <PUBLISHER>{_xml(_text(row, 'pub'))}</PUBLISHER>
      <VERSION>{_xml(_text(row, 'ver'))}</VERSION>
    </SOFTWARES>
    <USERS>
      <LOGIN>{row['id']}</LOGIN>
    </USERS>
    <VERSIONCLIENT>FusionInventory-Agent_v2.3.19</VERSIONCLIENT>
  </CONTENT>
  <DEVICEID>{row['id']}-2026-12-05-08-00-00</DEVICEID>
  <QUERY>INVENTORY</QUERY>
</REQUEST>
"""
        (folder / f"glpi-{row['id']}.xml").write_text(text, encoding="utf-8")
    return {f"{row['id']}-2026-12-05-08-00-00": row["id"] for row in rows}


WRITERS.update({"glpi-json": glpi_json, "glpi-xml": glpi_xml})
FORMATS.update({"glpi-json": "GLPI native inventory", "glpi-xml": "GLPI native inventory"})


# Six more export formats, written by the third held-out evaluation of 2026-12-06 (tests/corpus/heldout3.yaml),
# kept here so that every corpus uses one set of writers.
def _email(row: Row) -> str:
    return f"{row['id']}@corp.example"


def ws1(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Workspace ONE UEM: devices search (Devices[]) plus one apps_<Id>.json per device (DeviceApps[])."""
    devices, out = [], {}
    for n, row in enumerate(rows, start=1):
        dev_id = 7000 + n
        ios = str(row.get("os", "")).lower().startswith("ios")
        devices.append({"Udid": f"UDID{dev_id}", "SerialNumber": f"SN-{row['id']}".upper(), "DeviceFriendlyName": row["id"],
                        "UserName": row["id"], "UserEmailAddress": _email(row), "Ownership": "C",
                        "PlatformId": {"Id": {"Value": 2 if ios else 5}, "Name": "Apple" if ios else "Android"},
                        "Platform": "Apple" if ios else "Android", "Model": "iPhone 15" if ios else "Pixel 8",
                        "OperatingSystem": "18.1" if ios else "14.0", "LastSeen": "2026-12-05T08:00:00.000",
                        "EnrollmentStatus": "Enrolled", "Id": {"Value": dev_id}})
        apps = {"DeviceApps": [{"ApplicationName": row["name"], "Version": _text(row, "ver"), "BuildVersion": "1",
                                "Status": "Installed", "Size": "1000", "ApplicationIdentifier": _text(row, "ident"),
                                "Type": "Public", "IsManaged": False}], "Page": 0, "PageSize": 500, "Total": 1}
        (folder / f"apps_{dev_id}.json").write_text(json.dumps(apps, ensure_ascii=False, indent=1), encoding="utf-8")
        out[str(dev_id)] = row["id"]
    (folder / "ws1_devices_search.json").write_text(json.dumps(
        {"Devices": devices, "Page": 0, "PageSize": 500, "Total": len(devices)}, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def jamf_mobile(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Jamf Pro API mobile-devices/detail: results[] with mobileDeviceId, general, applications."""
    results = []
    for n, row in enumerate(rows, start=1):
        results.append({
            "mobileDeviceId": str(100 + n), "deviceType": "iOS",
            "general": {"udid": f"UDID-{row['id']}", "displayName": f"iPhone {row['id']}",
                        "lastInventoryUpdateDate": "2026-12-05T08:00:00.000Z", "osVersion": "18.1", "managed": True,
                        "supervised": True, "deviceOwnershipType": "Institutional"},
            "hardware": {"serialNumber": f"SN-{row['id']}".upper(), "model": "iPhone 15"},
            "userAndLocation": {"username": row["id"], "realName": "", "emailAddress": _email(row)},
            "applications": [{"identifier": _text(row, "ident"), "name": row["name"], "version": "1",
                              "shortVersion": _text(row, "ver"), "managementStatus": "Unmanaged"}]})
    (folder / "mobile-devices-detail.json").write_text(json.dumps(
        {"totalCount": len(results), "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")
    return {f"mobile-{100 + n}": row["id"] for n, row in enumerate(rows, start=1)}


def kandji(folder: Path, rows: List[Row]) -> Dict[str, str]:
    """Kandji: devices array plus one device-apps file per device."""
    devices = []
    for n, row in enumerate(rows, start=1):
        dev = f"00000000-0000-4000-8000-{n:012d}"
        devices.append({"device_id": dev, "device_name": row["id"], "model": "MacBook Air (M2, 2022)",
                        "serial_number": f"SN-{row['id']}".upper(), "platform": "Mac", "os_version": "15.1.1",
                        "last_check_in": "2026-12-05T08:00:00.000000Z", "user": {"email": _email(row), "name": ""},
                        "is_missing": False, "is_removed": False})
        apps = {"device_id": dev, "apps": [{"app_id": str(n), "app_name": row["name"], "bundle_id": _text(row, "ident"),
                                            "version": _text(row, "ver"), "path": f"/Applications/{row['name']}.app",
                                            "source": "Other"}]}
        (folder / f"kandji_device_apps_{n}.json").write_text(json.dumps(apps, ensure_ascii=False), encoding="utf-8")
    (folder / "kandji_devices.json").write_text(json.dumps(devices, ensure_ascii=False, indent=1), encoding="utf-8")
    return {f"00000000-0000-4000-8000-{n:012d}": row["id"] for n, row in enumerate(rows, start=1)}


def configmgr(folder: Path, rows: List[Row]) -> Dict[str, str]:
    with open(folder / "installed_software.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["ResourceID", "Name0", "SerialNumber0", "User_Name0", "ARPDisplayName0", "ProductVersion0",
                      "Publisher0", "ProductCode0", "LastHWScan"])
        for n, row in enumerate(rows, start=1):
            out.writerow([16777300 + n, f"PC-{row['id']}".upper(), f"SN-{row['id']}".upper(), row["id"], row["name"],
                          _text(row, "ver"), _text(row, "pub"), "", "2026-12-05 08:00:00"])
    return {str(16777300 + n): row["id"] for n, row in enumerate(rows, start=1)}


def me_csv(folder: Path, rows: List[Row]) -> Dict[str, str]:
    with open(folder / "manageengine_software.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Computer Name", "Domain", "Service Tag", "Software Name", "Software Version", "Manufacturer",
                      "Installed Date"])
        for row in rows:
            out.writerow([f"ME-{row['id']}".upper(), "CORP", f"SN-{row['id']}".upper(), row["name"], _text(row, "ver"),
                          _text(row, "pub"), "Nov 2 2026"])
    return {f"name-CORP\\ME-{row['id']}".upper().replace("NAME-CORP", "name-CORP"): row["id"] for row in rows}


def ninja(folder: Path, rows: List[Row]) -> Dict[str, str]:
    devices, results = [], []
    for n, row in enumerate(rows, start=1):
        devices.append({"id": 900 + n, "uid": f"uid-{row['id']}", "nodeClass": "WINDOWS_WORKSTATION",
                        "displayName": f"NJ-{row['id']}".upper(), "systemName": f"NJ-{row['id']}".upper(),
                        "lastContact": 1796457600.0,
                        "references": {"assignedOwner": {"firstName": "Staff", "lastName": row["id"], "email": _email(row)}}})
        results.append({"deviceId": 900 + n, "name": row["name"], "publisher": _text(row, "pub"),
                        "version": _text(row, "ver"), "productCode": "", "location": "", "installDate": "2026-10-02T00:00:00Z",
                        "isSystemComponent": False, "timestamp": 1796457600.0})
    (folder / "ninja_devices.json").write_text(json.dumps(devices, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "ninja_software.json").write_text(json.dumps(
        {"cursor": {"name": "c", "offset": 0, "count": len(results), "expires": 1796457600.0}, "results": results},
        ensure_ascii=False, indent=1), encoding="utf-8")
    return {str(900 + n): row["id"] for n, row in enumerate(rows, start=1)}


WRITERS.update({"ws1": ws1, "jamf-mobile": jamf_mobile, "kandji": kandji, "configmgr": configmgr, "me-csv": me_csv,
                "ninja": ninja})
FORMATS.update({"ws1": "Workspace ONE UEM devices + device apps JSON", "jamf-mobile": "Jamf Pro mobile-devices JSON",
                "kandji": "Kandji devices + device apps JSON", "configmgr": "ConfigMgr installed software CSV",
                "me-csv": "ManageEngine Endpoint Central CSV", "ninja": "NinjaOne devices + software JSON"})
