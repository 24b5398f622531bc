"""The hostile corpus, part two: what lands in a drop folder by mistake or by malice (issue 15): ZIP
members no reader can open, a bomb whose members share one deflate stream, a folder nested 1,200 deep, a
file name that is not UTF-8, a PDF, a workbook, an Excel-saved CSV in Windows-1252, a JSON record holding
a huge string, a .NET null date, a renamed column, a mapping that names a column the CSV lacks, a risk
rule that would hang, a waivers file that is one flat list. Each says what a safe tool answers."""
from __future__ import annotations

import io
import json
import os
import textwrap
import zipfile
from pathlib import Path
from typing import Callable, List

from tests.hostile.corpus import AS_OF, MB, STAFF_ANA, Build, Case, _fixture, _intune, audit
from tests.hostile.zipcraft import overlapping_bomb, single_member

KB = 1024


def _apps() -> bytes:
    return _fixture("intune/AppInvRawData.csv").encode()


def _devices() -> bytes:
    return _fixture("intune/devices.csv").encode()


# ---------------------------------------------------------------- ZIP members no reader can open
def zip_member(name: bytes, **header: int) -> Build:
    """A good Intune export in a ZIP, and beside it one member whose header says what `header` says."""
    def build(folder: Path) -> List[str]:
        single_member(folder / "export.zip", name, _apps(), also=((b"AppInvRawData.csv", _apps()),
                                                                   (b"devices.csv", _devices())), **header)
        return audit("export.zip")
    return build


def zip_overlapping_bomb(folder: Path) -> List[str]:
    """1,000 members that share one 32 MB kernel: 140 kB that claim 31 GiB. Forced to a CSV reader, each
    member would be read (and hashed) to its end."""
    overlapping_bomb(folder / "export.zip", 1000, 32 * MB)
    return audit("export.zip", extra=("--source-format", "intune-appinv-csv"))


def _padded_zip(path: Path, pad: int) -> None:
    """An Intune export padded with blank lines (a blank line is no record): `pad` bytes more to inflate."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("AppInvRawData.csv", _apps() + b"\n" * pad)


def zip_caps_per_run(folder: Path) -> List[str]:
    """Two archives of 700 kB each, under a per-archive cap of 800 kB and a per-run cap of 1200 kB."""
    _padded_zip(folder / "a.zip", 700 * KB)
    _padded_zip(folder / "b.zip", 700 * KB)
    (folder / "file.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs:
          paths: [a.zip, b.zip]
          max_inflated_bytes: {per_archive: 800 KB, per_run: 1200 KB}
        """), encoding="utf-8")
    return ["run", "--config", "file.yaml", "--as-of", AS_OF]


