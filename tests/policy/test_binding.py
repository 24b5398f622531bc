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
from auditor.policy.binds import role_of
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
    ("state-agency:Texas", "expected state-agency with an ISO 3166-2 subdivision"),
    ("national-government:USA", "expected national-government with an ISO 3166-1 country code"),
    ("private:US", "expected private with no ':place' part"),
    ("federal-agency@N.A.S.A", "expected federal-agency with an optional '@body'"),
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


NO_TIKTOK_ACT = "us-no-tiktok-on-government-devices-act-2022"
US_ADOPTED = {NO_TIKTOK_ACT, "us-ndaa-fy2018-s1634-kaspersky", "us-ndaa-fy2026-s6604-deepseek"}


# The selection contract (docs/policy-format.md, "Which packs an audit evaluates"). Never a default for anyone:
# the transaction bans (us-bis-kaspersky-final-determination-2024 binds the vendor and its resellers; the
# app-store orders bind stores and hosts): they bar selling, offering and updating, not having the app. The FAR
# 52.204-27 contract clause is a default for federal contractors only, never adopted.
@pytest.mark.parametrize("org_types,binding,adopted", [
    # a private company: nothing binds it; it adopts the in-force device rules of the US
    ([], set(), US_ADOPTED),
    (["federal-agency"], {NO_TIKTOK_ACT, "us-ndaa-fy2018-s1634-kaspersky"}, {"us-ndaa-fy2026-s6604-deepseek"}),
    (["intelligence-community"], US_ADOPTED, set()),
    # agency-internal rules (default: false) are evaluated for the body they bind, and only for it
    (["federal-agency@nasa"], {NO_TIKTOK_ACT, "us-ndaa-fy2018-s1634-kaspersky", "us-nasa-deepseek-2025"},
     {"us-ndaa-fy2026-s6604-deepseek"}),
    (["military@navy"], {NO_TIKTOK_ACT, "us-ndaa-fy2018-s1634-kaspersky", "us-navy-deepseek-2025"},
     {"us-ndaa-fy2026-s6604-deepseek"}),
    (["federal-contractor"], {"us-far-52-204-27-2023"}, US_ADOPTED),
    # a Texas agency: the Texas instruments bind it (whatever --jurisdiction says); the federal ones are adopted
    (["state-agency:US-TX"], {"us-tx-ai-social-apps-2025", "us-tx-prohibited-tech-expansion-2026",
                              "us-tx-sb1893-2023", "us-tx-tiktok-directive-2022"}, US_ADOPTED),
    (["local-government:US-TX"], {"us-tx-sb1893-2023"}, US_ADOPTED),
    # the House: its own CAO notice, and sec. 1634 (every element of the federal government)
    (["parliament:US@house"], {"us-house-cao-deepseek-2025", "us-ndaa-fy2018-s1634-kaspersky"},
     {NO_TIKTOK_ACT, "us-ndaa-fy2026-s6604-deepseek"}),
    # an Australian government body: its own country's packs, binding; no US pack unless asked for
    (["national-government:AU"], {"au-pspf-direction-001-2023-tiktok", "au-pspf-direction-001-2025-deepseek",
                                  "au-pspf-direction-002-2025-kaspersky"}, set()),
    # the BIS determination binds a reseller, but bars selling and updating, not its devices' software
    (["supplier-or-distributor"], set(), US_ADOPTED),
    (["app-store-or-host"], set(), US_ADOPTED),
])
def test_default_selection_and_binding_per_org_type(shipped: Library, org_types: List[str], binding: set,
                                                     adopted: set) -> None:
    got = bindings(shipped, org_types)
    assert {k for k, v in got.items() if v == Binding.BINDING} == binding
    assert {k for k, v in got.items() if v == Binding.ADOPTED} == adopted
    assert set(default_ids(shipped, org_types)) == binding | adopted


def test_pafaca_binds_app_stores_but_is_not_in_force_for_anyone_today(shipped: Library) -> None:
    decision = {d.pack.id: d for d in decide(shipped, TODAY, org_profile(["app-store-or-host"]))}["us-pafaca-2024"]
    # dated from its status history (the closing of the divestiture), never the as-of date
    assert decision.binding == Binding.BINDING and not decision.selected and decision.why == "divested on 2026-01-22"
    on_effective_day = {d.pack.id: d for d in decide(shipped, dt.date(2025, 1, 19), org_profile(["app-store-or-host"]))}
    # in force and binding that day, but a transaction ban: evaluated only when named
    assert on_effective_day["us-pafaca-2024"].status == "in-force" and not on_effective_day["us-pafaca-2024"].selected
    assert on_effective_day["us-pafaca-2024"].why.startswith("only when named: a transaction ban on app stores")
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
                                  f"no pack has this jurisdiction{hint}; known: AU, BE, CA, CZ, EU, GB, IN")
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


AGENCY_WORDS = ("agency head", "agency IT", "agency's call", "most agencies", "contracting officer")


