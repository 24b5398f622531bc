"""The classifier is the one memo of what an identifier may match, its company namespace included."""
from __future__ import annotations

from collections import Counter
from typing import Optional

from auditor.policy import Library, Matcher
from auditor.policy.identifiers import Owner
from auditor.reading import Classifier
from tests.policy.test_confidence_rules import library  # noqa: F401 (fixture)


def test_a_namespace_is_looked_up_once_per_distinct_identifier(library: Library) -> None:  # noqa: F811
    matcher = Matcher(library.apps, library.companies)
    looked_up: Counter = Counter()
    owner = matcher.namespaces.owner

    def counting(key: str) -> Optional[Owner]:
        looked_up[key] += 1
        return owner(key)

    matcher.namespaces.owner = counting  # type: ignore[method-assign]
    only_wechat = Classifier(matcher, {"wechat"})
    answers = [(only_wechat.identifier_may_match("com.tencent.tmgp.sgame"),
                only_wechat.identifier_may_match("com.ss.android.article.news"))]
    first = dict(looked_up)
    assert first, "the namespace table was asked"
    for _ in range(5):
        answers.append((only_wechat.identifier_may_match("com.tencent.tmgp.sgame"),
                        only_wechat.identifier_may_match("com.ss.android.article.news")))
    assert set(answers) == {(True, False)}  # Tencent's namespace (a rule names WeChat); ByteDance's: no rule
    assert dict(looked_up) == first, "a known identifier's namespace is not looked up again"
