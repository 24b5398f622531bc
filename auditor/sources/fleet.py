"""Fleet (fleetdm): `fleetctl get hosts --json` / `fleetctl get host X --json` (concatenated
{"kind": "host", "apiVersion": "v1", "spec": {...}} documents, not an array) and the REST API's
`GET /api/v1/fleet/hosts/{id}` ({"host": {..., "software": [...]}}) or a host list ({"hosts": [...]}).

Software rows name their osquery table in `source`; bundle ids, extension ids and Linux package
names are identifiers, Windows programs are matched by name and vendor."""
from __future__ import annotations

import functools
from typing import Any, Dict, Iterator, List, Optional, Tuple

from auditor.model import DeviceRecord, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.textio.csvsplit import Span
from auditor.sources.fastpath import CLEAR, LOOK, json_state, may_match
from auditor.sources.interface import AppRow, Item, Probe, ReadSink
from auditor.sources.records import DeviceOnce, NULL_IDS, dig, first_text, hardware_ids, json_items, text, top_level_objects
from auditor.sources.vocab import clean_serial, ownership_read, platform_from

TOOL = "fleet"
_PACKAGE_SOURCES = ("deb_packages", "rpm_packages", "apk_packages", "pacman_packages", "portage_packages")
_EXTENSION_SOURCES = ("chrome_extensions", "firefox_addons", "safari_extensions", "ie_extensions")
# Programming-language libraries are not installed apps: a Python package named `lark` or `wechat` on a
# developer's laptop is not Lark or WeChat, and its bare name would otherwise match the app's name. They are
# counted and said once per input, never audited as apps.
LIBRARY_SOURCES = frozenset({"python_packages", "npm_packages", "atom_packages", "gem_packages", "cargo_packages"})
_LIBRARY = "library"  # a memo's value for a software item that is a library


def software_identifier(item: Dict[str, Any]) -> str:
    source = text(item, "source")
    if source in _PACKAGE_SOURCES:
        return text(item, "name")
    if source in _EXTENSION_SOURCES:
        return text(item, "extension_id")
    return text(item, "bundle_identifier")  # apps, ios_apps, ipados_apps, android_apps; "" for programs


def host_device(host: Dict[str, Any], file: str, ctx: Optional[ReadContext] = None) -> Optional[DeviceRecord]:
    raw_id = text(host, "id")
    device_id = raw_id if raw_id not in NULL_IDS else ""
    if not device_id:
        # fleetctl's own test output has id 0: fall back to the enrolment uuid, then the host name (within
        # Fleet only; across tools a name is never a merge key).
        uuid = text(host, "uuid")
        device_id = f"uuid-{uuid}" if uuid.lower() not in NULL_IDS else ""
        device_id = device_id or (f"host-{text(host, 'hostname')}" if text(host, "hostname") else "")
    if not device_id:
        return None
    mappings = host.get("device_mapping") if isinstance(host.get("device_mapping"), list) else []
    email = next((text(m, "email") for m in mappings if isinstance(m, dict) and text(m, "email")), "")
    users = host.get("end_users") if isinstance(host.get("end_users"), list) else []
    email = email or next((first_text(u, "idp_username", "email") for u in users if isinstance(u, dict)), "")
    name = next((text(u, "idp_full_name") for u in users if isinstance(u, dict) and text(u, "idp_full_name")), "")
    platform_word = text(host, "platform")
    return DeviceRecord(
        source=SourceRef(TOOL, device_id, file, first_text(host, "seen_time", "detail_updated_at") or None),
        name=first_text(host, "display_name", "computer_name", "hostname"),
        serial=clean_serial(text(host, "hardware_serial")),
        platform=platform_from(platform_word) if platform_word else Platform.OTHER,
        os_version=text(host, "os_version"),
        ownership=ownership_read(ctx, text(dig(host, "mdm") or {}, "enrollment_status"), "mdm.enrollment_status"),
        owner_email=email, owner_name=name,
        hardware_ids=hardware_ids(("uuid", text(host, "uuid"))), authoritative=True)


