"""Each rule of issue 14's matching, one case per rule (each fails if its rule is removed), on a fixture
catalog (tests/fixtures/matching) that has one entry per rule: confidence, publisher families, product
patterns, identifier forms (MSIX, Linux packages, CPE, product codes, uninstall keys) and look-alikes."""
from __future__ import annotations

import re
from typing import Set, Tuple

import pytest

from auditor.model import Confidence, Platform
from auditor.policy import Library, Matcher, load_library
from tests.conftest import FIXTURES

C, P = "confirmed", "probable"
Found = Set[Tuple[str, str, str]]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(root=FIXTURES / "matching")


@pytest.fixture(scope="module")
def matcher(library: Library) -> Matcher:
    return Matcher(library.apps, library.companies)


def classify(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str) -> Found:
    return {(m.app_id, m.mode.value, m.confidence.value)
            for m in matcher.classify(Platform(platform), identifier, name, publisher)}


def note(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str) -> str:
    (match,) = matcher.classify(Platform(platform), identifier, name, publisher)
    return match.note


@pytest.mark.parametrize("platform,identifier,name,publisher,expected", [
    # --- confirmed: a verified identifier; a name or pattern with a publisher of the app's company family
    ("android", "com.zhiliaoapp.musically", "", "", {("tiktok", "identifier", C)}),
    ("android", "", "TikTok", "TikTok Pte. Ltd.", {("tiktok", "publisher+name", C)}),  # the case
    ("android", "", "抖音", "Beijing Microlive Vision Technology Co., Ltd.", {("douyin", "publisher+name", C)}),
    ("android", "", "抖音", "北京微播视界科技有限公司", {("douyin", "publisher+name", C)}),
    ("windows", "", "飞书", "北京飞书科技有限公司", {("lark", "publisher+name", C)}),
    ("windows", "", "Kaspersky Endpoint Security for Windows", "AO Kaspersky Lab",
     {("kaspersky-endpoint-security", "publisher+name", C)}),
    ("windows", "", "Kaspersky Endpoint Security 10 for Windows", "AO Kaspersky Lab",
     {("kaspersky-endpoint-security", "publisher+pattern", C)}),
    ("windows", "", "Kaspersky Endpoint Security для Windows", "Kaspersky",
     {("kaspersky-endpoint-security", "publisher+pattern", C)}),
    ("windows", "", "Kaspersky Security Center 10 Network Agent", "AO Kaspersky Lab",
     {("kaspersky-network-agent", "publisher+pattern", C)}),
    ("windows", "", "剪映专业版", "Bytedance Pte. Ltd.", {("capcut", "publisher+pattern", C)}),
    ("windows", "", "腾讯QQ", "腾讯科技(深圳)有限公司", {("qq", "publisher+pattern", C)}),
    ("android", "", "Kwai", "Kuaishou Technology Co., Ltd.", {("kwai", "publisher+name", C)}),  # an app's own
    # --- probable: exact name (or alias, or pattern) with no publisher, or one not of the family
    ("ios", "", "TikTok", "", {("tiktok", "name", P)}),
    ("ios", "", "musical.ly", "", {("tiktok", "alias", P)}),
    ("android", "", "TikTok", "Random Apps LLC", {("tiktok", "name", P)}),
    ("windows", "", "Kaspersky Endpoint Security 10 for Windows", "", {("kaspersky-endpoint-security", "pattern", P)}),
    # a publisher of the family that the catalog marks unverified: probable
    ("ios", "", "抖音", "Douyin Vision Co., Ltd.", {("douyin", "publisher+name", P)}),
    # an identifier the catalog marks likely: probable (no longer ignored) ...
    ("android", "com.ss.android.lark", "", "", {("lark", "identifier", P)}),
    # ... and confirmed when the row also has the name and a verified publisher of the family
    ("android", "com.ss.android.lark", "Lark", "Lark Technologies Pte. Ltd.", {("lark", "publisher+name", C)}),
    # a publisher of a banned company on an app the catalog does not name: the company's entry, probable
    ("windows", "", "Kaspersky Password Manager", "AO Kaspersky Lab", {("company:kaspersky", "publisher", P)}),
    ("windows", "", "Kaspersky Password Manager", "Kaspersky Lab", {("company:kaspersky", "publisher", P)}),
    ("android", "", "Gauth", "Bytedance Pte. Ltd.", {("company:bytedance", "publisher", P)}),
    # --- never: look-alikes at any confidence, and never substrings
    ("android", "", "TikTok", "Some Other Dev", set()),  # a listed look-alike pair
    ("android", "com.example.tiktokclone", "TikTok", "", set()),
    ("android", "", "Lark Player", "", set()),
    ("android", "", "Lark Player", "Lark Technologies Pte. Ltd.", set()),  # a name-only look-alike, any publisher
    ("windows", "", "Kaspersky Endpoint Security Review", "Some Other Dev", set()),
    ("windows", "", "My Kaspersky Endpoint Security 10 for Windows Helper", "", set()),  # patterns are anchored
    ("ios", "", "TikTokPro", "", set()),
    ("ios", "", "WeChatty Stickers", "", set()),
])
def test_confidence(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str,
                    expected: Found) -> None:
    assert classify(matcher, platform, identifier, name, publisher) == expected


