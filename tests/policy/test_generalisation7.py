"""The classes fixed after the fifth held-out evaluation (match7; docs/sources-notes.md, 'Fifth held-out evaluation
keys (ho5)'), tested on real spellings that are NOT the held-out rows (each with its source key), and the
look-alikes that must stay clean. Each finding test fails when the catalog entry or the rule it rests on is removed
(a namespace, a product name, an identifier, REPACKAGING_PREFIXES); each look-alike test fails when an entry is
widened (a namespace claimed whole, a bare name or a brand added, the prefix rule applied to names or to other
identifier types)."""
from __future__ import annotations

from typing import Set, Tuple

import pytest

from auditor.model import Platform
from auditor.policy import Matcher
from auditor.policy.identifiers import REPACKAGING_PREFIXES
from tests.policy.test_confidence_rules import C, P
# the shipped library, its matcher (a module fixture) and the classification as (app, mode, confidence) triples
from tests.policy.test_generalisation2 import _classify, shipped  # noqa: F401

Found = Set[Tuple[str, str, str]]


# ------------------------------------------------------------------------------- findings: other real spellings
@pytest.mark.parametrize("platform,identifier,name,publisher,expected", [
    # Tencent Kona JDK: the other Java versions' TencentOS rpm names (kona-jdk: install scripts and JDK paths)
    ("linux", "java-8-konajdk", "java-8-konajdk", "", {("tencent-kona-jdk", "identifier", P)}),
    ("linux", "java-11-konajdk", "java-11-konajdk", "", {("tencent-kona-jdk", "identifier", P)}),
    ("linux", "java-21-konajdk", "java-21-konajdk", "", {("tencent-kona-jdk", "identifier", P)}),
    # ... and the name its release file gives (IMPLEMENTOR_VERSION), on a row without an id
    ("macos", "", "TencentKonaJDK", "", {("tencent-kona-jdk", "name", P)}),
    # Simeji (Baidu Japan): OEM and other builds under com.simeji. (simeji-ids), not the OPPO id of the corpus
    ("android", "com.simeji.android.japanese", "Simeji", "", {("company:baidu", "namespace", P)}),
    ("android", "com.simeji.simejimonkeynote", "com.simeji.simejimonkeynote", "", {("company:baidu", "namespace", P)}),
    # ... the keyboard's name alone, on an iOS row that gives no bundle id (its label: simeji-ids)
    ("ios", "", "Simeji", "", {("company:baidu", "name", P)}),
    # Bodian (Tencent Music, Kuwo's sub-brand): the name on a Mac row without an id (bodian-ids: the app's label)
    ("macos", "", "波点音乐", "", {("company:tencent", "name", P)}),
    # Xiaomi PC Manager: its folder and process name (mi-pcmanager-ids); with Xiaomi's verified publisher, confirmed
    ("windows", "", "XiaomiPCManager", "", {("xiaomi-pc-manager", "name", P)}),
    ("windows", "", "Xiaomi PC Manager", "小米科技有限责任公司", {("xiaomi-pc-manager", "publisher+name", C)}),
    # Sogou Pinyin's Ubuntu Kylin package and Arch's repackaging of it (sogou-imebs: AUR pkgname fcitx-sogouimebs)
    ("linux", "sogouimebs", "sogouimebs", "", {("sogou-input", "identifier", P)}),
    ("linux", "fcitx-sogouimebs", "fcitx-sogouimebs", "", {("sogou-input", "namespace", P)}),
])
def test_a_fixed_class_finds_another_real_spelling(shipped: Matcher, platform: str, identifier: str,  # noqa: F811
                                                   name: str, publisher: str, expected: Found) -> None:
    assert _classify(shipped, platform, identifier, name, publisher) == expected


@pytest.mark.parametrize("platform,identifier,name,says", [
    ("android", "com.simeji.android.japanese", "Simeji",
     "namespace of Baidu Japan, a subsidiary of Baidu, Inc. (own-simeji:"),
    ("android", "com.miravia.android", "Miravia",
     "namespace of Miravia, a subsidiary of Alibaba Group Holding Ltd. (own-miravia:"),
    ("android", "cn.wenyu.bodian", "波点音乐",
     "namespace of Tencent Music Entertainment, a subsidiary of Tencent Holdings Ltd. (own-tme:"),
    ("linux", "fcitx-sogouimebs", "fcitx-sogouimebs", "Linux package 'sogouimebs' behind 'fcitx-'"),
])
def test_a_fixed_finding_says_whose_it_is(shipped: Matcher, platform: str, identifier: str, name: str,  # noqa: F811
                                          says: str) -> None:
    (match,) = shipped.classify(Platform(platform), identifier, name, "")
    assert says in match.note, match.note


