"""A CSV no reader recognises names the nearest layout and the required column it lacks (a renamed
ApplicationName is an Intune export with one column wrong, not "some CSV"), and always the way to read any other
layout; a file of one text cell per line is not called a CSV header."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.sources.registry import nearest_layout
from auditor.sources import registry
from auditor.textio.inputs import InputFile

INTUNE_APPS = ("ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationShortVersion,ApplicationVersion,"
               "DeviceId,DeviceName,EmailAddress,OSDescription,OSVersion,Platform,UserId,UserName,ApplicationId")


def header(text: str, rename: str = "", to: str = "") -> list:
    return [to if cell == rename else cell for cell in text.split(",")]


@pytest.mark.parametrize("rename,lacking", [("ApplicationName", "'ApplicationName'"), ("DeviceId", "'DeviceId'")])
def test_an_intune_apps_export_with_a_required_column_renamed_names_it(rename: str, lacking: str) -> None:
    hint = nearest_layout(header(INTUNE_APPS, rename, "Renamed"))
    assert hint.startswith("; nearest: Intune Discovered apps export") and f"lacks the column {lacking}" in hint


def test_a_recognised_layout_or_an_unrelated_header_names_no_nearest() -> None:
    assert nearest_layout(header(INTUNE_APPS)) == ""  # nothing required is missing: it is not a near layout
    assert nearest_layout(["employeeId", "displayName", "mail", "title"]) == ""  # a staff file shares nothing


def test_detect_says_it_and_points_to_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "apps.csv"
    path.write_text(",".join(header(INTUNE_APPS, "ApplicationName", "AppTitle")) + "\n", encoding="utf-8")
    reader, why = registry.detect(InputFile(display=str(path), path=path, size=path.stat().st_size))
    assert reader is None
    assert "nearest: Intune Discovered apps export" in why and "'ApplicationName'" in why
    assert why.endswith("a CSV of another layout is read through a generic-CSV mapping file (docs/formats.md)")


def test_one_cell_of_text_is_not_a_csv_header(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# Fleet Auditor\n\nSome text.\n", encoding="utf-8")
    reader, why = registry.detect(InputFile(display=str(path), path=path, size=path.stat().st_size))
    assert reader is None and why == "no reader recognises this content"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n\r\n", b"\n \n"])
def test_an_empty_file_is_called_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "AppInvRawData.csv"
    path.write_bytes(content)
    reader, why = registry.detect(InputFile(display=str(path), path=path, size=len(content)))
    assert reader is None and why.startswith("the file is empty")
