"""The hostile corpus: each case builds its inputs in an empty folder and says what a safe tool does
with them (exit code, the problem or error it must name). Data, not code paths: add a row to add a case."""
from __future__ import annotations

import json
import os
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from tests.conftest import FIXTURES
from tests.hostile.payloads import inject_csv, inject_json, inject_xml

AS_OF = "2026-11-23"
MB = 1024 * 1024
Build = Callable[[Path], List[str]]  # writes the inputs into the folder; returns the command's arguments


@dataclass(frozen=True)
class Case:
    id: str
    build: Build
    codes: Tuple[int, ...]  # allowed exit codes
    says: str = ""  # must appear in stderr or in a problem of findings.json
    absent: Tuple[str, ...] = ()  # must appear in no output file (leaked content)
    findings: bool = False  # at least one finding: the hostile strings reached the findings table
    extra: Tuple[str, ...] = field(default=())
    unsaid: Tuple[str, ...] = ()  # must appear in no problem and not in stderr (a wrong or noisy answer)
    shows: Tuple[Tuple[str, str], ...] = ()  # (output file, text) the output must hold
    # (text, n): exactly n problems name a source that contains the text (one line per bad file, not nine)
    problems_about: Tuple[Tuple[str, int], ...] = ()
    incomplete: Optional[bool] = None  # when set: whether the run must be incomplete


def audit(*inputs: str, extra: Tuple[str, ...] = ()) -> List[str]:
    return ["audit", *inputs, "--out", "out", "--as-of", AS_OF, *extra]


def _fixture(rel: str) -> str:
    return (FIXTURES / rel).read_text(encoding="utf-8")


def _intune(folder: Path, transform: Callable[[str], str] = lambda t: t) -> None:
    (folder / "intune").mkdir()
    for name in ("AppInvRawData.csv", "devices.csv"):
        (folder / "intune" / name).write_text(transform(_fixture(f"intune/{name}")), encoding="utf-8")


def baseline(folder: Path) -> List[str]:
    """An ordinary audit: what every case's CPU time is compared with."""
    _intune(folder)
    return audit("intune")


# ---------------------------------------------------------------- injection in every string field
def inject_intune(folder: Path) -> List[str]:
    _intune(folder, inject_csv)
    return audit("intune")


def inject_graph(folder: Path) -> List[str]:
    text = _fixture("intune_graph/detectedApps_with_managedDevices.json")
    (folder / "graph.json").write_text(inject_json(text), encoding="utf-8")
    return audit("graph.json", extra=("--max-export-age", "100000"))


def inject_jamf_xml(folder: Path) -> List[str]:
    (folder / "jamf.xml").write_bytes(inject_xml((FIXTURES / "jamf/mobile_device.xml").read_bytes()))
    return audit("jamf.xml", extra=("--max-export-age", "100000"))


def inject_osquery(folder: Path) -> List[str]:
    (folder / "programs.json").write_text(inject_json(_fixture("osquery/programs.json")), encoding="utf-8")
    return audit("programs.json", extra=("--max-export-age", "100000"))


def inject_defender(folder: Path) -> List[str]:
    (folder / "tvm.csv").write_text(inject_csv(_fixture("defender/DeviceTvmSoftwareInventory.csv")), encoding="utf-8")
    return audit("tvm.csv", extra=("--max-export-age", "100000"))


def inject_generic(folder: Path) -> List[str]:
    (folder / "assets.mapping.yaml").write_text(_fixture("generic/assets.mapping.yaml"), encoding="utf-8")
    (folder / "assets.csv").write_text(inject_csv(_fixture("generic/assets.csv"), ";"), encoding="utf-8")
    return audit("assets.mapping.yaml", extra=("--max-export-age", "100000"))


def inject_copy(rel: str, name: str, inject: Callable[[str], str]) -> Build:
    """A fixture of one of the newer readers, every string in it hostile, under a name that keeps what the
    reader takes from file names (a ManageEngine resource id)."""
    def build(folder: Path) -> List[str]:
        (folder / name).write_text(inject(_fixture(rel)), encoding="utf-8")
        return audit(name, extra=("--max-export-age", "100000"))
    return build


