"""Near misses: inventory apps that matched nothing but resemble an app a rule names, so that an officer can
confirm them (and add them to the organisation's catalog) or dismiss them. Never findings.

An app resembles a catalog app when it has the same normalised name but an identifier the catalog does not
list, a publisher of the app's family, or a distinctive word of the app's names ("tiktok", "kaspersky",
"抖音"). Distinctive: the whole of a one-word name ("QQ", "Lark", "Telegram"), or a word of three letters or
more of a longer name that is not an ordinary word of app names ("video", "player", "security", ...). Words are
also split where a name joins them without spaces ("TencentDocs", "BaiduNetdisk_mac").

It also resembles a company's apps when its identifier lies in the company's namespace (`com.tencent.`: a rule
names an app of the company, not the company as a whole), or when its publisher carries one of the company's
brands (`companies[].brands`: "阿里巴巴" in "阿里巴巴（中国）有限公司"; a Latin brand as a whole word), or its name does
("字节跳动开发者工具", "Xiaomi ADB/Fastboot Tools"). A brand in a name is a near miss only, never a finding, even at the
start of the name: third parties name tools after the vendor whose devices or services they work with (Saki-EU's
"Xiaomi ADB/Fastboot Tools", AUR xiaomi-adb-fastboot-tools-bin; docs/sources-notes.md `brand-lookalike`). In a
name written as a package name (Debian's syntax: lower case, digits, "-", ".", "+"), a brand of five letters or
more also counts at the start of a word that runs on ("fcitx-baidupinyin"): package names join words without
capitals ("Baidubao Reader" does not resemble Baidu).
Subsidiaries' brands (`companies[].subsidiaries[].brands`: "Kugou", "iQIYI") count as the company's."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Dict, Iterator, List, Mapping, Optional, Set, Tuple

from auditor.policy.catalog import CatalogApp, Company
from auditor.policy.publishers import PublisherFamilies, company_entry_id
from auditor.policy.textnorm import PublisherKey, has_cjk, normalise_name

# Latin letters and digits, or a run of another script: "tiktok国际版" -> tiktok, 国际版.
_TOKENS = re.compile(r"[a-z0-9]+|[^\W_a-z0-9]+")
# Words a raw name joins without spaces: "TencentDocs" -> Tencent, Docs; "WeType" -> We, Type.
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

# Words that app names share without being the same app.
STOP_WORDS = frozenset("""
about agent ai all anti antivirus app apps assistant bang battery booster browser business call calls camera
center centre chat clean cleaner cleaning clash client cloud club community connect connection desktop download
downloader edition editor email endpoint enterprise explorer factory file files fly for free game games global go
guide helper hide international internet kids kings launcher legends lite live mac macos mail maker manager map
maps market master meet meeting messenger mini mobile music network new news newsfeed office player plus
privacy pro protection recorder safe saver scan scanner screen secure security selfie service shop shopping
social space status store studio sweet templates the tool tools total trade trading translate translator video
videos vpn wallet windows linux android ios wonder work workplace world your you and with
server servers workstation workstations proxy virus web console gateway storage system systems""".split())
# The same for Chinese: the generic part of a name ("QQ音乐" is QQ + 音乐, "music") is no reason to resemble it
# ("网易云音乐", NetEase's music app, is not QQ Music).
CJK_STOP_WORDS = frozenset("""
音乐 视频 浏览器 输入法 地图 会议 文档 网盘 翻译 助手 游戏 直播 新闻 相机 专业版 极速版 国际版 商城 安全 管家 读书
手机 电脑 桌面 下载 办公 邮箱 阅读器 播放器 卫士 清理 加速器 客户端""".split())


# A brand this long also counts at the start of a longer word of a package name ("fcitx-baidupinyin").
_BRAND_STEM = 5
_PACKAGE_NAME = re.compile(r"[a-z0-9][a-z0-9.+\-]*")


@dataclass(frozen=True)
class BrandHit:
    brand: str  # normalised
    company_id: str
    subsidiary: str  # "": the company's own brand
    legal_entity: bool = True  # False: an ordinary word in other companies' names (catalog `legal_entity: false`)


class Brands:
    """Every company's brands (its own and its subsidiaries'), normalised once per library."""

    def __init__(self, companies: Mapping[str, Company]) -> None:
        self._brands: List[BrandHit] = sorted(
            {BrandHit(normalise_name(b.value), c.id, b.subsidiary, b.legal_entity) for c in companies.values() for b in c.brands
             if b.value.strip()}, key=lambda h: (h.brand, h.company_id, h.subsidiary))
        # Each brand's script and length, judged once (`carried` runs for every distinct name of a fleet).
        self._judged = [(hit, has_cjk(hit.brand), len(hit.brand) >= _BRAND_STEM) for hit in self._brands]

    def __bool__(self) -> bool:
        return bool(self._brands)

    def find(self, text: str, stems: bool = False, legal_entity: bool = False) -> Optional[BrandHit]:
        """The first brand the text carries (see `carried`)."""
        return next(self.carried(text, stems, legal_entity), None)

    def carried(self, text: str, stems: bool = False, legal_entity: bool = False) -> Iterator[BrandHit]:
        """The brands the text carries: a Latin brand as a whole word (also where a raw name joins words,
        "TencentDocs"), a CJK brand anywhere in a CJK run; with `stems`, a long brand also at the start of a
        word; with `legal_entity`, only the brands that name legal entities (not those marked `legal_entity: false`)."""
        if not text or not self._brands:
            return
        key = normalise_name(text)
        words = set(tokens(key)) | {w.casefold() for w in _CAMEL.findall(text)}
        for hit, cjk, stem_long in self._judged:
            if legal_entity and not hit.legal_entity:
                continue
            brand = hit.brand
            if brand in words or (brand in key if cjk else (
                    stems and stem_long and any(w.startswith(brand) for w in words))):
                yield hit


@dataclass(frozen=True)
class Resemblance:
    """What an inventory app that matched nothing shares with a catalog app a rule names."""

    resembles: str  # the catalog app id
    reason: str


def tokens(key: str) -> Tuple[str, ...]:
    return tuple(_TOKENS.findall(key))


class Resemblances:
    """Precomputed once per library: names, distinctive words and CJK names of every catalog app."""

    def __init__(self, apps: Mapping[str, CatalogApp], companies: Mapping[str, Company],
                 families: PublisherFamilies, brands: Brands) -> None:
        """brands: the companies' brands, indexed once (the Matcher's)."""
        self.apps = apps
        self.companies = companies
        self.families = families
        self._words: Dict[str, List[str]] = {}
        self._brands = brands
        self._cjk: Dict[str, List[str]] = {}
        for app in sorted(apps.values(), key=lambda a: a.id):
            for raw in (app.name, *app.names, *app.aliases):
                key = normalise_name(raw)
                words = tokens(key)
                for word in words:
                    if has_cjk(word):
                        if len(word) >= 2 and word not in CJK_STOP_WORDS:
                            self._add(self._cjk, word, app.id)
                    elif len(words) == 1 or (len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()):
                        self._add(self._words, word, app.id)

    @staticmethod
    def _add(index: Dict[str, List[str]], key: str, app_id: str) -> None:
        if app_id not in index.setdefault(key, []):
            index[key].append(app_id)

    def of(self, name_key: str, named_by: Collection[str], identifier: str, publisher: str,
           publisher_key: Optional[PublisherKey], relevant: Collection[str], name: str = "",
           namespace: Optional[Tuple[str, str]] = None) -> Optional[Resemblance]:
        """The first resemblance of an app that matched nothing: its name names an app (the identifier told it
        apart), its identifier lies in a company's namespace, its publisher is of an app's family, its name
        shares a distinctive word, or its publisher carries a company's brand."""
        for app_id in sorted(named_by):
            if app_id in relevant:
                return Resemblance(app_id, f"same name as {self.apps[app_id].name}, but identifier "
                                           f"'{identifier}' is not one of its identifiers in the catalog")
        if namespace is not None:
            company_id, prefix = namespace
            found = self._of_company(company_id, relevant)
            if found is not None:
                return Resemblance(found, f"identifier '{identifier}' lies in {self.companies[company_id].name}'s "
                                          f"namespace '{prefix}', but the catalog does not list it")
        if publisher_key is not None:
            for app_id in sorted(self.families.apps(publisher_key)):
                if app_id in relevant:
                    app = self.apps[app_id]
                    company = self.companies.get(app.company)
                    of_company = company is not None and company.id in self.families.companies(publisher_key)
                    # an app-level publisher (夸克's "Quark") is that app's, not its company's
                    whose = f"{company.name}'s" if of_company and company else f"a publisher of {app.name}"
                    return Resemblance(app_id, f"publisher '{publisher}' is {whose}, but the catalog does not name "
                                               "this app")
        seen: Set[str] = set()
        words = tokens(name_key)
        joined = tuple(w.casefold() for w in _CAMEL.findall(name) if len(w) >= 3) if name else ()
        for word in words + tuple(w for w in joined if w not in words):
            for app_id in self._words.get(word, ()):
                if app_id in relevant and app_id not in seen:
                    return Resemblance(app_id, f"its name has the word '{word}' of {self.apps[app_id].name}")
                seen.add(app_id)
        if has_cjk(name_key):
            for part, app_ids in self._cjk.items():
                if part in name_key:
                    for app_id in app_ids:
                        if app_id in relevant:
                            return Resemblance(app_id, f"its name contains '{part}' of {self.apps[app_id].name}")
        return self._by_brand(publisher, relevant, "publisher") or self._by_brand(name or name_key, relevant, "name")

    def _of_company(self, company_id: str, relevant: Collection[str]) -> Optional[str]:
        """The catalog entry a resemblance to a company names: its entry when a rule bans the company, else the
        first of its apps a rule names."""
        entry = company_entry_id(company_id)
        if entry in relevant:
            return entry
        return next((a for a in sorted(relevant) if a in self.apps and self.apps[a].company == company_id), None)

    def _by_brand(self, text: str, relevant: Collection[str], field: str) -> Optional[Resemblance]:
        """A company's brand in the publisher or the name: a Latin brand as a whole word (also where a raw name
        joins words, "TencentDocs"), a CJK brand anywhere in a CJK run."""
        stems = field == "name" and _PACKAGE_NAME.fullmatch(text) is not None
        for hit in self._brands.carried(text, stems):
            found = self._of_company(hit.company_id, relevant)
            if found is None:
                continue
            why = ("the catalog does not know this publisher" if field == "publisher"
                   else "a name is no evidence of who made the app")
            company = self.companies[hit.company_id].name
            whose = f"{hit.subsidiary}'s (a subsidiary of {company})" if hit.subsidiary else f"{company}'s"
            return Resemblance(found, f"{field} '{text}' carries {whose} brand '{hit.brand}', but {why}")
        return None
