"""A finding on a device whose apps a complete run did not see (the device missing from the apps export, or
listed with no app row) is not resolved: it is held open (auditor.history, table held_open), persisting
when the device's apps are seen again with the app, and resolved only when they are seen without it. Real
`auditor run` nights over a real SQLite history."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.run.test_scheduled_runs import by_app, latest, run, site, write_config, write_exports  # noqa: F401


def changes(site: Path) -> dict:
    return {k: f["change"] for k, f in by_app(latest(site)).items()}


def resolved(site: Path) -> list:
    return [(r["app"], r["device_name"]) for r in latest(site)["resolved"]]


def test_a_device_whose_apps_were_not_seen_resolves_nothing(site: Path, capsys: pytest.CaptureFixture) -> None:
    config = write_config(site)
    exports = site / "exports"
    write_exports(exports, {"d1": ["TikTok"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    assert run(config, "2026-11-23", capsys) == 1
    assert changes(site) == {"tiktok@PHONE-1": "new", "tiktok@PHONE-3": "new"}

    # PHONE-3 is in the devices export with no app row (the apps export lost it): complete, but its TikTok is
    # unknown, not resolved. Before: "1 resolved (TikTok on PHONE-3)".
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 24))
    assert run(config, "2026-11-24", capsys) == 1
    assert latest(site)["complete"] is True
    assert resolved(site) == []
    with sqlite3.connect(site / "reports" / "history.sqlite") as db:
        assert db.execute("SELECT key FROM held_open").fetchall() == [
            (by_app_key(site, "2026-11-23", "PHONE-3"),)]

    # Its apps are seen again, TikTok among them: persisting (before: "reopened"), first seen kept.
    write_exports(exports, {"d1": ["TikTok"], "d3": ["TikTok"]}, dt.date(2026, 11, 25))
    assert run(config, "2026-11-25", capsys) == 1
    assert changes(site) == {"tiktok@PHONE-1": "persisting", "tiktok@PHONE-3": "persisting"}
    assert by_app(latest(site))["tiktok@PHONE-3"]["first_seen"] == "2026-11-23"


def test_a_held_finding_is_resolved_when_its_device_is_seen_without_the_app(
        site: Path, capsys: pytest.CaptureFixture) -> None:
    config = write_config(site)
    exports = site / "exports"
    write_exports(exports, {"d1": ["TikTok"], "d3": ["TikTok"]}, dt.date(2026, 11, 23))
    run(config, "2026-11-23", capsys)
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 24))  # PHONE-3's apps unseen: held open
    run(config, "2026-11-24", capsys)
    write_exports(exports, {"d1": ["TikTok"]}, dt.date(2026, 11, 25))  # and again: still held
    run(config, "2026-11-25", capsys)
    assert resolved(site) == []
    # Its apps are seen, without TikTok: resolved now (before: never, the finding had dropped out of sight).
    write_exports(exports, {"d1": ["TikTok"], "d3": ["Slack"]}, dt.date(2026, 11, 26))
    run(config, "2026-11-26", capsys)
    assert resolved(site) == [("tiktok", "PHONE-3")]
    assert changes(site) == {"tiktok@PHONE-1": "persisting"}


def by_app_key(site: Path, as_of: str, device: str) -> str:
    with sqlite3.connect(site / "reports" / "history.sqlite") as db:
        (key,) = db.execute("SELECT f.key FROM findings f JOIN runs r ON r.id = f.run_id "
                            "WHERE r.as_of = ? AND f.device_name = ?", (as_of, device)).fetchone()
    return str(key)
