"""What changed in the law between two runs (issue 18): the history (a real SQLite file) records the packs
each run evaluated (id, status, binding, sha256); the next run lists the packs added and those whose status
changed or gained a status_history entry since, with the event and its source, in summary.md and findings.json."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Sequence, Tuple

from auditor.model import PackChange
from auditor.run import AuditRequest, OutputFolder, run_once
from tests.packs.test_pack_cases import _write

TIKTOK = {"platform": "android", "identifier": "com.zhiliaoapp.musically", "name": "TikTok", "device": "phone-1"}


def run_at(tmp_path: Path, as_of: str, policies: Sequence[str] = (), org_types: Sequence[str] = ()) \
        -> Tuple[Tuple[PackChange, ...], str]:
    inventory = _write(tmp_path / "inventory", [TIKTOK])
    out = tmp_path / f"out-{as_of}"
    outcome = run_once(AuditRequest(inputs=(inventory,), as_of=dt.date.fromisoformat(as_of), policies=tuple(policies),
                                    org_types=tuple(org_types), max_export_age_days=10 ** 6,
                                    history=tmp_path / "history.sqlite"), OutputFolder(out))
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert document["policy_changes"] == [
        {"policy": c.pack_id, "title": c.title, "change": c.change, "before": c.before or None, "after": c.after,
         "event": c.event or None, "source": c.source or None} for c in outcome.result.pack_changes]
    return outcome.result.pack_changes, (out / "summary.md").read_text(encoding="utf-8")


def test_pafaca_through_its_status_history(tmp_path: Path) -> None:
    pack = ["us-pafaca-2024"]
    changes, summary = run_at(tmp_path, "2025-01-19", pack, ["app-store-or-host"])
    assert changes == () and "Policy changes" not in summary  # nothing to compare with

    changes, summary = run_at(tmp_path, "2025-01-20", pack, ["app-store-or-host"])
    (change,) = changes
    assert (change.change, change.before, change.after) == ("status", "in-force", "suspended")
    assert change.event.startswith("EO 14166: the Attorney General is not to enforce the Act for 75 days")
    assert change.source == "https://regulations.justia.com/regulations/fedreg/2025/01/30/2025-02087.html"
    assert ("- **Protecting Americans from Foreign Adversary Controlled Applications Act (TikTok divest-or-ban "
            "law)** (`us-pafaca-2024`): in force → enforcement suspended: EO 14166") in summary

    # the same status, but the law moved on: the latest entry since the previous run is reported
    (change,) = run_at(tmp_path, "2025-09-26", pack, ["app-store-or-host"])[0]
    assert (change.before, change.after) == ("suspended", "suspended")
    assert change.event.startswith("EO 14352 determines that the framework deal")

    (change,) = run_at(tmp_path, "2026-01-22", pack, ["app-store-or-host"])[0]
    assert (change.before, change.after) == ("suspended", "divested")
    assert "TikTok USDS Joint Venture LLC closes" in change.event and "zawya.com" in change.source

    assert run_at(tmp_path, "2026-12-06", pack, ["app-store-or-host"])[0] == ()  # nothing new since


def test_a_new_law_is_added_to_a_default_audit(tmp_path: Path) -> None:
    assert run_at(tmp_path, "2025-12-17")[0] == ()
    changes, summary = run_at(tmp_path, "2025-12-18")
    (change,) = changes
    assert (change.pack_id, change.change, change.after) == ("us-ndaa-fy2026-s6604-deepseek", "added", "in-force")
    assert change.source == "https://www.govinfo.gov/bulkdata/PLAW/119/public/PLAW-119publ60.xml"
    assert "## Policy changes since the last run" in summary and "now evaluated (in force): NDAA FY2026" in summary


def test_a_pack_that_leaves_the_default_selection_by_status_is_reported(tmp_path: Path) -> None:
    """The previous run evaluated BOD 17-01 (in force, binding an agency, that day); this one does not
    (superseded by NDAA sec. 1634 on 2018-10-01): still listed. (Transaction bans such as PAFACA are never a
    default, so they cannot leave the default selection.)"""
    run_at(tmp_path, "2018-09-30", org_types=["federal-agency"])
    changes, _ = run_at(tmp_path, "2018-10-02", org_types=["federal-agency"])
    assert [(c.pack_id, c.before, c.after) for c in changes] == [("us-dhs-bod-17-01-kaspersky-2017", "in-force",
                                                                  "superseded")]


def test_history_rows_from_before_packs_were_recorded_give_no_changes(tmp_path: Path) -> None:
    run_at(tmp_path, "2025-12-17")
    with sqlite3.connect(tmp_path / "history.sqlite") as conn:
        conn.execute("DELETE FROM run_packs")  # a history written by a version that did not record packs
    assert run_at(tmp_path, "2025-12-18")[0] == ()
    with sqlite3.connect(tmp_path / "history.sqlite") as conn:
        rows = conn.execute("SELECT pack_id, status, binding, length(sha256) FROM run_packs "
                            "ORDER BY pack_id").fetchall()
    assert ("us-ndaa-fy2026-s6604-deepseek", "in-force", "adopted", 64) in rows and len(rows) == 3
