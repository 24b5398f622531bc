"""Issue 14 through the whole audit: the acceptance case (TikTok by TikTok Pte. Ltd. in an Intune export with
no identifier, on the CEO's phone), probable findings as findings, --min-confidence, company entries, near
misses (bounded, counted per device, decided once per distinct app) and what Intune cannot see."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import List, Sequence

import pytest

from auditor import cli
from auditor.engine import near_misses as near_module
from auditor.errors import result_exit_code
from auditor.model import AuditResult, Confidence, MatchMode, Status, Visibility
from auditor.people import PeopleFiles
from auditor.policy import Library, load_library, select_packs
from auditor.resources import examples_dir
from tests.conftest import AS_OF, FIXTURES, audit_paths
from tests.render import factory

MATCHING = FIXTURES / "matching"
CEO = "ana.kim@example.com"  # Chief Executive Officer in the example staff directory
# AppInvRawData as Intune writes it: ApplicationKey is an opaque hash, so there is no identifier.
APPS_HEADER = ("ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationShortVersion,ApplicationVersion,"
               "DeviceId,DeviceName,EmailAddress,OSDescription,OSVersion,Platform,UserId,UserName\n")
DEVICES_HEADER = ("Device ID,Device name,Serial number,Primary user UPN,Primary user email address,"
                  "Primary user display name,Ownership,OS,OS version,Managed by,Compliance,Last check-in\n")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(root=MATCHING)


def app_row(key: str, name: str, publisher: str, device: str, platform: str = "Android", email: str = CEO) -> str:
    return f"{key},{name},{publisher},1.0,1.0,{device},{device.upper()},{email},{platform},14,{platform},u1,User\n"


def fleet(tmp_path: Path, rows: Sequence[str], devices: Sequence[str] = (), enrollment: str = "") -> List[Path]:
    (tmp_path / "AppInvRawData.csv").write_text(APPS_HEADER + "".join(rows), encoding="utf-8")
    header = DEVICES_HEADER.rstrip("\n") + (",EnrollmentType\n" if enrollment else "\n")
    lines = devices or sorted({r.split(",")[5] for r in rows})
    body = "".join(f"{d},{d.upper()},SN-{d},{CEO if d == 'ceo-phone' else d + '@example.com'},,,Corporate,Android,14,"
                   f"Intune,Compliant,2026-11-22 08:00:00" + (f",{enrollment}" if enrollment else "") + "\n"
                   for d in lines)
    (tmp_path / "devices.csv").write_text(header + body, encoding="utf-8")
    return [tmp_path / "AppInvRawData.csv", tmp_path / "devices.csv"]


def run(library: Library, paths: List[Path], packs: Sequence[str] = ("bytedance-all",), **options: object) -> AuditResult:
    people = PeopleFiles(staff=examples_dir() / "people" / "staff.csv").load()
    return audit_paths(paths, library, select_packs(library, list(packs), AS_OF), AS_OF, people=people, **options)


def test_acceptance_tiktok_by_tiktok_pte_ltd_on_the_ceos_phone(tmp_path: Path, library: Library) -> None:
    rows = [app_row("9f3c2a", "Microsoft Outlook", "Microsoft Corporation", "ceo-phone"),
            app_row("5be1d0", "TikTok", "TikTok Pte. Ltd.", "ceo-phone")]
    result = run(library, fleet(tmp_path, rows))
    (finding,) = result.findings
    assert (finding.catalog_id, finding.app.name, finding.app.publisher, finding.app.identifier) == \
        ("tiktok", "TikTok", "TikTok Pte. Ltd.", "")
    assert finding.device.name == "CEO-PHONE" and finding.owner.email == CEO
    assert finding.owner.tier == "critical" and finding.owner.title == "Chief Executive Officer"
    assert (finding.priority, finding.status) == ("P1", Status.OVERDUE)
    assert finding.confidence == Confidence.CONFIRMED and finding.confidence_note == ""
    assert finding.matched_value == "TikTok / TikTok Pte. Ltd."


def test_acceptance_with_the_shipped_library_finds_it_with_tier_and_priority(tmp_path: Path) -> None:
    """TikTok by TikTok Pte. Ltd. in Intune: the shipped catalog lists that publisher as verified, so the CEO's
    phone carries a confirmed finding, with her tier and P1."""
    shipped = load_library()
    rows = [app_row("5be1d0", "TikTok", "TikTok Pte. Ltd.", "ceo-phone")]
    people = PeopleFiles(staff=examples_dir() / "people" / "staff.csv").load()
    packs = select_packs(shipped, ["us-no-tiktok-on-government-devices-act-2022"], AS_OF)
    result = audit_paths(fleet(tmp_path, rows), shipped, packs, AS_OF, people=people)
    (finding,) = result.findings
    assert (finding.catalog_id, finding.owner.tier, finding.priority) == ("tiktok", "critical", "P1")
    assert finding.confidence == Confidence.CONFIRMED and finding.matched_by == MatchMode.PUBLISHER_NAME, finding


def test_a_probable_finding_is_listed_prioritised_counted_and_fails_the_run(tmp_path: Path, library: Library) -> None:
    rows = [app_row("5be1d0", "TikTok", "Unknown Publisher Ltd", "ceo-phone")]
    result = run(library, fleet(tmp_path, rows))
    (finding,) = result.findings
    assert finding.confidence == Confidence.PROBABLE and finding.priority == "P1"
    assert "publisher 'Unknown Publisher Ltd' is not known as ByteDance Ltd.'s" in finding.confidence_note
    assert result_exit_code(result, "critical") == 1


def test_min_confidence_confirmed_leaves_probable_findings_out_and_counts_them(tmp_path: Path, library: Library) -> None:
    rows = [app_row("5be1d0", "TikTok", "", "ceo-phone"), app_row("77aa01", "CapCut", "Bytedance Pte. Ltd.", "pc-2")]
    paths = fleet(tmp_path, rows)
    every = run(library, paths)
    assert sorted((f.catalog_id, f.confidence.value) for f in every.findings) == [
        ("capcut", "confirmed"), ("tiktok", "probable")]
    confirmed = run(library, paths, min_confidence=Confidence.CONFIRMED)
    assert [f.catalog_id for f in confirmed.findings] == ["capcut"]
    assert (confirmed.probable_left_out, confirmed.min_confidence) == (1, Confidence.CONFIRMED)
    assert result_exit_code(run(library, fleet(tmp_path, rows[:1]), min_confidence=Confidence.CONFIRMED), "low") == 0


def test_min_confidence_is_said_in_every_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(MATCHING))
    rows = [app_row("5be1d0", "TikTok", "", "ceo-phone"), app_row("77aa01", "CapCut", "Bytedance Pte. Ltd.", "pc-2")]
    paths = fleet(tmp_path, rows)
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", *map(str, paths), "--out", str(out), "--as-of", AS_OF.isoformat(), "--policy",
                  "bytedance-all", "--min-confidence", "confirmed"])
    assert info.value.code == 1  # CapCut, confirmed
    assert "note: 1 probable findings left out (--min-confidence confirmed)" in capsys.readouterr().err
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert (document["min_confidence"], document["probable_left_out"]) == ("confirmed", 1)
    assert [f["confidence"] for f in document["findings"]] == ["confirmed"]
    assert "1 probable finding was left out (--min-confidence confirmed)" in (out / "summary.md").read_text()
    for name in ("findings.csv", "actions.csv"):
        header, row = list(csv.reader(io.StringIO((out / name).read_text(encoding="utf-8"))))[:2]
        assert header[-2:] == ["probable_left_out", "run_complete"] and row[-2:] == ["1", "true"], name


def test_two_rows_of_one_app_on_a_device_the_finding_shows_the_strongest(tmp_path: Path, library: Library) -> None:
    rows = [app_row("5be1d0", "TikTok", "", "ceo-phone"), app_row("5be1d1", "TikTok", "TikTok Pte. Ltd.", "ceo-phone")]
    (finding,) = run(library, fleet(tmp_path, rows)).findings
    assert finding.confidence == Confidence.CONFIRMED and len(finding.evidence) == 2
    assert finding.app.publisher == "TikTok Pte. Ltd." and finding.confidence_note == ""


def test_an_unnamed_product_of_a_banned_company_under_a_company_wide_rule(tmp_path: Path, library: Library) -> None:
    rows = [app_row("k1", "Kaspersky Password Manager", "AO Kaspersky Lab", "pc-1", "Windows")]
    paths = fleet(tmp_path, rows)
    (finding,) = run(library, paths, ["kaspersky-all"]).findings
    assert (finding.catalog_id, finding.catalog_name) == ("company:kaspersky", "Any product of AO Kaspersky Lab")
    assert finding.confidence == Confidence.PROBABLE and finding.matched_by.value == "publisher"
    # a rule that names apps only, none of them Kaspersky's: neither a finding nor a near miss
    narrow = run(library, paths, ["tiktok-wechat-only"])
    assert narrow.findings == () and narrow.near_misses == ()


def test_near_misses_counted_per_device_bounded_and_decided_once_per_app(tmp_path: Path, library: Library,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    rows = []
    for d in range(6):
        rows += [app_row(f"a{d}", "TikTok Studio", "TikTok Pte. Ltd.", f"dev-{d}"),  # publisher of the family
                 app_row(f"b{d}", "WeChat Helper Pro", "Foo Apps", f"dev-{d}") if d < 3 else "",  # the word "wechat"
                 app_row(f"c{d}", "Notes", "Apple", f"dev-{d}")]
        rows += [app_row(f"d{d}", "TikTok Studio 2.1", "TikTok Pte. Ltd.", f"dev-{d}")] if d == 0 else []
    rows = [r for r in rows if r]
    result = run(library, fleet(tmp_path, rows), ["tiktok-wechat-only"])
    assert result.findings == ()
    by_name = {(n.name, n.resembles, n.devices) for n in result.near_misses}
    assert by_name == {("TikTok Studio", "tiktok", 6), ("WeChat Helper Pro", "wechat", 3)}
    studio = next(n for n in result.near_misses if n.resembles == "tiktok")
    assert "publisher 'TikTok Pte. Ltd.' is ByteDance Ltd.'s" in studio.reason and studio.example == "serial:SN-DEV-0"
    assert result.near_misses[0].resembles == "tiktok"  # most devices first
    # decided inside the memo: one classification per distinct app, not per row
    assert result.classifications <= len({(r.split(",")[1], r.split(",")[2]) for r in rows}) * 2
    monkeypatch.setattr(near_module, "MAX_NEAR_MISSES", 1)
    capped = run(library, fleet(tmp_path, rows), ["tiktok-wechat-only"])
    assert len(capped.near_misses) == 1 and capped.near_misses_not_listed == 1


def test_lookalikes_and_known_apps_are_not_near_misses(tmp_path: Path, library: Library) -> None:
    rows = [app_row("a", "TikTok Downloader", "Video Tools Inc", "dev-1"),  # a listed look-alike
            app_row("b", "Lark Player", "", "dev-1"),  # a listed look-alike (name only)
            app_row("c", "CapCut", "Bytedance Pte. Ltd.", "dev-1"),  # a catalog app no rule of this run names
            app_row("d", "TikTok", "", "dev-2", email="x@example.com")]  # a finding, not a near miss
    result = run(library, fleet(tmp_path, rows), ["tiktok-wechat-only"])
    assert [f.catalog_id for f in result.findings] == ["tiktok"]
    assert result.near_misses == ()


@pytest.mark.parametrize("enrollment,visibility", [
    ("androidEnterpriseFullyManaged", Visibility.MANAGED_ONLY),
    ("Android Enterprise dedicated device", Visibility.MANAGED_ONLY),
    ("androidEnterpriseCorporateWorkProfile", Visibility.MANAGED_ONLY),
    ("", Visibility.FULL),
])
def test_intune_android_enterprise_devices_are_not_fully_visible(tmp_path: Path, library: Library, enrollment: str,
                                                                  visibility: Visibility) -> None:
    rows = [app_row("a", "Notes", "Apple", "ae-1")]
    result = run(library, fleet(tmp_path, rows, enrollment=enrollment))
    (device,) = result.devices
    assert device.app_visibility == visibility
    assert bool(result.not_visible) == (visibility != Visibility.FULL)


def test_a_fully_managed_device_without_app_rows_is_not_visible_at_all(tmp_path: Path, library: Library) -> None:
    paths = fleet(tmp_path, [app_row("a", "Notes", "Apple", "other")], devices=["other", "ae-2"],
                  enrollment="androidEnterpriseFullyManaged")
    result = run(library, paths)
    assert {d.name: d.app_visibility for d in result.devices}["AE-2"] == Visibility.NONE


def test_the_render_factory_lists_hidden_devices_as_a_run_does(tmp_path: Path, library: Library) -> None:
    """tests/render/factory.result() gives a result the not_visible a run without a staff directory has: the
    report reads only not_visible (it keeps no fallback of its own), so renderer tests see what real runs show."""
    paths = fleet(tmp_path, [app_row("a", "Notes", "Apple", "other"), app_row("b", "Notes", "Apple", "ae-1")],
                  devices=["other", "ae-1", "ae-2"], enrollment="androidEnterpriseFullyManaged")
    ran = audit_paths(paths, library, select_packs(library, ["bytedance-all"], AS_OF), AS_OF)
    assert len(ran.not_visible) == 3 and ran.staff_directory is None
    assert factory.result(ran.findings, ran.devices).not_visible == ran.not_visible


def test_graph_managed_devices_enrollment_type(tmp_path: Path, library: Library) -> None:
    device = {"id": "g-1", "deviceName": "KIOSK-1", "operatingSystem": "Android", "managedDeviceOwnerType": "company",
              "deviceEnrollmentType": "androidEnterpriseDedicatedDevice", "serialNumber": "K1",
              "lastSyncDateTime": "2026-11-22T08:00:00Z",
              "detectedApps": [{"displayName": "Notes", "publisher": "", "version": "1"}]}
    path = tmp_path / "managedDevices.json"
    path.write_text(json.dumps({"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/"
                                                  "managedDevices", "value": [device]}), encoding="utf-8")
    result = run(library, [path])
    assert [d.app_visibility for d in result.devices] == [Visibility.MANAGED_ONLY]


def test_defender_tvm_rows_give_vendor_product(tmp_path: Path, library: Library) -> None:
    header = "DeviceId,DeviceName,OSPlatform,SoftwareVendor,SoftwareName,SoftwareVersion,ProductCodeCpe\n"
    rows = ("m1,pc-1.example.com,Windows11,tencent,wechat,3.9.12,\n"  # a CPE column, an empty cell
            "m1,pc-1.example.com,Windows11,tencent,weixin,3.9.12,\n"  # a CPE the catalog does not list
            "m1,pc-1.example.com,Windows11,Tencent,WeChat,3.9.12,\n")  # display names (NoProductCode)
    (tmp_path / "tvm.csv").write_text(header + rows, encoding="utf-8")
    result = run(library, [tmp_path / "tvm.csv"], ["tiktok-wechat-only"])
    (finding,) = result.findings
    assert finding.confidence == Confidence.CONFIRMED
    assert sorted(e.location for e in finding.evidence) == ["2", "3", "4"]
    assert (finding.app.identifier, finding.matched_value) == ("tencent:wechat", "tencent:wechat")


def test_a_waiver_may_name_a_company_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(MATCHING))
    paths = fleet(tmp_path, [app_row("k1", "Kaspersky Password Manager", "AO Kaspersky Lab", "pc-1", "Windows")])
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: W1, app: 'company:kaspersky', reason: r, "
                       "approver: CISO, granted: 2026-01-01, expires: 2027-06-30}\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", *map(str, paths), "--out", str(tmp_path / "out"), "--as-of", AS_OF.isoformat(),
                  "--policy", "kaspersky-all", "--waivers", str(waivers)])
    assert info.value.code == 0, capsys.readouterr().err
    (finding,) = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
    assert (finding["app"]["catalog_id"], finding["status"]) == ("company:kaspersky", "waived")


def test_the_fast_path_asks_about_the_publisher_too(tmp_path: Path, library: Library) -> None:
    """"Gauth" resembles nothing by its name; only its publisher makes it a finding (a ByteDance product the
    catalog does not name, under a company-wide rule). The Intune fast path must not settle it by name."""
    from auditor.reading import Classifier, InputResult, read_generic, read_input
    from auditor.engine.evaluate import rules_by_app
    from auditor.policy import Matcher
    from auditor.sources import BY_ID
    from auditor.textio.context import ReadContext
    from auditor.textio.inputs import InputFile
    rows = [app_row(f"n{d}", "Notes", "Apple", f"dev-{d}") for d in range(3)]
    rows.insert(1, app_row("g1", "Gauth", "Bytedance Pte. Ltd.", "dev-0"))
    path = fleet(tmp_path, rows)[0]
    relevant = rules_by_app(library, select_packs(library, ["bytedance-all"], AS_OF))
    reader, item = BY_ID["intune-appinv-csv"], InputFile(str(path), path, None, path.stat().st_size)
    fast = read_input(reader, item, Classifier(Matcher(library.apps, library.companies), relevant))
    slow = InputResult(ReadContext(item, tool=reader.tool))
    read_generic(reader, Classifier(Matcher(library.apps, library.companies), relevant), slow)
    assert [(row[3], matches[0].app_id) for row, matches in fast.hits] == [("Gauth", "company:bytedance")]
    assert fast.hits == slow.hits


ORG_PACK = """\
schema: fleet-auditor/pack/1
id: example-corp-additions
title: Example Corp additions to the catalog
citation: Example Corp security tickets
default: false
extends: bytedance-all
apps:
  - {id: tiktok-studio, name: TikTok Studio, company: bytedance, sources: ["SEC-118"]}