def zip_caps_per_archive(folder: Path) -> List[str]:
    with zipfile.ZipFile(folder / "export.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):
            archive.writestr(f"page-{i}.csv", _apps() + b"\n" * (300 * KB))
    (folder / "file.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs:
          paths: [export.zip]
          max_inflated_bytes: {per_archive: 500 KB}
        """), encoding="utf-8")
    return ["run", "--config", "file.yaml", "--as-of", AS_OF]


# ---------------------------------------------------------------- folders and names
DEPTH = 1200


def deep_folder(folder: Path) -> List[str]:
    _intune(folder)
    deep = folder / "intune"
    for _ in range(DEPTH):  # os.makedirs recurses once per level
        deep = deep / "d"
        deep.mkdir()
    (deep / "more.csv").write_bytes(_apps())
    return audit("intune")


def remove_deep_folder(folder: Path) -> None:
    """shutil.rmtree (and so pytest's clean-up) recurses once per level: undo deep_folder level by level."""
    levels = [folder / "intune"]
    while (levels[-1] / "d").is_dir():
        levels.append(levels[-1] / "d")
    for level in reversed(levels[1:]):
        for child in level.iterdir():
            child.unlink() if not child.is_dir() else child.rmdir()
        level.rmdir()


def latin1_file_name(folder: Path) -> List[str]:
    """A name written by a Windows-1252 system: the bytes are not UTF-8."""
    (folder / "intune").mkdir()
    with open(os.path.join(os.fsencode(folder / "intune"), b"apps-caf\xe9.csv"), "wb") as handle:
        handle.write(_apps())
    (folder / "intune" / "devices.csv").write_bytes(_devices())
    return audit("intune")


def latin1_names_everywhere(folder: Path) -> List[str]:
    """A scheduled run that archives its inputs, one of them named in Latin-1."""
    latin1_file_name(folder)
    (folder / "file.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs:
          paths: [intune]
        archive_inputs: true
        """), encoding="utf-8")
    return ["run", "--config", "file.yaml", "--as-of", AS_OF]


def latin1_staff_file_name(folder: Path) -> List[str]:
    _intune(folder)
    staff = os.fsdecode(b"staff-\xe9quipe.csv")
    (folder / staff).write_text(_fixture("people/staff.csv") + STAFF_ANA.format(title="Chief Executive Officer"),
                                encoding="utf-8")
    return audit("intune", extra=("--staff", staff))


# ---------------------------------------------------------------- files that are not exports
PDF = (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _xlsx() -> bytes:
    """A minimal Office Open XML workbook: the nine members Excel writes."""
    members = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                               'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": "<Relationships/>", "docProps/app.xml": "<Properties/>",
        "docProps/core.xml": "<coreProperties/>",
        "xl/workbook.xml": "<workbook/>", "xl/_rels/workbook.xml.rels": "<Relationships/>",
        "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row><c t='inlineStr'><is><t>DeviceId</t></is></c></row>"
                                    "</sheetData></worksheet>",
        "xl/styles.xml": "<styleSheet/>", "xl/sharedStrings.xml": "<sst/>"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def stray_files(*files: "tuple[str, Callable[[], bytes]]") -> Build:
    def build(folder: Path) -> List[str]:
        _intune(folder)
        for name, data in files:
            (folder / "intune" / name).write_bytes(data())
        return audit("intune")
    return build


def excluded(folder: Path) -> List[str]:
    _intune(folder)
    (folder / "intune" / "minutes.pdf").write_bytes(PDF)
    (folder / "intune" / "archive").mkdir()
    (folder / "intune" / "archive" / "old.csv").write_bytes(b"not,an,export\n1,2,3\n")
    return audit("intune", extra=("--exclude", "*.pdf", "--exclude", "archive/**"))


def excluded_by_config(folder: Path) -> List[str]:
    _intune(folder)
    (folder / "intune" / "minutes.pdf").write_bytes(PDF)
    (folder / "file.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/config/1
        inputs:
          paths: [intune]
          exclude: ["*.pdf"]
        """), encoding="utf-8")
    return ["run", "--config", "file.yaml", "--as-of", AS_OF]


# ---------------------------------------------------------------- encodings and values
def windows_1252_csv(folder: Path) -> List[str]:
    """Excel's "CSV (Comma delimited)" saves in the system code page: Windows-1252 in Western Europe."""
    text = _fixture("intune/AppInvRawData.csv").replace("Ana Silva", "José Núñez")
    text = text.replace("IPHONE-ANA", "IPHONE-JOSÉ")
    lines = [line for line in text.splitlines(keepends=True) if _in_cp1252(line)]  # the fixture has CJK names
    (folder / "apps.csv").write_bytes("".join(lines).encode("cp1252"))
    devices = _fixture("intune/devices.csv").replace("Ana Silva", "José Núñez")  # its other half
    (folder / "devices.csv").write_text(devices.replace("IPHONE-ANA", "IPHONE-JOSÉ"), encoding="utf-8")
    return audit("apps.csv", "devices.csv")


def _in_cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def json_huge_string(size: int) -> Build:
    """One Graph record with a field of `size` characters (the app itself is an ordinary banned app)."""
    def build(folder: Path) -> List[str]:
        data = json.loads(_fixture("intune_graph/detectedApps_with_managedDevices.json"))
        data["value"][0]["notes"] = "@@HUGE@@"
        head, tail = json.dumps(data).encode().split(b"@@HUGE@@")
        with open(folder / "graph.json", "wb") as handle:
            handle.write(head)
            for _ in range(size // MB):
                handle.write(b"x" * MB)
            handle.write(tail)
        return audit("graph.json", extra=("--max-export-age", "100000"))
    return build


def dotnet_min_value(folder: Path) -> List[str]:
    """.NET's DateTime.MinValue written with the exporting machine's offset: before year 1 in UTC."""
    _intune(folder, lambda t: t.replace("Intune,Compliant,2026-11-22 08:14:03",
                                        "Intune,Compliant,0001-01-01T00:00:00+01:00", 1))
    return audit("intune")


# ---------------------------------------------------------------- columns
def renamed_owner_columns(folder: Path) -> List[str]:
    """The app export's owner columns renamed, and no device export: nobody's device has an owner."""
    text = _fixture("intune/AppInvRawData.csv").replace("EmailAddress", "Primary Email").replace(
        ",UserName", ",Display")
    (folder / "apps.csv").write_text(text, encoding="utf-8")
    return audit("apps.csv")


def mapping_names_missing_column(folder: Path) -> List[str]:
    (folder / "assets.mapping.yaml").write_text(
        _fixture("generic/assets.mapping.yaml").replace("app_name: Software", "app_name: Software Title"))
    (folder / "assets.csv").write_text(_fixture("generic/assets.csv"), encoding="utf-8")
    return audit("assets.mapping.yaml", extra=("--max-export-age", "100000"))


# ---------------------------------------------------------------- people files
def risk_nested_quantifier(folder: Path) -> List[str]:
    """A title pattern that backtracks exponentially, and an HR title that makes it (a+)+ hang."""
    _intune(folder)
    staff = _fixture("people/staff.csv").replace("Chief Executive Officer", "a" * 40)
    (folder / "staff.csv").write_text(staff, encoding="utf-8")
    (folder / "file.yaml").write_text("schema: fleet-auditor/risk/1\nrules:\n"
                                      "  - {tier: critical, reason: Officer, title: \"(a+)+b\"}\n", encoding="utf-8")
    return audit("intune", extra=("--staff", "staff.csv", "--risk", "file.yaml"))


def waivers_flat_list(folder: Path) -> List[str]:
    """5 MB of one flat list: 1.7 million YAML values."""
    _intune(folder)
    with open(folder / "file.yaml", "w", encoding="utf-8") as handle:
        handle.write("schema: fleet-auditor/waivers/1\nwaivers: [")
        handle.write("a, " * (5 * MB // 3))
        handle.write("a]\n")
    return audit("intune", extra=("--waivers", "file.yaml"))


CASES = (
    Case("zip-encrypted-member", zip_member(b"more.csv", flags=1), (1,), "encrypted", findings=True,
         problems_about=(("more.csv", 1),), incomplete=True),
    Case("zip-deflate64-member", zip_member(b"more.csv", method=9), (1,), "Deflate64", findings=True,
         problems_about=(("more.csv", 1),), incomplete=True),
    Case("zip-bad-crc-member", zip_member(b"more.csv", crc_delta=1), (1,), "CRC-32", findings=True,
         problems_about=(("more.csv", 1),), incomplete=True),
    Case("zip-empty-member-name", zip_member(b""), (1,), "empty name", findings=True, incomplete=True),
    Case("zip-overlapping-bomb", zip_overlapping_bomb, (3,), "overlap", problems_about=(("export.zip", 1),),
         incomplete=True),
    Case("zip-cap-per-run", zip_caps_per_run, (1,), "per run", findings=True, incomplete=True),
    Case("zip-cap-per-archive", zip_caps_per_archive, (1,), "per archive", findings=True, incomplete=True),
    Case("folder-nested-1200-deep", deep_folder, (1,), "nested deeper than", findings=True, incomplete=True),
    Case("file-name-not-utf8", latin1_file_name, (1,), findings=True, incomplete=False,
         shows=(("findings.json", "apps-caf\\\\xe9.csv"), ("manifest.json", "apps-caf\\\\xe9.csv"),
                ("report.html", "apps-caf\\xe9.csv"))),
    Case("file-name-not-utf8-archived", latin1_names_everywhere, (1,), findings=True, incomplete=False,
         shows=(("manifest.json", "apps-caf\\\\xe9.csv"),)),
    Case("staff-file-name-not-utf8", latin1_staff_file_name, (1,), findings=True, incomplete=False,
         shows=(("manifest.json", "staff-\\\\xe9quipe.csv"),)),
    Case("stray-pdf", stray_files(("minutes.pdf", lambda: PDF)), (1,), "PDF document", findings=True,
         unsaid=("CSV header",), problems_about=(("minutes.pdf", 1),), incomplete=True),
    Case("stray-xlsx", stray_files(("fleet.xlsx", _xlsx)), (1,), "Excel workbook: export it as CSV", findings=True,
         problems_about=(("fleet.xlsx", 1),), incomplete=True),
    Case("excluded-by-pattern", excluded, (1,), findings=True, unsaid=("PDF", "old.csv"), incomplete=False,
         shows=(("manifest.json", '"excluded"'), ("manifest.json", "minutes.pdf"), ("manifest.json", "old.csv"))),
    Case("excluded-by-config", excluded_by_config, (1,), findings=True, unsaid=("PDF",), incomplete=False,
         shows=(("manifest.json", '"excluded"'),)),
    Case("excel-csv-windows-1252", windows_1252_csv, (1,), findings=True, unsaid=("U+FFFD", "invalid"),
         incomplete=False, shows=(("findings.json", "José Núñez"), ("findings.json", '"encoding": "windows-1252"'))),
    # (the Graph fixture's two malformed records of six make the run incomplete: more than 1% skipped; the
    # 50 MB string itself is read)
    Case("json-record-50mb-string", json_huge_string(50 * MB), (1,), findings=True, unsaid=("larger than 64 MB",)),
    Case("json-record-70mb-string", json_huge_string(70 * MB), (3,), "larger than 64 MB", incomplete=True),
    Case("dotnet-min-value-check-in", dotnet_min_value, (1,), findings=True, unsaid=("internal error",),
         incomplete=False, shows=(("findings.json", "F2LXK0AAHG7F"),)),
    Case("owner-columns-renamed", renamed_owner_columns, (1,), "no owner column", findings=True, incomplete=True),
    Case("mapping-names-missing-column", mapping_names_missing_column, (3,), "columns.app_name",
         problems_about=(("assets.csv", 1),), unsaid=("re-export",), incomplete=True),
    Case("risk-title-nested-quantifier", risk_nested_quantifier, (2,), "rules[0].title"),
    Case("waivers-flat-list-5mb", waivers_flat_list, (2,), "values"),
)
