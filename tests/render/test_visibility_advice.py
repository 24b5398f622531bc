"""The advice for a device whose apps no input shows (auditor.render.actions.visibility_todo / visibility_advice):
"enrol it" only for a device no tool that sees apps lists; a device its tool lists (enrolled there) whose
apps no input of the run shows is told to export its apps instead."""
from __future__ import annotations

from pathlib import Path

from auditor.model import Owner, Ownership, Platform, Tier, Visibility
from auditor.policy import Library, select_packs
from auditor.render.actions import visibility_advice, visibility_todo
from tests.conftest import AS_OF, audit_paths
from tests.render.factory import device
from tests.reading.test_coverage import intune_pair

OWNER = Owner("ana.kim@example.com", "Ana Kim", Tier.CRITICAL, ())


def test_an_enrolled_device_without_app_rows_is_not_told_to_enrol() -> None:
    phone = device(1, Platform.IOS, tool="intune", visibility=Visibility.NONE)
    for advice in (visibility_todo(phone, OWNER), visibility_advice(phone)):
        assert "Enrol" not in advice and "enrolled in Microsoft Intune" in advice and "export the apps" in advice


def test_a_device_only_a_tool_without_app_lists_shows_is_told_to_enrol() -> None:
    chromebook = device(2, Platform.OTHER, tool="google-chromeos", visibility=Visibility.NONE)
    assert visibility_todo(chromebook, OWNER).startswith("Enrol it in ")


def test_the_audit_of_a_partial_apps_export_gives_export_advice(test_library: Library, tmp_path: Path) -> None:
    devices = [(f"pc-{i:02}", "Windows", "Corporate") for i in range(9)] + [("ip-ceo", "iOS", "Corporate")]
    folder = intune_pair(tmp_path / "p", devices, [f"pc-{i:02}" for i in range(9)])
    result = audit_paths([folder], test_library, select_packs(test_library, [], AS_OF), AS_OF,
                         max_export_age_days=100000)
    (phone,) = [d for d, _ in result.not_visible if d.name == "IP-CEO"]
    assert phone.app_visibility == Visibility.NONE and phone.ownership == Ownership.CORPORATE
    assert "export the apps of every device" in visibility_todo(phone, OWNER)


def test_every_case_has_its_words_for_one_person_and_for_a_group() -> None:
    cases = {
        "enrolled, no apps shown": device(3, Platform.IOS, tool="intune", visibility=Visibility.NONE),
        "not enrolled": device(4, Platform.OTHER, tool="google-chromeos", visibility=Visibility.NONE),
        "personal": device(5, Platform.IOS, visibility=Visibility.MANAGED_ONLY, ownership=Ownership.PERSONAL),
        "partial": device(6, Platform.ANDROID, visibility=Visibility.MANAGED_ONLY),
    }
    todos = {name: visibility_todo(d, OWNER) for name, d in cases.items()}
    advice = {name: visibility_advice(d) for name, d in cases.items()}
    assert all(isinstance(t, str) and t for t in list(todos.values()) + list(advice.values()))
    assert len(set(todos.values())) == len(set(advice.values())) == 4  # one wording per case, in each
    assert "Ask Ana Kim" in todos["personal"] and "Ask each owner" in advice["personal"]
    assert todos["partial"].startswith("Turn on full app inventory for it")
    assert advice["partial"].startswith("Turn on full app inventory for each")
