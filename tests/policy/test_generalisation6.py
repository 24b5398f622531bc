"""Subsidiary coverage from ownership disclosures (match6; docs/sources-notes.md, 'Subsidiary coverage from
ownership disclosures'): the subsidiaries and units added to the companies that packs ban as a whole, tested on
real spellings that are not the held-out rows (each with its source key), and the look-alikes that must stay
clean because a namespace or a brand was narrowed on purpose (com.duowan. is YY's, 'cainiao' and 'Pico' are
ordinary words, 'Riot' names other software, 虎牙 is an ordinary word). Each finding test fails if the catalog entry
it rests on is removed; each look-alike test fails if the entry is widened (a prefix claimed whole, a brand added
or its `legal_entity: false` dropped)."""
from __future__ import annotations

from typing import Set, Tuple

import pytest

from auditor.model import Platform
from auditor.policy import Matcher
from tests.policy.test_confidence_rules import P
# the shipped library, its matcher (a module fixture) and the classification as (app, mode, confidence) triples
from tests.policy.test_generalisation2 import _classify, shipped  # noqa: F401

Found = Set[Tuple[str, str, str]]


# ----------------------------------------------------------------- findings: one or more real spellings per unit
@pytest.mark.parametrize("platform,identifier,name,publisher,expected", [
    # Huya (Tencent): Huya Live's own id under YY's com.duowan. (huya-ids: GKD rules), huya.com's namespace
    ("android", "com.duowan.kiwi", "虎牙直播", "", {("company:tencent", "namespace", P)}),
    ("android", "com.huya.nftv", "com.huya.nftv", "", {("company:tencent", "namespace", P)}),
    # ... its product name alone, and a publisher with its Latin brand and a legal form
    ("windows", "", "虎牙直播", "", {("company:tencent", "name", P)}),
    ("windows", "", "Huya Assistant", "Huya Inc.", {("company:tencent", "publisher", P)}),
    # Riot Games (Tencent): the Wild Rift package and the macOS game client's bundle id (riot-ids)
    ("android", "com.riotgames.league.wildrift", "League of Legends: Wild Rift", "",
     {("company:tencent", "namespace", P)}),
    ("macos", "com.riotgames.LeagueofLegends.GameClient", "League of Legends", "",
     {("company:tencent", "namespace", P)}),
    # ... and its products by name where no id is reported (Windows uninstall rows)
    ("windows", "", "League of Legends", "", {("company:tencent", "name", P)}),
    ("windows", "", "VALORANT", "", {("company:tencent", "name", P)}),
    # Kuwo (Tencent Music): the Mac bundle id macOS cleaners name (kuwo-mac-id)
    ("macos", "com.kuwo.mac", "酷我音乐", "", {("company:tencent", "namespace", P)}),
    # ArtHub, a Tencent CROS product: its winget Publisher (wg-arthub)
    ("windows", "", "ArtHub", "ArtHub, Inc.", {("company:tencent", "publisher", P)}),
    # PICO (ByteDance): PICO OS's keyguard (pico-ids), and a publisher with PICO's Chinese name and a legal form
    # (the entity is composed; the brand 小鸟看看 is sourced)
    ("android", "com.picovr.keyguard", "com.picovr.keyguard", "", {("company:bytedance", "namespace", P)}),
    ("windows", "", "PICO Connect", "青岛小鸟看看科技有限公司", {("company:bytedance", "publisher", P)}),
    # Pipixia (ByteDance): both ids (pipixia-ids), a lite build's variant id, and the name alone
    ("android", "com.sup.android.superb", "皮皮虾", "", {("pipixia", "identifier", P)}),
    ("ios", "com.sup.iphone.superb", "皮皮虾", "", {("pipixia", "identifier", P)}),
    ("android", "com.sup.android.superb.lite", "皮皮虾极速版", "", {("pipixia", "namespace", P)}),
    ("windows", "", "皮皮虾", "", {("pipixia", "name", P)}),
    # Cainiao and Trendyol (Alibaba): the apps' own ids (cainiao-ids, trendyol-ids)
    ("android", "com.cainiao.wireless", "菜鸟", "", {("company:alibaba", "namespace", P)}),
    ("android", "trendyol.com", "Trendyol", "", {("company:alibaba", "namespace", P)}),
    # Daraz (Alibaba): its app id (daraz-ids); Tencent's games publishers' namespaces (levelinfinite-ids)
    ("android", "com.daraz.android", "Daraz", "", {("company:alibaba", "namespace", P)}),
    ("android", "com.levelinfinite.hotta.gp", "Tower of Fantasy", "", {("company:tencent", "namespace", P)}),
    ("android", "com.levelinfinite.sgameGlobal", "Honor of Kings", "", {("company:tencent", "namespace", P)}),
    ("android", "com.proximabeta.mf.uamo", "com.proximabeta.mf.uamo", "", {("company:tencent", "namespace", P)}),
    # Kaola (Alibaba since 2019): its app id (kaola-ids); NetEase's old id for it stays NetEase's (below)
    ("android", "com.kaola", "考拉海购", "", {("company:alibaba", "namespace", P)}),
])
def test_a_subsidiary_spelling_is_a_probable_finding(shipped: Matcher, platform: str, identifier: str,  # noqa: F811
                                                     name: str, publisher: str, expected: Found) -> None:
    assert _classify(shipped, platform, identifier, name, publisher) == expected


