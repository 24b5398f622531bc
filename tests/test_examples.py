"""The example fleet's people have names a reader takes for real: no digits, every one different, the same on
every run of the generator (the demo's "Act first" opens with one of them)."""
from __future__ import annotations

import csv
import re

from examples.generate_fleet import FIRST, INITIALS, LAST, person
from tests.conftest import REPO


def test_generated_people_have_distinct_names_without_digits() -> None:
    count = len(FIRST) * len(LAST) * (len(INITIALS) + 1)
    people = [person(i) for i in range(count)]
    assert len({name for name, _ in people}) == len({email for _, email in people}) == count
    assert not [name for name, _ in people if re.search(r"\d", name)]
    assert not [email for _, email in people if re.search(r"\d", email)]
    assert person(723) == person(723) == ("Victor A. Novak", "victor.a.novak@example.com")


def test_the_example_staff_directory_has_no_digits_in_names_or_addresses() -> None:
    with open(REPO / "examples" / "people" / "staff.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 300
    names = [r["displayName"] for r in rows]
    assert not [n for n in names if re.search(r"\d", n)] and len(set(names)) == len(names)
    assert not [r["mail"] for r in rows if re.search(r"\d", r["mail"])]


def test_a_name_made_from_an_address_keeps_the_initials_point() -> None:
    from examples.generate_people import name_from
    assert name_from("victor.a.novak@example.com") == "Victor A. Novak"
    assert name_from("ana.kim@example.com") == "Ana Kim"
