"""Normalising app names, publishers and identifiers for exact comparison (never substring matching).

Each kind of string has ONE normalisation here, used by the catalog loader and the matcher alike, so that a
catalog string and an inventory string are compared in the same form."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, FrozenSet, NamedTuple, Tuple, TypeVar

_SPACES = re.compile(r"\s+")
# Suffixes that inventories append to the same app: "(x64)", "(64-bit)", "(x64 en-US)", "x86_64".
_ARCH = r"(?:x64|x86|x86_64|amd64|arm64|aarch64|ia32|win64|win32|64-bit|32-bit|64 bit|32 bit|universal)"
_ARCH_SUFFIX = re.compile(r"\s*[\(\[]\s*" + _ARCH + r"(?:[\s,;]+" + _ARCH + r")*(?:[\s,;]+[a-z]{2}(?:-[a-z]{2,4})?)?"
                          r"\s*[\)\]]\s*$")
_ARCH_WORD = re.compile(r"[\s\-_]+" + _ARCH + r"\s*$")
_LOCALE_SUFFIX = re.compile(r"\s+-\s+[a-z]{2}-[a-z]{2}\s*$")
# A trailing version needs a dot ("3.9.12", "v1.2"): a bare number ("Office 365") is part of a name.
_VERSION_SUFFIX = re.compile(r"[\s\-_]+(?:v(?:er(?:sion)?)?\.?\s*)?\d+(?:\.\d+)+[\w\-.+]*\s*$")
_DOT_APP = re.compile(r"\.app$")
# The install scope VS Code-family installers append to the uninstall entry of a per-user or per-machine
# install: "Trae (User)", "Qoder (User)", "CodeBuddy CN (User)", "Cursor (User)".
_SCOPE_SUFFIX = re.compile(r"\s+\((?:user|machine)\)$")
# A beta channel of the same app: "WeChat Beta", "腾讯元宝Beta" (written straight after Han characters),
# "微信（测试版）" (NFKC has made the full-width parentheses ASCII).
_BETA_SUFFIX = re.compile(r"(?:(?:\s+|(?<=[\u3400-\u4dbf\u4e00-\u9fff]))\(?beta\)?|\s*\((?:beta|测试版|測試版)\))$")
# Trademark signs some installers put in names ("Dr.Web ®", "Kaspersky® Anti-Virus"); NFKC would turn ™ into
# the letters "TM", so they go before it.
_MARKS = re.compile(r"\s*[\u00ae\u2122\u00a9\u2120]")


# The matcher normalises a distinct name or publisher several times (its match, its resemblance, its near
# miss): short strings are remembered, in a bounded cache (a hostile megabyte name is never kept).
_CACHED_LENGTH = 256
T = TypeVar("T")


def _remembered(function: Callable[[str], T]) -> Callable[[str], T]:
    cached = functools.lru_cache(maxsize=1 << 14)(function)

    @functools.wraps(function)
    def normalise(raw: str) -> T:
        return cached(raw) if len(raw) <= _CACHED_LENGTH else function(raw)
    return normalise


@_remembered
def normalise_name(raw: str) -> str:
    """NFKC, case-fold, trim, collapse spaces; strip trademark signs, `.app`, a trailing version, arch/locale
    suffixes, an install-scope marker ("(User)") and a beta-channel marker."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", _MARKS.sub("", raw))).strip().casefold()
    for _ in range(4):  # suffixes stack: "WeChat 3.9.12 (x64)", "Trae 1.2 (User)"
        before = text
        text = _DOT_APP.sub("", text).strip()
        text = _SCOPE_SUFFIX.sub("", text).strip() or before
        text = _ARCH_SUFFIX.sub("", text).strip()
        text = _ARCH_WORD.sub("", text).strip()
        text = _LOCALE_SUFFIX.sub("", text).strip()
        text = _VERSION_SUFFIX.sub("", text).strip()
        text = _BETA_SUFFIX.sub("", text).strip() or text
        if text == before:
            break
    return text


