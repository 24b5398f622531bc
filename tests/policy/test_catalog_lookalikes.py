"""The whole catalog's look-alikes never match, at any confidence, on any platform, and are never near misses:
the shipped library (policies/; FLEET_AUDITOR_POLICIES when set: run it on your own library too) and the
test libraries. `Matcher.lookalike_problems` also checks that the matching rules alone would not match a
look-alike (its name is no name or pattern of an app unless a publisher or identifier tells it apart), so a
pattern that is too loose is caught here even before a look-alike row is tried.

Run for the catalog alone: `pytest tests/policy/test_catalog_lookalikes.py`."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import List, Tuple

import pytest

from auditor.model import Platform
from auditor.policy import Library, Matcher, load_library
from auditor.resources import policies_dir
from tests.conftest import FIXTURES

LIBRARIES = {"shipped": None, "test": FIXTURES / "policies", "matching": FIXTURES / "matching"}


def libraries() -> List[Tuple[str, Library]]:
    return [(name, load_library(root=root) if root else load_library(root=policies_dir())) for name, root in
            LIBRARIES.items()]


@pytest.mark.parametrize("name,library", libraries(), ids=list(LIBRARIES))
def test_no_lookalike_matches_or_resembles_any_app(name: str, library: Library) -> None:
    matcher = Matcher(library.apps, library.companies)
    assert matcher.lookalike_problems() == []
    every_app = frozenset(library.catalog_ids())
    lookalikes = [(app, lk) for app in library.apps.values() for lk in app.lookalikes]
    assert lookalikes, f"the {name} catalog lists look-alikes"
    for app, lk in lookalikes:
        for platform in Platform:
            assert not matcher.classify(platform, lk.identifier, lk.name, lk.publisher), (app.id, lk, platform)
            assert matcher.resemblance(platform, lk.identifier, lk.name, lk.publisher, every_app) is None, (app.id, lk)


def test_a_pattern_that_matches_a_lookalike_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "policies", root)
    text = (root / "catalog" / "test.yaml").read_text(encoding="utf-8")
    # "TikTok Downloader" is a look-alike of TikTok: a pattern that admits any edition word would match it
    text = text.replace("    aliases: [musical.ly]\n", "    aliases: [musical.ly]\n    patterns:\n      - {pattern: "
                        "'tiktok(?: (?:lite|downloader))?', examples: [TikTok Lite]}\n")
    (root / "catalog" / "test.yaml").write_text(text, encoding="utf-8")
    library = load_library(root=root)
    problems = Matcher(library.apps, library.companies).lookalike_problems()
    assert any("'TikTok Downloader' matches the pattern of tiktok" in p for p in problems), problems


def test_a_name_only_lookalike_that_hides_the_real_app_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "policies", root)
    text = (root / "catalog" / "test.yaml").read_text(encoding="utf-8")
    (root / "catalog" / "test.yaml").write_text(text.replace("lookalikes: [Lark Player]", "lookalikes: [Lark]"),
                                                encoding="utf-8")
    library = load_library(root=root)
    problems = Matcher(library.apps, library.companies).lookalike_problems()
    assert any("'Lark' is a name or pattern of lark" in p for p in problems), problems
