"""Every reader's fast path (`scan`) gives exactly what its read() gives: device records, matched rows with their
line numbers or JSON paths, devices with apps, counters and problems, in order.

Hand-written inputs for each reader (banned apps by name, publisher and identifier, look-alikes, rows without a
device or a name, values of the wrong JSON type, a device twice), the real samples kept under tests/fixtures,
and generated inputs (any mix of the above); then counted operations: a fast path settles each distinct app
once, whatever the number of rows (the Defender TVM CSV split path has its own tests: test_defender_scan.py)."""
from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any, Dict, List

import pytest
from hypothesis import given, strategies as st

from auditor.policy import Library
from auditor.reading import Classifier, InputResult, read_generic, read_input
from auditor.sources import BY_ID, READERS, detect
from auditor.sources import defender, fleet, glpi_csv, intune_graph, jamf_pro, osquery
from auditor.textio.context import ReadContext
from tests.conftest import FIXTURES
from tests.perf.test_read_paths import classifier, item
from tests.perf.test_scaling import CountingMatcher
from tests.property.settings import profile


def both(format_id: str, path: Path, library: Library) -> tuple:
    """(fast, slow): what the fast path and read() (through the generic loop) give for one input."""
    reader = BY_ID[format_id]
    fast = read_input(reader, item(path), classifier(library))
    # A fast path that gave up on the whole input is read() again: the comparison would hold read() to itself.
    assert not fast.fell_back, f"the {format_id} fast path gave up on {path.name}"
    slow = InputResult(ReadContext(item(path), tool=reader.tool))
    read_generic(reader, classifier(library), slow)
    view = lambda r: (r.records, r.hits, r.with_apps, r.apps, r.rows, r.rows_skipped, r.problems,  # noqa: E731
                      r.export_time, r.sha256)
    return view(fast), view(slow)


def write(folder: Path, name: str, document: Any) -> Path:
    path = folder / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


# Values a JSON inventory may hold where text is expected: banned names, identifiers and publishers, look-alikes,
# blanks, and values of the wrong type (1 and true are equal dict keys but read as different text).
NAMES = ["TikTok", "WeChat", " WeChat ", "微信", "CapCut", "Lark Player", "TikTok Downloader", "Notes", "Slack", "",
         "  ", None, 1, True, 1.0, ["TikTok"], {"n": "TikTok"}]
IDENTIFIERS = ["", "com.tencent.xin", "com.zhiliaoapp.musically", "com.example.notes", " com.tencent.xin ", None, 7]
PUBLISHERS = ["", "ByteDance Ltd.", "Tencent Technology (Shenzhen) Company Limited", "Video Tools Inc", "Apple",
              None, 0, False]
VALUE = st.sampled_from(NAMES + IDENTIFIERS + PUBLISHERS)
UNLISTED = "Unlisted Studio"  # an app no catalog entry names, of a banned company's publisher: kept for review


# --- hand-written inputs ----------------------------------------------------------------------------

def fleet_software(name: Any, source: str = "apps", **more: Any) -> Dict[str, Any]:
    return {"name": name, "version": "1.0", "source": source, **more}


FLEET_HOST = {"id": 1, "hostname": "mac-1", "platform": "darwin", "hardware_serial": "C02A", "seen_time":
              "2026-11-22T07:00:00Z", "software": [
                  fleet_software("Notes", bundle_identifier="com.example.notes"),
                  fleet_software("Renamed", bundle_identifier="com.tencent.xin"),
                  fleet_software("TikTok", source="programs", vendor="ByteDance Ltd."),
                  fleet_software("TikTok Downloader", source="programs", vendor="Video Tools Inc"),
                  fleet_software(""), "not an item", fleet_software(["TikTok"]), fleet_software(1),
                  fleet_software("Notes", bundle_identifier="com.example.notes"),
                  fleet_software("libnotes", source="deb_packages"),
                  fleet_software(UNLISTED, source="programs", vendor="ByteDance Ltd."),
                  fleet_software("lark", source="python_packages"), fleet_software("lark", source="python_packages"),
                  {"name": "WeChat", "source": "apps", "installed_versions": [{"version": "8.0"}]}]}