@pytest.mark.parametrize("platform,identifier,name,says", [
    ("android", "com.huya.nftv", "com.huya.nftv", "namespace of Huya, a subsidiary of Tencent Holdings Ltd. (own-huya:"),
    ("android", "com.riotgames.league.wildrift", "Wild Rift",
     "namespace of Riot Games, a subsidiary of Tencent Holdings Ltd. (own-riot:"),
    ("android", "com.picovr.keyguard", "com.picovr.keyguard",
     "namespace of PICO, a subsidiary of ByteDance Ltd. (own-pico:"),
    ("android", "com.cainiao.wireless", "菜鸟",
     "namespace of Cainiao, a subsidiary of Alibaba Group Holding Ltd. (own-cainiao:"),
    ("android", "trendyol.com", "Trendyol",
     "namespace of Trendyol, a subsidiary of Alibaba Group Holding Ltd. (own-trendyol:"),
])
def test_a_subsidiary_finding_names_the_subsidiary_and_its_ownership_source(
        shipped: Matcher, platform: str, identifier: str, name: str, says: str) -> None:  # noqa: F811
    (match,) = shipped.classify(Platform(platform), identifier, name, "")
    assert says in match.note, match.note


def test_kaspersky_uk_is_a_publisher_of_the_family_not_only_a_brand(shipped: Matcher) -> None:  # noqa: F811
    """Without the entry the brand rule would still find it ('Kaspersky' with a legal form); the note tells the two
    apart: a family publisher 'is AO Kaspersky Lab's'."""
    (match,) = shipped.classify(Platform.WINDOWS, "", "Kaspersky Unlisted Tool", "Kaspersky Lab UK Ltd.")
    assert match.app_id == "company:kaspersky" and "is AO Kaspersky Lab's" in match.note, match.note


# ------------------------------------------------------------------- look-alikes: narrowed on purpose, stay clean
@pytest.mark.parametrize("platform,identifier,name,publisher", [
    # YY's domain duowan.com is not claimed: only Huya Live's id is (composed id under com.duowan.)
    ("android", "com.duowan.mobile", "YY", ""),
    # a third party's project under com.cainiao. ('cainiao', 菜鸟 'rookie': cainiao-ids, idx:48284145575)
    ("android", "com.cainiao.home", "com.cainiao.home", ""),
    # Pipixia's name on another id is a clone; com.sup., Trendyol's com.trendyol. and Kuwo's com.kuwo. are unclaimed
    ("android", "com.example.pipixia", "皮皮虾", ""),
    ("android", "com.sup.example", "Example", ""),
    ("android", "com.trendyol.example", "Example", ""),
    ("android", "com.kuwo.example", "Example", ""),
    # 'Riot' is no brand: the Matrix client Element was called Riot (composed row)
    ("windows", "", "Riot", "New Vector Ltd"),
    # 'Pico' is no brand: Pico Technology's oscilloscope software (composed row)
    ("windows", "", "PicoScope 7 T&M", "Pico Technology"),
    # 虎牙 is marked an ordinary word: another company's name with it and a legal form is no finding (composed)
    ("windows", "", "Unlisted Product", "深圳虎牙刀具有限公司"),
    # so is Daraz ('long', 'drawer'); and com.daraz. is not claimed, only the app's id (composed rows)
    ("windows", "", "Unlisted Product", "Daraz Furniture Ltd."),
    ("android", "com.daraz.example", "Example", ""),
    ("android", "com.netease.kaola", "考拉", ""),
])
def test_a_narrowed_namespace_or_brand_stays_clean(shipped: Matcher, platform: str, identifier: str,  # noqa: F811
                                                   name: str, publisher: str) -> None:
    assert _classify(shipped, platform, identifier, name, publisher) == set()


