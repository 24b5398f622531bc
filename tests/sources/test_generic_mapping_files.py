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


@pytest.mark.parametrize("encoding,refused", [("cp1251", False), ("base64", True), ("no-such-codec", True)])
def test_a_mapping_names_a_text_encoding_as_encoding_does(tmp_path: Path, encoding: str, refused: bool) -> None:
    """The mapping's `encoding` follows the rule --encoding follows (textio.encoding.check_encoding): a codec that
    is no text encoding (base64) is refused like an unknown one."""
    (tmp_path / "rows.csv").write_text("Asset Tag,Package\nsrv-1,bash\n", encoding="utf-8")
    path = tmp_path / "m.mapping.yaml"
    path.write_text(MAPPING.format(files="files: [rows.csv]\n") + f"encoding: {encoding}\n")
    if refused:
        with pytest.raises(AuditorError, match="encoding: expected a text encoding"):
            load_mapping(path, "m.mapping.yaml")
    else:
        assert load_mapping(path, "m.mapping.yaml").encoding == "cp1251"
