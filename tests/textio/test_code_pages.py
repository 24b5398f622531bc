"""Exports that went through the wrong code page (auditor.textio.encoding.CodePageSigns): a Cyrillic
Windows-1251 file read as Windows-1252 (runs of accented letters), and names saved as '??' by a code page that
lacks their characters, make the run incomplete with "re-export as CSV UTF-8"; `--encoding` (AuditRequest.encoding,
inputs.encoding) reads the built-in CSV readers' inputs in the code page named. Real readers, real files."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import pytest

from auditor.engine import audit as engine_audit
from auditor.errors import InventoryError
from auditor.model import AuditResult
from auditor.policy import Library, load_library, select_packs, selection_of
from auditor.sources import plan_inputs
from tests.conftest import AS_OF

DEVICES = ("Device ID,Device name,Serial number,Primary user UPN,Ownership,OS,OS version,Last check-in\n"
           "d1,LAPTOP-1,S1,ana@contoso.com,Corporate,Windows,10,2026-11-22 08:00:00\n"
           "d2,IPHONE-2,S2,bo@contoso.com,Corporate,iOS,17,2026-11-22 08:00:00\n")
APPS = ("ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"
        "Microsoft Edge,Microsoft Corporation,1,d1,LAPTOP-1,Windows\n"
        "Kaspersky Endpoint Security для Windows,\"АО \"\"Лаборатория Касперского\"\"\",12.6,d1,LAPTOP-1,Windows\n"
        "Notes,Apple,1,d2,IPHONE-2,iOS\n")


def pair(folder: Path, apps: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "devices.csv").write_text(DEVICES, encoding="utf-8")
    (folder / "AppInvRawData.csv").write_bytes(apps)
    return folder


def audit(library: Library, folder: Path, encoding: Optional[str] = None, jobs: int = 1) -> AuditResult:
    return engine_audit(plan_inputs([folder], encoding=encoding), selection_of(
        library, select_packs(library, [], AS_OF), AS_OF), max_export_age_days=100000, jobs=jobs)


def code_page(result: AuditResult) -> List[str]:
    return [p.message for p in result.problems if p.fatal and ("CSV UTF-8" in p.message)]


@pytest.fixture(scope="module")
def shipped() -> Library:
    return load_library()


def kaspersky(result: AuditResult) -> int:
    return sum("kaspersky" in f.catalog_id for f in result.findings)


def test_a_cyrillic_export_read_as_windows_1252_is_incomplete(shipped: Library, tmp_path: Path) -> None:
    result = audit(shipped, pair(tmp_path / "c", APPS.encode("cp1251")))
    (message,) = code_page(result)
    assert "runs of accented letters ('äëÿ'" not in message  # three letters are no run
    assert "'Ëàáîðàòîðèÿ'" in message and "--encoding cp1251" in message
    assert not result.complete and kaspersky(result) == 0


def test_the_encoding_named_reads_it(shipped: Library, tmp_path: Path) -> None:
    """The devices export beside it stays UTF-8 (its bytes say so); the apps export is read as cp1251."""
    folder = pair(tmp_path / "c", APPS.encode("cp1251"))
    (folder / "devices.csv").write_bytes(b"\xef\xbb\xbf" + DEVICES.replace("ana", "äna").encode("utf-8"))
    result = audit(shipped, folder, "cp1251")
    assert not code_page(result) and result.complete, [p.message for p in result.problems]
    assert kaspersky(result) >= 1
    assert {s.encoding for s in result.sources} == {"cp1251", "utf-8"}
    assert kaspersky(audit(shipped, pair(tmp_path / "u", APPS.encode("utf-8")))) == kaspersky(result)


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="--encoding cp9999: not a text encoding"):
        plan_inputs([tmp_path], encoding="cp9999")


WECHAT = ("ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,DeviceName,Platform\n"
          "微信,腾讯科技(深圳)有限公司,8.0,d2,IPHONE-2,iOS\nMicrosoft Edge,Microsoft Corporation,1,d1,LAPTOP-1,Windows\n")


def test_names_lost_to_question_marks_are_incomplete(test_library: Library, tmp_path: Path) -> None:
    """Excel "CSV (Comma delimited)" in a Western locale: 微信 becomes ??, the file pure ASCII."""
    lossy = WECHAT.encode("cp1252", errors="replace")
    assert b"\n??,????(??)????,8.0," in lossy and lossy.isascii()
    result = audit(test_library, pair(tmp_path / "q", lossy))
    (message,) = code_page(result)
    assert message.startswith("1 field of question marks only ('??')")
    assert not result.complete
    whole = audit(test_library, pair(tmp_path / "w", WECHAT.encode("utf-8")))
    assert whole.complete and [f.catalog_id for f in whole.findings] == ["wechat"]


def test_question_marks_inside_a_name_are_text(test_library: Library, tmp_path: Path) -> None:
    text = WECHAT.replace("微信", "Who?? Quiz").replace("腾讯科技(深圳)有限公司", "Quiz Co").encode("utf-8")
    assert audit(test_library, pair(tmp_path / "t", text)).complete


def test_a_file_read_in_spans_is_looked_at_as_a_sequential_read_looks(test_library: Library, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With --jobs, a large CSV is read in byte spans by worker processes; this process hashes the whole file
    meanwhile and looks at its bytes there: names lost to '??' fail it as with --jobs 1, its hash is the file's,
    and the open-quote check takes its quote count (the file is not read again for it)."""
    from auditor.reading import parallel
    from auditor.textio import csvsplit, truncation

    monkeypatch.setattr(csvsplit, "MIN_SPLIT_BYTES", 0)  # split even this small file
    joined, original = [], parallel.join_spans
    monkeypatch.setattr(parallel, "join_spans", lambda *a: joined.append(a[1]) or original(*a))
    recounted = []
    monkeypatch.setattr(truncation, "_count_quotes", lambda item: recounted.append(item) or 0)
    rows = "".join(f"Notes {k},Apple,1,d2,IPHONE-2,iOS\n" for k in range(400))
    lossy = (WECHAT + rows).encode("cp1252", errors="replace")
    one = audit(test_library, pair(tmp_path / "one", lossy))
    many = audit(test_library, pair(tmp_path / "many", lossy), jobs=2)
    assert len(joined) == 1 and len(joined[0]) == 2, "the apps export was read in two spans"
    assert code_page(many) == code_page(one) and code_page(one)[0].startswith("1 field of question marks only")
    assert not many.complete
    assert [s.sha256 for s in many.sources] == [s.sha256 for s in one.sources]
    assert recounted == [], "the quotes were counted as the file was hashed"