GRAPH_DEVICE = {"id": "d-1", "deviceName": "PHONE-1", "operatingSystem": "iOS", "managedDeviceOwnerType": "company",
                "serialNumber": "F2LX", "lastSyncDateTime": "2026-11-22T07:00:00Z", "detectedApps": [
                    {"displayName": "TikTok", "version": "37"}, {"displayName": "Notes", "publisher": "Apple"},
                    {"displayName": "WeChat", "publisher": "Tencent Technology (Shenzhen) Company Limited",
                     "platform": "android"},
                    {"displayName": ""}, {"displayName": 5}, "x", {"displayName": "Notes", "publisher": "Apple"},
                    {"displayName": ["TikTok"]}, {"displayName": "Lark Player"},
                    {"displayName": UNLISTED, "publisher": "ByteDance Ltd."}]}
JAMF_COMPUTER = {"id": "7", "udid": "U-7", "general": {"name": "MAC-7", "platform": "Mac", "lastContactTime":
                                                        "2026-11-22T07:00:00Z"},
                 "hardware": {"serialNumber": "C02B"}, "userAndLocation": {"email": "ana@example.com"},
                 "applications": [{"name": "Notes.app", "bundleId": "com.example.notes", "version": "1"},
                                  {"name": "WeChat.app", "bundleId": "com.tencent.xinWeChat"},
                                  {"name": "TikTok", "bundleId": ""}, {"name": "", "bundleId": ""},
                                  {"name": "Notes.app", "bundleId": "com.example.notes", "version": "2"},
                                  {"name": None, "bundleId": "com.tencent.xinWeChat"}, 3,
                                  {"name": "Zoom", "bundleId": ["x"]}]}


def tvm_json_row(device: Any, name: Any, vendor: Any = "", **more: Any) -> Dict[str, Any]:
    return {"DeviceId": device, "DeviceName": "pc-1", "OSPlatform": "Windows11", "SoftwareVendor": vendor,
            "SoftwareName": name, "SoftwareVersion": "1.0", **more}


def osquery_row(name: Any, **more: Any) -> Dict[str, Any]:
    return {"name": name, "version": "1.0", "publisher": "", "identifying_number": "{X}", "install_location": "",
            **more}


