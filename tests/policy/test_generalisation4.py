"""The fourth held-out evaluation's rule gaps (tests/corpus/heldout4.yaml, classes M3 and M2), as rules, tested on
spellings that are not the evaluation's rows:

- M3: an identifier the catalog does not list blocks the app's NAME (a clone has its own id), never its
  PUBLISHER: a publisher of a company's family reaches the company's entry on Linux, Android and macOS as it does
  on Windows, and a catalog name with a publisher of the app's family is the app, probable.
- M2: a publisher with a legal form that carries a SUBSIDIARY's brand is a probable finding of the parent, as one
  with the parent's own brand is, unless the catalog marks the brand `legal_entity: false` (an ordinary word).
Each test fails if its rule, or the catalog data it rests on, is removed."""
from __future__ import annotations

from typing import Any, Dict

import pytest

from auditor.errors import PolicyError
from auditor.model import Platform
from auditor.policy import Matcher
from auditor.policy.catalog import parse_company
from tests.policy.test_confidence_rules import P
# the shipped library, its matcher (a module fixture) and the classification as (app, mode, confidence) triples
from tests.policy.test_generalisation2 import _classify, shipped  # noqa: F401

KASPERSKY_SWISS = "Kaspersky Lab Switzerland GmbH"  # a verified publisher of Kaspersky's family


# ------------------------------------------------------------------------ M3: the publisher on every platform
@pytest.mark.parametrize("platform,identifier", [
    ("windows", ""),                              # the reference: no identifier, the publisher decides
    ("linux", "kaspersky-helper-agent"),          # a dpkg/rpm name the catalog does not list
    ("android", "com.example.helper"),            # an Android package outside every namespace
    ("macos", "com.example.helper.mac"),          # a bundle id outside every namespace
])
def test_a_family_publisher_reaches_the_company_on_every_platform(shipped: Matcher, platform: str,  # noqa: F811
                                                                   identifier: str) -> None:
    assert _classify(shipped, platform, identifier, "Helper Agent", KASPERSKY_SWISS) == {
        ("company:kaspersky", "publisher", P)}


def test_an_unlisted_package_with_the_family_publisher_says_why_it_is_probable(shipped: Matcher) -> None:  # noqa: F811
    (match,) = shipped.classify(Platform.LINUX, "kaspersky-helper-agent", "Helper Agent", KASPERSKY_SWISS)
    assert "is AO Kaspersky Lab's" in match.note and "company: kaspersky" in match.note, match.note


def test_a_catalog_name_on_an_unlisted_package_is_the_app_with_the_family_publisher(shipped: Matcher) -> None:  # noqa: F811
    found = _classify(shipped, "linux", "kaspersky-endpoint-agent", "Kaspersky Endpoint Security", KASPERSKY_SWISS)
    assert found == {("kaspersky-endpoint-security", "publisher+name", P)}
    (match,) = shipped.classify(Platform.LINUX, "kaspersky-endpoint-agent", "Kaspersky Endpoint Security",
                                KASPERSKY_SWISS)
    assert "identifier 'kaspersky-endpoint-agent' is not one of the app's identifiers" in match.note, match.note


@pytest.mark.parametrize("platform,identifier,name,publisher", [
    ("linux", "kes-clone", "Kaspersky Endpoint Security", ""),               # the name alone: still blocked
    ("linux", "kes-clone", "Kaspersky Endpoint Security", "Someone Ltd."),   # another publisher: still blocked
    ("linux", "helper-agent", "Helper Agent", "Someone Ltd."),               # nothing of the catalog at all
])
def test_an_unlisted_package_still_blocks_the_name_without_the_family_publisher(
        shipped: Matcher, platform: str, identifier: str, name: str, publisher: str) -> None:  # noqa: F811
    assert _classify(shipped, platform, identifier, name, publisher) == set()


# ------------------------------------------------------------------- M2: subsidiaries' brands with a legal form
@pytest.mark.parametrize("platform,identifier,publisher,company", [
    ("windows", "", "北京搜狗科技发展有限公司", "company:tencent"),                         # Sogou (搜狗)
    ("windows", "", "浙江天猫技术有限公司", "company:alibaba"),                             # Tmall (天猫)
    ("windows", "", "Youku Information Technology (Beijing) Co., Ltd.", "company:alibaba"),  # Youku
    ("ios", "com.example.reader", "北京搜狗科技发展有限公司", "company:tencent"),           # and off Windows
])
def test_a_subsidiary_brand_with_a_legal_form_reaches_the_parent(shipped: Matcher, platform: str,  # noqa: F811
                                                                 identifier: str, publisher: str,
                                                                 company: str) -> None:
    assert _classify(shipped, platform, identifier, "Unlisted Product", publisher) == {(company, "publisher", P)}


def test_a_subsidiary_brand_finding_names_the_subsidiary(shipped: Matcher) -> None:  # noqa: F811
    (match,) = shipped.classify(Platform.WINDOWS, "", "Unlisted Product", "浙江天猫技术有限公司")
    assert "the brand of Tmall, a subsidiary of Alibaba Group Holding Ltd." in match.note, match.note


