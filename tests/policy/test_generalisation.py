"""Issue 14's generalisation rules, found by the held-out evaluation (each fails if its rule is removed):
company namespaces of identifiers, Defender TVM vendor + product names, install-scope and beta suffixes, and
near misses for joined words, namespaces and brands. Fixture catalog: tests/fixtures/matching."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

from auditor.model import Platform
from auditor.errors import PolicyError
from auditor.policy import Matcher, load_library
from auditor.policy.catalog import Company, Namespace
from auditor.policy.identifiers import Namespaces, cpe_product_name
from auditor.policy.publishers import company_entry_id
from auditor.policy.textnorm import normalise_name
from tests.conftest import FIXTURES
from tests.policy.test_confidence_rules import C, P, Found, classify, library, matcher, note  # noqa: F401 (fixtures)


@pytest.mark.parametrize("platform,identifier,name,expected", [
    # an unlisted id in a company's namespace: the company's entry, probable (only company-wide rules report it)
    ("android", "com.tencent.tmgp.sgame", "王者荣耀", {("company:tencent", "namespace", P)}),
    ("android", "com.ss.android.article.news", "今日头条", {("company:bytedance", "namespace", P)}),
    ("android", "com.kaspersky.safekids", "", {("company:kaspersky", "namespace", P)}),  # no name: the id alone
    # ... and an app of that company its name names: that app, probable
    ("android", "com.tencent.mm.beta", "WeChat", {("wechat", "namespace", P)}),
    # a namespace matches at a dot, never inside a label; a namespace look-alike is nobody's
    ("android", "com.tencentx.app", "Foo", set()),
    ("android", "com.ss.androidx.app", "Foo", set()),
    ("android", "com.kaspersky.kaspresso.sample", "Kaspresso Sample", set()),
    # a listed identifier still decides, and the name of another company's app is not matched
    ("android", "com.zhiliaoapp.musically", "TikTok", {("tiktok", "identifier", C)}),
    ("android", "com.tencent.clone", "TikTok", {("company:tencent", "namespace", P)}),
])
def test_company_namespaces(matcher: Matcher, platform: str, identifier: str, name: str, expected: Found) -> None:
    assert classify(matcher, platform, identifier, name, "") == expected


def test_namespace_note_says_whose_and_what_confirms(matcher: Matcher) -> None:
    text = note(matcher, "android", "com.tencent.tmgp.sgame", "王者荣耀", "")
    assert "com.tencent." in text and "Tencent" in text and "is not in the catalog" in text


def test_namespaces_longest_prefix() -> None:
    company = Company("k", "K", (), (), "f", namespaces=(Namespace("com.k.", "", ""),),
                      namespace_lookalikes=(Namespace("com.k.test.", "", ""),))
    spaces = Namespaces({"k": company})
    assert spaces.owner("com.k.app") == ("k", "com.k.")
    assert spaces.owner("com.k") == ("k", "com.k.")  # the namespace's own domain
    assert spaces.owner("com.k.test.app") is None
    assert spaces.owner("com.kk.app") is None and spaces.owner("k") is None


def test_a_namespace_has_one_company_and_lookalikes_lie_under_it(tmp_path: Path) -> None:
    source = (FIXTURES / "matching" / "catalog" / "matching.yaml").read_text(encoding="utf-8")
    for extra, message in (("      - {prefix: com.tencent., source: fixture}\n", "also a namespace of"),
                           ("    namespace_lookalikes:\n      - {prefix: org.other., source: fixture}\n",
                            "under one of the company's namespaces")):
        root = tmp_path / message.split()[0]
        (root / "catalog").mkdir(parents=True)
        (root / "packs").mkdir()
        anchor = "      - {prefix: com.ss.android., source: fixture}\n"
        (root / "catalog" / "matching.yaml").write_text(source.replace(anchor, anchor + extra), encoding="utf-8")
        with pytest.raises(PolicyError, match=message):
            load_library(root=root)


@pytest.mark.parametrize("value", ["com.tencent", "Com.Tencent.", "com..tencent.", "tencent."])
def test_a_namespace_prefix_is_lower_case_reverse_dns_ending_with_a_dot(tmp_path: Path, value: str) -> None:
    source = (FIXTURES / "matching" / "catalog" / "matching.yaml").read_text(encoding="utf-8")
    (tmp_path / "catalog").mkdir()
    (tmp_path / "packs").mkdir()
    (tmp_path / "catalog" / "matching.yaml").write_text(
        source.replace("{prefix: com.tencent., source: fixture}", f'{{prefix: "{value}", source: fixture}}'),
        encoding="utf-8")
    with pytest.raises(PolicyError, match="reverse-DNS prefix"):
        load_library(root=tmp_path)


@pytest.mark.parametrize("key,name", [
    ("kaspersky:endpoint_security", "kaspersky endpoint security"),
    ("kaspersky:kaspersky_anti-virus", "kaspersky anti-virus"),  # the vendor is not repeated
    ("com.tencent.mm", ""), ("{6f2b5f2a-1b2c-4d5e-8f90-a1b2c3d4e5f6}", ""),
])
def test_cpe_product_name(key: str, name: str) -> None:
    assert cpe_product_name(key) == name


def test_defender_vendor_and_product_name_the_catalog_app(matcher: Matcher) -> None:
    # Defender TVM writes kaspersky / security_center_10_network_agent (a CPE the catalog does not list): the display
    # name "security center 10 network agent" alone names nothing, the vendor and product do
    assert classify(matcher, "windows", "kaspersky:security_center_10_network_agent",
                    "security center 10 network agent", "kaspersky") == {
        ("kaspersky-network-agent", "publisher+pattern", C)}
    # an unknown product of the vendor stays the company's entry, and its note names the product it is not
    assert classify(matcher, "windows", "kaspersky:secure_connection", "secure connection", "kaspersky") == {
        ("company:kaspersky", "publisher", P)}


@pytest.mark.parametrize("raw,expected", [
    ("Trae (User)", "trae"), ("Qoder (Machine)", "qoder"), ("Trae 1.2.3 (User)", "trae"),
    ("(User)", "(user)"),  # never normalised to nothing
    ("WeChat Beta", "wechat"), ("腾讯元宝Beta", "腾讯元宝"), ("微信（测试版）", "微信"),
    ("Betaflight", "betaflight"), ("Kaspersky® Anti-Virus", "kaspersky anti-virus"),
])
def test_install_scope_beta_and_trademark_suffixes(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def _near(matcher: Matcher, identifier: str, name: str, publisher: str, relevant: set) -> Optional[str]:
    found = matcher.resemblance(Platform.OTHER, identifier, name, publisher, relevant)
    return None if found is None else f"{found.resembles}: {found.reason}"


def test_near_misses_for_joined_words_namespaces_and_brands(matcher: Matcher) -> None:
    relevant = {"wechat", "qq", "tiktok", "lark"}
    # a namespace of a company whose app a rule names (the company as a whole is not banned)
    near = _near(matcher, "com.tencent.weread", "微信读书", "", relevant)
    assert near is not None and "namespace 'com.tencent.'" in near
    # CamelCase: "LarkHelper" is one token "larkhelper" to the word rule; its joined words are "lark", "helper"
    near = _near(matcher, "", "LarkHelper", "", {"lark"})
    assert near is not None and near.startswith("lark:")
    # a CJK publisher carrying a banned company's brand
    near = _near(matcher, "", "某软件", "深圳腾讯某某有限公司", {"wechat"})
    assert near is not None and "腾讯" in near
    # a company entry when a rule bans the company as a whole
    near = _near(matcher, "", "Foo", "字节跳动某公司", {company_entry_id("bytedance")})
    assert near is not None and near.startswith("company:bytedance")
    # none of it for unrelated strings
    assert _near(matcher, "org.example.app", "Larkspur Garden", "Garden Tools", relevant) is None


def test_never_not_in_the_catalog_about_a_named_product() -> None:
    """Every name of every shipped app, with a verified publisher of its company: never the company's entry with a
    note that the product is not in the catalog."""
    library = load_library()
    matcher = Matcher(library.apps, library.companies)
    for app in library.apps.values():
        company = library.companies.get(app.company)
        if company is None:
            continue
        for name in (app.name, *app.names, *app.aliases):
            for match in matcher.classify(Platform.WINDOWS, "", name, company.name):
                assert "not in the catalog" not in match.note, (app.id, name, match)


def test_fast_paths_keep_an_identifier_in_a_relevant_companys_namespace(matcher: Matcher) -> None:
    """A fast reader skips a row when its name, identifier and publisher all say "no": an identifier in the
    namespace of a company whose app a rule names must say "maybe" (with its name it is a near miss)."""
    from auditor.reading import Classifier
    only_wechat = Classifier(matcher, {"wechat"})
    assert not only_wechat.name_may_match("王者荣耀")
    assert only_wechat.identifier_may_match("com.tencent.tmgp.sgame")
    assert not only_wechat.identifier_may_match("com.ss.android.article.news")  # ByteDance's: no rule names it
    near = only_wechat.app(Platform.ANDROID, "com.tencent.tmgp.sgame", "王者荣耀", "")
    assert len(near) == 1 and "namespace" in getattr(near[0], "reason", "")


def test_the_demo_defender_row_is_the_catalog_product() -> None:
    """examples/fleet/defender writes `kaspersky,endpoint_security,...,kaspersky:endpoint_security:12.6.0.438`:
    the shipped catalog names Kaspersky Endpoint Security, so the row is that product, never "Any product of
    AO Kaspersky Lab" with a note that 'endpoint security' is not in the catalog."""
    library = load_library()
    found = Matcher(library.apps, library.companies).classify(
        Platform.WINDOWS, "kaspersky:endpoint_security", "endpoint security", "kaspersky")
    assert [(m.app_id, m.confidence.value) for m in found] == [("kaspersky-endpoint-security", "confirmed")]
