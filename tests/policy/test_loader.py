"""Pack and catalog validation: errors name the file, the key path and what was expected."""
from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from auditor.errors import PolicyError
from auditor.policy import load_library, select_packs
from tests.conftest import FIXTURES

GOOD_RULE = """\
  - id: r{n}
    apps: [tiktok]
    effective: 2023-02-27
    severity: high
    remediation: Remove it.
"""


def make_root(tmp_path: Path, pack_text: str, name: str = "x.yaml") -> Path:
    root = tmp_path / "lib"
    shutil.copytree(FIXTURES / "policies" / "catalog", root / "catalog")
    (root / "packs").mkdir()
    (root / "packs" / name).write_text(textwrap.dedent(pack_text), encoding="utf-8")
    return root


def pack(rules: str, extra: str = "") -> str:
    return f"schema: fleet-auditor/pack/1\nid: x\ntitle: X\ncitation: X 1\n{extra}rules:\n{rules}"


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(PolicyError) as info:
        load_library(root=make_root(tmp_path, text))
    return str(info.value)


def test_bad_date_names_file_key_path_and_expectation(tmp_path: Path) -> None:
    rules = GOOD_RULE.format(n=0) + GOOD_RULE.format(n=1) + GOOD_RULE.format(n=2).replace("2023-02-27", "soon")
    assert error_of(tmp_path, pack(rules)) == \
        "policies/packs/x.yaml: rules[2].effective: expected a date like 2023-02-27, got 'soon'"


def test_pack_file_outside_the_library_is_named_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("org.yaml").write_text(pack(GOOD_RULE.format(n=0).replace("high", "severe")))
    with pytest.raises(PolicyError) as info:
        load_library([Path("org.yaml")], root=FIXTURES / "policies")
    assert str(info.value).startswith("org.yaml: rules[0].severity: expected one of")


@pytest.mark.parametrize("mutation,message", [
    (("effective:", "efective:"), "rules[0].efective: no such key"),
    (("severity: high", "severity: urgent"), "rules[0].severity: expected one of critical, high, medium, low, got 'urgent'"),
    (("apps: [tiktok]", "apps: [tiktokk]"), "rules[0].apps: expected catalog app ids, got unknown 'tiktokk'"),
    (("apps: [tiktok]", "apps: []"), "rules[0].apps: expected a list of catalog app ids (or companies)"),
    (("    remediation: Remove it.\n", ""), "rules[0].remediation: expected a string (required)"),
    (("id: r0", "id: R 0"), "rules[0].id: expected an id of lower-case letters, digits and '-'"),
    (("effective: 2023-02-27", "effective: 2023-02-27\n    deadline: 2023-01-01"),
     "rules[0].deadline: expected a date on or after effective (2023-02-27)"),
    (("apps: [tiktok]", "apps: [tiktok]\n    versions: ['about 3']"), "rules[0].versions[0]: expected a version constraint"),
])
def test_rule_errors(tmp_path: Path, mutation: tuple, message: str) -> None:
    text = pack(GOOD_RULE.format(n=0).replace(*mutation))
    assert message in error_of(tmp_path, text)


@pytest.mark.parametrize("text,message", [
    ("schema: fleet-auditor/pack/9\nid: x\n", "x.yaml: schema: expected 'fleet-auditor/pack/1', got 'fleet-auditor/pack/9'"),
    ("- a list\n", "x.yaml: expected a mapping, got ['a list']"),
    ("id: [unclosed\n", "x.yaml: line 2: invalid YAML"),
    ("!!python/object/apply:os.system ['echo owned']\n", "invalid YAML"),
    (pack(GOOD_RULE.format(n=0), "url: javascript:alert(1)\n"), "url: expected an http(s) URL, got 'javascript:alert(1)'"),
    (pack(GOOD_RULE.format(n=0), "status: banned\n"),
     "status: expected one of in-force, suspended, enjoined, revoked, superseded, expired, divested"),
    (pack(GOOD_RULE.format(n=0), "binds: federal-agencies\n"), "binds: expected one of federal-executive-agencies"),
    (pack(GOOD_RULE.format(n=0), "binds: state-agencies:TX\n"),
     "binds: expected state-agencies with an ISO 3166-2 subdivision after ':' (US-TX), got 'state-agencies:TX'"),
    (pack(GOOD_RULE.format(n=0), "binds: [federal-contractors, national-government:USA]\n"),
     "binds[1]: expected national-government with an ISO 3166-1 country code"),
    (pack(GOOD_RULE.format(n=0), "binds: federal-contractors:US\n"), "binds: expected federal-contractors with no ':place'"),
    (pack(GOOD_RULE.format(n=0), "binds: military@Navy!\n"), "binds: expected military with an optional '@body'"),
    (pack(GOOD_RULE.format(n=0) + GOOD_RULE.format(n=0)), "rules[1].id: expected an id not used by another rule"),
    (pack(GOOD_RULE.format(n=0), "extends: nowhere\n"), "extends: expected the id of a known pack, got 'nowhere'"),
])
def test_pack_errors(tmp_path: Path, text: str, message: str) -> None:
    assert message in error_of(tmp_path, text)


