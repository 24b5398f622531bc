"""Normalising app names and publishers for exact comparison (never substring matching)."""
from __future__ import annotations

import re
import unicodedata

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


def normalise_publisher(raw: str) -> str:
    """NFKC, case-fold, trim, collapse spaces. Punctuation stays: publishers are compared exactly."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", raw)).strip().casefold()


def normalise_identifier(raw: str) -> str:
    return raw.strip().casefold()
