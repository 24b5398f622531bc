"""Staff directory, risk tiers, family members, the priority matrix, waivers and not-visible devices."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Dict, List, Optional

import pytest

from auditor.people import People
from auditor.errors import ConfigError
from auditor.model import Severity, Status, Visibility
from auditor.policy import select_packs
from auditor.people import DEFAULT_MATRIX, priority
from auditor.people.risk import assess, load_risk
from auditor.people import StaffMapping, load_directory
from auditor.people import load_waivers
from tests.conftest import FIXTURES, audit_paths

PEOPLE = FIXTURES / "people"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def directory():  # type: ignore[no-untyped-def]
    return load_directory(PEOPLE / "staff.csv")


@pytest.fixture(scope="module")
def risk():  # type: ignore[no-untyped-def]
    return load_risk(PEOPLE / "risk.yaml")


def tiers(directory, risk) -> Dict[str, tuple]:  # type: ignore[no-untyped-def]
    found = assess(risk, directory)
    return {p.name: (found[id(p)].tier, found[id(p)].reasons) for p in directory.people}


# --- directory -----------------------------------------------------------------------------------

@pytest.mark.parametrize("identity,expected", [
    ("casey@corp.example", "Casey Chief"),
    ("  CASEY@Corp.Example ", "Casey Chief"),
    ("CORP\\ccasey", "Casey Chief"),          # DOMAIN\\user as Windows tools write it
    ("OTHERDOMAIN\\CCASEY", "Casey Chief"),
    ("E001", "Casey Chief"),                   # employee id
    ("ddevon", "Devon Director"),              # sAMAccountName
    ("casey@sub.corp.example", None),          # a subdomain is another person unless configured as an alias
    ("casey", None),
    ("", None),
])
def test_owner_matching_across_identifier_styles(directory, identity: str, expected: Optional[str]) -> None:  # type: ignore[no-untyped-def]
    person = directory.find(identity)
    assert (person.name if person else None) == expected


def test_domain_aliases_only_when_configured() -> None:
    mapping = StaffMapping(domain_aliases={"sub.corp.example": "corp.example"})
    directory = load_directory(PEOPLE / "staff.csv", mapping)
    assert directory.find("casey@SUB.corp.example").name == "Casey Chief"


def test_duplicate_person_reported_first_wins_and_row_without_identifier_skipped(directory) -> None:  # type: ignore[no-untyped-def]
    assert directory.find("pat@corp.example").name == "Pat Plain"
    assert (directory.rows, directory.rows_skipped) == (11, 1)
    assert [(p.line, p.message) for p in directory.problems] == [
        (10, "the same person as line 7 (Pat Plain); the first row wins"),
        (11, "person without any identifier (e-mail, UPN, employee id or username)")]


def test_json_directory_with_mapping_file(tmp_path: Path) -> None:
    (tmp_path / "hr.json").write_text('{"value": [{"Work Mail": "a@x.example", "displayName": "A", '
                                      '"jobTitle": "Chief Executive Officer", "memberOf": ["VIP"], '
                                      '"manager": {"mail": "b@x.example"}}, 7]}')
    (tmp_path / "map.yaml").write_text("columns: {email: [Work Mail]}\n")
    from auditor.people import load_mapping
    directory = load_directory(tmp_path / "hr.json", load_mapping(tmp_path / "map.yaml"))
    (person,) = directory.people
    assert (person.email, person.title, person.groups, person.manager) == ("a@x.example", "Chief Executive Officer",
                                                                           ("VIP",), "b@x.example")
    assert [p.message for p in directory.problems] == ["not a JSON object at $[1]"]


# --- tiers ---------------------------------------------------------------------------------------

def test_each_kind_of_tier_rule(directory, risk) -> None:  # type: ignore[no-untyped-def]
    found = tiers(directory, risk)
    assert found["Casey Chief"] == ("critical", ("Executive officer", "VIP travel group"))  # title, anchored
    assert found["Avery Assistant"] == ("standard", ())  # "Assistant to the Chief ..." is not a chief officer
    assert found["Devon Director"] == ("elevated", ("Director",))
    assert found["Sam Secure"] == ("critical", ("Top-secret clearance",))  # clearance
    assert found["Grace Group"] == ("elevated", ("VIP travel group",))  # group
    assert found["Lee Listed"] == ("elevated", ("Named by the security team",))  # explicit people, any case
    assert found["Pat Plain"] == ("standard", ())


def test_family_members_inherit_the_sponsors_tier(directory, risk) -> None:  # type: ignore[no-untyped-def]
    found = tiers(directory, risk)
    assert found["Jordan Chief"] == ("critical", ("minor child of Casey Chief (Chief Executive Officer)",
                                                  "Executive officer", "VIP travel group"))
    # a family member whose sponsor is not high-risk inherits "standard", and says whose family
    assert found["Riley Plain"] == ("standard", ("family member of Pat Plain (Engineer)",))


def test_department_rule_and_shipped_default_rules(directory) -> None:  # type: ignore[no-untyped-def]
    found = tiers(directory, load_risk())
    assert found["Casey Chief"][0] == "critical"
    assert found["Avery Assistant"][0] == "standard"
    assert found["Devon Director"][0] == "elevated"
    assert found["Sam Secure"][0] == "critical"


@pytest.mark.parametrize("text,message", [
    ("schema: fleet-auditor/risk/1\nrules:\n  - {tier: critical, reason: x, title: '(unclosed'}\n",
     "rules[0].title: expected a regular expression (missing ), unterminated subpattern at position 0)"),
    ("schema: fleet-auditor/risk/1\nrules:\n  - {tier: royal, reason: x, title: 'x'}\n", "rules[0].tier: expected one of"),
    ("schema: fleet-auditor/risk/1\nrules:\n  - {tier: critical, reason: x}\n", "rules[0].title: expected at least one condition"),
    ("schema: fleet-auditor/risk/1\nrules: []\npriority_matrix: {high: {critical: P0}}\n",
     "priority_matrix.high.critical: expected one of P1, P2, P3, P4, got 'P0'"),
])
def test_bad_risk_files_exit_2_with_file_and_key_path(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "risk.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_risk(tmp_path / "risk.yaml")
    assert info.value.exit_code == 2
    assert str(info.value).startswith(str(tmp_path / "risk.yaml")) and message in str(info.value)


# --- priority --------------------------------------------------------------------------------------

MATRIX = {
    ("critical", "critical"): "P1", ("critical", "elevated"): "P1", ("critical", "standard"): "P2",
    ("critical", "unknown"): "P2", ("high", "critical"): "P1", ("high", "elevated"): "P2",
    ("high", "standard"): "P3", ("high", "unknown"): "P3", ("medium", "critical"): "P2",
    ("medium", "elevated"): "P3", ("medium", "standard"): "P3", ("medium", "unknown"): "P3",
    ("low", "critical"): "P3", ("low", "elevated"): "P4", ("low", "standard"): "P4", ("low", "unknown"): "P4",
}


@pytest.mark.parametrize("severity,tier", list(itertools.product(
    ["critical", "high", "medium", "low"], ["critical", "elevated", "standard", "unknown"])))
def test_whole_priority_matrix(severity: str, tier: str) -> None:
    assert priority(Severity(severity), tier) == MATRIX[(severity, tier)]


def test_priority_matrix_overridable_in_the_risk_file(tmp_path: Path) -> None:
    (tmp_path / "risk.yaml").write_text("schema: fleet-auditor/risk/1\nrules: []\n"
                                        "priority_matrix: {low: {critical: P1}}\n")
    model = load_risk(tmp_path / "risk.yaml")
    assert priority(Severity.LOW, "critical", model.matrix) == "P1"
    assert priority(Severity.LOW, "elevated", model.matrix) == DEFAULT_MATRIX[Severity.LOW]["elevated"]


# --- end to end: owners, scope, waivers, visibility ------------------------------------------------

APPS = """ApplicationName,DeviceId,Platform,ApplicationVersion
TikTok,d-ceo,iOS,37
WeChat,d-ceo,iOS,8
TikTok,d-kid,iOS,37
TikTok,d-pat,Windows,37
TikTok,d-ghost,iOS,37
TikTok,d-grace-personal,Android,37
TikTok,d-pat-personal,iOS,37
"""
DEVICES = """Device ID,Device name,Serial number,Primary user UPN,Primary user email address,Ownership,OS
d-ceo,CEO-IPHONE,S-CEO,CORP\\ccasey,,Corporate,iOS
d-kid,KID-IPHONE,S-KID,,jordan.chief@family.example,Corporate,iOS
d-pat,PAT-LAPTOP,S-PAT,pat@corp.example,,Corporate,Windows
d-ghost,GHOST-PHONE,S-GHOST,ghost@corp.example,,Corporate,iOS
d-grace-personal,GRACE-PIXEL,,grace@corp.example,,Personal,Android
d-pat-personal,PAT-IPHONE,,pat@corp.example,,Personal,iOS
d-none,NO-OWNER,S-NONE,,,Corporate,Windows
"""


def people_fleet(tmp_path: Path) -> Path:
    folder = tmp_path / "fleet"
    folder.mkdir()
    (folder / "apps.csv").write_text(APPS)
    (folder / "devices.csv").write_text(DEVICES)
    return folder


def run(tmp_path: Path, library, directory, risk, waivers=(), packs: List[str] = ("test-bytedance", "test-wechat"),  # type: ignore[no-untyped-def]
        as_of: dt.date = AS_OF):
    return audit_paths([people_fleet(tmp_path)], library, select_packs(library, list(packs), as_of), as_of,
                 people=People(directory, risk, tuple(waivers)))


def test_owners_tiers_and_priorities_end_to_end(tmp_path: Path, test_library, directory, risk) -> None:  # type: ignore[no-untyped-def]
    result = run(tmp_path, test_library, directory, risk, packs=["test-bytedance"])
    got = [(f.priority, f.device.name, f.owner.name, f.owner.tier) for f in result.findings]
    assert got == [("P1", "CEO-IPHONE", "Casey Chief", "critical"),  # matched on DOMAIN\\user
                   ("P1", "KID-IPHONE", "Jordan Chief", "critical"),  # minor child of the CEO
                   ("P2", "PAT-LAPTOP", "Pat Plain", "standard"),  # within a priority by tier: unknown last
                   ("P2", "GHOST-PHONE", None, "unknown")]
    kid = result.findings[1].owner
    assert (kid.sponsor, kid.relationship) == ("Casey Chief", "minor child")
    messages = [p.message for p in result.problems]
    assert "owner 'ghost@corp.example' of device serial:S-GHOST is not in the staff directory (tier unknown)" in messages
    assert "1 device has no owner in any source: device serial:S-NONE" in messages


def test_personal_devices_of_high_risk_people_in_scope_when_the_rule_says_so(tmp_path: Path, test_library,  # type: ignore[no-untyped-def]
                                                                             directory, risk) -> None:
    import dataclasses
    pack = test_library.packs["test-bytedance"]
    wider = dataclasses.replace(pack, scope=dataclasses.replace(pack.scope, personal_for_tiers=("critical", "elevated")))
    result = audit_paths([people_fleet(tmp_path)], test_library, [wider], AS_OF, people=People(directory, risk))
    names = {f.device.name for f in result.findings}
    assert "GRACE-PIXEL" in names  # personal phone of an elevated person: covered
    assert "PAT-IPHONE" not in names  # personal phone of standard staff: not covered


def test_not_visible_devices_listed_by_tier(tmp_path: Path, test_library, directory, risk) -> None:  # type: ignore[no-untyped-def]
    result = run(tmp_path, test_library, directory, risk)
    # personal phones under Intune list managed apps only: never "compliant", listed with their owner
    # and a device seen only in the device export (no app list at all) is not visible either
    assert [(d.name, d.app_visibility, o.tier) for d, o in result.not_visible] == [
        ("GRACE-PIXEL", Visibility.MANAGED_ONLY, "elevated"), ("PAT-IPHONE", Visibility.MANAGED_ONLY, "standard"),
        ("NO-OWNER", Visibility.NONE, "unknown")]


WAIVERS = """schema: fleet-auditor/waivers/1
waivers:
  - {id: W-active, device: CEO-IPHONE, app: tiktok, reason: Law-enforcement investigation, approver: ciso@corp.example,
     ticket: SEC-1, granted: 2026-01-01, expires: 2027-06-30}
  - {id: W-soon, owner: pat@corp.example, rule: test-bytedance/bytedance-apps, reason: Security research,
     approver: ciso@corp.example, expires: 2026-12-01}
  - {id: W-expired, device: S-KID, reason: Temporary, approver: ciso@corp.example, expires: 2026-11-01}
  - {id: W-unused, app: capcut, reason: Marketing video editing, approver: cmo@corp.example, expires: 2027-01-01}
