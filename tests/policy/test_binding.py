"""Whom a pack binds and what the organisation is (issue 18): org types parsed and refused, the one binding
rule, the default selection each org type gets, the zero-pack usage errors (issue 15), and a finding's status
and due text under a binding and an adopted pack, through the real engine."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Dict, List, Sequence

import pytest
import yaml

from auditor.engine import audit
from auditor.errors import PolicyError
from auditor.model import AuditResult, Binding, Status
from auditor.policy import Library, decide, load_library, org_profile, select_packs, selection_of
from auditor.render.actions import due_text
from auditor.sources import plan_inputs
from tests.conftest import FIXTURES
from tests.packs.test_pack_cases import _write

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


def default_ids(library: Library, org_types: Sequence[str], jurisdictions: Sequence[str] = (),
                as_of: dt.date = TODAY) -> List[str]:
    return [p.id for p in select_packs(library, [], as_of, jurisdictions, org=org_profile(org_types))]


def bindings(library: Library, org_types: Sequence[str], jurisdictions: Sequence[str] = ()) -> Dict[str, Binding]:
    return {d.pack.id: d.binding for d in decide(library, TODAY, org_profile(org_types), jurisdictions) if d.selected}


@pytest.mark.parametrize("text,expected", [
    ("federal", "org type 'federal' (--org-type, or `org_type:` in the configuration): expected one of private, "
                "federal-agency"),
    ("state-agency", "expected state-agency with an ISO 3166-2 subdivision after ':' (US-TX)"),
    ("state-agency:TX", "expected state-agency with an ISO 3166-2 subdivision after ':' (US-TX)"),
    ("state-agency:us-tx", "expected state-agency with an ISO 3166-2 subdivision"),
    ("national-government:USA", "expected national-government with an ISO 3166-1 country code"),
    ("private:US", "expected private with no ':place' part"),
    ("federal-agency@NASA", "expected federal-agency with an optional '@body'"),
])
def test_org_types_refused_with_what_was_expected(text: str, expected: str) -> None:
    with pytest.raises(PolicyError) as info:
        org_profile([text])
    assert expected in str(info.value)


def test_org_profile_reach() -> None:
    assert org_profile([]).types == ("private",) and not org_profile([]).bound_by
    assert org_profile(["federal-agency"]).bound_by == {"federal-executive-agencies", "federal-government"}
    assert "federal-executive-agencies@nasa" in org_profile(["federal-agency@nasa"]).bound_by
    assert org_profile(["state-agency:US-TX"]).bound_by == {"state-agencies:US-TX"}
    assert org_profile(["parliament:US@house"]).bound_by == {"parliament-network:US", "parliament-network:US@house",
                                                             "federal-government"}
    both = org_profile(["private", "federal-contractor"])
    assert both.bound_by == {"federal-contractors"} and str(both) == "private, federal-contractor"


@pytest.mark.parametrize("org_types,binding,adopted", [
    # a private company: nothing binds it; it adopts the in-force default packs of the US
    ([], set(), {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023",
                 "us-ndaa-fy2018-s1634-kaspersky", "us-ndaa-fy2026-s6604-deepseek",
                 "us-bis-kaspersky-final-determination-2024"}),
    (["federal-agency"], {"us-no-tiktok-on-government-devices-act-2022", "us-ndaa-fy2018-s1634-kaspersky"},
     {"us-far-52-204-27-2023", "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    (["intelligence-community"], {"us-no-tiktok-on-government-devices-act-2022", "us-ndaa-fy2018-s1634-kaspersky",
                                  "us-ndaa-fy2026-s6604-deepseek"},
     {"us-far-52-204-27-2023", "us-bis-kaspersky-final-determination-2024"}),
    # agency-internal rules (default: false) are evaluated for the body they bind, and only for it
    (["federal-agency@nasa"], {"us-no-tiktok-on-government-devices-act-2022", "us-ndaa-fy2018-s1634-kaspersky",
                               "us-nasa-deepseek-2025"},
     {"us-far-52-204-27-2023", "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    (["military@navy"], {"us-no-tiktok-on-government-devices-act-2022", "us-ndaa-fy2018-s1634-kaspersky",
                         "us-navy-deepseek-2025"},
     {"us-far-52-204-27-2023", "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    (["federal-contractor"], {"us-far-52-204-27-2023"},
     {"us-no-tiktok-on-government-devices-act-2022", "us-ndaa-fy2018-s1634-kaspersky",
      "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    # a Texas agency: the Texas instruments bind it (whatever --jurisdiction says); the federal ones are adopted
    (["state-agency:US-TX"], {"us-tx-ai-social-apps-2025", "us-tx-prohibited-tech-expansion-2026",
                              "us-tx-sb1893-2023", "us-tx-tiktok-directive-2022"},
     {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023", "us-ndaa-fy2018-s1634-kaspersky",
      "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    (["local-government:US-TX"], {"us-tx-sb1893-2023"},
     {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023", "us-ndaa-fy2018-s1634-kaspersky",
      "us-ndaa-fy2026-s6604-deepseek", "us-bis-kaspersky-final-determination-2024"}),
    # the House: its own CAO notice, and sec. 1634 (every element of the federal government)
    (["parliament:US@house"], {"us-house-cao-deepseek-2025", "us-ndaa-fy2018-s1634-kaspersky"},
     {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023", "us-ndaa-fy2026-s6604-deepseek",
      "us-bis-kaspersky-final-determination-2024"}),
    # an Australian government body: its own country's packs, binding; no US pack unless asked for
    (["national-government:AU"], {"au-pspf-direction-001-2023-tiktok", "au-pspf-direction-001-2025-deepseek",
                                  "au-pspf-direction-002-2025-kaspersky"}, set()),
    (["supplier-or-distributor"], {"us-bis-kaspersky-final-determination-2024"},
     {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023", "us-ndaa-fy2018-s1634-kaspersky",
      "us-ndaa-fy2026-s6604-deepseek"}),
    (["app-store-or-host"], set(), {"us-no-tiktok-on-government-devices-act-2022", "us-far-52-204-27-2023",
                                    "us-ndaa-fy2018-s1634-kaspersky", "us-ndaa-fy2026-s6604-deepseek",
                                    "us-bis-kaspersky-final-determination-2024"}),
])
def test_default_selection_and_binding_per_org_type(shipped: Library, org_types: List[str], binding: set,
                                                     adopted: set) -> None:
    got = bindings(shipped, org_types)
    assert {k for k, v in got.items() if v == Binding.BINDING} == binding
    assert {k for k, v in got.items() if v == Binding.ADOPTED} == adopted
    assert set(default_ids(shipped, org_types)) == binding | adopted


def test_pafaca_binds_app_stores_but_is_not_in_force_for_anyone_today(shipped: Library) -> None:
    decision = {d.pack.id: d for d in decide(shipped, TODAY, org_profile(["app-store-or-host"]))}["us-pafaca-2024"]
    assert decision.binding == Binding.BINDING and not decision.selected and decision.why == "divested on 2026-12-06"
    on_effective_day = {d.pack.id: d for d in decide(shipped, dt.date(2025, 1, 19), org_profile(["app-store-or-host"]))}
    assert on_effective_day["us-pafaca-2024"].selected  # the one day it was in force and enforced
    suspended = {d.pack.id: d for d in decide(shipped, dt.date(2025, 1, 20), org_profile(["app-store-or-host"]))}
    assert not suspended["us-pafaca-2024"].selected and suspended["us-pafaca-2024"].status == "suspended"


def test_jurisdiction_adds_adopted_packs(shipped: Library) -> None:
    got = bindings(shipped, ["federal-agency"], ["US", "US-TX"])
    assert got["us-tx-sb1893-2023"] == Binding.ADOPTED
    assert got["us-no-tiktok-on-government-devices-act-2022"] == Binding.BINDING
    assert bindings(shipped, [], ["GB"]) == {"uk-cabinet-office-tiktok-2023": Binding.ADOPTED}
    assert bindings(shipped, [], ["uk"]) == {"uk-cabinet-office-tiktok-2023": Binding.ADOPTED}  # UK is read as GB


@pytest.mark.parametrize("code,hint", [("USA", " (did you mean US?)"), ("US_TX", " (did you mean US-TX?)"),
                                       ("Texas", ""), ("GBR", " (did you mean GB?)")])
def test_unknown_jurisdiction_is_a_usage_error_naming_the_known_ones(shipped: Library, code: str, hint: str) -> None:
    for jurisdictions in ([code], ["US", code]):  # a typo beside a good code is refused too
        with pytest.raises(PolicyError) as info:
            select_packs(shipped, [], TODAY, jurisdictions)
        message = str(info.value)
        assert message.startswith(f"jurisdiction {code!r} (--jurisdiction, or `jurisdictions:` in the configuration): "
                                  f"no pack has this jurisdiction{hint}; known: AU, BE, CA, CZ, EU, Example Corp, GB")
        assert ", US, US-AL," in message and message.endswith(", or 'all' (UK is read as GB)")


def test_a_selection_of_nothing_is_a_usage_error(shipped: Library) -> None:
    with pytest.raises(PolicyError, match="no pack to evaluate: on 2019-01-01 no pack in force binds a 'private' "
                                          "organisation or is a default pack of jurisdiction AU"):
        select_packs(shipped, [], dt.date(2019, 1, 1), ["AU"])
    with pytest.raises(PolicyError, match="no pack to evaluate: on 2016-06-01 no pack in force binds a "
                                          "'federal-agency' organisation"):
        select_packs(shipped, [], dt.date(2016, 6, 1), org=org_profile(["federal-agency"]))
    # named packs are evaluated whatever their status, so naming one is never "nothing"
    assert [p.id for p in select_packs(shipped, ["us-pafaca-2024"], TODAY)] == ["us-pafaca-2024"]


def test_packs_without_binds_are_the_organisations_own_policy(tmp_path: Path) -> None:
    library = load_library(root=FIXTURES / "policies")
    assert all(p.binds == ("organisation-policy",) for p in library.packs.values())
    assert {d.binding for d in decide(library, TODAY, org_profile([]))} == {Binding.BINDING}


def test_every_shipped_pack_says_whom_it_binds(shipped: Library) -> None:
    """`binds:` is optional for an organisation's own pack (its own policy), never for a shipped one."""
    for pack_id, path in shipped.pack_files.items():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("binds"), pack_id


