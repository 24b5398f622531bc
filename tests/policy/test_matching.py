"""Every matching mode, with positive and look-alike cases, as data: (app, mode, confidence)."""
from __future__ import annotations

import pytest

from auditor.model import Confidence, MatchMode, Platform
from auditor.policy import Matcher
from auditor.policy.textnorm import normalise_name

C, P = "confirmed", "probable"
# (platform, identifier, name, publisher) -> expected (app_id, mode, confidence) set
CASES = [
    # identifier, case-insensitive and exact
    ("android", "com.zhiliaoapp.musically", "TikTok", "", {("tiktok", "identifier", C)}),
    ("android", "COM.ZHILIAOAPP.MUSICALLY", "", "", {("tiktok", "identifier", C)}),
    ("ios", "com.ss.iphone.ugc.Ame", "抖音国际版", "", {("tiktok", "identifier", C)}),
    ("windows", "BytedancePte.Ltd.TikTok_6yccndn6064se", "TikTok", "TikTok Pte. Ltd.", {("tiktok", "identifier", C)}),
    ("macos", "com.tencent.xinWeChat", "WeChat", "", {("wechat", "identifier", C)}),
    # an identifier of another platform does not match (Android package on Windows)
    ("windows", "com.tencent.mm", "", "", set()),
    # unknown platform: identifiers of any platform
    ("other", "com.tencent.mm", "", "", {("wechat", "identifier", C)}),
    # an identifier followed by dot-separated labels is a variant build of the app: probable, never confirmed
    # (auditor.policy.matcher, rule 4); a prefix of an identifier is not the identifier
    ("android", "com.zhiliaoapp.musically.downloader", "TikTok", "", {("tiktok", "namespace", P)}),
    ("android", "com.zhiliaoapp", "TikTok", "", set()),
    # a row with its own identifier is never matched by name: a clone is not the app
    ("android", "com.clone.tiktok", "TikTok", "", set()),
    # app_store_id is documentation, never matched
    ("ios", "835599320", "", "", set()),
    # publisher + name: confirmed (publishers compared after normalisation: legal forms, parentheses, width)
    ("windows", "", "WeChat", "腾讯科技(深圳)有限公司", {("wechat", "publisher+name", C)}),
    ("windows", "", "WeChat", "腾讯科技（深圳）有限公司", {("wechat", "publisher+name", C)}),
    ("windows", "", "WeChat 3.9.12 (x64)", "腾讯科技(深圳)有限公司", {("wechat", "publisher+name", C)}),
    ("windows", "", "CapCut", "Bytedance Pte. Ltd.", {("capcut", "publisher+name", C)}),
    ("windows", "", "CapCut", "BYTEDANCE PTE LTD", {("capcut", "publisher+name", C)}),
    ("windows", "", "Lark", "Lark Technologies Pte. Ltd.", {("lark", "publisher+name", C)}),
    ("windows", "", "微信", "Tencent Technology (Shenzhen) Company Limited", {("wechat", "publisher+name", C)}),
    ("android", "", "TikTok", "TikTok Pte. Ltd.", {("tiktok", "publisher+name", C)}),
    # a known name from an unknown publisher: probable, never confirmed
    ("windows", "", "WeChat", "Totally Legit Software", {("wechat", "name", P)}),
    ("windows", "", "TikTok Downloader", "Video Tools Inc", set()),
    # name alone: probable; NFKC, case, spaces, .app, versions
    ("ios", "", "TikTok", "", {("tiktok", "name", P)}),
    ("ios", "", "  tiktok ", "", {("tiktok", "name", P)}),
    ("ios", "", "ＴｉｋＴｏｋ", "", {("tiktok", "name", P)}),
    ("macos", "", "WeChat.app", "", {("wechat", "name", P)}),
    ("ios", "", "微信", "", {("wechat", "name", P)}),
    ("ios", "", "Weixin", "", {("wechat", "name", P)}),
    ("ios", "", "musical.ly", "", {("tiktok", "alias", P)}),
    # a publisher of a company's family on an app the catalog does not name: the company's entry, probable
    ("windows", "", "Gauth", "Bytedance Pte. Ltd.", {("company:bytedance", "publisher", P)}),
    # look-alikes: never substrings
    ("ios", "", "TikTok Downloader", "", set()),
    ("ios", "", "WeChatty Stickers", "", set()),
    ("android", "", "Lark Player", "", set()),
    ("ios", "", "CapCut Templates Guide", "", set()),
    ("ios", "", "TikTokPro", "", set()),
    ("ios", "", "My WeChat", "", set()),
    ("ios", "", "", "", set()),
]


@pytest.fixture(scope="module")
def matcher(test_library):  # type: ignore[no-untyped-def]
    return Matcher(test_library.apps, test_library.companies)


@pytest.mark.parametrize("platform,identifier,name,publisher,expected", CASES)
def test_classify(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str, expected: set) -> None:
    found = {(m.app_id, m.mode.value, m.confidence.value)
             for m in matcher.classify(Platform(platform), identifier, name, publisher)}
    assert found == expected
    for m in matcher.classify(Platform(platform), identifier, name, publisher):
        assert bool(m.note) == (m.confidence == Confidence.PROBABLE)  # a probable match says why


def test_unverified_identifier_is_probable_and_says_why(matcher: Matcher) -> None:
    (match,) = matcher.classify(Platform.IOS, "com.larksuite.ios", "", "")
    assert match.app_id == "lark" and match.mode == MatchMode.IDENTIFIER
    assert match.confidence == Confidence.PROBABLE and "marked unverified in the catalog" in match.note


def test_catalog_lookalikes_never_match(test_library) -> None:  # type: ignore[no-untyped-def]
    matcher = Matcher(test_library.apps, test_library.companies)
    lookalikes = [(app.id, lk) for app in test_library.apps.values() for lk in app.lookalikes]
    assert lookalikes, "the fixture catalog lists look-alikes"
    for app_id, lk in lookalikes:
        for platform in (Platform.IOS, Platform.WINDOWS, Platform.ANDROID):
            assert not matcher.classify(platform, lk.identifier, lk.name, lk.publisher), (app_id, lk)
            assert not matcher.classify(platform, "", lk.name, ""), (app_id, lk)


@pytest.mark.parametrize("raw,expected", [
    ("TikTok", "tiktok"), ("WeChat 3.9.12 (x64)", "wechat"), ("WeChat.app", "wechat"),
    ("Mozilla Firefox (x64 en-US)", "mozilla firefox"), ("Microsoft Office 365 ProPlus - en-us", "microsoft office 365 proplus"),
    ("Office 365", "office 365"), ("ＴｉｋＴｏｋ", "tiktok"), ("TikTok v38.1", "tiktok"), ("Lark Player", "lark player"),
    ("Zoom Workplace (64-bit)", "zoom workplace"), ("Notepad++ (64-bit x64)", "notepad++"), ("7-Zip 23.01 (x64)", "7-zip"),
    ("Python 3.12.7 (64-bit)", "python"), ("  Two   Spaces ", "two spaces"), ("Windows 10", "windows 10"),
])
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected
