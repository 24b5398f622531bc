"""Publishers as company families: ONE normalisation (legal forms, punctuation, parentheses, full-width,
Chinese legal forms), used for catalog and inventory strings alike."""
from __future__ import annotations

import pytest

from auditor.policy import load_library, normalise_publisher
from auditor.policy.publishers import PublisherFamilies
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
    assert families.companies("tiktok") == {"bytedance"}  # TikTok Pte. Ltd.
    assert families.companies("bytedance") == {"bytedance"}  # the company's own legal name
    assert families.companies("北京飞书科技") == {"bytedance"}
    assert families.companies("random apps") == frozenset()
    assert families.of_app("douyin")["douyin vision"] is False  # unverified: in the family, not confirming
    assert families.of_app("kwai") == {"kuaishou technology": True}  # an app without a company: its own
    assert "kwai" in families.apps("kuaishou technology")
    assert families.examples("tiktok") == ("Bytedance Pte. Ltd.", "TikTok Pte. Ltd.")
