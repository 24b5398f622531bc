"""The second held-out evaluation's miss classes (tests/corpus/heldout2.yaml), on the shipped catalog; each test
fails if its rule or its catalog data is removed: company namespaces of domains the company owns, a company's
domains as publishers, and a company's brand in an app's name as a near miss (never a finding)."""
from __future__ import annotations

from typing import Optional

import pytest

from auditor.model import Platform
from auditor.policy import Matcher, load_library
from auditor.policy.publishers import PublisherFamilies, company_entry_id
from auditor.policy.textnorm import publisher_key
from tests.policy.test_confidence_rules import C, P, Found

LIBRARY = load_library()


@pytest.fixture(scope="module")
def shipped() -> Matcher:
    return Matcher(LIBRARY.apps, LIBRARY.companies)


def _classify(matcher: Matcher, platform: str, identifier: str, name: str, publisher: str) -> Found:
    return {(m.app_id, m.mode.value, m.confidence.value)
            for m in matcher.classify(Platform(platform), identifier, name, publisher)}


@pytest.mark.parametrize("identifier,name,expected", [
    # Xiaomi's namespaces (it had none): xiaomi.com, miui.com, mipay.com, mi.com
    ("com.xiaomi.mirror", "MIUI+", {("company:xiaomi", "namespace", P)}),
    ("com.miui.securitycenter", "安全中心", {("company:xiaomi", "namespace", P)}),
    ("com.mipay.wallet", "小米钱包", {("company:xiaomi", "namespace", P)}),
    ("com.mi.health", "Mi Health", {("company:xiaomi", "namespace", P)}),
    # subsidiaries' domains: ele.me (Alibaba), nuomi.com (Baidu), Sogou's input method and sogou.com (Tencent)
    ("me.ele", "饿了么", {("company:alibaba", "namespace", P)}),
    ("com.nuomi", "百度糯米", {("company:baidu", "namespace", P)}),
    # an OEM build of a catalogued package: the app itself, probable (a variant id, auditor.policy.matcher rule 4)
    ("com.sohu.inputmethod.sogou.xiaomi", "搜狗输入法小米版", {("sogou-input", "namespace", P)}),
    ("com.sogou.map.android.maps", "搜狗地图", {("company:tencent", "namespace", P)}),
    ("com.deepseek.coder", "Some App", {("company:deepseek", "namespace", P)}),
    ("com.romwe.lite", "ROMWE Lite", {("romwe", "namespace", P)}),
    # a third party's server-side packages under com.xunmeng. are look-alikes of PDD's namespace, never PDD's
    ("com.xunmeng.system", "Foo", set()),
    # ... never the rest of a domain a third party holds: Sohu's other apps are not Tencent's
    ("com.sohu.newsclient", "搜狐新闻", set()),
    ("com.mitu.app", "Foo", set()),            # at a dot only
    ("com.elem.app", "Foo", set()),
])
def test_namespaces_of_owned_domains(shipped: Matcher, identifier: str, name: str, expected: Found) -> None:
    assert _classify(shipped, "android", identifier, name, "") == expected


@pytest.mark.parametrize("publisher,company", [
    ("tencent.com", "tencent"),     # winget Publisher of WeiyunApp (catalogued, verified)
    ("baidu.com", "baidu"),         # derived from com.baidu. (not written in the catalog)
    ("ele.me", "alibaba"),
    ("xiaomi.com", "xiaomi"),
    ("Aliyun Computing Co., Ltd.", "alibaba"),
    ("Baidu Translate", "baidu"),
    ("阿里云计算有限公司", "alibaba"),
    ("北京百度网讯科技有限公司", "baidu"),
    ("北京字节跳动网络技术有限公司", "bytedance"),
])
def test_domain_and_subsidiary_publishers(shipped: Matcher, publisher: str, company: str) -> None:
    assert _classify(shipped, "windows", "", "Some Unknown Tool", publisher) == {
        (company_entry_id(company), "publisher", P)}


def test_domains_only_from_two_label_namespaces() -> None:
    families = PublisherFamilies(LIBRARY.apps, LIBRARY.companies)
    assert families.companies(publisher_key("qq.com")) == {"tencent"}
    assert families.by_company["baidu"].verified(publisher_key("baidu.com")) is False   # likely: probable only
    # com.sohu.inputmethod.sogou. names a product line, not sohu.com; com.ss.android. is not android.ss.com
    assert not families.companies(publisher_key("sohu.com"))
    assert not families.companies(publisher_key("sogou.inputmethod.sohu.com"))
    assert not families.companies(publisher_key("android.ss.com"))
    assert not families.companies(publisher_key("www.tencent.com"))


def _near(matcher: Matcher, name: str, publisher: str, relevant: set) -> Optional[str]:
    found = matcher.resemblance(Platform.WINDOWS, "", name, publisher, relevant)
    return None if found is None else f"{found.resembles}: {found.reason}"


@pytest.mark.parametrize("name,publisher,company,brand", [
    ("字节跳动开发者工具", "houyu", "bytedance", "字节跳动"),          # ByteDance's IDE, a person as publisher
    ("Xiaomi ADB/Fastboot Tools", "Saki-EU", "xiaomi", "xiaomi"),     # a third party's tool: why a near miss only
    ("BaiduPCS-Go", "", "baidu", "baidu"),                             # joined words
])
def test_brand_in_a_name_is_a_near_miss_never_a_finding(shipped: Matcher, name: str, publisher: str, company: str,
                                                       brand: str) -> None:
    assert _classify(shipped, "windows", "", name, publisher) == set()
    near = _near(shipped, name, publisher, {company_entry_id(company)})
    assert near is not None and near.startswith(f"company:{company}:") and f"brand '{brand}'" in near, near
    assert "name '" in near


def test_brand_in_a_name_needs_the_brand_as_a_word(shipped: Matcher) -> None:
    assert _near(shipped, "Baidubao Reader", "", {company_entry_id("baidu")}) is None
    assert _near(shipped, "Mitencentral", "", {company_entry_id("tencent")}) is None


@pytest.mark.parametrize("name", ["openssh-server", "Squid Proxy Server", "Linux Workstation Tools",
                                  "Web Console", "ClamAV Anti-Virus"])
def test_generic_words_of_product_names_make_no_near_miss(shipped: Matcher, name: str) -> None:
    """Kaspersky Anti-Virus for Linux File Server / Workstation / Proxy Server: 'server', 'workstation',
    'proxy' and 'virus' are what the product is, not whose (openssh-server was a near miss of it)."""
    relevant = {"kaspersky-antivirus-linux-file-server", "kaspersky-antivirus-linux-workstation",
                "kaspersky-antivirus-linux-proxy", company_entry_id("kaspersky")}
    assert _near(shipped, name, "", relevant) is None


@pytest.mark.parametrize("identifier,app", [
    ("kav4fs", "kaspersky-antivirus-linux-file-server"),
    ("kav4ws", "kaspersky-antivirus-linux-workstation"),
    ("kav4proxy", "kaspersky-antivirus-linux-proxy"),
    ("kes4lwks", "kaspersky-endpoint-security"),
    ("kesl", "kaspersky-endpoint-security"),
    ("klnagent", "kaspersky-network-agent"),
])
def test_kaspersky_linux_packages(shipped: Matcher, identifier: str, app: str) -> None:
    found = _classify(shipped, "linux", identifier, identifier, "")
    assert {a for a, _, _ in found} == {app}, found