DEVICE_WORDS = ("agency device", "government device", "state device", "state-issued device", "service device",
                "office device", "work device", "government-furnished device", "federal device")


def test_remediation_never_calls_the_device_an_agencys(shipped: Library) -> None:
    """A rule's remediation is read by whoever runs the audit, agency or company: the binding wording is added
    by the due text, the remediation says 'this device'."""
    bad = [f"{p.id}/{r.id}" for p in shipped.packs.values() for r in p.rules
           if any(f"this {w}" in r.remediation or f"the {w}" in r.remediation.replace("from the device", "")
                  for w in DEVICE_WORDS)]
    assert not bad, bad


def _audit(tmp_path: Path, library: Library, pack_id: str, as_of: dt.date, org_types: Sequence[str],
           row: Dict[str, str]) -> AuditResult:
    mapping = _write(tmp_path / "in", [dict(row, device="match-0")])
    selection = selection_of(library, [library.packs[pack_id]], as_of, org_profile(org_types))
    return audit(plan_inputs([mapping]), selection, max_export_age_days=10 ** 6)


KASPERSKY = {"platform": "windows", "identifier": "Kaspersky.Kaspersky", "name": "Kaspersky"}
TIKTOK = {"platform": "android", "identifier": "com.zhiliaoapp.musically", "name": "TikTok"}
DEEPSEEK = {"platform": "android", "identifier": "com.deepseek.chat", "name": "DeepSeek"}
HARNESS = {"platform": "windows", "identifier": "DeepSeek.DeepSeekHarness.Nightly", "name": "DeepSeek Harness"}