@pytest.mark.parametrize("publisher,company", [
    ("Qidian Holdings Ltd.", "company:tencent"),     # Qidian: 'starting point'
    ("Tudou Foods Co., Ltd.", "company:alibaba"),    # Tudou: 'potato'
    ("Xiami Seafood Co., Ltd.", "company:alibaba"),  # Xiami: 'small shrimp'
])
def test_a_brand_marked_as_an_ordinary_word_stays_a_near_miss(shipped: Matcher, publisher: str,  # noqa: F811
                                                               company: str) -> None:
    assert _classify(shipped, "windows", "", "Unlisted Product", publisher) == set()
    near = shipped.resemblance(Platform.WINDOWS, "", "Unlisted Product", publisher, [company])
    assert near is not None and near.resembles == company, near


def _company(brands: Any) -> Dict[str, Any]:
    return {"id": "acme", "name": "Acme Holdings Ltd.", "publishers": [],
            "subsidiaries": [{"name": "Acme Music", "ownership": "filing X", "brands": brands}]}


def test_the_opt_out_is_per_brand() -> None:
    company = parse_company("t.yaml", "companies[0]", _company(
        ["Zentrix", {"value": "Orbit", "legal_entity": False, "note": "an ordinary word"}]))
    matcher = Matcher({}, {"acme": company})
    assert [(m.app_id, m.mode.value) for m in matcher.classify(Platform.WINDOWS, "", "X", "Zentrix Media Ltd.")] == [
        ("company:acme", "publisher")]
    assert matcher.classify(Platform.WINDOWS, "", "X", "Orbit Media Ltd.") == ()


@pytest.mark.parametrize("brand,problem", [
    ({"value": "Orbit", "legal_entity": False}, "needs a `note`"),
    ({"value": "Orbit", "legal_entity": "no", "note": "n"}, "expected true or false"),
])
def test_an_opt_out_without_its_reason_is_refused(brand: Dict[str, Any], problem: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_company("t.yaml", "companies[0]", _company([brand]))
    assert problem in str(caught.value)


# ------------------------------------------------------------ the same rules through real readers and the run
def test_the_fast_path_asks_about_a_publisher_with_a_brand(shipped: Matcher) -> None:  # noqa: F811
    """Fast readers (Defender TVM) skip a row when neither its name, identifier nor publisher may match: a
    publisher carrying a banned company's (or its subsidiary's) brand may (a legal entity, or a near miss)."""
    from auditor.reading.classifier import Classifier
    classifier = Classifier(shipped, ["company:tencent"])
    assert classifier.publisher_may_match("北京搜狗科技发展有限公司")
    assert not classifier.publisher_may_match("Someone Else Ltd.")
    assert not Classifier(shipped, ["company:kaspersky"]).publisher_may_match("北京搜狗科技发展有限公司")


def test_linux_and_defender_rows_reach_the_company_in_a_real_run(tmp_path: Any) -> None:
    """An SSH dpkg snapshot (Linux) with a family publisher and an unlisted package, and a Defender TVM row whose
    vendor is a subsidiary's legal entity: both company findings, as they would be from ConfigMgr on Windows."""
    import datetime as dt

    from tests.corpus.corpus import run_corpus
    rows = [
        {"id": "z1", "kind": "banned", "fmt": "ssh", "os": "linux", "manager": "dpkg", "name": "helper-agent",
         "pub": KASPERSKY_SWISS, "ver": "1.0", "expect": "company:kaspersky"},
        {"id": "z2", "kind": "banned", "fmt": "defender", "os": "Windows10", "name": "Unlisted Product",
         "pub": "北京搜狗科技发展有限公司", "ver": "1.0", "cpe": False, "expect": "company:tencent"},
    ]
    result, devices = run_corpus(tmp_path, rows, dt.date(2026, 12, 6))
    found = {(devices[s.device_id], f.catalog_id, f.confidence.value) for f in result.findings
             for s in f.device.sources if s.device_id in devices}
    assert {(d, c) for d, c, _ in found} >= {("z1", "company:kaspersky"), ("z2", "company:tencent")}, found
    assert all(conf == "probable" for _, c, conf in found if c.startswith("company:")), found


@pytest.mark.parametrize("publisher", [
    "合肥优视科技有限公司",    # another company (Hefei) whose name holds 优视, UCWeb's Chinese short name (idx:45420464094)
    "深圳神奇艺术科技有限公司",  # 神奇 + 艺术 ('magic art') holds 奇艺, iQIYI's former name: which is why 奇艺 is no brand
])
def test_entities_listed_by_full_name_do_not_make_their_short_names_brands(shipped: Matcher,  # noqa: F811
                                                                          publisher: str) -> None:
    assert _classify(shipped, "windows", "", "Unlisted Product", publisher) == set()


def test_an_operating_entity_listed_by_its_sourced_name_reaches_the_parent(shipped: Matcher) -> None:  # noqa: F811
    """UCWeb's Chinese entity (likely: a job board's record, idx:36100681135), here on a Linux package."""
    assert _classify(shipped, "linux", "unlisted-agent", "unlisted-agent", "优视科技有限公司") == {
        ("company:alibaba", "publisher", P)}
