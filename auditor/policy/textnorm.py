"""Normalising app names, publishers and identifiers for exact comparison (never substring matching).

Each kind of string has ONE normalisation here, used by the catalog loader and the matcher alike, so that a
catalog string and an inventory string are compared in the same form."""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Callable, Tuple

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


# The matcher normalises a distinct name or publisher several times (its match, its resemblance, its near
# miss): short strings are remembered, in a bounded cache (a hostile megabyte name is never kept).
_CACHED_LENGTH = 256


def _remembered(function: Callable[[str], str]) -> Callable[[str], str]:
    cached = functools.lru_cache(maxsize=1 << 14)(function)

    @functools.wraps(function)
    def normalise(raw: str) -> str:
        return cached(raw) if len(raw) <= _CACHED_LENGTH else function(raw)
    return normalise


@_remembered
def normalise_name(raw: str) -> str:
    """NFKC, case-fold, trim, collapse spaces; strip `.app`, a trailing version and arch/locale suffixes."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", raw)).strip().casefold()
    for _ in range(3):  # suffixes stack: "WeChat 3.9.12 (x64)"
        before = text
        text = _DOT_APP.sub("", text).strip()
        text = _ARCH_SUFFIX.sub("", text).strip()
        text = _ARCH_WORD.sub("", text).strip()
        text = _LOCALE_SUFFIX.sub("", text).strip()
        text = _VERSION_SUFFIX.sub("", text).strip()
        if text == before:
            break
    return text


_WORD = re.compile(r"\w+")
# Han, kana and hangul: scripts written without spaces between words.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def name_tokens(key: str) -> Tuple[str, ...]:
    """The words of a normalised name ("tiktok downloader" -> tiktok, downloader)."""
    return tuple(_WORD.findall(key))


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


# Publishers: legal forms say what kind of company it is, not which one. Removed as whole words at the end
# (and, for the forms written first, at the start: "AO Kaspersky Lab"), longest first, repeatedly, never
# leaving nothing. Written as they are after punctuation became spaces ("Co., Ltd." -> "co ltd").
_LEGAL_SUFFIXES = tuple(sorted((tuple(form.split()) for form in (
    "co ltd", "co limited", "company limited", "company ltd", "pte ltd", "pvt ltd", "pty ltd", "private limited",
    "limited", "ltd", "inc", "incorporated", "llc", "l l c", "corp", "corporation", "co", "company", "gmbh", "ag",
    "sa", "s a", "sas", "sarl", "srl", "s r l", "s r o", "sro", "spa", "s p a", "bv", "b v", "nv", "n v", "plc",
    "oy", "ab", "as", "a s", "kk", "k k", "pte", "jsc", "pjsc", "ojsc", "cjsc", "ao", "zao", "oao", "ooo", "pao",
    "fz llc", "fzco", "fze", "lp", "llp", "sl", "s l", "ао", "зао", "оао", "ооо", "пао")),
    key=len, reverse=True))
_LEGAL_PREFIXES = tuple(sorted((tuple(form.split()) for form in (
    "ao", "zao", "oao", "ooo", "pao", "jsc", "pjsc", "ojsc", "cjsc", "ао", "зао", "оао", "ооо", "пао")),
    key=len, reverse=True))
# Chinese legal forms are written without spaces: "北京字节跳动科技有限公司".
_CHINESE_LEGAL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)$")
# A parenthesised part: the city of a subsidiary ("腾讯科技(深圳)有限公司", "(Shenzhen)") or a legal name
# repeated ("Kingsoft Office Software (Zhuhai Kingsoft Office Software Co., Ltd.)").
_PARENTHESISED = re.compile(r"\s*[\(\[][^()\[\]]*[\)\]]\s*")
_PUNCTUATION = re.compile(r"[^\w\s]|_")


@_remembered
def normalise_publisher(raw: str) -> str:
    """The one form in which publishers are compared: NFKC (full-width folded), case-folded, parenthesised
    parts and punctuation removed, legal forms (Co., Ltd., Pte. Ltd., Inc., LLC, AO, GmbH, 有限公司, ...)
    removed. "Beijing Feishu Technology Co., Ltd." -> "beijing feishu technology"; "AO Kaspersky Lab" ->
    "kaspersky lab"; "腾讯科技(深圳)有限公司" -> "腾讯科技"."""
    text = unicodedata.normalize("NFKC", raw).casefold().strip()
    without = _PARENTHESISED.sub(" ", text).strip()
    text = without or text
    text = _CHINESE_LEGAL.sub("", text).strip() or text
    words = _PUNCTUATION.sub(" ", text).split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for form in _LEGAL_SUFFIXES:
            if len(words) > len(form) and tuple(words[-len(form):]) == form:
                words = words[:-len(form)]
                changed = True
                break
        for form in _LEGAL_PREFIXES:
            if len(words) > len(form) and tuple(words[:len(form)]) == form:
                words = words[len(form):]
                changed = True
                break
    if len(words) == 1:
        word = _CHINESE_LEGAL.sub("", words[0])  # "公司" parts left after punctuation split a name
        words = [word or words[0]]
    return " ".join(words)


def normalise_identifier(raw: str) -> str:
    return raw.strip().casefold()