def test_yaml_alias_bomb_is_rejected_quickly(tmp_path: Path) -> None:
    bomb = "a: &a ['x','x','x','x','x','x','x','x','x']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
        f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    text = pack(GOOD_RULE.format(n=0).replace("apps: [tiktok]", "apps: *i")).replace("rules:", bomb + "rules:")
    message = error_of(tmp_path, text)
    assert "x.yaml: refused YAML: aliases expand" in message


def test_extends_inherits_overrides_and_adds(tmp_path: Path) -> None:
    root = make_root(tmp_path, pack(GOOD_RULE.format(n=0) + GOOD_RULE.format(n=1)), "base.yaml")
    (root / "packs" / "child.yaml").write_text(textwrap.dedent("""\
        schema: fleet-auditor/pack/1
        id: child
        title: Child
        citation: Org rule 7
        extends: x
        apps:
          - id: internal-tool
            name: Forbidden Internal Tool
            identifiers: [{platform: android, type: package, value: com.example.forbidden, confidence: verified}]
        rules:
          - id: r1
            apps: [wechat]
            effective: 2024-01-01
            severity: low
            remediation: Overridden.
          - id: own
            apps: [internal-tool]
            effective: 2024-01-01
            severity: medium
            remediation: Remove the internal tool.
        """), encoding="utf-8")
    library = load_library(root=root)
    child = library.packs["child"]
    assert [r.id for r in child.rules] == ["r0", "r1", "own"]
    assert child.rules[1].apps == ("wechat",) and child.rules[1].remediation == "Overridden."
    assert "internal-tool" in library.apps


def test_circular_extends(tmp_path: Path) -> None:
    root = make_root(tmp_path, pack(GOOD_RULE.format(n=0), "extends: y\n"))
    (root / "packs" / "y.yaml").write_text(pack(GOOD_RULE.format(n=0), "extends: x\n").replace("id: x", "id: y", 1))
    with pytest.raises(PolicyError, match="circular"):
        load_library(root=root)


def test_catalog_errors_name_the_file(tmp_path: Path) -> None:
    root = make_root(tmp_path, pack(GOOD_RULE.format(n=0)))
    (root / "catalog" / "bad.yaml").write_text(
        "schema: fleet-auditor/catalog/1\napps:\n  - id: foo\n    name: Foo\n"
        "    identifiers: [{platform: symbian, type: package, value: a.b, confidence: verified}]\n")
    with pytest.raises(PolicyError, match=r"policies/catalog/bad.yaml: apps\[0\].identifiers\[0\].platform: expected one of"):
        load_library(root=root)


@pytest.mark.parametrize("as_of,expected", [
    ("2020-09-01", None),  # the 2020 order is signed but not yet in force; the others are not yet signed
    ("2020-09-20", ["test-revoked"]),  # in force between identification and injunction
    ("2020-10-01", None),  # enjoined
    ("2021-07-01", None),  # revoked
    ("2023-01-01", ["test-bytedance", "test-wechat"]),
    ("2026-11-23", ["test-bytedance", "test-wechat"]),
])
def test_default_selection_follows_status_history(test_library, as_of: str, expected: list) -> None:  # type: ignore[no-untyped-def]
    if expected is None:  # nothing in force that day: a usage error, never a clean audit of nothing
        with pytest.raises(PolicyError, match=f"no pack to evaluate: on {as_of} no pack in force"):
            select_packs(test_library, [], dt.date.fromisoformat(as_of))
        return
    assert [p.id for p in select_packs(test_library, [], dt.date.fromisoformat(as_of))] == expected


def test_revoked_pack_evaluated_when_named(test_library) -> None:  # type: ignore[no-untyped-def]
    (chosen,) = select_packs(test_library, ["test-revoked"], dt.date(2026, 11, 23))
    assert chosen.status_on(dt.date(2026, 11, 23)) == "revoked"
    assert chosen.status_on(dt.date(2020, 9, 21)) == "in-force"
    assert chosen.status_on(dt.date(2020, 10, 1)) == "enjoined"
    assert chosen.status_on(dt.date(2020, 1, 1)) == "not-yet-signed"


@pytest.mark.parametrize("jurisdictions,expected", [
    (("US",), ["test-bytedance", "test-wechat"]),
    (("us",), ["test-bytedance", "test-wechat"]),
    (("all",), ["test-bytedance", "test-wechat"]),
])
def test_default_selection_by_jurisdiction(test_library, jurisdictions: tuple, expected: list) -> None:  # type: ignore[no-untyped-def]
    assert [p.id for p in select_packs(test_library, [], dt.date(2026, 11, 23), jurisdictions)] == expected


