"""Publishers as company families: ONE normalisation (legal forms, punctuation, parentheses, full-width,
Chinese legal forms), used for catalog and inventory strings alike."""
from __future__ import annotations

import dataclasses

import pytest

from auditor.policy import load_library, normalise_publisher
from auditor.policy.catalog import Publisher
from auditor.policy.publishers import Family, PublisherFamilies
from auditor.policy.textnorm import publisher_key
from tests.conftest import FIXTURES


@pytest.mark.parametrize("raw,expected", [
    ("Bytedance Pte. Ltd.", "bytedance"),
    ("BYTEDANCE PTE LTD", "bytedance"),
    ("Ｂｙｔｅｄａｎｃｅ　Ｐｔｅ．　Ｌｔｄ．", "bytedance"),  # full-width
    ("ByteDance, Inc.", "bytedance"),
    ("Beijing Feishu Technology Co., Ltd.", "beijing feishu technology"),
    ("Alibaba (China) Network Technology Co.,Ltd.", "alibaba network technology"),  # a city in parentheses
    ("Tencent Technology (Shenzhen) Company Limited", "tencent technology"),
    ("腾讯科技(深圳)有限公司", "腾讯科技"),
    ("腾讯科技（深圳）有限公司", "腾讯科技"),  # full-width parentheses
    ("北京飞书科技有限公司", "北京飞书科技"),
    ("阿里巴巴集团控股股份有限公司", "阿里巴巴集团控股"),
    ("某某有限责任公司", "某某"),
    ("AO Kaspersky Lab", "kaspersky lab"),  # a legal form written first
    ("Kaspersky Lab ZAO", "kaspersky lab"),
    ("АО «Лаборатория Касперского»", "лаборатория касперского"),
    ("Telegram FZ-LLC", "telegram"),
    ("JetBrains s.r.o.", "jetbrains"),
    ("Lark Technologies Pte. Ltd.", "lark technologies"),
    ("Inc.", "inc"),  # never normalised to nothing
    ("Some Other Dev", "some other dev"),
])
def test_normalise_publisher(raw: str, expected: str) -> None:
    assert normalise_publisher(raw) == expected


def test_families_hold_every_spelling_of_a_company_and_its_apps_publishers() -> None:
    library = load_library(root=FIXTURES / "matching")
    families = PublisherFamilies(library.apps, library.companies)
    assert families.companies(publisher_key("TikTok Pte. Ltd.")) == {"bytedance"}
    assert families.companies(publisher_key("ByteDance Ltd")) == {"bytedance"}  # the company's own legal name
    assert families.companies(publisher_key("北京飞书科技有限公司")) == {"bytedance"}
    assert families.companies(publisher_key("Random Apps")) == frozenset()
    # unverified: in the family, not confirming
    assert families.of_app("douyin").verified(publisher_key("Douyin Vision Co., Ltd.")) is False
    assert families.of_app("kwai").verified(publisher_key("Kuaishou Technology")) is True  # no company: its own
    assert families.of_app("kwai").verified(publisher_key("Tencent")) is None
    assert "kwai" in families.apps(publisher_key("Kuaishou Technology"))
    assert families.examples("tiktok") == ("Bytedance Pte. Ltd.", "TikTok Pte. Ltd.")


@pytest.mark.parametrize("raw,name,kinds", [
    ("Lark Technologies, Inc.", "lark technologies", {"corporation"}),
    ("Lark Technologies Pte. Ltd.", "lark technologies", {"limited"}),
    ("Telegram Messenger LLP", "telegram messenger", {"partnership"}),
    ("AO Kaspersky Lab", "kaspersky lab", {"joint-stock"}),
    ("OOO Some Lab", "some lab", {"limited"}),  # a form written first (OOO: a limited-liability company)
    ("腾讯科技(深圳)有限公司", "腾讯科技", {"limited"}),
    ("Sogou.com", "sogou com", set()),
    ("Tencent", "tencent", set()),
])
def test_publisher_key_keeps_the_kind_of_the_legal_form(raw: str, name: str, kinds: set) -> None:
    assert publisher_key(raw) == (name, frozenset(kinds))


@pytest.mark.parametrize("inventory,listed,same", [
    ("Lark Technologies, Inc.", "Lark Technologies Pte. Ltd.", False),  # a US health company is not ByteDance's
    ("Telegram Messenger Inc.", "Telegram Messenger LLP", False),
    ("Lark Technologies Pte Ltd", "Lark Technologies Pte. Ltd.", True),
    ("Lark Technologies Limited", "Lark Technologies Pte. Ltd.", True),  # one kind: limited
    ("Lark Technologies", "Lark Technologies Pte. Ltd.", True),  # no form written: the name decides
    ("Lark Technologies, Inc.", "Lark Technologies", True),
    ("Kaspersky Lab ZAO", "AO Kaspersky Lab", True),
])
def test_two_kinds_of_legal_form_are_two_companies(inventory: str, listed: str, same: bool) -> None:
    assert publisher_key(inventory).same_company(publisher_key(listed)) is same
    family = Family()
    family.add((Publisher(listed, "legal", "verified", ""),))
    assert (family.verified(publisher_key(inventory)) is not None) is same


def test_app_level_publishers_never_join_the_company_family() -> None:
    """An app's own publishers (Trae's 'SPRING (SG) PTE. LTD', 夸克's 'Quark') confirm that app only: under a
    company-wide rule, 'QuarkXPress' by 'Quark, Inc.' is not the company's."""
    library = load_library(root=FIXTURES / "matching")
    app = next(a for a in library.apps.values() if a.company == "bytedance")
    own = dataclasses.replace(app, publishers=(Publisher("Quark", "arp", "verified", "fixture"),))
    apps = {**library.apps, app.id: own}
    families = PublisherFamilies(apps, library.companies)
    assert families.companies(publisher_key("Quark, Inc.")) == frozenset()
    assert families.apps(publisher_key("Quark")) == {app.id}