"""


def test_every_waiver_state(tmp_path: Path, test_library, directory, risk) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text(WAIVERS)
    result = run(tmp_path, test_library, directory, risk, load_waivers(tmp_path / "w.yaml"))
    by_device = {(f.device.name, f.catalog_id): f for f in result.findings}
    ceo_tiktok, ceo_wechat = by_device[("CEO-IPHONE", "tiktok")], by_device[("CEO-IPHONE", "wechat")]
    assert ceo_tiktok.status == Status.WAIVED and ceo_tiktok.waiver.state == "active"
    assert ceo_wechat.status == Status.UPCOMING and ceo_wechat.waiver is None  # covers part of the device only
    pat = by_device[("PAT-LAPTOP", "tiktok")]
    assert pat.status == Status.WAIVED and pat.waiver.state == "expiring-soon"
    kid = by_device[("KID-IPHONE", "tiktok")]
    assert kid.status == Status.OVERDUE and kid.waiver.state == "expired"  # back to a violation, called out
    assert [(w.id, w.state, w.findings) for w in result.waivers] == [
        ("W-active", "active", 1), ("W-soon", "expiring-soon", 1), ("W-expired", "expired", 1), ("W-unused", "unused", 0)]
    assert len(result.findings) == 5  # waived findings are still listed, never hidden


@pytest.mark.parametrize("text,message", [
    ("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: a, app: tiktok, reason: r, approver: x}\n",
     "waivers[0].expires: expected an expires (required; relax with --allow-open-waivers)"),
    ("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: a, app: tiktok, reason: r, expires: 2027-01-01}\n",
     "waivers[0].approver: expected an approver (required"),
    ("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: a, reason: r, approver: x, expires: 2027-01-01}\n",
     "waivers[0].device: expected at least one of device, owner, app, rule, policy"),
    ("schema: fleet-auditor/waivers/1\nwaivers:\n  - {id: a, app: x, reason: r, approver: x, expires: someday}\n",
     "waivers[0].expires: expected a date like 2026-12-31, got 'someday'"),
])
def test_bad_yaml_waivers_name_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "w.yaml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_waivers(tmp_path / "w.yaml")
    assert str(info.value).startswith(str(tmp_path / "w.yaml")) and message in str(info.value)


def test_csv_waivers_name_the_line_and_can_be_relaxed(tmp_path: Path) -> None:
    (tmp_path / "w.csv").write_text("id,app,reason,approver,expires\nW1,tiktok,Research,ciso,2027-01-01\n"
                                    "W2,wechat,Research,,2027-01-01\n")
    with pytest.raises(ConfigError, match=r"w\.csv:3: approver: expected an approver"):
        load_waivers(tmp_path / "w.csv")
    relaxed = load_waivers(tmp_path / "w.csv", require_expiry_and_approver=False)
    assert [w.id for w in relaxed] == ["W1", "W2"]


def test_a_renewed_waiver_wins_over_the_expired_one_listed_first(tmp_path: Path, test_library, directory, risk) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "w.yaml").write_text("""schema: fleet-auditor/waivers/1
waivers:
  - {id: OLD, device: PAT-LAPTOP, reason: First period, approver: ciso@corp.example, expires: 2026-10-01}
  - {id: NEW, device: PAT-LAPTOP, reason: Renewed, approver: ciso@corp.example, expires: 2027-10-01}
