"""The one "did you mean" helper: close ids are suggested, far ones never (a wrong hint is worse than none)."""
from __future__ import annotations

import pytest

from auditor.textio.suggest import did_you_mean, suggestions

ORG_KINDS = ["private", "federal-agency", "federal-contractor", "state-agency", "app-store-or-host"]


@pytest.mark.parametrize("typed,known,expected", [
    ("bytedanse", ["bytedance", "kaspersky", "tencent"], ["bytedance"]),  # a typo
    ("Federal-Agency", ORG_KINDS, ["federal-agency"]),  # letter case
    ("federal_agency", ORG_KINDS, ["federal-agency"]),  # '_' for '-'
    ("federal", ORG_KINDS, ["federal-agency", "federal-contractor"]),  # the start of ids
    ("wechat", ["whatsapp", "telegram"], []),  # not close: no hint
    ("", ORG_KINDS, []),
])
def test_suggestions(typed: str, known: list, expected: list) -> None:
    assert suggestions(typed, known) == expected


def test_did_you_mean_wording() -> None:
    assert did_you_mean("bytedanse", ["bytedance"]) == " (did you mean bytedance?)"
    assert did_you_mean("federal", ORG_KINDS) == " (did you mean federal-agency or federal-contractor?)"
    assert did_you_mean("a", ["ab", "ac", "ad"]) == ""  # a one-letter start is no evidence
    assert did_you_mean("abc", ["abcd", "abce", "abcf"]) == " (did you mean abcd, abce or abcf?)"
    assert did_you_mean("tiktok", ["tiktok"]) == ""  # the same id is no suggestion
