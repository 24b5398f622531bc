""""Did you mean ...?" for an id someone typed that is not known: the one helper every place that resolves ids
(app, company, pack and rule ids, org types, jurisdictions) words its hint with."""
from __future__ import annotations

import difflib
from typing import Dict, Iterable, List

# How alike a typed id and a known one must be (difflib's ratio): 'bytedanse' / 'bytedance' is 0.89,
# 'tiktok-shop-seler' / 'tiktok-shop-seller' 0.97; 'wechat' / 'whatsapp' 0.57 is not a suggestion.
_CUTOFF = 0.75
_MAX = 3


def suggestions(typed: str, known: Iterable[str]) -> List[str]:
    """The known ids most like `typed`, best first (at most three): the same id in other letter case or with
    '_' for '-'; else the ids `typed` is the start of ('federal' -> 'federal-agency'); else the closest by
    spelling. Empty when nothing is close."""
    by_fold: Dict[str, str] = {}
    for item in known:
        by_fold.setdefault(_fold(item), item)
    word = _fold(typed)
    if not word:
        return []
    if word in by_fold:
        return [by_fold[word]]
    starts = sorted(k for k in by_fold if len(word) >= 3 and k.startswith(word))
    if starts:
        return [by_fold[k] for k in starts[:_MAX]]
    return [by_fold[k] for k in difflib.get_close_matches(word, list(by_fold), n=_MAX, cutoff=_CUTOFF)]


def did_you_mean(typed: str, known: Iterable[str]) -> str:
    """' (did you mean bytedance?)', ' (did you mean a or b?)', or '' when nothing known is close."""
    found = [s for s in suggestions(typed, known) if s != typed]
    if not found:
        return ""
    return " (did you mean " + (" or ".join(found) if len(found) <= 2 else
                                ", ".join(found[:-1]) + " or " + found[-1]) + "?)"


def _fold(text: str) -> str:
    return text.strip().casefold().replace("_", "-")