CASES: Dict[str, Dict[str, Any]] = {
    "fleet-hosts-json": {
        "a host list": {"hosts": [FLEET_HOST, {**FLEET_HOST, "id": 2, "hardware_serial": "C02C"}, FLEET_HOST]},
        "fleetctl documents": "\n".join(json.dumps({"kind": "host", "apiVersion": "v1", "spec": h}) for h in
                                        [FLEET_HOST, {**FLEET_HOST, "software": "x"}, {**FLEET_HOST, "id": 0}]),
        "odd hosts": {"hosts": [3, {"id": None, "hostname": ""}, {**FLEET_HOST, "software": None}, FLEET_HOST,
                                {**FLEET_HOST, "id": 9, "software": []}]},
    },
    "intune-graph-json": {
        "managed devices": {"value": [GRAPH_DEVICE, {**GRAPH_DEVICE, "id": "d-2"}, GRAPH_DEVICE, {"id": ""},
                                      {**GRAPH_DEVICE, "id": "d-3", "detectedApps": "x"}, 4]},
        "detected apps": {"value": [
            {"displayName": "TikTok", "managedDevices": [{"id": "d-1", "deviceName": "P1"}, {"id": ""}, 5,
                                                         {"id": "d-2"}, {"id": "d-1"}]},
            {"displayName": "Notes", "publisher": "Apple", "sizeInByte": 1,
             "managedDevices": [{"id": "d-1"}, {"id": "d-3", "operatingSystem": "Android"}, {"id": "d-1"}]},
            {"displayName": "Notes", "publisher": "Apple", "managedDevices": [{"id": "d-4"}, "x", {"id": "d-4"}]},
            {"displayName": "", "managedDevices": []}, {"displayName": "WeChat"},
            {"displayName": "WeChat", "platform": "iOS", "managedDevices": [{"id": "d-3"}]}]},
    },
    "jamf-pro-inventory-json": {
        "computers": {"totalCount": 4, "results": [
            JAMF_COMPUTER, {**JAMF_COMPUTER, "id": "8"}, JAMF_COMPUTER, {"id": ""},
            {**JAMF_COMPUTER, "id": "9", "applications": None}, {**JAMF_COMPUTER, "id": "10", "applications": "x"},
            "x"]},
    },
    "defender-tvm-json": {
        "hunting rows": {"value": [
            tvm_json_row("m-1", "TikTok", "ByteDance Ltd."), tvm_json_row("m-1", "notes", "apple"),
            tvm_json_row("m-1", UNLISTED, "ByteDance Ltd."),
            tvm_json_row("m-1", "notes", "apple"), tvm_json_row("m-1", "notes", "apple", Timestamp="2026-11-22"),
            tvm_json_row("m-2", "notes", "apple"), tvm_json_row("m-1", "notes", "apple"),
            tvm_json_row("m-2", "", "apple"), tvm_json_row("", "WeChat"), tvm_json_row(None, "notes", "apple"),
            tvm_json_row(5, "notes", "apple"), tvm_json_row("m-2", 5, "apple"), tvm_json_row("m-2", True, "apple"),
            tvm_json_row("m-2", ["notes"], "apple"), tvm_json_row("m-2", "wechat", "tencent"), 3,
            {"deviceId": "m-3", "MachineId": "m-9", "softwareName": "notes", "softwareVendor": "apple"},
            {"deviceId": None, "MachineId": "m-9", "softwareName": "notes", "softwareVendor": "apple"},
            {"deviceId": None, "MachineId": "m-8", "softwareName": "notes", "softwareVendor": "apple"},
            {"deviceId": "m-3", "softwareName": "notes", "softwareVendor": "apple", "productCodeCpe": None},
            {"deviceId": "m-3", "softwareName": "notes", "softwareVendor": "apple", "productCodeCpe": "a:b:1"}]},
    },
    "osquery-json": {
        "osqueryi rows": [osquery_row("Notes"), osquery_row("TikTok", publisher="ByteDance Ltd."), osquery_row(""),
                          osquery_row(UNLISTED, publisher="ByteDance Ltd."),
                          osquery_row("Notes"), osquery_row(None), osquery_row(["x"]), "x",
                          {"unrelated": "columns"}, osquery_row("Notes", hostname="pc-2"),
                          osquery_row("Notes", hostname="pc-2"), osquery_row("Notes", Hostname="pc-3"),
                          osquery_row("Notes", hostname="pc-2"), osquery_row("Notes", hostname="pc-4"),
                          osquery_row("Notes", hostname="pc-2"), osquery_row("WeChat", hostname=5),
                          osquery_row("Notes", hostname=5)],
        "result log": "\n".join(json.dumps(e) for e in [
            {"name": "programs", "hostIdentifier": "pc-1", "unixTime": 1763794800, "action": "added",
             "columns": osquery_row("TikTok")},
            {"name": "programs", "hostIdentifier": "pc-1", "unixTime": 1763794801, "action": "removed",
             "columns": osquery_row("WeChat")},
            {"name": "apps", "hostIdentifier": "mac-1", "calendarTime": "Sat Nov 22 07:00:00 2026 UTC",
             "snapshot": [{"name": "Notes.app", "bundle_identifier": "com.example.notes"},
                          {"name": "WeChat.app", "bundle_identifier": "com.tencent.xinWeChat"}, "x",
                          {"name": "Notes.app", "bundle_identifier": "com.example.notes"}]}]),
    },
}
CSV_CASES = {
    "osquery-csv": {
        "osqueryi --csv": "name|version|publisher|identifying_number|install_location\nNotes|1|Apple|{A}|\n"
                          "TikTok|2|ByteDance Ltd.||\n|3|||\nNotes|1|Apple|{A}|\n\ntoo|few\nWeChat|1||{B}|\n"
                          f"{UNLISTED}|1|ByteDance Ltd.||\n"
                          "Notes|1|Apple|{A}|\n",
        "hosts": "hostname,name,bundle_identifier,bundle_short_version\nmac-1,Notes,com.example.notes,1\n"
                 "mac-3,Notes,com.example.notes,1\n"
                 "mac-1,Notes,com.example.notes,2\nmac-2,Notes,com.example.notes,1\nmac-1,Notes,com.example.notes,1\n"
                 ",Notes,com.example.notes,1\nmac-2,Other,com.tencent.xin,1\n\"mac-2\",Notes,,1\n",
        "duplicate columns": "name,name,identifying_number,Hostname\nNotes,TikTok,{A},h\nNotes,TikTok,{A},h\n",
    },
    "glpi-computers-csv": {
        "search export": "\ufeff" + "\n".join([
            '"ID";"Name";"Serial number";"Operating system - Name";"Software - Name";"Software - Version";'
            '"Software - Publisher";"Last inventory date";',
            '"12";"pc-1";"S1";"Windows 11";"TikTok<br>Notes<br>WeChat";"1<br>2<br>3";"<br>Apple<br>";"2026-11-22";',
            f'"13";"pc-2";"S2";"Windows 11";"Notes<br>{UNLISTED}";"2<br>1";"Apple<br>ByteDance Ltd.";"2026-11-22";',
            '"12";"pc-1";"S1";"macOS";"Notes\nLark Player";"2";"Apple\nx\ny";"2026-11-23";',
            '"";"";"";"";"Notes";"1";"Apple";"";', '"14";"pc-4";"";"";"";"";"";"";', 'too;few',
            '"";"";"S5";"";"Notes<br/>TikTok";"1";"Apple<hr>ByteDance Ltd.";"";']) + "\n",
    },
}
SUFFIX = {"osquery-json": ".json", "osquery-csv": ".csv", "glpi-computers-csv": ".csv"}


