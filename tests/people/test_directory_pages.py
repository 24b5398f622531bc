"""A JSON staff directory that is one page of several (Graph's @odata.nextLink, Google's nextPageToken) is refused
with what to do, never read as the whole staff: the people on the other pages would rank as unknown."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.people.directory import load_directory

PEOPLE = [{"mail": "ana.kim@example.com", "displayName": "Ana Kim", "jobTitle": "CEO"},
          {"mail": "bo.li@example.com", "displayName": "Bo Li", "jobTitle": "Designer"}]


@pytest.mark.parametrize("key,value", [("@odata.nextLink", "https://graph.microsoft.com/v1.0/users?$skiptoken=X"),
                                       ("nextPageToken", "Q0FFU0FJ")])
def test_a_page_that_names_the_next_is_refused(tmp_path: Path, key: str, value: str) -> None:
    staff = tmp_path / "users.json"
    staff.write_text(json.dumps({"value": PEOPLE, key: value}), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_directory(staff)
    message = str(info.value)
    assert "users.json" in message and key in message and "2 people" in message and "every page" in message


def test_the_last_page_and_a_plain_list_are_read(tmp_path: Path) -> None:
    last = tmp_path / "last.json"
    last.write_text(json.dumps({"value": PEOPLE, "@odata.nextLink": None}), encoding="utf-8")  # no next page
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(PEOPLE), encoding="utf-8")
    for path in (last, plain):
        assert [p.email for p in load_directory(path).people] == ["ana.kim@example.com", "bo.li@example.com"]