def test_a_probable_match_says_why_and_what_would_confirm_it(matcher: Matcher) -> None:
    unknown = note(matcher, "android", "", "TikTok", "Random Apps LLC")
    assert "publisher 'Random Apps LLC' is not known as ByteDance Ltd.'s" in unknown
    assert "check the app's publisher on the device, or add it to your catalog" in unknown
    empty = note(matcher, "ios", "", "TikTok", "")
    assert "gives no publisher" in empty and "'TikTok Pte. Ltd.'" in empty
    assert "marked likely in the catalog" in note(matcher, "android", "com.ss.android.lark", "", "")
    assert "not verified in the catalog" in note(matcher, "ios", "", "抖音", "Douyin Vision Co., Ltd.")
    company = note(matcher, "windows", "", "Kaspersky Password Manager", "AO Kaspersky Lab")
    assert "is not in the catalog" in company and "company: kaspersky" in company
    assert "not known as a publisher of Kwai" in note(matcher, "android", "", "Kwai", "Someone")


@pytest.mark.parametrize("platform,identifier,name,publisher,expected", [
    # MSIX: a full name, a family and a bare package name, in the identifier or the name column
    ("windows", "BytedancePte.Ltd.TikTok_38.3.0.0_x64__6yccndn6064se", "", "", {("tiktok", "identifier", C)}),
    ("windows", "BytedancePte.Ltd.TikTok_6yccndn6064se", "", "", {("tiktok", "identifier", C)}),
    ("windows", "", "BytedancePte.Ltd.TikTok_38.3.0.0_x64__6yccndn6064se", "", {("tiktok", "identifier", C)}),
    ("windows", "", "BytedancePte.Ltd.TikTok", "", {("tiktok", "identifier", C)}),
    ("other", "", "BytedancePte.Ltd.TikTok_6yccndn6064se", "", {("tiktok", "identifier", C)}),
    # another publisher id is another package: a namespaced identifier, and the name is not used
    ("windows", "BytedancePte.Ltd.TikTok_1.0.0.0_x64__aaaaaaaaaaaaa", "TikTok", "", set()),
    # Linux packages on Linux only
    ("linux", "bytedance-feishu-stable", "bytedance-feishu-stable", "", {("lark", "identifier", C)}),
    ("windows", "bytedance-feishu-stable", "", "", set()),
    ("linux", "kesl", "kesl", "", {("kaspersky-endpoint-security", "identifier", C)}),
    ("linux", "kesl-astra", "kesl-astra", "", {("kaspersky-endpoint-security", "identifier", P)}),
    # CPE vendor:product (Defender TVM): a listed CPE decides; an unlisted one does not block the name
    ("windows", "tencent:wechat", "wechat", "tencent", {("wechat", "identifier", C)}),
    ("windows", "tencent:weixin_beta", "weixin beta", "", {("wechat", "identifier", P)}),
    # ... but a beta channel of a catalog name, with a verified publisher, is the app, confirmed
    ("windows", "tencent:weixin_beta", "weixin beta", "tencent", {("wechat", "publisher+name", C)}),
    ("macos", "tencent:weixin", "weixin", "tencent", {("wechat", "publisher+name", C)}),
    # product codes change per version: an unknown one does not block a name + publisher match
    ("windows", "{6F2B5F2A-1B2C-4D5E-8F90-A1B2C3D4E5F6}", "WeChat", "腾讯科技(深圳)有限公司",
     {("wechat", "publisher+name", C)}),
    ("windows", "{6F2B5F2A-1B2C-4D5E-8F90-A1B2C3D4E5F6}_is1", "WeChat", "Tencent", {("wechat", "publisher+name", C)}),
    # uninstall keys: a listed one decides; an unknown one does not block
    ("windows", "Feishu", "Feishu", "", {("lark", "identifier", C)}),
    ("windows", "Lark Suite", "Lark", "Lark Technologies Pte. Ltd.", {("lark", "publisher+name", C)}),
    # one identifier listed for two apps: the app the catalog is surest of
    ("android", "com.tencent.shared.build", "", "", {("wecom", "identifier", P)}),
    # namespaced identifiers (packages, bundle ids, winget ids) the catalog does not list block the name
    ("android", "com.clone.lark", "Lark", "", set()),
    ("windows", "Clone.Lark", "Lark", "Someone Else Ltd.", set()),
    # ... but never the publisher: with one of the app's publishers the name is the app, probable (the
    # identifier is not the app's in the catalog; auditor.policy.matcher._despite_identifier)
    ("android", "com.clone.lark", "Lark", "Lark Technologies Pte. Ltd.", {("lark", "publisher+name", P)}),
    ("windows", "Clone.Lark", "Lark", "Lark Technologies Pte. Ltd.", {("lark", "publisher+name", P)}),
])
def test_identifier_forms(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str,
                          expected: Found) -> None:
    assert classify(matcher, platform, identifier, name, publisher) == expected


