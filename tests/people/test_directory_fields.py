"""The staff readers hand a record on as its values in FIELDS order and load_directory reads each where it belongs:
every column lands in its own Person field, from CSV and JSON alike."""
from __future__ import annotations

import json
from pathlib import Path

from auditor.people.directory import load_directory

ROW = {"mail": "ana.kim@example.com", "userPrincipalName": "ana@corp.example", "employeeId": "E-1",
       "sAMAccountName": "akim", "displayName": "Ana Kim", "title": "Founder & CEO", "department": "Office",
       "manager": "board@example.com", "groups": "VIP;Travel", "clearance": "Secret", "sponsor": "s@example.com",
       "relationship": "spouse"}


def _check(path: Path) -> None:
    (person,) = load_directory(path).people
    assert person.identifiers == ("ana.kim@example.com", "ana@corp.example", "e-1", "akim")
    assert (person.email, person.name, person.title, person.department, person.manager, person.groups,
            person.clearance, person.sponsor, person.relationship) == (
        "ana.kim@example.com", "Ana Kim", "Founder & CEO", "Office", "board@example.com", ("VIP", "Travel"),
        "Secret", "s@example.com", "spouse")


def test_every_csv_column_lands_in_its_field(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(",".join(reversed(ROW)) + "\n" + ",".join(reversed(list(ROW.values()))) + "\n",
                     encoding="utf-8")  # columns in another order than FIELDS
    _check(staff)


def test_every_json_key_lands_in_its_field(tmp_path: Path) -> None:
    staff = tmp_path / "staff.json"
    staff.write_text(json.dumps({"value": [ROW]}), encoding="utf-8")
    _check(staff)