def test_both_framework_prefixes_are_repackaging_prefixes() -> None:
    assert set(REPACKAGING_PREFIXES) == {"fcitx-", "fcitx5-"}


@pytest.mark.parametrize("prefix", REPACKAGING_PREFIXES)
def test_every_repackaging_prefix_finds_a_catalogued_package_behind_it(shipped: Matcher,  # noqa: F811
                                                                      prefix: str) -> None:
    identifier = f"{prefix}sogoupinyin"
    assert _classify(shipped, "linux", identifier, identifier, "") == {("sogou-input", "namespace", P)}


# ------------------------------------------------------------------------------- look-alikes: must stay clean
@pytest.mark.parametrize("platform,identifier,name,publisher", [
    # other input-method engines under the same framework prefixes (Debian / Arch package names; composed rows)
    ("linux", "fcitx-googlepinyin", "fcitx-googlepinyin", ""),
    ("linux", "fcitx-rime", "fcitx-rime", ""),
    ("linux", "fcitx5-rime", "fcitx5-rime", ""),
    ("linux", "fcitx5-chinese-addons", "fcitx5-chinese-addons", ""),
    # a third party's skins for Fcitx 5 named after Sogou's look (idx:6755107765): not Sogou's package behind a prefix
    ("linux", "fcitx5-sogou-themes", "fcitx5-sogou-themes", ""),
    # the prefix rule is for Linux packages only: the same string as an Android package is nobody's
    ("android", "fcitx-sogoupinyin", "fcitx-sogoupinyin", ""),
    # other JDK builds (composed rows: Fedora's OpenJDK, Amazon's Corretto, Adoptium's Temurin)
    ("linux", "java-17-openjdk", "java-17-openjdk", "Red Hat, Inc."),
    ("linux", "java-17-amazon-corretto-devel", "java-17-amazon-corretto-devel", "Amazon.com"),
    ("linux", "temurin-21-jdk", "temurin-21-jdk", ""),
    # a third party's 'Xiaomi PC Manager Lite' (mi-pcmanager-ids) and other makers' PC managers (pc-managers)
    ("windows", "", "Xiaomi PC Manager Lite", ""),
    ("windows", "", "华为电脑管家", ""),
    ("windows", "", "LenovoPcManager", ""),
    # namespaces narrowed on purpose: wenyu (文娱) and miravia.com are not shown to be theirs (composed ids)
    ("android", "cn.wenyu.example", "Example", ""),
    ("android", "com.miravia.example", "Example", ""),
    ("android", "com.adamrocker.example", "Example", ""),
    # Gauth is catalogued by its id and Play title only: 'gauth' is also other developers' TOTP tools (composed)
    ("linux", "gauth", "gauth", ""),
    ("macos", "", "gauth", ""),
    # Shimeji, the desktop mascot, is not Simeji (composed)
    ("windows", "", "Shimeji-ee", ""),
])
def test_a_lookalike_of_a_fixed_class_stays_clean(shipped: Matcher, platform: str, identifier: str,  # noqa: F811
                                                  name: str, publisher: str) -> None:
    assert _classify(shipped, platform, identifier, name, publisher) == set()


def test_fcitx5_sogou_is_at_most_a_near_miss_of_tencent(shipped: Matcher) -> None:  # noqa: F811
    """AUR's fcitx5-sogou (idx:1266010103) repackages openKylin's sogou-ime-ng, not a package the catalog lists:
    only the brand in its name shows, a near miss (a brand in a name is never a finding)."""
    assert _classify(shipped, "linux", "fcitx5-sogou", "fcitx5-sogou", "") == set()
    near = shipped.resemblance(Platform.LINUX, "fcitx5-sogou", "fcitx5-sogou", "", ["company:tencent", "sogou-input"])
    assert near is not None and near.resembles in {"company:tencent", "sogou-input"}, near