def test_remediation_of_an_adopted_pack_speaks_to_the_organisation(tmp_path: Path, shipped: Library) -> None:
    """The No TikTok Act adopted by a company: no agency head, no agency IT; bound on an agency: the Act's own
    exception process. Fails if evaluate stops choosing the text by binding, or the pack loses its adopted text."""
    (adopted,) = _audit(tmp_path / "private", shipped, NO_TIKTOK_ACT, TODAY, [], TIKTOK).findings
    (bound,) = _audit(tmp_path / "agency", shipped, NO_TIKTOK_ACT, TODAY, ["federal-agency"], TIKTOK).findings
    assert adopted.binding == Binding.ADOPTED and bound.binding == Binding.BINDING
    assert not [w for w in AGENCY_WORDS if w in adopted.remediation], adopted.remediation
    assert "your organisation" in adopted.remediation and "waiver" in adopted.remediation
    assert "agency head (or designee)" in bound.remediation


@pytest.mark.parametrize("org_types", [[], ["federal-contractor"], ["state-agency:US-TX"]])
def test_every_pack_a_default_audit_adopts_has_advice_for_an_adopter(shipped: Library, org_types: List[str]) -> None:
    """Fails when a pack becomes a default that an organisation adopts while its advice still speaks to the
    agencies it binds (add `remediation: {binding: ..., adopted: ...}` to it)."""
    adopted = [d.pack for d in decide(shipped, TODAY, org_profile(org_types)) if d.selected
               and d.binding == Binding.ADOPTED]
    assert adopted
    bad = [f"{p.id}/{r.id}: {w}" for p in adopted for r in p.rules for w in AGENCY_WORDS
           if w in r.remediation_for(Binding.ADOPTED)]
    assert not bad, bad


def test_the_organisations_own_pack_takes_the_adopted_advice(shipped: Library) -> None:
    """org-template extends the No TikTok Act: the organisation's own policy is worded for it."""
    template = shipped.packs["org-template"]
    law = shipped.packs[NO_TIKTOK_ACT]
    inherited = {r.id: r for r in template.rules}["tiktok"]
    assert inherited.remediation == {r.id: r for r in law.rules}["tiktok"].remediation_adopted
    assert inherited.remediation_for(Binding.BINDING) == inherited.remediation  # its own policy binds it


@pytest.mark.parametrize("binds,role", [
    (("suppliers-and-distributors",), "transaction"), (("app-stores-and-hosting",), "transaction"),
    (("federal-contractors",), "bound-only"), (("federal-executive-agencies",), "device-rule"),
    (("state-agencies:US-TX", "local-government:US-TX"), "device-rule"),
    (("federal-contractors", "federal-executive-agencies"), "device-rule"),  # any device rule makes it one
    (("organisation-policy",), "device-rule"),
])
def test_role_of_whom_an_instrument_binds(binds: Sequence[str], role: str) -> None:
    assert role_of(binds)[0] == role


def test_packs_that_bind_no_device_owner_are_never_default_but_can_be_named(shipped: Library) -> None:
    for org_types in ([], ["federal-agency"], ["supplier-or-distributor"], ["app-store-or-host"]):
        for jurisdictions in ([], ["all"]):
            chosen = set(default_ids(shipped, org_types, jurisdictions))
            assert not chosen & {"us-bis-kaspersky-final-determination-2024", "in-meity-59-apps-2020",
                                 "tw-moi-rednote-block-2025"}, (org_types, jurisdictions)
    named = select_packs(shipped, ["us-bis-kaspersky-final-determination-2024"], TODAY)
    assert [p.id for p in named] == ["us-bis-kaspersky-final-determination-2024"]
    assert "us-far-52-204-27-2023" not in default_ids(shipped, ["federal-agency"])
    assert "us-far-52-204-27-2023" in default_ids(shipped, ["federal-contractor"])


def test_nothing_to_evaluate_names_what_is_in_force_only_when_named(shipped: Library) -> None:
    """A reseller in India: the only Indian instrument in force there is a blocking order on app stores."""
    with pytest.raises(PolicyError) as info:
        select_packs(shipped, [], TODAY, ["IN"], org=org_profile(["supplier-or-distributor"]))
    assert "In force there, evaluated only when named: in-meity-59-apps-2020 (only when named: a transaction " \
           "ban on app stores" in str(info.value)


@pytest.mark.parametrize("typed,normal", [("Federal-Agency", "federal-agency"), ("STATE-AGENCY:us-tx", "state-agency:US-TX"),
                                          ("federal-agency@NASA", "federal-agency@nasa")])
def test_org_types_are_case_insensitive(typed: str, normal: str) -> None:
    assert org_profile([typed]) == org_profile([normal]) and org_profile([typed]).types == (normal,)


def test_an_unknown_org_type_gets_a_suggestion() -> None:
    with pytest.raises(PolicyError) as info:
        org_profile(["federal"])
    assert str(info.value).endswith("(did you mean federal-agency or federal-contractor?)")
    with pytest.raises(PolicyError) as info:
        org_profile(["privat"])
    assert str(info.value).endswith("(did you mean private?)")
