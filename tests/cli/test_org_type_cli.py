"""--org-type, `org_type:`, --jurisdiction and `jurisdictions:` on the command line and in the configuration
(issues 18 and 15): a selection of nothing or an unknown code is exit 2 with nothing written; `policies list`'s
DEFAULT column is exactly what `audit` evaluates; `policies changes` lists the law's changes with sources; and a
private company's demo report never calls anything overdue under a law that does not bind it, while a federal
agency's still does."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import pytest

from auditor import cli
from tests.packs.test_pack_cases import _write

Capsys = pytest.CaptureFixture
TIKTOK = {"platform": "android", "identifier": "com.zhiliaoapp.musically", "name": "TikTok", "device": "phone-1"}


def run(args: List[str], capsys: pytest.CaptureFixture) -> Tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    out, err = capsys.readouterr()
    return int(info.value.code), out, err


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    return _write(tmp_path / "inventory", [TIKTOK])


@pytest.mark.parametrize("code,hint", [("USA", "did you mean US?"), ("US_TX", "did you mean US-TX?"),
                                       ("usa", "did you mean US?"), ("Texas", "")])
def test_unknown_jurisdiction_exits_2_and_writes_nothing(inventory: Path, tmp_path: Path, capsys: Capsys, code: str,
                                                         hint: str) -> None:
    out = tmp_path / "out"
    status, _, err = run(["audit", str(inventory), "--out", str(out), "--jurisdiction", code], capsys)
    assert status == 2 and not out.exists()
    assert f"error: jurisdiction {code!r} (--jurisdiction, or `jurisdictions:` in the configuration): no pack has " \
           f"this jurisdiction" in err
    assert hint in err and "known: AU, BE, CA, CZ, EU, GB, IN, KR, NL, NZ, TW, US, US-AL" in err
    assert "Example Corp" not in err  # the org template names an organisation, not a jurisdiction


def test_gb_is_a_known_jurisdiction(inventory: Path, tmp_path: Path, capsys: Capsys) -> None:
    status, _, _ = run(["audit", str(inventory), "--out", str(tmp_path / "o"), "--jurisdiction", "GB",
                        "--as-of", "2026-12-06", "--max-export-age", "100000"], capsys)
    packs = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["policies"]
    assert status == 1 and [(p["id"], p["binding"]) for p in packs] == [("uk-cabinet-office-tiktok-2023", "adopted")]


def test_a_date_with_nothing_in_force_exits_2(inventory: Path, tmp_path: Path, capsys: Capsys) -> None:
    status, _, err = run(["audit", str(inventory), "--out", str(tmp_path / "o"), "--as-of", "2016-01-01"], capsys)
    assert status == 2 and not (tmp_path / "o").exists()
    assert "no pack to evaluate: on 2016-01-01 no pack in force binds a 'private' organisation" in err


@pytest.mark.parametrize("org_type,expected", [
    ("federal", "expected one of private, federal-agency"),
    ("state-agency:TX", "expected state-agency with an ISO 3166-2 subdivision after ':' (US-TX)"),
])
def test_unknown_org_type_exits_2(inventory: Path, tmp_path: Path, capsys: Capsys, org_type: str,
                                  expected: str) -> None:
    status, _, err = run(["audit", str(inventory), "--out", str(tmp_path / "o"), "--org-type", org_type], capsys)
    assert status == 2 and expected in err and not (tmp_path / "o").exists()


def config(tmp_path: Path, inventory: Path, extra: str) -> Path:
    path = tmp_path / "auditor.yaml"
    path.write_text("schema: fleet-auditor/config/1\n"
                    f"inputs: {{paths: [{json.dumps(str(inventory.parent))}]}}\noutput: reports\n"
                    "max_export_age_days: 100000\n" + extra, encoding="utf-8")
    return path


def test_config_jurisdictions_typo_exits_2(inventory: Path, tmp_path: Path, capsys: Capsys) -> None:
    status, _, err = run(["run", "--config", str(config(tmp_path, inventory, "jurisdictions: [USA]\n")), "--quiet"],
                         capsys)
    assert status == 2 and "jurisdiction 'USA'" in err and "did you mean US?" in err
    assert not (tmp_path / "reports" / "latest").exists()


def test_config_org_type_typo_names_file_and_key(inventory: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = config(tmp_path, inventory, "org_type: [private, federal]\n")
    status, _, err = run(["run", "--config", str(path), "--quiet"], capsys)
    assert status == 2 and f"{path}: org_type: expected one of private, federal-agency" in err


def test_config_org_type_binds(inventory: Path, tmp_path: Path, capsys: Capsys) -> None:
    path = config(tmp_path, inventory, "org_type: federal-agency\n")
    status, _, _ = run(["run", "--config", str(path), "--as-of", "2026-12-06", "--quiet"], capsys)
    findings = json.loads((tmp_path / "reports" / "latest" / "findings.json").read_text(encoding="utf-8"))
    by_pack = {f["policy"]: (f["status"], f["binding"]) for f in findings["findings"]}
    assert status == 1 and by_pack["us-no-tiktok-on-government-devices-act-2022"] == ("overdue", "binding")
    # the contractor clause binds contractors only: an agency is not held to it a second time
    assert "us-far-52-204-27-2023" not in by_pack


def table(listing: str) -> List[Dict[str, str]]:
    """`policies list` rows by column name, cut at the header's column starts (a cell may be empty)."""
    header, *lines = listing.splitlines()
    names = re.split(r"\s{2,}", header)
    starts = [header.index(name) for name in names] + [None]
    return [{name: line[starts[i]:starts[i + 1]].strip() for i, name in enumerate(names)} for line in lines]