def test_every_fast_path_has_cases() -> None:
    """A reader that gains a fast path gains cases here (or, for CSV split paths, a test file of its own)."""
    own_tests = {"intune-appinv-csv": "test_split_path.py", "defender-tvm-csv": "test_defender_scan.py"}
    fast = {r.format_id for r in READERS if hasattr(r, "scan")}
    assert fast == set(CASES) | set(CSV_CASES) | set(own_tests)
    assert all((Path(__file__).parent / name).is_file() for name in own_tests.values())


@pytest.mark.parametrize("format_id,case", [(f, c) for cases in (CASES, CSV_CASES) for f in cases
                                            for c in cases[f]])
def test_hand_written_inputs(tmp_path: Path, test_library: Library, format_id: str, case: str) -> None:
    document = {**CASES, **CSV_CASES}[format_id][case]
    path = write(tmp_path, "input" + SUFFIX.get(format_id, ".json"), document)
    assert detect(item(path))[0] is BY_ID[format_id]
    fast, slow = both(format_id, path, test_library)
    assert fast == slow
    records, hits, with_apps, apps, rows, skipped, problems, _, _ = fast
    assert apps > len(hits) and problems, "the case has rows that match nothing and rows that are reported"
    if UNLISTED in json.dumps(document):
        assert UNLISTED in {row[3] for row, _ in hits}, "a publisher alone keeps a row"


def fixtures() -> List[Path]:
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and not path.name.endswith(".txt") and "policies" not in path.parts:
            reader, _ = detect(item(path))
            if reader is not None and hasattr(reader, "scan"):
                found.append(path)
    return found


