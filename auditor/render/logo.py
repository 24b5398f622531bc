"""The organisation's logo, embedded in the report as a data: URI (the report makes no request of its own).

The type is sniffed from the content, never taken from the file name. An SVG goes into an <img> element,
where browsers never run its scripts nor load what it links to; it is never inlined into the page."""
from __future__ import annotations

import base64
import re
from pathlib import Path

from auditor.errors import ConfigError

MAX_LOGO_BYTES = 256 * 1024  # a logo, not a photo: keeps the report small enough to mail
_SVG_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]",
                        re.DOTALL | re.IGNORECASE)


def sniff(data: bytes) -> str:
    """The media type of a PNG, JPEG or SVG image; raises ConfigError for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if _SVG_START.match(data[:4096]):
        return "image/svg+xml"
    raise ConfigError("--logo: not a PNG, JPEG or SVG image (the type is read from the content)")


def logo_data_uri(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"--logo {path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise ConfigError(f"--logo {path}: {len(data)} bytes; at most {MAX_LOGO_BYTES} are embedded")
    return f"data:{sniff(data)};base64,{base64.b64encode(data).decode('ascii')}"