@pytest.mark.parametrize("options", [[], ["--org-type", "federal-agency"], ["--org-type", "state-agency:US-TX"],
                                     ["--org-type", "federal-agency@nasa", "--jurisdiction", "US-VA"],
                                     ["--jurisdiction", "all"], ["--org-type", "national-government:AU"]])
def test_policies_list_default_column_is_what_audit_evaluates(inventory: Path, tmp_path: Path, capsys: Capsys,
                                                               options: Sequence[str]) -> None:
    as_of = ["--as-of", "2026-12-06"]
    status, listing, _ = run(["policies", "list", "--wide", *as_of, *options], capsys)
    rows = table(listing)
    binding = [name for name in rows[0] if name.startswith("FOR ")][0]
    listed = {r["ID"]: r[binding] for r in rows if r["DEFAULT"] == "yes"}
    run(["audit", str(inventory), "--out", str(tmp_path / "o"), *as_of, *options, "--max-export-age", "100000",
         "--quiet"], capsys)
    packs = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))["policies"]
    assert status == 0 and listed == {p["id"]: p["binding"] for p in packs}


def test_policies_list_says_why(capsys: Capsys) -> None:
    _, listing, _ = run(["policies", "list", "--wide", "--as-of", "2026-12-06", "--org-type", "state-agency:US-TX"],
                        capsys)
    why = {r["ID"]: r["WHY"] for r in table(listing)}
    assert why["us-tx-sb1893-2023"] == "binds state agencies of US-TX and local governments of US-TX"
    assert why["us-no-tiktok-on-government-devices-act-2022"] == "adopted: a default pack of US"
    assert why["us-pafaca-2024"] == "divested on 2026-01-22"  # from its status history, not the as-of date
    assert why["us-eo13943-commerce-wechat-2020"] == "revoked on 2021-06-09"
    assert why["us-nasa-deepseek-2025"].startswith("only when named (default: false; binds US federal executive")
    assert why["us-bis-kaspersky-final-determination-2024"] == (
        "only when named: a transaction ban on the vendor and its resellers (selling or updating the product), "
        "not on using it")
    assert why["us-far-52-204-27-2023"].startswith("only when named: a contract clause that binds federal contractors")
    assert why["us-va-eo24-2022"] == "jurisdiction US-VA not selected (US)"
    assert "FOR STATE-AGENCY:US-TX" in table(listing)[0]


def test_policies_changes_since(capsys: Capsys) -> None:
    status, out, _ = run(["policies", "changes", "--since", "2025-09-01", "--as-of", "2026-12-06"], capsys)
    lines = out.splitlines()
    assert status == 0
    assert "2025-09-25  us-pafaca-2024  status: suspended  (binds app-stores-and-hosting)" in lines
    assert "    source: https://www.govinfo.gov/content/pkg/FR-2025-09-30/html/2025-19139.htm" in lines
    assert "2026-01-22  us-pafaca-2024  status: suspended -> divested  (binds app-stores-and-hosting)" in lines
    assert "2025-12-18  us-ndaa-fy2026-s6604-deepseek  new: in-force  (binds intelligence-community)" in lines
    assert "2025-12-01  be-federal-deepseek-2025  new: in-force  (binds national-government:BE)" in lines
    dates = [line[:10] for line in lines if not line.startswith(" ")]
    assert dates == sorted(dates) and min(dates) >= "2025-09-01" and max(dates) <= "2026-12-06"
    assert not any("2025-01-20" in line for line in lines)  # before --since


def test_policies_changes_refuses_a_reversed_range(capsys: Capsys) -> None:
    status, _, err = run(["policies", "changes", "--since", "2026-12-07", "--as-of", "2026-12-06"], capsys)
    assert status == 2 and "2026-12-07 is after --as-of 2026-12-06" in err