companies:
  - {id: bytedance, publishers: [{value: Lemon Inc., kind: play, confidence: verified, source: "SEC-119"}]}
rules: []
"""


def test_an_officer_adds_near_misses_to_the_organisations_catalog(tmp_path: Path) -> None:
    rows = [app_row("a", "TikTok Studio", "TikTok Pte. Ltd.", "dev-1"), app_row("b", "Lemon8", "Lemon Inc.", "dev-1")]
    paths = fleet(tmp_path, rows)
    before = run(load_library(root=MATCHING), paths)
    assert sorted((f.catalog_id, f.confidence.value) for f in before.findings) == [
        ("company:bytedance", "probable"), ("lemon8", "probable")]
    org = tmp_path / "example-corp-additions.yaml"
    org.write_text(ORG_PACK, encoding="utf-8")
    library = load_library([org], root=MATCHING)
    after = run(library, paths, [str(org)])
    assert sorted((f.catalog_id, f.confidence.value) for f in after.findings) == [
        ("lemon8", "confirmed"), ("tiktok-studio", "confirmed")]


def test_the_readme_example_of_an_organisation_pack_loads_with_the_shipped_library(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("id: example-corp-additions", 1)[1].split("```", 1)[0]
    org = tmp_path / "org.yaml"
    org.write_text("schema: fleet-auditor/pack/1\nid: example-corp-additions" + block, encoding="utf-8")
    library = load_library([org])
    assert library.apps["tiktok-shop-seller"].company == "bytedance"
    assert any(p.value == "Lemon Inc." for p in library.companies["bytedance"].publishers)
    assert "tiktok-shop-seller" in library.pack_apps(library.packs["example-corp-additions"])


def test_hostile_strings_in_notes_and_near_misses_stay_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(MATCHING))
    bidi = "\u202e"
    rows = [app_row("a", "TikTok", f"=HYPERLINK(1){bidi}<script>", "dev-1"),  # a probable finding's note
            app_row("b", f"TikTok Helper <img src=x onerror=alert(1)>|{bidi}", "x", "dev-2")]  # a near miss
    out = tmp_path / "out"
    with pytest.raises(SystemExit):
        cli.main(["audit", *map(str, fleet(tmp_path, rows)), "--out", str(out), "--as-of", AS_OF.isoformat(),
                  "--policy", "tiktok-wechat-only"])
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "Near misses" in summary and "<img" not in summary and bidi not in summary and "&lt;img" in summary
    for name in ("findings.csv", "actions.csv", "findings.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert bidi not in text, name
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert document["findings"][0]["confidence_note"].startswith("'TikTok' is a name of TikTok, but publisher '=HYPER")
    assert document["near_misses"][0]["name"].startswith("TikTok Helper <img")  # data stays data in JSON
