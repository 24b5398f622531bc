"""FusionInventory / OCS Inventory / GLPI agent XML inventories: <REQUEST><QUERY>INVENTORY</QUERY>
<DEVICEID>…</DEVICEID><CONTENT> with <BIOS>, <HARDWARE>, <OPERATINGSYSTEM>, <USERS>, <ACCESSLOG>, one
<SOFTWARES> element per software (no wrapper list) and one <ANTIVIRUS> per security product. Written by
`glpi-agent --local` (XML unless --json), FusionInventory agents and the GLPI Android agent.

The sections under <CONTENT> are read one at a time through defusedxml (memory bounded by one section).
FusionInventory writes <DEVICEID> after </CONTENT>, so a device's software rows are held until the
inventory ends (one device's rows: a file is one device). Rules: auditor.sources.glpi_rules."""
from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Optional, Tuple

from auditor.textio.context import ReadContext
from auditor.sources.glpi_rules import (TOOL, Software, antivirus_fields, app_rows, fallback_device_id, glpi_device,
                                        lower_keys, not_an_endpoint, software_fields)
from auditor.sources.interface import Item, Probe
from auditor.textio.xmlrecords import xml_elements

_TOP = ("QUERY", "DEVICEID", "ITEMTYPE")
_SECTIONS = ("BIOS", "HARDWARE", "OPERATINGSYSTEM", "ACCESSLOG", "VERSIONCLIENT")
_USERS = ("USERS", "USER")  # the Android agent writes <USER>
_REQUEST = re.compile(r"<REQUEST>\s*(<QUERY>|<DEVICEID>|<CONTENT>|<ITEMTYPE>)")


class GlpiInventoryXml:
    format_id = "glpi-inventory-xml"
    title = "FusionInventory / OCS / GLPI agent XML inventory (<REQUEST><CONTENT> with <SOFTWARES>)"
    tool = TOOL

    def detect(self, probe: Probe) -> Optional[str]:
        if probe.head.lstrip().startswith("<") and _REQUEST.search(probe.head):
            return "XML <REQUEST> with <QUERY> / <DEVICEID> / <CONTENT> (FusionInventory / GLPI agent inventory)"
        return None

    def read(self, ctx: ReadContext) -> Iterator[Item]:
        top: Dict[str, str] = {}
        sections: Dict[str, Any] = {"users": []}
        rows: List[Tuple[Optional[Software], str]] = []  # one device's software, until its DEVICEID is read
        for tag, location, value in xml_elements(ctx, _TOP + _SECTIONS + _USERS + ("SOFTWARES", "ANTIVIRUS"), 2):
            depth = location.count("/") - 1
            if depth == 1 and tag in _TOP:
                top[tag] = value.strip() if isinstance(value, str) else ""
            elif depth != 2:
                continue
            elif tag == "SOFTWARES":
                rows.append((software_fields(lower_keys(value)), location))
            elif tag == "ANTIVIRUS":
                rows.append((antivirus_fields(lower_keys(value)), location))
            elif tag in _USERS:
                sections["users"].append(lower_keys(value))
            else:
                sections[tag.lower()] = value if tag == "VERSIONCLIENT" else lower_keys(value)
        if not top and len(sections) == 1 and not sections["users"] and not rows:
            return  # nothing of an inventory was read (the failure, if any, is reported)
        ctx.rows += 1
        where = "/REQUEST"
        why_not = not_an_endpoint(top.get("QUERY", ""), top.get("ITEMTYPE", ""))
        if why_not:
            ctx.note(where, f"{why_not}: nothing to audit")
            return
        device_id = top.get("DEVICEID", "") or fallback_device_id(sections)
        if not device_id:
            ctx.skip(where, "inventory has no DEVICEID, hardware UUID or name")
            return
        device, platform = glpi_device(device_id, ctx.input.display, sections, (f[0] for f, _ in rows[:50] if f))
        ctx.saw_time(device.source.last_seen)
        yield device
        yield from app_rows(device_id, platform, rows, ctx.note)