@pytest.mark.parametrize("path", fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_kept_samples(test_library: Library, path: Path) -> None:
    fast, slow = both(detect(item(path))[0].format_id, path, test_library)
    assert fast == slow


def test_the_samples_cover_every_fast_path() -> None:
    assert {detect(item(p))[0].format_id for p in fixtures()} >= set(CASES) | set(CSV_CASES)


# --- generated inputs -------------------------------------------------------------------------------

def items_of(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(st.one_of(strategy, st.sampled_from([3, "x", None])), max_size=6)


FLEET_ITEM = st.builds(lambda n, s, v, b, e, ver: {"name": n, "source": s, "vendor": v, "bundle_identifier": b,
                                                   "extension_id": e, "version": ver},
                       VALUE, st.sampled_from(["apps", "programs", "deb_packages", "chrome_extensions", "npm_packages",
                                               1]), VALUE,
                       VALUE, VALUE, st.sampled_from(["1.0", "", 2]))
FLEET_HOSTS = st.lists(st.builds(lambda i, s: {"id": i, "hostname": "h", "hardware_serial": "S", "software": s},
                                 st.sampled_from([1, 2, "3", 0, None, ""]),
                                 st.one_of(items_of(FLEET_ITEM), st.sampled_from([None, "x"]))), max_size=5)
GRAPH_APP = st.builds(lambda n, p, plat: {"displayName": n, "publisher": p, "platform": plat}, VALUE, VALUE,
                      st.sampled_from(["", "android", None]))
GRAPH_DEVICES = st.lists(st.builds(lambda i, a: {"id": i, "deviceName": "D", "operatingSystem": "iOS",
                                                 "detectedApps": a},
                                   st.sampled_from(["d-1", "d-2", "", None]), items_of(GRAPH_APP)), max_size=5)
GRAPH_APPS = st.lists(st.builds(lambda n, p, d: {"displayName": n, "publisher": p, "sizeInByte": 1,
                                                 "managedDevices": d},
                                VALUE, VALUE, st.one_of(items_of(st.builds(lambda i: {"id": i}, st.sampled_from(
                                    ["d-1", "d-2", "", 3]))), st.none())), max_size=5)
JAMF_APP = st.builds(lambda n, b: {"name": n, "bundleId": b, "version": "1"}, VALUE, VALUE)
JAMF = st.lists(st.builds(lambda i, a: {"id": i, "general": {"name": "M"}, "applications": a},
                          st.sampled_from(["1", "2", "", 3]), st.one_of(items_of(JAMF_APP), st.none())), max_size=5)
TVM_KEYS = st.sampled_from([("DeviceId", "SoftwareName", "SoftwareVendor", "Timestamp", "ProductCodeCpe"),
                            ("deviceId", "softwareName", "softwareVendor", "lastSeen", "machineId")])
TVM_ROWS = st.lists(st.builds(lambda keys, d, n, v, t, x: dict(zip(keys, (d, n, v, t, x))), TVM_KEYS,
                              st.sampled_from(["m-1", "m-2", " m-1", "", None, 1]), VALUE, VALUE,
                              st.sampled_from(["2026-11-22", "2026-11-21", "", None]),
                              st.sampled_from(["m-9", "a:b:1", "", None])), max_size=12)
OSQUERY_ROWS = st.lists(st.builds(lambda n, b, h: {"name": n, "bundle_identifier": b, **({} if h is None else
                                                                                         {"hostname": h})},
                                  VALUE, VALUE, st.sampled_from([None, "mac-1", "mac-2", "", 5])), max_size=12)

GLPI_TEXT = st.sampled_from(["TikTok", "WeChat", "Notes", "Lark Player", UNLISTED, "ByteDance Ltd.", "Apple", "", " ",
                             "a;b", 'say "hi"'])
GLPI_ROWS = st.lists(st.tuples(st.sampled_from(["1", "2", ""]), st.lists(GLPI_TEXT, max_size=4),
                               st.lists(GLPI_TEXT, max_size=4), st.sampled_from(["<br>", "\n", "<br />"])),
                     max_size=6)


def glpi_export(rows: List[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["ID", "Name", "Software - Name", "Software - Publisher"])
    for glpi_id, names, publishers, joiner in rows:
        writer.writerow([glpi_id, "pc", joiner.join(names), joiner.join(publishers)])
    return buffer.getvalue()


GENERATED: Dict[str, st.SearchStrategy] = {
    "glpi-computers-csv": GLPI_ROWS.map(glpi_export),
    "fleet-hosts-json": FLEET_HOSTS.map(lambda hosts: {"hosts": hosts}),
    "intune-graph-json": st.one_of(GRAPH_DEVICES, GRAPH_APPS).map(lambda records: {"value": records}),
    "jamf-pro-inventory-json": JAMF.map(lambda records: {"totalCount": len(records), "results": records}),
    "defender-tvm-json": TVM_ROWS.map(lambda rows: {"value": rows}),
    "osquery-json": OSQUERY_ROWS,
}


@pytest.mark.parametrize("format_id", sorted(GENERATED))
def test_generated_inputs(test_library: Library, format_id: str) -> None:
    @profile(40)
    @given(document=GENERATED[format_id])
    def check(document: Any) -> None:
        with tempfile.TemporaryDirectory() as folder:
            fast, slow = both(format_id, write(Path(folder), "input.json", document), test_library)
        assert fast == slow
    check()


# --- counted operations -----------------------------------------------------------------------------

APPS = [f"App {i}" for i in range(20)] + ["TikTok"]


def repeated(format_id: str, copies: int) -> Any:
    """An input of `copies` devices that carry the same 21 apps, one of them banned."""
    if format_id == "fleet-hosts-json":
        return {"hosts": [{"id": d + 1, "hostname": f"h{d}", "hardware_serial": f"S{d}", "software": [
            fleet_software(a, source="programs") for a in APPS]} for d in range(copies)]}
    if format_id == "intune-graph-json":
        return {"value": [{**GRAPH_DEVICE, "id": f"d-{d}", "serialNumber": f"S{d}", "detectedApps": [
            {"displayName": a} for a in APPS]} for d in range(copies)]}
    if format_id == "jamf-pro-inventory-json":
        return {"results": [{**JAMF_COMPUTER, "id": str(d + 1), "udid": f"U{d}", "applications": [
            {"name": a, "bundleId": ""} for a in APPS]} for d in range(copies)]}
    if format_id == "defender-tvm-json":
        return {"value": [tvm_json_row(f"m-{d}", a) for d in range(copies) for a in APPS]}
    if format_id == "defender-tvm-csv":
        return "DeviceId,DeviceName,SoftwareVendor,SoftwareName\n" + "".join(
            f"m-{d},pc,,{a}\n" for d in range(copies) for a in APPS)
    if format_id == "osquery-csv":
        return "hostname|name|identifying_number\n" + "".join(f"pc-{d}|{a}|{{X}}\n" for d in range(copies)
                                                             for a in APPS)
    if format_id == "glpi-computers-csv":
        return glpi_export([(str(d), APPS, [], "<br>") for d in range(copies)])
    if format_id == "intune-appinv-csv":
        return "ApplicationName,DeviceId,Platform\n" + "".join(f"{a},d-{d},Windows\n" for d in range(copies)
                                                               for a in APPS)
    return [osquery_row(a, hostname=f"pc-{d}") for d in range(copies) for a in APPS]


FULL_ROW = {  # what each fast path does to read a row in full
    "fleet-hosts-json": (fleet, "_software_row"), "intune-graph-json": (intune_graph, "_app_row"),
    "jamf-pro-inventory-json": (jamf_pro, "_app_row"), "defender-tvm-json": (defender, "_json_fields"),
    "osquery-json": (osquery, "_text_row"), "glpi-computers-csv": (glpi_csv, "may_match")}


def _count(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, calls: List[int]) -> None:
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or original(*a, **k))


@pytest.mark.parametrize("format_id", sorted(FULL_ROW))
def test_each_distinct_app_is_read_in_full_once(tmp_path: Path, test_library: Library,
                                                 monkeypatch: pytest.MonkeyPatch, format_id: str) -> None:
    """Ten times the devices with the same apps: the rows read in full grow with what is not settled (the
    first device's rows, rows that match or are reported, a device's own first row), not with the rows."""
    counts = []
    for copies in (10, 100):
        calls: List[int] = []
        with monkeypatch.context() as mp:
            _count(mp, *FULL_ROW[format_id], calls)
            path = write(tmp_path, f"input-{copies}", repeated(format_id, copies))
            fast = read_input(BY_ID[format_id], item(path), classifier(test_library))
        counts.append((fast.apps, len(calls)))
    (apps_10, full_10), (apps_100, full_100) = counts
    assert (apps_10, apps_100) == (10 * len(APPS), 100 * len(APPS))
    # The first device's apps, then per device its banned app (and, for rows that carry the device, its first).
    assert full_10 <= len(APPS) + 2 * 10 and full_100 - full_10 <= 2 * 90, counts


@pytest.mark.parametrize("format_id", sorted(r.format_id for r in READERS if hasattr(r, "scan")))
def test_classification_runs_once_per_distinct_app(tmp_path: Path, test_library: Library,
                                                   format_id: str) -> None:
    """The algorithm guard, for every fast path: ten times the devices with the same apps ask the classifier
    the same questions, each once."""
    asked = []
    for copies in (10, 100):
        matcher = CountingMatcher(test_library.apps, test_library.companies)
        counting = Classifier(matcher, classifier(test_library).relevant)
        path = write(tmp_path, f"input-{copies}", repeated(format_id, copies))
        result = read_input(BY_ID[format_id], item(path), counting)
        assert result.apps == copies * len(APPS) and not result.slow and not result.fell_back
        assert max(matcher.seen.values()) == 1, "nothing is classified twice"
        asked.append((dict(matcher.seen), len(counting.classified)))
    assert asked[0] == asked[1], "the classifications do not depend on the number of rows"


def test_osquery_tables_read_identity_only_from_their_settling_columns() -> None:
    """The JSON and CSV fast paths key osquery rows by Table.settles: every other column leaves the
    identifier, name and publisher alone."""
    for table in osquery.TABLES:
        columns = set(table.signature) | {"name", "display_name", "bundle_name", "bundle_identifier", "publisher",
                                          "maintainer", "vendor", "author", "identifier", "package_family_name",
                                          "version", "release", "bundle_short_version", "bundle_version"}
        base = {c: f"v-{c}" for c in columns}
        for column in columns - set(table.settles):
            changed = {**base, column: "other"}
            assert table.app(changed)[:3] == table.app(base)[:3], (table.name, column)
        for column in table.settles:  # and each settling column can change them
            assert table.app({**base, column: "other"})[:3] != table.app(base)[:3] or column in (
                "bundle_name", "name") and table.name == "apps", (table.name, column)



@pytest.mark.parametrize("case", ["bytes that do not decode", "malformed row"])
def test_the_osquery_csv_fast_path_leaves_to_read_what_only_read_reports(tmp_path: Path, test_library: Library,
                                                                         case: str) -> None:
    """Its rows are CsvTable.rows(), strict: bytes that do not decode, or a malformed row, give the whole input to
    read(), which reports them in place (the result is read()'s)."""
    rows = "name|version|publisher|identifying_number\nCafé|1|Apple|{A}\nTikTok|2|ByteDance Ltd.|\n"
    data = rows.encode() + (b"Caf\xe9|1|Apple|{A}\n" if case == "bytes that do not decode" else b"x" * 200 + b"|1||\n")
    path = tmp_path / "programs.csv"
    path.write_bytes(data + b"Notes|1|Apple|{B}\n")
    reader = BY_ID["osquery-csv"]
    limit = csv.field_size_limit(100 if case == "malformed row" else csv.field_size_limit())
    try:
        fast = read_input(reader, item(path), classifier(test_library))
        slow = InputResult(ReadContext(item(path), tool=reader.tool))
        read_generic(reader, classifier(test_library), slow)
    finally:
        csv.field_size_limit(limit)
    assert fast.fell_back, "the fast path gave the input to read()"
    assert (fast.records, fast.hits, fast.apps, fast.rows, fast.problems) == \
        (slow.records, slow.hits, slow.apps, slow.rows, slow.problems)
    said = "U+FFFD" if case == "bytes that do not decode" else "malformed CSV"
    assert [p.line for p in fast.problems if said in p.message] == [4]