class FleetHostsJson:
    format_id = "fleet-hosts-json"
    title = "Fleet hosts: `fleetctl get host X --json` (concatenated) or REST host JSON with software"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if not probe.json_start:
            return None
        if '"kind"' in head and '"host"' in head and '"spec"' in head and '"apiVersion"' in head:
            return "JSON {\"kind\": \"host\", \"spec\": ...} documents (fleetctl get hosts --json)"
        if ('"host"' in head or '"hosts"' in head) and '"hardware_serial"' in head:
            return "JSON host / hosts with hardware_serial (Fleet REST API)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        libraries = [0]
        for path, host in _hosts(ctx):
            device, first, software = _host(ctx, path, host, once)
            if device is None:
                continue
            if first:
                yield device
            for i, item in enumerate(software):
                row = _software_row(ctx, device, f"{path}.software[{i}]", item, libraries)
                if row is not None:
                    yield row
        _say_libraries(ctx, libraries[0])

    # The fast path (auditor.sources.interface, auditor.sources.fastpath): what read() gives, with each
    # distinct software item settled once; an item that matches nothing is only counted.
    def scan(self, ctx: ReadContext, sink: ReadSink, span: Optional[Span] = None) -> None:
        once = DeviceOnce(ctx)
        memo: Dict[Any, str] = {}
        settle = functools.partial(_settle, sink)
        libraries = [0]
        for path, host in _hosts(ctx):
            device, first, software = _host(ctx, path, host, once)
            if device is None:
                continue
            if first:
                sink.device(device)
            apps = 0
            for i, item in enumerate(software):
                if type(item) is dict:
                    state = json_state(memo, (item.get("name"), item.get("source"), item.get("vendor"),
                                              item.get("bundle_identifier"), item.get("extension_id")),
                                       settle, item)
                    if state is CLEAR:
                        apps += 1
                        continue
                    if state is _LIBRARY:
                        libraries[0] += 1
                        continue
                row = _software_row(ctx, device, f"{path}.software[{i}]", item, libraries)
                if row is not None:
                    apps += 1
                    sink.app(row)
            if apps:
                sink.apps_of(device.source.device_id, apps)
        _say_libraries(ctx, libraries[0])


def _hosts(ctx: ReadContext) -> Iterator[Tuple[str, Any]]:
    """(path, host value) of every host document of the input; other documents are reported or passed over."""
    for path, value in top_level_objects(json_items(ctx, ("hosts",))):
        if path.endswith("]") and ".hosts[" in path:  # a record of {"hosts": [...]}
            yield path, value
        elif isinstance(value, dict) and value.get("kind") == "host" and "spec" in value:
            yield f"{path}.spec", value.get("spec")
        elif isinstance(value, dict) and "host" in value:
            yield f"{path}.host", value.get("host")
        elif isinstance(value, dict) and not ({"hostname", "hardware_serial", "spec", "host"} & set(value)):
            continue  # envelope metadata beside a host list (software_updated_at, meta, count)
        else:
            ctx.rows += 1
            ctx.skip(path, "not a Fleet host document")


def _host(ctx: ReadContext, path: str, host: Any, once: DeviceOnce) -> Tuple[Optional[DeviceRecord], bool, list]:
    """The host's device record (None when the host is skipped), whether it is the first of its device in the
    input, and its software list ([] when it has none)."""
    ctx.rows += 1
    if not isinstance(host, dict):
        ctx.skip(path, "host is not a JSON object")
        return None, False, []
    device = host_device(host, ctx.input.display, ctx)
    if device is None:
        ctx.skip(path, "host has no id, uuid or hostname")
        return None, False, []
    ctx.saw_time(device.source.last_seen)
    first = once.first(device, path)
    software = host.get("software")
    if software is None:
        return device, first, []  # the host list carries no software
    if not isinstance(software, list):
        ctx.note(f"{path}.software", "software is not a list")
        return device, first, []
    return device, first, software


def _software_row(ctx: ReadContext, device: DeviceRecord, at: str, item: Any,
                  libraries: List[int]) -> Optional[AppRow]:
    """The app row of a software item; None for an item without a name (reported) or a library (counted)."""
    if not isinstance(item, dict) or not text(item, "name"):
        ctx.note(at, "software item has no name")
        return None
    if text(item, "source") in LIBRARY_SOURCES:
        libraries[0] += 1
        return None
    versions = item.get("installed_versions")
    version = text(item, "version")
    if not version and isinstance(versions, list) and versions and isinstance(versions[0], dict):
        version = text(versions[0], "version")
    return (device.source.device_id, device.platform, software_identifier(item), text(item, "name"),
            text(item, "vendor"), version, at)


def _settle(sink: ReadSink, item: Dict[str, Any]) -> str:
    """CLEAR for a software item that is read and matches nothing a rule names, _LIBRARY for a library; LOOK for
    any other."""
    name = text(item, "name")
    if not name:
        return LOOK
    if text(item, "source") in LIBRARY_SOURCES:
        return _LIBRARY
    return LOOK if may_match(sink, software_identifier(item), name, text(item, "vendor")) else CLEAR


def _say_libraries(ctx: ReadContext, libraries: int) -> None:
    if libraries:
        ctx.note(None, f"{libraries} programming-language libraries (Python, npm, ... packages) are not installed "
                       "apps: not audited")
