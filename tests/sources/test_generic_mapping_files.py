"""A mapping whose `files:` is an empty list says what it got ([]), not None (REPORT4 small item)."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.sources.generic_csv import load_mapping

MAPPING = ("schema: fleet-auditor/generic-csv/1\ntool: asset-db\n{files}platform: linux\n"
           "columns: {{device_id: Asset Tag, app_name: Package}}\n")


@pytest.mark.parametrize("files,got", [("files: []\n", "got []"), ("", "got None")])
def test_an_empty_or_missing_files_list_says_what_it_got(tmp_path: Path, files: str, got: str) -> None:
    path = tmp_path / "m.mapping.yaml"
    path.write_text(MAPPING.format(files=files))
    with pytest.raises(AuditorError, match=r"files: expected a list of CSV files \(relative to the mapping file\), "
                                           + got.replace("[", r"\[").replace("]", r"\]")):
        load_mapping(path, "m.mapping.yaml")
