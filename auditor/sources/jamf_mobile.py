"""Jamf Pro API `GET /api/v2/mobile-devices/detail?section=GENERAL&section=HARDWARE&section=USER_AND_LOCATION
&section=APPLICATIONS` ({"totalCount": n, "results": [...]}): iPhones, iPads (and Apple TVs, watches) with
their apps, one page per file (records are streamed).

Ownership is `general.deviceOwnershipType`: Institutional and Account-Driven Device Enrollment are the
company's; User Enrollment (profile-based or account-driven) and the legacy Personal Device Profile are
personal, and Jamf then reports managed apps only (auditor.engine.merge: personal Apple devices in Jamf are
managed-only). Device ids are `mobile-<mobileDeviceId>`, shared with the Classic API reader."""
from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.sources.jamf_classic import TOOL, mobile_id
from auditor.sources.records import (DeviceOnce, counted_objects, first_text, hardware_ids, json_objects, key_text,
                                     text)
from auditor.sources.vocab import clean_serial

OWNERSHIP = {
    "institutional": Ownership.CORPORATE, "accountdrivendeviceenrollment": Ownership.CORPORATE,
    "userenrollment": Ownership.PERSONAL, "accountdrivenuserenrollment": Ownership.PERSONAL,
    "personaldeviceprofile": Ownership.PERSONAL,
}


def _section(record: Dict[str, Any], name: str) -> Dict[str, Any]:
    value = record.get(name)
    return value if isinstance(value, dict) else {}  # sections not requested are absent or null


def mobile_platform(device_type: str, hardware: Dict[str, Any]) -> Platform:
    if device_type.lower() not in ("ios", "ipados", ""):
        return Platform.OTHER  # tvOS, watchOS
    model = first_text(hardware, "modelIdentifier", "model").lower()
    return Platform.IPADOS if model.startswith("ipad") else Platform.IOS


def mobile_device(record: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    raw_id = text(record, "mobileDeviceId") or text(record, "id")
    if not raw_id:
        return None
    general, hardware = _section(record, "general"), _section(record, "hardware")
    user, network = _section(record, "userAndLocation"), _section(record, "network")
    ownership_word = text(general, "deviceOwnershipType")
    ownership = OWNERSHIP.get(ownership_word.lower(), Ownership.UNKNOWN)
    if ownership is Ownership.UNKNOWN and ownership_word and ctx is not None:  # a word no Jamf version we know writes
        ctx.value_not_understood("deviceOwnershipType", ownership_word, "unknown")
    supervised = general.get("supervised") is True or bool(general.get("enrollmentMethodPrestage"))
    if ownership == Ownership.UNKNOWN and supervised:
        ownership = Ownership.CORPORATE  # supervision and Automated Device Enrollment are the company's
    return DeviceRecord(
        source=SourceRef(TOOL, mobile_id(raw_id), file, text(general, "lastInventoryUpdateDate") or None),
        name=text(general, "displayName"), serial=clean_serial(text(hardware, "serialNumber")),
        platform=mobile_platform(text(record, "deviceType"), hardware), os_version=text(general, "osVersion"),
        ownership=ownership, owner_email=text(user, "emailAddress"), owner_username=text(user, "username"),
        owner_name=text(user, "realName"),
        hardware_ids=hardware_ids(("udid", text(general, "udid")), ("imei", text(network, "imei").replace(" ", "")),
                                  ("meid", text(network, "meid"))),
        authoritative=True)


class JamfMobileDevicesJson:
    format_id = "jamf-pro-mobile-devices-json"
    title = "Jamf Pro API mobile-devices/detail (JSON: results[] with mobileDeviceId, general, applications)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and '"results"' in head and '"mobileDeviceId"' in head:
            return "JSON results[] with mobileDeviceId (Jamf Pro mobile-devices/detail)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, record in json_objects(ctx, ("results",), "mobile device record"):
            device = mobile_device(record, ctx.input.display, ctx)
            if device is None:
                ctx.skip(path, "mobile device has no mobileDeviceId")
                continue
            ctx.saw_time(device.source.last_seen)
            if once.first(device, path):
                yield device
            apps = record.get("applications")
            if apps.__class__ is not list:
                if apps is not None:  # None: the APPLICATIONS section was not requested (a devices-only page)
                    ctx.note(path + ".applications", "applications is not a list")
                continue
            device_id, platform = device.source.device_id, device.platform
            for at, app in counted_objects(ctx, apps, f"{path}.applications", ("identifier", "name"), "application"):
                yield (device_id, platform, key_text(app, "identifier"), key_text(app, "name"), "",
                       key_text(app, "shortVersion") or key_text(app, "version"), at)
