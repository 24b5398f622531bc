"""Planning reads each input's head once: what its first bytes are (a PDF, a program) and its format come
from the same bytes (auditor.sources.plan)."""
from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import BinaryIO

import pytest

from auditor.sources import plan_inputs
from auditor.textio.inputs import InputFile

CSV = "ApplicationName,ApplicationPublisher,DeviceId,Platform\nTikTok,TikTok Pte. Ltd.,d-1,Android\n"


def test_each_input_is_opened_once_to_detect_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "apps.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    (tmp_path / "notes.txt").write_text("nothing a reader takes\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("page-1.csv", CSV)
        archive.writestr("page-2.csv", CSV)
    opened: Counter = Counter()
    real_open = InputFile.open

    def counting(self: InputFile) -> BinaryIO:
        opened[self.display.replace("\\", "/").rsplit("/", 1)[-1]] += 1
        return real_open(self)

    monkeypatch.setattr(InputFile, "open", counting)
    plan = plan_inputs([tmp_path])
    said = {p.file.display.replace("\\", "/").rsplit("/", 1)[-1]: (p.reader.format_id if p.reader else p.reason)
            for p in plan.inputs}
    assert said["apps.csv"] == said["export.zip!page-1.csv"] == "intune-appinv-csv"
    assert said["report.pdf"].startswith("PDF document")
    assert said["notes.txt"].startswith("no reader recognises")
    assert opened == Counter({name: 1 for name in said}), "one read of each input's head"