@pytest.mark.parametrize("pack_id,row,as_of,org,status,text", [
    # AU PSPF Direction 002-2025: remove by 2025-04-01
    ("au-pspf-direction-002-2025-kaspersky", KASPERSKY, "2025-04-01", "national-government:AU", Status.VIOLATION,
     "due 2025-04-01"),
    ("au-pspf-direction-002-2025-kaspersky", KASPERSKY, "2025-04-02", "national-government:AU", Status.OVERDUE,
     "1 days overdue (deadline 2025-04-01)"),
    ("au-pspf-direction-002-2025-kaspersky", KASPERSKY, "2025-04-02", "private", Status.VIOLATION,
     "no statutory deadline for you: your policy, in force since 2025-02-21 (the law's deadline for the AU government: 2025-04-01)"),
    # Kansas: signed 2025-04-08, in effect 2025-07-01
    ("us-ks-75-4720-deepseek-2025", DEEPSEEK, "2025-06-30", "state-agency:US-KS", Status.UPCOMING,
     "ban starts in 1 days (2025-07-01)"),
    ("us-ks-75-4720-deepseek-2025", DEEPSEEK, "2025-06-30", "federal-agency", Status.UPCOMING,
     "your policy from 2025-07-01, in 1 day (no statutory deadline for you: a law for US-KS state agencies)"),
    ("us-ks-75-4720-deepseek-2025", HARNESS, "2025-07-01", "state-agency:US-KS", Status.VIOLATION,
     "in violation since 2025-07-01"),
    # Arkansas: 30 days to disconnect TikTok
    ("us-ar-eo-2023-tiktok", TIKTOK, "2023-02-09", "state-agency:US-AR", Status.VIOLATION, "due 2023-02-09"),
    ("us-ar-eo-2023-tiktok", TIKTOK, "2023-02-10", "state-agency:US-AR", Status.OVERDUE,
     "1 days overdue (deadline 2023-02-09)"),
    ("us-ar-eo-2023-tiktok", TIKTOK, "2023-02-10", "state-agency:US-TX", Status.VIOLATION,
     "no statutory deadline for you: your policy, in force since 2023-01-10 (the law's deadline for US-AR state agencies: 2023-02-09)"),
    # the federal Act: overdue for an agency, never for a company or a contractor (FAR binds contractors, not it)
    ("us-no-tiktok-on-government-devices-act-2022", TIKTOK, "2026-11-23", "federal-agency", Status.OVERDUE,
     "1335 days overdue (deadline 2023-03-29)"),
    ("us-no-tiktok-on-government-devices-act-2022", TIKTOK, "2026-11-23", "federal-contractor", Status.VIOLATION,
     "no statutory deadline for you: your policy, in force since 2023-02-27 (the law's deadline for US federal agencies: 2023-03-29)"),
])
def test_status_and_due_text_follow_the_binding(tmp_path: Path, shipped: Library, pack_id: str, row: Dict[str, str],
                                                as_of: str, org: str, status: Status, text: str) -> None:
    result = _audit(tmp_path, shipped, pack_id, dt.date.fromisoformat(as_of), [org], row)
    (finding,) = result.findings
    (summary,) = result.packs
    assert finding.status == status and finding.binding == summary.binding and finding.binds == summary.binds
    assert due_text(finding) == text
    if finding.binding == Binding.ADOPTED:
        assert finding.days_overdue is None and finding.deadline == shipped.packs[pack_id].rules[0].deadline
