"""GLPI native inventory JSON (inventory format 1.0, GLPI agent >= 1.0 with `--json`, or the file GLPI keeps
of an asset's last inventory): {"deviceid", "itemtype", "action", "partial", "content": {"bios", "hardware",
"operatingsystem", "users", "accesslog", "softwares": [...], "antivirus": [...], ...}}.

One inventory per file (a JSON array of inventories, or concatenated ones, work too); an inventory is one
device, so it is held as one value. A partial inventory without `softwares` says nothing about software: the
device is listed with no app list (not visible), never clean. Rules: auditor.sources.glpi_rules."""
from __future__ import annotations

import re
from typing import Any, Iterator, Optional

from auditor.textio.context import ReadContext
from auditor.sources.glpi_rules import (TOOL, antivirus_fields, app_rows, fallback_device_id, glpi_device,
                                        not_an_endpoint, software_fields)
from auditor.sources.interface import Item, Probe
from auditor.sources.records import DeviceOnce, json_items, text, top_level_objects

_DEVICEID = re.compile(r'"deviceid"\s*:\s*"')
# Agents and GLPI may write the keys sorted: "content" first, "deviceid" after a section of any size.
_CONTENT_FIRST = re.compile(r'^\s*\[?\s*\{\s*"content"\s*:\s*\{\s*"(accesslog|antivirus|batteries|bios|controllers|'
                            r'cpus|drives|hardware|inputs|memories|network_components|network_device|networks|'
                            r'operatingsystem|softwares|versionclient|users)"')


class GlpiInventoryJson:
    format_id = "glpi-inventory-json"
    title = "GLPI native inventory (JSON format 1.0: deviceid, content.softwares[], content.bios)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        head = probe.head
        if probe.json_start and ((_DEVICEID.search(head) and '"content"' in head) or _CONTENT_FIRST.match(head)):
            return "JSON with deviceid and content (GLPI native inventory format)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        once = DeviceOnce(ctx)
        for path, inventory in top_level_objects(json_items(ctx, ())):
            yield from self._inventory(ctx, path, inventory, once)

    def _inventory(self, ctx: ReadContext, path: str, inventory: Any, once: DeviceOnce) -> Iterator[Item]:
        ctx.rows += 1
        content = inventory.get("content") if isinstance(inventory, dict) else None
        if not isinstance(content, dict):
            ctx.skip(path, "not a GLPI inventory (no content object)")
            return
        why_not = not_an_endpoint(text(inventory, "action"), text(inventory, "itemtype"))
        if why_not:
            ctx.note(path, f"{why_not}: nothing to audit")
            return
        device_id = text(inventory, "deviceid") or fallback_device_id(content)
        if not device_id:
            ctx.skip(path, "inventory has no deviceid, hardware uuid or name")
            return
        softwares = content.get("softwares")
        if softwares is not None and not isinstance(softwares, list):
            ctx.note(f"{path}.content.softwares", "softwares is not a list: the device's apps were not read")
        rows = [(software_fields(s) if isinstance(s, dict) else None, f"{path}.content.softwares[{i}]")
                for i, s in enumerate(softwares if isinstance(softwares, list) else ())]
        antivirus = content.get("antivirus")
        rows += [(antivirus_fields(a), f"{path}.content.antivirus[{i}]")
                 for i, a in enumerate(antivirus if isinstance(antivirus, list) else ()) if isinstance(a, dict)]
        device, platform = glpi_device(device_id, ctx.input.display, content, (f[0] for f, _ in rows[:50] if f))
        ctx.saw_time(device.source.last_seen)
        if once.first(device, path):
            yield device
        yield from app_rows(device_id, platform, rows, ctx.note)