""")
    result = run(tmp_path, test_library, directory, risk, load_waivers(tmp_path / "w.yaml"), packs=["test-bytedance"])
    (pat,) = [f for f in result.findings if f.device.name == "PAT-LAPTOP"]
    assert (pat.status, pat.waiver.id, pat.waiver.state) == (Status.WAIVED, "NEW", "active")
    assert [(w.id, w.state) for w in result.waivers] == [("OLD", "unused"), ("NEW", "active")]


@pytest.mark.parametrize("entry,message", [
    ("{id: a, app: TikTok Lite App, reason: r, approver: x, expires: 2027-01-01}", "app: expected a catalog app id"),
    ("{id: a, policy: no-such-pack, reason: r, approver: x, expires: 2027-01-01}", "policy: expected a pack id"),
    ("{id: a, rule: test-bytedance/nope, reason: r, approver: x, expires: 2027-01-01}", "rule: expected a rule id"),
])
def test_a_waiver_naming_nothing_real_is_refused(tmp_path: Path, fixture_policies, capsys, entry: str, message: str) -> None:  # type: ignore[no-untyped-def]
    from auditor import cli
    (tmp_path / "w.yaml").write_text(f"schema: fleet-auditor/waivers/1\nwaivers:\n  - {entry}\n")
    with pytest.raises(SystemExit) as info:
        cli.main(["audit", str(FIXTURES / "intune"), "--waivers", str(tmp_path / "w.yaml"), "--out", str(tmp_path / "o")])
    assert info.value.code == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
