"""Hostile strings, and ways to put them into every string field of a real export without breaking
its format (CSV quoting, JSON escaping, XML escaping all done by the standard writers)."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
import zlib
from typing import Any, Sequence

# Each one starts as an attack would: a formula sign, markup, an override character.
PAYLOADS = (
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "javascript:alert(document.domain)//",
    "Invoice\u202egpj.exe",
    "\u2066isolated\u2069",
    "bell\u0007esc\u001b[31mred\u0000nul\u0085nel",
    "{{7*7}}{% raw %}${7*7}",
    "](javascript:alert(1))[x",
    "<svg/onload=alert(3)>",
)

# Values that name apps of the test catalog are left as they are, so that findings (and the hostile
# device, owner and version strings around them) still reach every part of the report.
KEEP = frozenset({"tiktok", "wechat", "lark", "capcut", "微信", "weixin", "musical.ly",
                  "com.zhiliaoapp.musically", "com.ss.iphone.ugc.ame", "com.tencent.mm", "com.tencent.xinwechat",
                  "com.larksuite.suite", "com.lemon.lvoverseas", "bytedance ltd.", "bytedance pte. ltd.", "tiktok pte. ltd.",
                  "tencent technology (shenzhen) company limited", "腾讯科技(深圳)有限公司", "ios", "android", "windows",
                  "macos", "ipados", "linux", "corporate", "company", "personal", "institutional"})


def _hostile(value: str, payloads: Sequence[str] = PAYLOADS) -> str:
    """The same value gets the same payload in every file, so that device ids still join across exports."""
    if not value.strip() or value.strip().lower() in KEEP:
        return value
    return payloads[zlib.crc32(value.encode("utf-8")) % len(payloads)] + value


def inject_csv(text: str, delimiter: str = ",") -> str:
    """Every data cell prefixed with a payload (the header is left alone: readers find columns by name)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(rows[0])
    for row in rows[1:]:
        writer.writerow([_hostile(cell) for cell in row])
    return out.getvalue()


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return _hostile(value)
    if isinstance(value, list):
        return [_walk(v) for v in value]
    if isinstance(value, dict):
        return {k: (v if k.startswith("@odata") else _walk(v)) for k, v in value.items()}
    return value


def inject_json(text: str) -> str:
    """Every string value prefixed with a payload, written back as JSON (keys are left alone)."""
    return json.dumps(_walk(json.loads(text)), ensure_ascii=False)


def inject_xml(text: bytes) -> bytes:
    """Every element text prefixed with a payload; XML cannot carry NUL and most C0 controls at all,
    so those are dropped from the payloads here (the parser would refuse the file, tested elsewhere)."""
    root = ET.fromstring(text)
    allowed = [p.translate({c: None for c in list(range(0, 9)) + [11, 12] + list(range(14, 32))}) for p in PAYLOADS]
    for element in root.iter():
        if element.text and element.text.strip():
            element.text = _hostile(element.text, allowed)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
