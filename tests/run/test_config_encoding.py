"""`inputs.encoding` in auditor.yaml: the CSV inputs' code page, passed to the run's plan; a name Python does
not know is refused with the key, before anything runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import AuditorError
from auditor.run.config import load_config
from auditor.run.scheduled import request_of
from tests.conftest import AS_OF


def config(tmp_path: Path, encoding: str) -> Path:
    (tmp_path / "exports").mkdir(exist_ok=True)
    path = tmp_path / "auditor.yaml"
    path.write_text("schema: fleet-auditor/config/1\ninputs:\n  paths: [exports]\n"
                    f"  encoding: {encoding}\n")
    return path


def test_the_encoding_reaches_the_request(tmp_path: Path) -> None:
    loaded = load_config(config(tmp_path, "cp1251"))
    assert loaded.encoding == "cp1251" and request_of(loaded, AS_OF).encoding == "cp1251"


def test_an_unknown_encoding_is_refused_with_its_key(tmp_path: Path) -> None:
    with pytest.raises(AuditorError, match=r"inputs\.encoding.*cp9999"):
        load_config(config(tmp_path, "cp9999"))