_WORD = re.compile(r"\w+")
# Han, kana and hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# Publishers: a legal form says what KIND of company it is, not which one, so it is removed from the name that
# is compared; but its kind is kept beside the name, because the same name with two kinds of legal form is two
# companies: "Lark Technologies, Inc." (a US health company) is not "Lark Technologies Pte. Ltd." (ByteDance),
# "Telegram Messenger Inc." is not "Telegram Messenger LLP". The kinds are coarse on purpose (translations move
# between forms of one kind: ООО is written LLC or Ltd., 有限公司 Co., Ltd. or Limited): corporation, limited
# (private limited-liability companies of every country), partnership, joint-stock. "Co." and "Company" alone
# say no kind ("Co." is often "Co., Ltd." cut short).
_CORPORATION, _LIMITED, _PARTNERSHIP, _JOINT_STOCK = "corporation", "limited", "partnership", "joint-stock"
_FORM_KINDS = {
    **dict.fromkeys(("inc", "incorporated", "corp", "corporation", "kk", "k k"), _CORPORATION),
    **dict.fromkeys(("co ltd", "co limited", "company limited", "company ltd", "pte ltd", "pvt ltd", "pty ltd",
                     "private limited", "limited", "ltd", "pte", "plc", "llc", "l l c", "fz llc", "fzco", "fze",
                     "gmbh", "sarl", "srl", "s r l", "s r o", "sro", "bv", "b v", "sl", "s l", "sas", "ooo", "ооо"),
                    _LIMITED),
    **dict.fromkeys(("lp", "llp"), _PARTNERSHIP),
    **dict.fromkeys(("jsc", "pjsc", "ojsc", "cjsc", "ao", "zao", "oao", "pao", "ао", "зао", "оао", "пао",
                     "ag", "sa", "s a", "spa", "s p a", "nv", "n v", "oy", "ab", "as", "a s"), _JOINT_STOCK),
    **dict.fromkeys(("co", "company"), ""),
}
# Removed as whole words at the end (and, for the forms written first, at the start: "AO Kaspersky Lab"), longest
# first, repeatedly, never leaving nothing. Written as they are after punctuation became spaces ("Co., Ltd." ->
# "co ltd").
_LEGAL_SUFFIXES = tuple(sorted((tuple(form.split()) for form in _FORM_KINDS), key=len, reverse=True))
_LEGAL_PREFIXES = tuple(sorted((tuple(form.split()) for form in (
    "ao", "zao", "oao", "ooo", "pao", "jsc", "pjsc", "ojsc", "cjsc", "ао", "зао", "оао", "ооо", "пао")),
    key=len, reverse=True))
# Chinese legal forms are written without spaces: "北京字节跳动科技有限公司" (all limited companies).
_CHINESE_LEGAL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)$")
# A parenthesised part: the city of a subsidiary ("腾讯科技(深圳)有限公司", "(Shenzhen)") or a legal name
# repeated ("Kingsoft Office Software (Zhuhai Kingsoft Office Software Co., Ltd.)").
_PARENTHESISED = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


class PublisherKey(NamedTuple):
    """A publisher as it is compared: its normalised name, and the kinds of the legal forms removed from it."""

    name: str
    kinds: FrozenSet[str]  # empty: no legal form written (or only "Co.")

    def same_company(self, other: "PublisherKey") -> bool:
        """The same name, and legal forms of one kind (or no form on either side)."""
        return self.name == other.name and (not self.kinds or not other.kinds or bool(self.kinds & other.kinds))


@_remembered
def publisher_key(raw: str) -> PublisherKey:
    """The one form in which publishers are compared: NFKC (full-width folded), case-folded, parenthesised
    parts and punctuation removed, legal forms (Co., Ltd., Pte. Ltd., Inc., LLC, AO, GmbH, 有限公司, ...)
    removed and their kinds kept. "Beijing Feishu Technology Co., Ltd." -> "beijing feishu technology"
    (limited); "AO Kaspersky Lab" -> "kaspersky lab" (joint-stock); "腾讯科技(深圳)有限公司" -> "腾讯科技"
    (limited)."""
    text = unicodedata.normalize("NFKC", raw).casefold().strip()
    without = _PARENTHESISED.sub(" ", text).strip()
    text = without or text
    kinds = set()
    stripped = _CHINESE_LEGAL.sub("", text).strip()
    if stripped and stripped != text:
        kinds.add(_LIMITED)
        text = stripped
    words = _PUNCTUATION.sub(" ", text).split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in _LEGAL_SUFFIXES:
            if len(words) > len(form) and tuple(words[-len(form):]) == form:
                words = words[:-len(form)]
                kinds.add(_FORM_KINDS[" ".join(form)])
                changed = True
                break
        for form in _LEGAL_PREFIXES:
            if len(words) > len(form) and tuple(words[:len(form)]) == form:
                words = words[len(form):]
                kinds.add(_FORM_KINDS[" ".join(form)])
                changed = True
                break
    if len(words) == 1:
        word = _CHINESE_LEGAL.sub("", words[0])  # "公司" parts left after punctuation split a name
        if word and word != words[0]:
            kinds.add(_LIMITED)
        words = [word or words[0]]
    kinds.discard("")
    return PublisherKey(" ".join(words), frozenset(kinds))


def normalise_publisher(raw: str) -> str:
    """The normalised name of a publisher (publisher_key without the kinds of its legal forms)."""
    return publisher_key(raw).name


def normalise_identifier(raw: str) -> str:
    return raw.strip().casefold()