def inject_glpi_xml(folder: Path) -> List[str]:
    (folder / "dee-pc.xml").write_bytes(inject_xml((FIXTURES / "glpi/built/dee-pc.xml").read_bytes()))
    return audit("dee-pc.xml", extra=("--max-export-age", "100000"))


def inject_names(folder: Path) -> List[str]:
    """File, folder and ZIP member names are shown in every output too."""
    evil = folder / "<script>alert(1)<\u202escript>"
    evil.mkdir()
    (evil / "=cmd|' calc'!A0 <img src=x onerror=alert(2)>.csv").write_text(_fixture("intune/AppInvRawData.csv"))
    with zipfile.ZipFile(evil / "+evil.zip", "w") as archive:
        archive.writestr("<svg onload=alert(4)>\u0007.csv", _fixture("intune/devices.csv"))
    return audit(evil.name)


# A staff row for the owner of the Intune fixture's IPHONE-ANA: a directory that names no device owner makes the
# run incomplete, and the person's strings must reach the outputs to be shown inert.
STAFF_ANA = "E100,Ana Silva,ana@contoso.com,ana@contoso.com,asilva,{title},Executive Office,,Executives,,,\n"


def inject_people(folder: Path) -> List[str]:
    """Waivers and the staff directory are written by people: their strings are shown too."""
    _intune(folder)
    staff = _fixture("people/staff.csv").replace("Chief Executive Officer", "<script>alert(1)</script>Chief")
    (folder / "staff.csv").write_text(inject_csv(staff) + STAFF_ANA.format(title="<script>alert(1)</script>Chief"),
                                      encoding="utf-8")
    (folder / "waivers.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/waivers/1
        waivers:
          - id: "=HYPERLINK(\\"http://evil.example\\")"
            device: IPHONE-ANA
            reason: "<img src=x onerror=alert(1)> \\u202e"
            approver: "+cmd|' /C calc'!A0"
            ticket: "javascript:alert(1)"
            expires: 2026-12-31
        """), encoding="utf-8")
    return audit("intune", extra=("--staff", "staff.csv", "--waivers", "waivers.yaml"))


# ---------------------------------------------------------------- size and depth
def huge_csv_field(folder: Path) -> List[str]:
    _intune(folder, lambda t: t.replace("IPHONE-ANA", "X" * MB).replace("38.1.0", "9" * MB))
    return audit("intune")


def huge_json_field(folder: Path) -> List[str]:
    data = json.loads(_fixture("intune_graph/detectedApps_with_managedDevices.json"))
    data["value"][0]["managedDevices"][0]["deviceName"] = "<b>" * (MB // 3)
    (folder / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    return audit("graph.json", extra=("--max-export-age", "100000"))


def huge_xml_field(folder: Path) -> List[str]:
    text = (FIXTURES / "jamf/mobile_device.xml").read_bytes()
    (folder / "jamf.xml").write_bytes(text.replace(b"iPhone Ana", b"&lt;i&gt;" * (MB // 9), 1))
    return audit("jamf.xml", extra=("--max-export-age", "100000"))


def deep_json(folder: Path) -> List[str]:
    record = '{"displayName": "TikTok", "sizeInByte": 0, "managedDevices": ' + "[" * 200_000 + "]" * 200_000 + "}"
    (folder / "graph.json").write_text('{"value": [' + record + "]}")
    return audit("graph.json")


def huge_json_number(folder: Path) -> List[str]:
    (folder / "graph.json").write_text('{"value": [{"displayName": "TikTok", "sizeInByte": ' + "9" * 100_000 + "}]}")
    return audit("graph.json")


def deep_xml(folder: Path) -> List[str]:
    (folder / "jamf.xml").write_text("<computer><general><id>1</id></general>" + "<a>" * 200_000 + "</a>" * 200_000
                                     + "</computer>")
    return audit("jamf.xml")


# ---------------------------------------------------------------- XML entities
XML_HEAD = "<computer><general><id>1</id><name>&e;</name></general></computer>"


def xml_with(doctype: str) -> Build:
    def build(folder: Path) -> List[str]:
        (folder / "jamf.xml").write_text(f'<?xml version="1.0"?>\n{doctype}\n{XML_HEAD}')
        return audit("jamf.xml")
    return build


BILLION_LAUGHS = ("<!DOCTYPE computer [<!ENTITY a \"lollollollollol\">" + "".join(
    f"<!ENTITY {chr(98 + i)} \"{('&' + chr(97 + i) + ';') * 10}\">" for i in range(9)) + "<!ENTITY e \"&j;\">]>")


# ---------------------------------------------------------------- YAML written by people
BOMB = "".join([
    "notes:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    *(f"  - &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
])
PYTHON_TAG = "!!python/object/apply:os.system ['touch PWNED']"


def yaml_file(option: str, schema: str, body: str, name: str = "file.yaml") -> Build:
    def build(folder: Path) -> List[str]:
        _intune(folder)
        (folder / name).write_text(f"schema: {schema}\n{body}", encoding="utf-8")
        if option == "--config":
            return ["run", "--config", name, "--as-of", AS_OF]
        if option == "input":
            return audit("intune", name)
        return audit("intune", extra=(option, name))
    return build


YAML_TARGETS = (
    ("pack", "--policy", "fleet-auditor/pack/1", "id"),
    ("waivers", "--waivers", "fleet-auditor/waivers/1", "waivers"),
    ("risk", "--risk", "fleet-auditor/risk/1", "rules"),
    ("config", "--config", "fleet-auditor/config/1", "organisation"),
    ("staff-mapping", "--staff-mapping", "fleet-auditor/staff-mapping/1", "columns"),
    ("csv-mapping", "input", "fleet-auditor/generic-csv/1", "columns"),
)


def yaml_cases() -> List[Case]:
    cases = []
    for what, option, schema, key in YAML_TARGETS:
        # A bad mapping among the inputs makes the run incomplete; every other bad file stops it (exit 2).
        codes = (1,) if option == "input" else (2,)
        bodies = (
            ("alias-bomb", BOMB + f"{key}: *i\n", "alias bomb"),
            ("recursive-alias", f"{key}: &r [*r]\n", "recursive alias"),
            ("python-tag", f"{key}: {PYTHON_TAG}\n", "python/object"),
            ("deep-nesting", f"{key}: " + "[" * 3_000 + "]" * 3_000 + "\n", "nested"),
            ("huge-integer", f"{key}: 1{'0' * 10_000}\n", "4300 digits"),
        )
        for name, body, says in bodies:
            cases.append(Case(f"yaml-{name}-{what}", yaml_file(option, schema, body, "file.yaml"), codes, says,
                              absent=()))
    return cases


# ---------------------------------------------------------------- names used for files
def mapping_traversal(files: str) -> Build:
    def build(folder: Path) -> List[str]:
        _intune(folder)
        (folder / "m.yaml").write_text(f"schema: fleet-auditor/generic-csv/1\nfiles: [{files}]\n"
                                       "columns: {device_id: root, app_name: x}\n")
        return audit("intune", "m.yaml")
    return build


def mapping_symlink(folder: Path) -> List[str]:
    _intune(folder)
    (folder / "drop").mkdir()
    (folder / "drop" / "m.yaml").write_text("schema: fleet-auditor/generic-csv/1\nfiles: [rows.csv]\n"
                                            "columns: {device_id: root, app_name: x}\n")
    os.symlink("/etc/passwd", folder / "drop" / "rows.csv")
    return audit("intune", "drop")


def symlink_out(folder: Path) -> List[str]:
    _intune(folder)
    os.symlink("/etc/passwd", folder / "intune" / "passwd.csv")
    os.symlink("/etc", folder / "intune" / "etc")
    return audit("intune")


def symlink_in(folder: Path) -> List[str]:
    _intune(folder)
    (folder / "intune" / "archive").mkdir()
    os.replace(folder / "intune" / "devices.csv", folder / "intune" / "archive" / "devices.csv")
    os.symlink("archive/devices.csv", folder / "intune" / "devices-latest.csv")
    return audit("intune/devices-latest.csv", "intune/AppInvRawData.csv")


# ---------------------------------------------------------------- ZIP exports
def _zip(folder: Path, members: List[Tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(folder / "export.zip", "w", method) as archive:
        for name, data in members:
            archive.writestr(name, data)


def zip_bomb(folder: Path) -> List[str]:
    _zip(folder, [("AppInvRawData.csv", _fixture("intune/AppInvRawData.csv").encode() + b"\0" * (100 * MB))])
    return audit("export.zip")


def zip_slip(folder: Path) -> List[str]:
    (folder / "inside").mkdir()
    _zip(folder, [("../../../../../../tmp/zip-slip-AppInvRawData.csv", _fixture("intune/AppInvRawData.csv").encode()),
                  ("/absolute/devices.csv", _fixture("intune/devices.csv").encode()),
                  ("..\\..\\windows.csv", b"a,b\n1,2\n")])
    return audit("export.zip")


def zip_many(folder: Path) -> List[str]:
    _zip(folder, [(f"page-{i:05d}.csv", b"a,b\n") for i in range(10_050)], zipfile.ZIP_STORED)
    return audit("export.zip")


def zip_duplicates(folder: Path) -> List[str]:
    with zipfile.ZipFile(folder / "export.zip", "w") as archive:
        archive.writestr("devices.csv", _fixture("intune/devices.csv"))
        with pytest_warns_duplicate():
            archive.writestr("devices.csv", _fixture("intune/AppInvRawData.csv"))
    return audit("export.zip")


class pytest_warns_duplicate:
    """zipfile warns when it writes a duplicate name: that is the point here."""

    def __enter__(self) -> None:
        import warnings
        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)


def zip_nested(folder: Path) -> List[str]:
    inner = folder / "inner.zip"
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.csv", b"a,b\n" + b"0" * (50 * MB))
    _zip(folder, [("inner.zip", inner.read_bytes())])
    inner.unlink()
    return audit("export.zip")


def zip_truncated(folder: Path) -> List[str]:
    _zip(folder, [("AppInvRawData.csv", _fixture("intune/AppInvRawData.csv").encode())])
    data = (folder / "export.zip").read_bytes()
    (folder / "export.zip").write_bytes(data[: len(data) // 2])
    return audit("export.zip")


# ---------------------------------------------------------------- bytes
def raw_file(name: str, data: bytes) -> Build:
    def build(folder: Path) -> List[str]:
        (folder / name).write_bytes(data)
        return audit(name)
    return build


def _appinv_bytes(encoding: str) -> bytes:
    return _fixture("intune/AppInvRawData.csv").replace("Microsoft Outlook", "Outlook\u0000\u202e<b>").encode(encoding)


CASES: Tuple[Case, ...] = (
    Case("inject-intune-csv", inject_intune, (1,), findings=True),
    Case("inject-graph-json", inject_graph, (1,), findings=True),
    Case("inject-jamf-xml", inject_jamf_xml, (1,), findings=True),
    Case("inject-osquery-json", inject_osquery, (0, 1), findings=True),
    # Rows the reader refuses (hostile device ids) are skipped: more than 1% of the rows, so incomplete (exit 3).
    Case("inject-defender-csv", inject_defender, (3,), incomplete=True),
    Case("inject-generic-csv", inject_generic, (1,), findings=True),
    Case("inject-glpi-xml", inject_glpi_xml, (1,), findings=True),
    Case("inject-glpi-json", inject_copy("glpi/built/ana-phone.json", "ana.json", inject_json), (1,), findings=True),
    # Every cell hostile, its inventory dates too: no time in it is readable, so its age is unknown (exit 3).
    Case("inject-glpi-csv", inject_copy("glpi/built/computers.csv", "glpi.csv", lambda t: inject_csv(t, ";")), (3,),
         incomplete=True),
    Case("inject-jamf-mobile-json", inject_copy("jamf/mobile-devices-detail.json", "mobile.json", inject_json), (1,),
         findings=True),
    Case("inject-chrome-csv", inject_copy("chrome/app-devices.csv", "chrome.csv", inject_csv), (3,), incomplete=True),
    Case("inject-manageengine-json", inject_copy("manageengine/installedsoftware_301.json", "installedsoftware_301.json",
                                                 inject_json), (1,), findings=True),
    Case("inject-ninjaone-json", inject_copy("ninjaone/software.json", "software.json", inject_json), (0, 1),
         findings=True),
    Case("inject-file-and-member-names", inject_names, (1, 3)),
    Case("inject-staff-and-waivers", inject_people, (0, 1), findings=True),
    Case("huge-field-csv-1mb", huge_csv_field, (1,), findings=True),
    Case("huge-field-json-1mb", huge_json_field, (1,), findings=True),
    Case("huge-field-xml-1mb", huge_xml_field, (1,), findings=True),
    Case("deep-json-200k", deep_json, (3,), "nested too deeply"),
    Case("huge-json-number", huge_json_number, (3,), "invalid JSON value"),
    Case("deep-xml-200k", deep_xml, (3,), "nested deeper than"),
    Case("xml-billion-laughs", xml_with(BILLION_LAUGHS), (3,), "refused XML"),
    Case("xml-external-entity", xml_with('<!DOCTYPE computer [<!ENTITY e SYSTEM "file:///etc/passwd">]>'), (3,),
         "refused XML", absent=("root:x:0:0",)),
    Case("xml-external-dtd", xml_with('<!DOCTYPE computer SYSTEM "http://127.0.0.1:9/evil.dtd">'), (3,), "refused XML"),
    Case("xml-parameter-entity", xml_with('<!DOCTYPE computer [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
         (3,), "refused XML", absent=("root:x:0:0",)),
    *yaml_cases(),
    Case("mapping-names-parent-folder", mapping_traversal("../../../../etc/passwd"), (1,), "a path inside",
         absent=("root:x:0:0",)),
    Case("mapping-names-absolute-path", mapping_traversal("/etc/passwd"), (1,), "a path inside", absent=("root:x:0:0",)),
    Case("mapping-names-symlink-out", mapping_symlink, (1,), "symbolic link", absent=("root:x:0:0",)),
    Case("symlink-in-folder-to-outside", symlink_out, (1,), "symbolic link to a file outside",
         absent=("root:x:0:0",)),
    Case("symlink-named-on-command-line", symlink_in, (1,), findings=True),
    Case("zip-bomb-100mb-of-zeros", zip_bomb, (3,), "zip bomb"),
    Case("zip-slip-member-names", zip_slip, (1, 3), findings=True),
    Case("zip-10050-members", zip_many, (3,), "only the first 10000"),
    Case("zip-duplicate-member-names", zip_duplicates, (1, 3), "members have this name"),
    Case("zip-inside-zip", zip_nested, (3,), "ZIP archive inside a ZIP archive: extract the inner archive"),
    Case("zip-truncated", zip_truncated, (3,), "not a readable ZIP"),
    Case("random-bytes", raw_file("noise.csv", bytes(range(256)) * 64), (3,), "no reader recognises"),
    Case("empty-file", raw_file("empty.csv", b""), (3,), "the file is empty"),
    Case("invalid-utf8-and-nul", raw_file("apps.csv", _appinv_bytes("utf-8").replace(b"Ana", b"\xff\xfe\xc3(")),
         (1,), "U+FFFD", findings=True),
    Case("utf16-with-controls", raw_file("apps.csv", _appinv_bytes("utf-16")), (1,), findings=True),
)
