"""The algorithm, not the clock: classification runs once per distinct app (or once per distinct name or
identifier that can match nothing), never once per row; and what the read loop keeps grows with devices
and findings, not with rows."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Tuple

from auditor.policy import Library, select_packs
from auditor.policy import Match, Matcher, Resemblance
from auditor.reading import Classifier, InputResult, read_input
from auditor.textio.inputs import InputFile
from auditor.sources import BY_ID

AS_OF = dt.date(2026, 11, 23)
HEADER = "ApplicationId,ApplicationKey,ApplicationName,ApplicationPublisher,ApplicationVersion,DeviceId,Platform\n"
APPS = [("", "a1", "TikTok", ""), ("", "a2", "TikTok", "ByteDance Ltd."), ("com.tencent.xin", "a3", "WeChat", ""),
        ("", "a4", "Slack", "Slack Technologies"), ("", "a5", "Zoom", "Zoom"), ("com.example.notes", "a6", "Notes", ""),
        ("", "a7", "TikTok Downloader", "VidGrab Tools"), ("", "a8", "Lark Player", "")]
PLATFORMS = ["iOS", "Android", "Windows"]


class CountingMatcher(Matcher):
    def __init__(self, *args) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args)
        self.seen: Counter = Counter()

    def classify(self, *key):  # type: ignore[no-untyped-def]
        self.seen[key] += 1
        return super().classify(*key)


def fleet(folder: Path, devices: int, apps_per_device: int) -> Path:
    lines = [HEADER]
    for d in range(devices):
        for a in range(apps_per_device):
            ident, key, name, publisher = APPS[(d + a) % len(APPS)]
            lines.append(f"{ident},{key},{name},{publisher},1.{a % 3},dev-{d},{PLATFORMS[d % 3]}\n")
    path = folder / f"apps-{devices}-{apps_per_device}.csv"
    path.write_text("".join(lines))
    return path


def read(library: Library, path: Path) -> Tuple[InputResult, CountingMatcher, Classifier]:
    packs = select_packs(library, (), AS_OF)
    matcher = CountingMatcher(library.apps, library.companies)
    classifier = Classifier(matcher, {a for p in packs for r in p.rules for a in library.rule_targets(r)})
    item = InputFile(str(path), path, None, path.stat().st_size)
    result = read_input(BY_ID["intune-appinv-csv"], item, classifier)
    return result, matcher, classifier


def test_classification_runs_once_per_distinct_app_not_per_row(tmp_path: Path, test_library: Library) -> None:
    small, matcher, classifier = read(test_library, fleet(tmp_path, 30, 16))
    large, matcher4, _ = read(test_library, fleet(tmp_path, 30, 64))  # four times the rows, same apps
    assert (small.apps, large.apps) == (480, 1920)
    assert max(matcher.seen.values()) == 1, "nothing is classified twice"
    assert matcher4.seen == matcher.seen, "the number of classifications does not depend on the rows"
    distinct_apps = {(p, *a) for p in PLATFORMS for a in APPS}
    assert len(matcher.seen) <= len(distinct_apps) + len(APPS) * 2
    assert len(classifier.classified) == len(matcher.seen)


def test_what_the_read_loop_keeps_grows_with_devices_not_rows(tmp_path: Path, test_library: Library) -> None:
    small, _, c1 = read(test_library, fleet(tmp_path, 40, 10))
    large, _, c4 = read(test_library, fleet(tmp_path, 40, 40))  # same devices, four times the rows
    assert large.rows == 4 * small.rows
    assert len(large.records) == len(small.records) == 40
    assert len(large.with_apps) == len(small.with_apps) == 40
    assert len(c4.memo) == len(c1.memo) and len(c4.classified) == len(c1.classified)
    # Matched rows are kept as evidence of findings, and rows of near misses to count their devices; rows that
    # match and resemble nothing are not kept at all.
    assert small.hits and all(matches for _, matches in large.hits)
    matched = [h for h in large.hits if isinstance(h[1][0], Match)]
    resembling = [h for h in large.hits if isinstance(h[1][0], Resemblance)]
    assert len(matched) < large.rows // 2 and 0 < len(resembling) < large.rows // 4  # TikTok Downloader, ...
    more, _, _ = read(test_library, fleet(tmp_path, 160, 10))  # four times the devices
    assert len(more.records) == 160