@pytest.mark.parametrize("name,publisher,company", [
    ("Riot", "New Vector Ltd", "company:tencent"),
    ("PicoScope 7 T&M", "Pico Technology", "company:bytedance"),
])
def test_an_ordinary_word_is_not_even_a_near_miss(shipped: Matcher, name: str, publisher: str,  # noqa: F811
                                                  company: str) -> None:
    assert shipped.resemblance(Platform.WINDOWS, "", name, publisher, [company]) is None


def test_the_ordinary_word_huya_stays_a_near_miss_naming_the_subsidiary(shipped: Matcher) -> None:  # noqa: F811
    near = shipped.resemblance(Platform.WINDOWS, "", "Unlisted Product", "深圳虎牙刀具有限公司", ["company:tencent"])
    assert near is not None and near.resembles == "company:tencent" and "Huya" in near.reason, near


# ---------------------------------------------------- Tencent's game subsidiaries (own-supercell, own-miniclip)
@pytest.mark.parametrize("platform,identifier,name,says", [
    ("android", "com.supercell.hayday", "Hay Day", "namespace of Supercell, a subsidiary of Tencent Holdings Ltd."),
    ("ios", "com.supercell.laser", "Brawl Stars", "namespace of Supercell, a subsidiary of Tencent Holdings Ltd."),
    ("android", "com.miniclip.agar.io", "Agar.io", "namespace of Miniclip, a subsidiary of Tencent Holdings Ltd."),
    ("ios", "com.miniclip.8ballpool", "8 Ball Pool", "namespace of Miniclip, a subsidiary of Tencent Holdings Ltd."),
])
def test_a_game_subsidiary_id_is_a_probable_finding_of_tencent(shipped: Matcher, platform: str,  # noqa: F811
                                                                identifier: str, name: str, says: str) -> None:
    assert _classify(shipped, platform, identifier, name, "") == {("company:tencent", "namespace", P)}
    (match,) = shipped.classify(Platform(platform), identifier, name, "")
    assert says in match.note, match.note


@pytest.mark.parametrize("name,publisher", [
    ("Clash of Clans", ""),                 # a Windows row without an id (an emulator's shortcut, a PC build)
    ("Unlisted Game", "Supercell Oy"),      # Supercell's legal name as publisher
])
def test_supercell_by_name_or_publisher(shipped: Matcher, name: str, publisher: str) -> None:  # noqa: F811
    found = _classify(shipped, "windows", "", name, publisher)
    assert {app for app, _, conf in found if conf == P} == {"company:tencent"}, found


def test_supercell_is_no_brand(shipped: Matcher) -> None:  # noqa: F811
    """'Supercell' is a meteorological term: a storm tracker's publisher with a legal form is no finding."""
    assert _classify(shipped, "windows", "", "Storm Radar", "Supercell Weather Ltd.") == set()


def test_a_baidu_exhibit_8_1_entity_is_a_publisher_of_the_family(shipped: Matcher) -> None:  # noqa: F811
    """Baidu's 20-F names its principal subsidiaries (baidu-ex81): as publishers they are Baidu's family, not only
    its brand with a legal form (the note tells the two apart)."""
    (match,) = shipped.classify(Platform.WINDOWS, "", "Unlisted Tool", "Baidu Online Network Technology (Beijing) Co., Ltd.")
    assert match.app_id == "company:baidu" and "is Baidu, Inc.'s" in match.note, match.note