def test_shipped_library_default_selection() -> None:
    """The shipped default (US) excludes other countries, states, agency-internal and template packs."""
    library = load_library()
    chosen = {p.id for p in select_packs(library, [], dt.date(2026, 11, 23))}
    assert "us-no-tiktok-on-government-devices-act-2022" in chosen
    assert all(library.packs[p].jurisdiction == "US" for p in chosen)
    assert not chosen & {"org-template", "us-navy-deepseek-2025", "us-eo13942-commerce-tiktok-2020"}
    everything = {p.id for p in select_packs(library, [], dt.date(2026, 11, 23), ("all",))}
    assert {"eu-commission-tiktok-2023", "us-tx-sb1893-2023", "au-pspf-direction-001-2023-tiktok"} <= everything
    # transaction bans (India's blocking order binds app stores) and the contractor clause are never adopted
    assert not everything & {"us-eo13971-eight-apps-2021", "org-template", "in-meity-59-apps-2020",
                             "us-bis-kaspersky-final-determination-2024", "us-far-52-204-27-2023"}


def test_the_same_pack_file_named_twice_or_a_shipped_pack_by_path(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(pack(GOOD_RULE.format(n=0), "apps:\n  - {id: own-app, name: Own App}\n").replace("id: x", "id: org", 1))
    library = load_library([org, org], root=FIXTURES / "policies")
    assert "org" in library.packs and "own-app" in library.apps
    shipped = FIXTURES / "policies" / "packs" / "test-wechat.yaml"
    assert "test-wechat" in load_library([shipped], root=FIXTURES / "policies").packs


def test_an_impossible_date_names_key_path_and_line(tmp_path: Path) -> None:
    """YAML refuses 2026-02-30 as a whole file; the error still names the key, the value and its line."""
    rules = GOOD_RULE.format(n=0) + GOOD_RULE.format(n=1).replace("2023-02-27", "2026-02-30")
    message = error_of(tmp_path, pack(rules))
    assert message == ("policies/packs/x.yaml: rules[1].effective: expected a date like 2023-02-27, got '2026-02-30' "
                       "(day is out of range for month; line 13)")
    lines = pack(rules).splitlines()
    assert lines[13 - 1].strip() == "effective: 2026-02-30"


def test_a_typo_in_a_company_id_is_not_a_new_company(tmp_path: Path) -> None:
    extra = "companies:\n  - {id: bytedanse, publishers: [Example Pte. Ltd.]}\n"
    message = error_of(tmp_path, pack(GOOD_RULE.format(n=0), extra))
    assert message.startswith("policies/packs/x.yaml: companies[0].id: unknown company 'bytedanse' "
                              "(did you mean bytedance?)")
    extra = "companies:\n  - {id: acme, name: Acme Ltd, publishers: [Acme Ltd]}\n"  # a new company with a name
    assert "acme" in load_library(root=make_root(tmp_path / "new", pack(GOOD_RULE.format(n=0), extra))).companies


@pytest.mark.parametrize("mutation,message", [
    (("apps: [tiktok]", "apps: [tiktokk]"), "got unknown 'tiktokk' (did you mean tiktok?)"),
    (("apps: [tiktok]", "companies: [bytedanse]"), "got unknown 'bytedanse' (did you mean bytedance?)"),
    (("severity: high", "severty: high"), "rules[0].severty: no such key (did you mean severity?)"),
])
def test_unknown_ids_and_keys_get_a_suggestion(tmp_path: Path, mutation: tuple, message: str) -> None:
    assert message in error_of(tmp_path, pack(GOOD_RULE.format(n=0).replace(*mutation)))


def test_remediation_for_binding_and_adopted(tmp_path: Path) -> None:
    both = GOOD_RULE.format(n=0).replace("remediation: Remove it.",
                                         "remediation: {binding: Agency head decides., adopted: You decide.}")
    rule = load_library(root=make_root(tmp_path / "ok", pack(both))).packs["x"].rules[0]
    assert (rule.remediation, rule.remediation_adopted) == ("Agency head decides.", "You decide.")
    half = GOOD_RULE.format(n=0).replace("remediation: Remove it.", "remediation: {binding: Agency head decides.}")
    assert "rules[0].remediation.adopted: expected what to do where it is adopted" in error_of(tmp_path, pack(half))


@pytest.mark.parametrize("layout,problem", [(None, "no such folder"), ((), "no packs/*.yaml and no catalog/*.yaml"),
                                            (("catalog",), "no packs/*.yaml")])
def test_a_library_variable_naming_no_library_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       layout: object, problem: str) -> None:
    library = tmp_path / "lib"
    if layout is not None:
        library.mkdir()
        for sub in layout:  # type: ignore[attr-defined]
            shutil.copytree(FIXTURES / "policies" / sub, library / sub)
    monkeypatch.setenv("FLEET_AUDITOR_POLICIES", str(library))
    with pytest.raises(PolicyError) as info:
        load_library()
    assert str(info.value).startswith(f"FLEET_AUDITOR_POLICIES={library}: {problem}; expected a policy library")
