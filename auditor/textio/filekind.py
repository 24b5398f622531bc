"""What a file is, by its first bytes (its "magic"), when it is not an export: a PDF, a workbook, a
picture, a program, a compressed file. Every reader reads text (CSV, JSON, XML), so a file these bytes
identify is answered in one line that says what it is and what to do, never "a CSV header" of binary
bytes nor one line per member of an Office document.

ZIP files are opened by auditor.textio.inputs (an export may be zipped); an Office document is a ZIP whose
members say what it is (`office_document`)."""
from __future__ import annotations

from typing import Collection, Optional, Tuple

EXPORT_AS_CSV = "export it as CSV"
# The first bytes identify() is given (its magics, a PE header's offset and a ZIP's first member lie within them).
MAGIC_BYTES = 512
# (offset, magic, what the file is, what to do with it). Longer and more specific magics first.
_MAGIC: Tuple[Tuple[int, bytes, str, str], ...] = (
    (0, b"%PDF-", "PDF document", "not an inventory export; remove it or exclude it (inputs.exclude, --exclude)"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Office file (Excel 97-2003 .xls, Word .doc or Outlook .msg)",
     EXPORT_AS_CSV),
    (0, b"\x89PNG\r\n\x1a\n", "PNG image", "not an inventory export"),
    (0, b"\xff\xd8\xff", "JPEG image", "not an inventory export"),
    (0, b"GIF87a", "GIF image", "not an inventory export"),
    (0, b"GIF89a", "GIF image", "not an inventory export"),
    (0, b"II*\x00", "TIFF image", "not an inventory export"),
    (0, b"MM\x00*", "TIFF image", "not an inventory export"),
    (0, b"\x7fELF", "program (ELF executable)", "not an inventory export"),
    (0, b"\xcf\xfa\xed\xfe", "program (Mach-O executable)", "not an inventory export"),
    (0, b"\xce\xfa\xed\xfe", "program (Mach-O executable)", "not an inventory export"),
    (0, b"\xca\xfe\xba\xbe", "program (Mach-O universal binary or Java class)", "not an inventory export"),
    (0, b"\x1f\x8b", "gzip-compressed file", "decompress it first (gunzip)"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive", "extract it, or pack the export as ZIP"),
    (0, b"Rar!\x1a\x07", "RAR archive", "extract it, or pack the export as ZIP"),
    (0, b"\xfd7zXZ\x00", "xz-compressed file", "decompress it first (unxz)"),
    (0, b"BZh", "bzip2-compressed file", "decompress it first (bunzip2)"),
    (0, b"\x28\xb5\x2f\xfd", "Zstandard-compressed file", "decompress it first (unzstd)"),
    (0, b"SQLite format 3\x00", "SQLite database", "not an inventory export; export the table as CSV"),
    (0, b"{\\rtf", "RTF document", "not an inventory export"),
    (257, b"ustar", "tar archive", "extract it, or pack the export as ZIP"),
    (0, b"PK\x03\x04", "ZIP archive inside a ZIP archive", "extract the inner archive (archives are opened one "
                                                          "level deep)"),
)
# "MZ" starts a Windows program, but also a CSV whose first header is "MZ...": only with the PE offset sane.
_PE = ("program (Windows executable)", "not an inventory export")


def identify(head: bytes) -> Optional[Tuple[str, str]]:
    """(what the file is, what to do) for a file that is not text an export could be; None otherwise."""
    for offset, magic, what, advice in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            if magic == b"PK\x03\x04":
                document = _office_by_first_member(head)
                if document is not None:
                    return document, EXPORT_AS_CSV
            return what, advice
    if head[:2] == b"MZ" and len(head) >= 64:
        pe = int.from_bytes(head[60:64], "little")
        if pe + 4 <= len(head) and head[pe:pe + 4] == b"PE\x00\x00":
            return _PE
    return None


def office_document(members: Collection[str], mimetype: bytes = b"") -> Optional[str]:
    """What Office document a ZIP is, from its member names (and its `mimetype` member's content)."""
    if "[Content_Types].xml" in members:
        for prefix, what in (("xl/", "Excel workbook"), ("word/", "Word document"),
                             ("ppt/", "PowerPoint presentation")):
            if any(m.startswith(prefix) for m in members):
                return what
        return "Office Open XML document"
    if "mimetype" in members and mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = mimetype[len(b"application/vnd.oasis.opendocument."):].split(b".")[0]
        return {b"spreadsheet": "OpenDocument spreadsheet (.ods)", b"text": "OpenDocument text (.odt)"}.get(
            kind, "OpenDocument file")
    return None


def _office_by_first_member(head: bytes) -> Optional[str]:
    """Office writers put `[Content_Types].xml` (OOXML) or `mimetype` (ODF) first: enough to name a document
    inside a ZIP without opening it."""
    size = int.from_bytes(head[26:28], "little")
    name = head[30:30 + size]
    if name == b"[Content_Types].xml":
        return "Office document (Excel workbook, Word or PowerPoint file)"
    if name == b"mimetype":
        start = 30 + size + int.from_bytes(head[28:30], "little")
        return office_document(("mimetype",), head[start:start + 60])
    return None
