"""Snapshots written by `auditor collect` (one JSON file per host), read like any other export.

The schema lives here, in the core, so that the reader never depends on the SSH code (paramiko stays in
auditor/acquire/). A host that could not be collected has a snapshot too, with `errors` and no packages:
reading it makes the run incomplete, so a host that was down never looks clean."""
from __future__ import annotations

import json
import re
from typing import Any, Dict, Iterator, Optional

from auditor.model import DeviceRecord, Ownership, Platform, SourceRef
from auditor.textio.context import ReadContext
from auditor.sources.interface import Item, Probe
from auditor.textio.csvtable import text_stream
from auditor.sources.vocab import clean_serial

SCHEMA = "fleet-auditor/host-snapshot/1"
TOOL = "ssh"
MAX_SNAPSHOT_CHARS = 256 * 1024 * 1024  # a host with 100k packages is about 20 MB

# Package managers, and the platform their packages run on.
MANAGER_PLATFORMS: Dict[str, Platform] = {
    "dpkg": Platform.LINUX, "rpm": Platform.LINUX, "snap": Platform.LINUX, "flatpak": Platform.LINUX,
    "macos-app": Platform.MACOS, "windows-uninstall": Platform.WINDOWS,
}
OS_PLATFORMS: Dict[str, Platform] = {"linux": Platform.LINUX, "macos": Platform.MACOS, "windows": Platform.WINDOWS}

# An MSI product code names nothing a person would recognise; such an uninstall key is matched by
# publisher and name instead (the matcher never falls back from an identifier to a name).
_SCHEMA_KEY = re.compile(r'"schema"\s*:\s*"' + re.escape(SCHEMA) + '"')
_GUID = re.compile(r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$")


def _text(record: Dict[str, Any], key: str) -> str:
    value = record.get(key)
    return value.strip() if isinstance(value, str) else ""


def device_id(snapshot: Dict[str, Any]) -> str:
    """The collection target (host and port from the hosts file): stable across runs."""
    port = snapshot.get("port")
    return f"{_text(snapshot, 'host')}:{port if isinstance(port, int) else 22}"


def app_identifier(manager: str, identifier: str) -> str:
    if manager == "windows-uninstall" and _GUID.match(identifier):
        return ""
    return identifier


class SshSnapshotJson:
    format_id = "ssh-snapshot-json"
    title = "Host snapshot written by `auditor collect` over SSH"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.json_start == "{" and _SCHEMA_KEY.search(probe.head):
            return f"JSON object with schema {SCHEMA}"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        stream, raw = text_stream(ctx)
        try:
            text = stream.read(MAX_SNAPSHOT_CHARS + 1)
            if len(text) > MAX_SNAPSHOT_CHARS:
                ctx.fail(f"snapshot larger than {MAX_SNAPSHOT_CHARS} characters; not read")
                return
            snapshot = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            ctx.fail(f"not a readable host snapshot: {str(exc)[:200]}")
            return
        except RecursionError:  # a host writes its own snapshot's content: deep nesting is an attack
            ctx.fail("not a readable host snapshot: JSON nested too deeply")
            return
        finally:
            ctx.sha256 = raw.finish()
            stream.close()
        if not isinstance(snapshot, dict) or snapshot.get("schema") != SCHEMA:
            ctx.fail(f"not a host snapshot (schema is not {SCHEMA})")
            return
        yield from self._snapshot(ctx, snapshot)

    def _snapshot(self, ctx: ReadContext, snapshot: Dict[str, Any]) -> Iterator[Item]:
        ctx.export_time = _text(snapshot, "collected_at") or None
        target = device_id(snapshot)
        errors = snapshot.get("errors") or []
        if not isinstance(errors, list):
            errors = [errors]
        for error in errors:
            stage = _text(error, "stage") if isinstance(error, dict) else ""
            message = _text(error, "message") if isinstance(error, dict) else str(error)
            # Any collection error means the host's software is not fully known: the run is incomplete.
            ctx.fail(f"host {target}: {stage + ': ' if stage else ''}{message or 'collection failed'}")
        packages = snapshot.get("packages")
        if not isinstance(packages, list):
            if not errors:
                ctx.fail(f"host {target}: snapshot has no package list")
            return
        if not packages and not errors:
            managers = snapshot.get("managers") if isinstance(snapshot.get("managers"), dict) else {}
            answered = sorted(str(m) for m, state in managers.items() if state == "ok")
            if not answered:  # (a manager that answered with no package is an empty host: its records say so)
                tried = ", ".join(f"{m}: {state}" for m, state in sorted(managers.items(), key=str)
                                  if isinstance(state, str)) or "none recorded"
                ctx.fail(f"host {target}: no package manager the collector reads answered ({tried[:200]}), so its "
                         "software is unknown (apk, pacman and others are not collected: docs/acquire.md)")
        os_info = snapshot.get("os") if isinstance(snapshot.get("os"), dict) else {}
        platform = OS_PLATFORMS.get(_text(os_info, "family").lower(), Platform.OTHER)
        owner = _text(snapshot, "owner") or _text(snapshot, "login_user")
        yield DeviceRecord(
            source=SourceRef(TOOL, target, ctx.input.display, ctx.export_time),
            name=_text(snapshot, "hostname") or _text(snapshot, "host"),
            serial=clean_serial(_text(snapshot, "serial")),
            platform=platform,
            os_version=" ".join(v for v in (_text(os_info, "name"), _text(os_info, "version")) if v),
            ownership=Ownership.UNKNOWN,  # SSH cannot tell who owns a machine; unknown is in every rule's scope
            owner_email=owner if "@" in owner else "",
            owner_username="" if "@" in owner else owner,
            # /etc/machine-id is not a merge key: VMs cloned from one image share it, and merging them
            # would collapse distinct hosts and their findings. The serial (where readable) merges.
            hardware_ids=(),
            authoritative=True,
        )
        for i, package in enumerate(packages):
            where = f"packages[{i}]"
            ctx.rows += 1
            if not isinstance(package, dict) or not _text(package, "name"):
                ctx.skip(where, "package has no name")
                continue
            manager = _text(package, "manager")
            app_platform = MANAGER_PLATFORMS.get(manager, platform)
            yield (target, app_platform, app_identifier(manager, _text(package, "identifier")),
                   _text(package, "name"), _text(package, "publisher"), _text(package, "version"), where)
