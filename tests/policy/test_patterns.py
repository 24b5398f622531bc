"""Product-name patterns: refused at load when unsafe or too loose (the error names the file and key), and
each example must match its pattern."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from auditor.errors import PolicyError
from auditor.policy import load_library
from auditor.policy.patterns import PatternSet, pattern_problem
from tests.conftest import FIXTURES


def catalog_with(tmp_path: Path, patterns: str) -> Path:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "policies", root)
    (root / "catalog" / "extra.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/catalog/1
        apps:
          - id: extra
            name: Extra
            patterns:
        """) + textwrap.indent(textwrap.dedent(patterns), "      "), encoding="utf-8")
    return root


@pytest.mark.parametrize("pattern,message", [
    (r"(extra\d+)+", "a nested quantifier"),
    (r"extra(?: pro)+", "a repeated group"),
    (r"(e)xtra\1", "a backreference"),
    (r"extra.*", "a repeated letter class or wildcard"),
    (r"extra \w+", "a repeated letter class or wildcard"),
    (r"extra [a-z]{1,20}", "a repeated letter class or wildcard"),
    (r"extra(", "not a valid regular expression"),
    (r"(?i)extra", "global flags"),
])
def test_unsafe_or_loose_patterns_are_refused_naming_file_and_key(tmp_path: Path, pattern: str, message: str) -> None:
    root = catalog_with(tmp_path, f"- {{pattern: '{pattern}', examples: [Extra]}}\n")
    with pytest.raises(PolicyError) as info:
        load_library(root=root)
    assert str(info.value).startswith("policies/catalog/extra.yaml: apps[0].patterns[0].pattern: ")
    assert message in str(info.value)


def test_every_example_must_match_its_pattern(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, "- {pattern: 'extra(?: \\d+)?', examples: [Extra 10, Extra Pro]}\n")
    with pytest.raises(PolicyError) as info:
        load_library(root=root)
    assert str(info.value) == ("policies/catalog/extra.yaml: apps[0].patterns[0].examples[1]: expected a name the "
                               "pattern 'extra(?: \\\\d+)?' matches (as normalised: 'extra pro'), got 'Extra Pro'")


def test_a_pattern_needs_examples(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as info:
        load_library(root=catalog_with(tmp_path, "- {pattern: 'extra(?: \\d+)?'}\n"))
    assert "apps[0].patterns[0].examples: expected a list of real names" in str(info.value)


def test_accepted_patterns_match_whole_normalised_names_only(tmp_path: Path) -> None:
    root = catalog_with(tmp_path, "- {pattern: 'extra(?: [\\d.]+)?(?: (?:pro|для windows))?', "
                                  "examples: [Extra 10.2 Pro, EXTRA для Windows, Extra 3.1 (x64)]}\n")
    library = load_library(root=root)
    (pattern,) = library.apps["extra"].patterns
    assert pattern_problem(pattern.pattern) is None
    patterns = PatternSet([("extra", pattern.pattern)])
    assert patterns.apps("extra 10.2 pro") == ("extra",)
    assert patterns.apps("my extra 10") == () and patterns.apps("extra 10 helper") == ()
