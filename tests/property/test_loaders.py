"""Policy packs, risk rules, waivers, the run configuration and the mapping files are written by people:
whatever they hold, loading ends in a value or in an AuditorError naming the file (exit 2), never in
another exception."""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Tuple

import pytest
import yaml
from hypothesis import given, strategies as st

from auditor.run.config import load_config
from auditor.errors import AuditorError
from auditor.policy import load_library
from auditor.people import load_risk
from auditor.sources.generic_csv import load_mapping as load_csv_mapping
from auditor.people import load_directory, load_mapping as load_staff_mapping
from auditor.people import load_waivers
from tests.conftest import FIXTURES
from tests.property.settings import profile

Loader = Callable[[Path], Any]

# A valid document of each kind: mutations of it reach the checks deep inside, not just the first key.
SEEDS: Dict[str, Tuple[Dict[str, Any], Loader]] = {
    "pack": ({**yaml.safe_load((FIXTURES / "policies/packs/test-bytedance.yaml").read_text()), "id": "mutant",
              "extends": "test-bytedance",
              "status_history": [{"date": "2023-01-01", "status": "in-force", "event": "signed"}]},
             lambda p: load_library([p], root=FIXTURES / "policies")),
    "risk": ({**yaml.safe_load((FIXTURES / "people/risk.yaml").read_text()),
              "priority_matrix": {"critical": {"critical": "P1", "elevated": "P1", "standard": "P2", "unknown": "P2"}}},
             load_risk),
    "waivers": ({"schema": "fleet-auditor/waivers/1", "waivers": [
        {"id": "W1", "device": "PHONE-2", "owner": "o@x.example", "app": "tiktok", "rule": "r", "policy": "p",
         "reason": "r", "approver": "a@x.example", "ticket": "T-1", "granted": "2026-01-01", "expires": "2026-11-24"}]},
        load_waivers),
    "config": ({"schema": "fleet-auditor/config/1", "organisation": "C",
                "inputs": {"paths": ["x"], "sftp": [{"url": "sftp://a@b/c/*.csv", "known_hosts": "k", "identity": "i"}],
                           "ssh": {"hosts": "h", "known_hosts": "k"}},
                "policies": ["a.yaml"], "jurisdictions": ["US"], "output": "reports",
                "retention": {"keep_runs": 3, "max_age_days": 4}, "fail_on": "high", "max_export_age_days": 7,
                "email": {"host": "h", "port": 25, "security": "none", "from": "a@b", "to": ["c@d"], "when": ["always"],
                          "password_env": "P"},
                "webhook": {"url": "https://x.example/y", "when": ["always"], "token_env": "T"},
                "log": {"level": "info", "file": "l.log"}}, load_config),
    "staff-mapping": ({"schema": "fleet-auditor/staff-mapping/1", "columns": {"email": ["Work Email"]},
                       "domain_aliases": {"sub.corp.example": "corp.example"}}, load_staff_mapping),
    "csv-mapping": ({"schema": "fleet-auditor/generic-csv/1", "tool": "t", "files": ["a.csv"],
                     "columns": {"device_id": "D", "app_name": "A"}, "platform": "linux",
                     "ownership_values": {"x": "corporate"}}, lambda p: load_csv_mapping(p, str(p))),
}

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-5, 10 ** 30), st.floats(), st.text(max_size=12), st.dates(),
                   st.sampled_from(["[a", "(?P<", "**", "../..", "\x00", "2026-13-45", "P9", "in-force", "corporate"]))
JUNK = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none()), inner, max_size=3)),
    max_leaves=8)


def key_paths(value: Any, prefix: Tuple[Any, ...] = ()) -> Iterator[Tuple[Any, ...]]:
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from key_paths(child, prefix + (key,))


def replaced(document: Any, path: Tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    out = copy.deepcopy(document)
    cursor = out
    for key in path[:-1]:
        cursor = cursor[key]
    cursor[path[-1]] = value
    return out


def load_or_refuse(loader: Loader, text: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_bytes(text)
        try:
            loader(path)
        except AuditorError as exc:
            assert str(path) in str(exc) or "file.yaml" in str(exc), f"the error must name the file: {exc}"


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_seed_documents_are_valid(kind: str) -> None:
    seed, loader = SEEDS[kind]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.yaml"
        path.write_text(yaml.safe_dump(seed))
        loader(path)  # the mutations below start from a document that loads


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_any_value_anywhere_is_loaded_or_refused_clearly(kind: str) -> None:
    seed, loader = SEEDS[kind]
    paths: List[Tuple[Any, ...]] = list(key_paths(seed))

    @profile(40)
    @given(st.sampled_from(paths), JUNK)
    def check(path: Tuple[Any, ...], value: Any) -> None:
        load_or_refuse(loader, yaml.safe_dump(replaced(seed, path, value), allow_unicode=True).encode())
    check()


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_arbitrary_bytes_are_loaded_or_refused_clearly(kind: str) -> None:
    seed, loader = SEEDS[kind]
    text = yaml.safe_dump(seed).encode()

    @profile(30)
    @given(st.one_of(st.binary(max_size=512), st.tuples(st.integers(0, len(text)), st.binary(max_size=64)).map(
        lambda t: text[:t[0]] + t[1] + text[t[0]:])))
    def check(data: bytes) -> None:
        load_or_refuse(loader, data)
    check()


@profile(40)
@given(st.one_of(st.binary(max_size=512), st.text(max_size=300).map(lambda t: t.encode("utf-8")),
                 st.lists(st.dictionaries(st.sampled_from(["mail", "displayName", "title", "sponsor", "memberOf"]),
                                          st.one_of(st.text(max_size=10), st.integers(), st.none(), st.lists(st.text())),
                                          max_size=4), max_size=4).map(lambda v: yaml.safe_dump(v).encode())))
def test_staff_directory_bytes_are_read_or_refused_clearly(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, head in (("staff.csv", b""), ("staff.json", b"[")):
            path = Path(folder) / name
            path.write_bytes(head + data)
            try:
                directory = load_directory(path)
            except AuditorError:
                continue
            assert all(p.source == str(path) for p in directory.problems)