def _demo(tmp_path: Path, capsys: pytest.CaptureFixture, *options: str) -> Path:
    out = tmp_path / ("demo" + "-".join(options))
    status, _, _ = run(["demo", "--out", str(out), "--as-of", "2026-11-23", *options], capsys)
    assert status == 0
    return out


OVERDUE_WORDS = re.compile(r"\d+ days overdue|overdue under|agency device", re.IGNORECASE)


def test_a_private_companys_demo_is_never_overdue_under_a_law_for_others(tmp_path: Path, capsys: Capsys) -> None:
    out = _demo(tmp_path, capsys)  # the default org type: private
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {p["binding"] for p in document["policies"]} == {"adopted"}
    assert document["findings"] and not [f for f in document["findings"] if f["status"] == "overdue"]
    assert all(f["days_overdue"] is None for f in document["findings"])
    for name in ("summary.md", "report.html", "findings.csv", "actions.csv", "findings.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert not OVERDUE_WORDS.search(text), (name, OVERDUE_WORDS.search(text))
    rows = list(csv.DictReader(io.StringIO((out / "findings.csv").read_text(encoding="utf-8"))))
    tiktok = [r for r in rows if r["policy"] == "us-no-tiktok-on-government-devices-act-2022" and r["app"] == "tiktok"]
    assert tiktok and {r["status"] for r in tiktok} <= {"violation", "waived"}
    assert any(r["due"] == "no statutory deadline for you: your policy, in force since 2023-02-27 (the law's deadline for US federal "
                           "agencies: 2023-03-29)" for r in tiktok)
    assert "adopted as this organisation&#39;s policy" in (out / "report.html").read_text(encoding="utf-8")


def test_a_federal_agencys_demo_is_still_overdue(tmp_path: Path, capsys: Capsys) -> None:
    out = _demo(tmp_path, capsys, "--org-type", "federal-agency")
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    binding = {p["id"]: p["binding"] for p in document["policies"]}
    assert binding["us-no-tiktok-on-government-devices-act-2022"] == "binding"
    assert "us-far-52-204-27-2023" not in binding  # the contract clause binds contractors, not the agency
    overdue = [f for f in document["findings"] if f["status"] == "overdue"]
    assert overdue and {f["policy"] for f in overdue} == {"us-no-tiktok-on-government-devices-act-2022"}
    assert ("| TikTok on Pixel-0182 | us-no-tiktok-on-government-devices-act-2022 | "
            "1335 days overdue (deadline 2023-03-29) |") in (out / "summary.md").read_text(encoding="utf-8")


def test_a_contractors_demo_is_bound_by_far_only(tmp_path: Path, capsys: Capsys) -> None:
    out = _demo(tmp_path, capsys, "--org-type", "federal-contractor")
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in document["policies"] if p["binding"] == "binding"] == ["us-far-52-204-27-2023"]
    assert not [f for f in document["findings"] if f["status"] == "overdue"]  # the FAR clause sets no deadline


@pytest.mark.parametrize("org_type,hint", [("state-agency:US-TXX", "did you mean US-TX?"),
                                           ("federal-agency@nasaa", "did you mean nasa?"),
                                           ("state-agency:US-ZZ", "use --org-type private")])
@pytest.mark.parametrize("command", ["audit", "policies list"])
def test_an_org_type_whose_place_or_body_no_pack_knows_exits_2_and_writes_nothing(
        inventory: Path, tmp_path: Path, capsys: Capsys, org_type: str, hint: str, command: str) -> None:
    """A well-formed type whose place or body binds nothing would quietly drop every rule that binds the
    organisation (US-TXX: no Texas pack; @nasaa: no NASA rule): exit 2, naming it and the nearest known one."""
    out = tmp_path / "out"
    args = (["audit", str(inventory), "--out", str(out), "--as-of", "2026-11-23"] if command == "audit"
            else ["policies", "list", "--as-of", "2026-11-23"])
    code, stdout, err = run(args + ["--org-type", org_type], capsys)
    assert code == 2
    assert f"org type {org_type!r}" in err and hint in err
    assert not out.exists() and "ID" not in stdout


@pytest.mark.parametrize("org_type", ["state-agency:US-TX", "state-agency:us-tx", "federal-agency@nasa",
                                      "national-government:AU"])
def test_an_org_type_whose_place_or_body_a_pack_knows_runs(inventory: Path, tmp_path: Path, capsys: Capsys,
                                                           org_type: str) -> None:
    code, _, err = run(["audit", str(inventory), "--out", str(tmp_path / "out"), "--as-of", "2026-11-23",
                        "--org-type", org_type], capsys)
    assert code in (0, 1), err