def test_company_entry_is_found_only_under_a_company_wide_rule(library: Library) -> None:
    wide = library.packs["kaspersky-all"].rules[0]
    narrow = library.packs["tiktok-wechat-only"].rules[0]
    assert "company:kaspersky" in library.rule_targets(wide)
    assert not any(t.startswith("company:") for t in library.rule_targets(narrow))
    assert library.entry_name("company:kaspersky") == "Any product of AO Kaspersky Lab"
    assert "company:kaspersky" in library.catalog_ids()  # a waiver may name it


def test_one_normalisation_for_catalog_and_inventory(matcher: Matcher) -> None:
    # every spelling of a family publisher in the catalog, as an inventory writes it, confirms the app
    for publisher in ("Bytedance Pte. Ltd.", "BYTEDANCE PTE. LTD.", "Ｂｙｔｅｄａｎｃｅ Ｐｔｅ． Ｌｔｄ．", "ByteDance Ltd",
                      "ByteDance Limited", "ByteDance"):
        assert classify(matcher, "windows", "", "Lemon8", publisher) == {("lemon8", "publisher+name", C)}, publisher
    # the same name with another kind of legal form is another company: probable, and the note says why
    assert classify(matcher, "windows", "", "Lemon8", "ByteDance, Inc.") == {("lemon8", "name", P)}
    assert "another legal form" in note(matcher, "windows", "", "Lemon8", "ByteDance, Inc.")


class _Counting:
    def __init__(self, pattern: "re.Pattern[str]", calls: list) -> None:
        self.pattern, self.calls = pattern, calls

    def fullmatch(self, text: str) -> object:
        self.calls.append(text)
        return self.pattern.fullmatch(text)


def test_patterns_are_tried_one_by_one_only_for_names_one_matches(library: Library) -> None:
    """A name that matches no pattern costs one call of the combined expression, whatever the number of
    patterns; a hostile 10,000-character name is never tried."""
    fresh = Matcher(library.apps, library.companies)
    calls: list = []
    fresh.patterns.entries = tuple((app_id, _Counting(p, calls)) for app_id, p in fresh.patterns.entries)  # type: ignore[misc]
    assert len(fresh.patterns.entries) >= 3
    for name in ("Notepad++", "Kaspersky Password Manager", "x" * 10_000):
        fresh.classify(Platform.WINDOWS, "", name, "")
    assert calls == []
    fresh.classify(Platform.WINDOWS, "", "Kaspersky Endpoint Security 10 for Windows", "")
    assert calls and set(calls) == {"kaspersky endpoint security 10 for windows"}
