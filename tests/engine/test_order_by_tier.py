"""findings.csv and findings.json list findings in the engine's order: priority, then the owner's tier, then
the deadline: a CEO's TikTok under a recent law before an elevated director's Kaspersky under an old one."""
from __future__ import annotations

import datetime as dt

from auditor.engine.evaluate import sort_key
from auditor.model import Owner, Status, Tier
from tests.render.factory import device, finding


def test_within_a_priority_the_higher_tier_comes_first() -> None:
    director = Owner("victor@example.com", "Victor Novak", Tier.ELEVATED.value, ())
    ceo = Owner("ana@example.com", "Ana Kim", Tier.CRITICAL.value, ())
    stranger = Owner("zed@example.com", "Zed", "not-a-tier", ())
    old = finding(1, device(1), priority="P1", status=Status.OVERDUE, owner=director, deadline=dt.date(2018, 10, 1))
    new = finding(2, device(2), priority="P1", status=Status.VIOLATION, owner=ceo, deadline=dt.date(2023, 3, 29))
    lower = finding(3, device(3), priority="P2", owner=ceo, deadline=dt.date(2017, 1, 1))
    odd = finding(4, device(4), priority="P1", owner=stranger, deadline=dt.date(2016, 1, 1))
    assert [f.owner.name for f in sorted([lower, odd, old, new], key=sort_key)] == [
        "Ana Kim", "Victor Novak", "Zed", "Ana Kim"]
