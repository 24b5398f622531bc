"""A file that is not an export is named by its first bytes, in one line that says what to do."""
from __future__ import annotations

import io
import zipfile

import pytest

from auditor.textio.filekind import identify, office_document


@pytest.mark.parametrize("head,what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "legacy Office file"),
    (b"\x89PNG\r\n\x1a\n" + bytes(8), "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"\x7fELF\x02\x01\x01", "ELF executable"),
    (b"\xcf\xfa\xed\xfe\x07\x00", "Mach-O"),
    (b"MZ" + bytes(58) + (64).to_bytes(4, "little") + b"PE\x00\x00", "Windows executable"),
    (b"\x1f\x8b\x08\x00", "gzip"),
    (b"7z\xbc\xaf\x27\x1c\x00\x04", "7-Zip"),
    (b"Rar!\x1a\x07\x01\x00", "RAR"),
    (b"\xfd7zXZ\x00\x00", "xz"),
    (b"SQLite format 3\x00", "SQLite"),
    (bytes(257) + b"ustar\x0000", "tar archive"),
])
def test_binary_files_are_named(head: bytes, what: str) -> None:
    found = identify(head)
    assert found is not None and what in found[0], found


@pytest.mark.parametrize("head", [
    b"DeviceId,ApplicationName\n", b'{"value": []}', b"<computer/>", b"\xef\xbb\xbfDevice ID,Serial number\n",
    "Ger\u00e4t,App\n".encode("utf-16"), b"MZ_ID,Name\n1,2\n", b"",
])
def test_text_exports_are_not_named(head: bytes) -> None:
    assert identify(head) is None


def _zip(members: "dict[str, bytes]") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_office_documents_by_their_members() -> None:
    assert office_document({"[Content_Types].xml", "xl/workbook.xml"}) == "Excel workbook"
    assert office_document({"[Content_Types].xml", "word/document.xml"}) == "Word document"
    assert office_document({"mimetype", "content.xml"}, b"application/vnd.oasis.opendocument.spreadsheet") \
        == "OpenDocument spreadsheet (.ods)"
    assert office_document({"AppInvRawData.csv"}) is None


def test_an_office_document_inside_a_zip_is_named_by_its_first_member() -> None:
    found = identify(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}))
    assert found is not None and "Excel workbook" in found[0] and found[1] == "export it as CSV"
    found = identify(_zip({"AppInvRawData.csv": b"a,b\n"}))
    assert found is not None and found[0] == "ZIP archive inside a ZIP archive"
