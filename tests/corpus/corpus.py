"""The issue-14 matching corpus: real spellings and look-alikes per export format (rows.yaml), written as
inventory files, audited by the real run (auditor.run.run_once, as `auditor audit --jurisdiction all` does),
and compared row by row with the expected (device, app, confidence).

A row expects a finding when its app (or, for `company:<id>`, a company-wide rule of that company) is covered
by a pack in force on the corpus date, on that device's platform; otherwise it expects none. Recall and
precision are computed over rows: tests/corpus/test_corpus.py asserts them, tests/corpus/measure.py prints them."""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, List, Mapping, Sequence, Tuple

import yaml

from auditor.model import AuditResult, Ownership, Platform, Tier
from auditor.people import PeopleFiles
from auditor.policy import Library, Pack, Rule, select
from auditor.run import AuditRequest, OutputFolder, run_once
from auditor.sources.vocab import platform_from
from tests.corpus.writers import FORMATS, WRITERS

ROWS_FILE = Path(__file__).with_name("rows.yaml")
CEO_EMAIL = "casey.chief@corp.example"
NONE = "none"
Pair = Tuple[str, str]  # (app, confidence)

# The platform each format's device has (Intune, Defender and Fleet rows name theirs).
_FORMAT_PLATFORMS = {"osq-programs": Platform.WINDOWS, "osq-apps": Platform.MACOS, "osq-deb": Platform.LINUX,
                     "osq-rpm": Platform.LINUX, "jamf": Platform.MACOS, "google": Platform.ANDROID}


def load_rows(path: Path = ROWS_FILE) -> Tuple[dt.date, List[Dict[str, Any]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = [dict(r) for r in data["rows"]]
    for row in rows:
        if row["id"] == "m001":
            row["email"] = CEO_EMAIL
    return data["date"], rows


def check_heldout_row(row: Mapping[str, Any], library: Library, sources: Mapping[str, Any]) -> None:
    """A held-out row names a known app or company (or none, for a look-alike) and sources that exist."""
    expect = str(row["expect"])
    company = expect.startswith("company:") and expect[len("company:"):]
    assert expect == NONE or expect in library.apps or company in library.companies, row
    assert (row["kind"] == "lookalike") == (expect == NONE), row
    assert row["basis"] == "illustrative" or row["src"], row
    assert all(key in sources for key in row["src"]), row


def row_platform(row: Mapping[str, Any]) -> Platform:
    return _FORMAT_PLATFORMS.get(row["fmt"]) or platform_from(str(row["os"]))


def write_inventories(folder: Path, rows: Sequence[Mapping[str, Any]]) -> Dict[str, str]:
    """Every format's files under folder; the device id each row's device gets -> the row id."""
    devices: Dict[str, str] = {}
    for fmt, writer in WRITERS.items():
        chosen = [r for r in rows if r["fmt"] == fmt]
        if chosen:
            devices.update(writer(folder, chosen))
    return devices


def write_staff(path: Path, rows: Sequence[Mapping[str, Any]]) -> Path:
    """Every row's owner is on staff; the first row's is the chief executive (a critical-tier person)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["employeeId", "displayName", "mail", "userPrincipalName", "title", "department"])
        out.writerow(["E0001", "Casey Chief", CEO_EMAIL, CEO_EMAIL, "Chief Executive Officer", "Executive Office"])
        for n, row in enumerate(rows, start=2):
            if row["id"] != "m001":
                email = f"{row['id']}@corp.example"
                out.writerow([f"E{n:04d}", f"Staff {row['id']}", email, email, "Analyst", "Operations"])
    return path


def run_corpus(work: Path, rows: Sequence[Mapping[str, Any]], as_of: dt.date) -> Tuple[AuditResult, Dict[str, str]]:
    """The real audit run over the corpus's files: `auditor audit --jurisdiction all --as-of <date>`."""
    inputs = work / "inputs"
    inputs.mkdir(parents=True, exist_ok=True)
    devices = write_inventories(inputs, rows)
    staff = write_staff(work / "staff.csv", rows)
    request = AuditRequest(inputs=(inputs,), as_of=as_of, jurisdictions=("all",), people=PeopleFiles(staff=staff))
    outcome = run_once(request, OutputFolder(work / "report"))
    return outcome.result, devices


def _rule_scope_covers(pack: Pack, rule: Rule, platform: Platform) -> bool:
    scope = rule.scope.within(pack.scope) if rule.scope else pack.scope
    return scope.covers(platform, Ownership.CORPORATE, Tier.STANDARD)


def covered(library: Library, packs: Sequence[Pack], expect: str, platform: Platform) -> bool:
    """Whether a pack of the run bans this app (or, for company:<id>, has a company-wide rule) on this platform."""
    if expect == NONE:
        return False
    company = expect[len("company:"):] if expect.startswith("company:") else None
    for pack in packs:
        for rule in pack.rules:
            reaches = company in rule.companies if company else expect in library.rule_apps(rule)
            if reaches and _rule_scope_covers(pack, rule, platform):
                return True
    return False




@dataclass(frozen=True)
class Outcome:
    row: Mapping[str, Any]
    expected: FrozenSet[Pair]   # empty: no finding on this device
    found: FrozenSet[Pair]
    # a held-out row's `alt` ("company:tencent@probable"): an acceptable degraded answer, found but not exact
    accepted: FrozenSet[str] = frozenset()

    @property
    def id(self) -> str:
        return str(self.row["id"])

    @property
    def correct(self) -> bool:
        return self.found == self.expected

    def found_apps(self) -> FrozenSet[str]:
        return frozenset(app for app, _ in self.found)

    def expected_apps(self) -> FrozenSet[str]:
        return frozenset(app for app, _ in self.expected)

    def is_found(self) -> bool:
        """A banned row whose expected app was found (any confidence), or its acceptable alternative."""
        found = self.found_apps()
        return bool(self.expected) and (self.expected_apps() <= found or bool(self.accepted & found))

    def wrong_apps(self) -> FrozenSet[str]:
        return self.found_apps() - self.expected_apps() - self.accepted


def outcomes(result: AuditResult, devices: Mapping[str, str], rows: Sequence[Mapping[str, Any]],
             library: Library, packs: Sequence[Pack]) -> List[Outcome]:
    found: Dict[str, set] = {}
    for finding in result.findings:
        for source in finding.device.sources:
            row_id = devices.get(source.device_id)
            if row_id is not None:
                found.setdefault(row_id, set()).add((finding.catalog_id, finding.confidence.value))
    out = []
    for row in rows:
        expect = str(row["expect"])
        banned = covered(library, packs, expect, row_platform(row))
        expected = frozenset({(expect, str(row["conf"]))}) if banned else frozenset()
        alt = str(row.get("alt") or "").partition("@")[0]
        accepted = frozenset({alt}) if banned and alt else frozenset()
        company = expect[len("company:"):] if expect.startswith("company:") else ""
        if banned and company:
            # "any product of the company": a catalog app of that company is the same answer, more precise
            accepted |= {a.id for a in library.apps.values() if a.company == company}
        out.append(Outcome(row, expected, frozenset(found.get(row["id"], ())), accepted))
    return out


@dataclass(frozen=True)
class Figures:
    rows: int
    banned: int            # rows whose app a pack in force bans on that device
    found: int             # of those, found (the right app, any confidence)
    exact: int             # of those, found with the expected confidence and nothing else
    findings: int          # distinct (device, app) findings
    false: int             # of those, not the expected app (a look-alike or a wrong app)
    confirmed: int
    confirmed_false: int
    lookalike_rows: int    # rows that must give no finding
    lookalike_hits: int
    formats: int

    @property
    def recall(self) -> float:
        return self.found / self.banned if self.banned else 1.0

    @property
    def precision(self) -> float:
        return (self.findings - self.false) / self.findings if self.findings else 1.0

    @property
    def confirmed_precision(self) -> float:
        return (self.confirmed - self.confirmed_false) / self.confirmed if self.confirmed else 1.0


def figures(results: Sequence[Outcome]) -> Figures:
    pairs = [(o, app, conf) for o in results for app, conf in o.found]
    wrong = [(o, app, conf) for o, app, conf in pairs if app in o.wrong_apps()]
    negatives = [o for o in results if not o.expected]
    return Figures(
        rows=len(results), banned=sum(1 for o in results if o.expected),
        found=sum(1 for o in results if o.is_found()),
        exact=sum(1 for o in results if o.expected and o.correct),
        findings=len(pairs), false=len(wrong),
        confirmed=sum(1 for _, _, conf in pairs if conf == "confirmed"),
        confirmed_false=sum(1 for _, _, conf in wrong if conf == "confirmed"),
        lookalike_rows=len(negatives), lookalike_hits=sum(1 for o in negatives if o.found),
        formats=len({FORMATS[o.row["fmt"]] for o in results}))


# Row fields a held-out corpus may use (an unquoted comma in a YAML flow mapping makes a stray key).
HELDOUT_FIELDS = frozenset({"id", "kind", "fmt", "os", "manager", "table", "name", "pub", "ident", "ver", "cpe",
                            "expect", "conf", "alt", "was", "basis", "src", "note", "av", "from"})


def run_heldout(folder: Path, rows: Sequence[Mapping[str, Any]], as_of: dt.date) -> Tuple[List[Outcome], AuditResult]:
    """A held-out corpus through the real run, scored against every pack in force (all jurisdictions)."""
    selection = select((), as_of, ("all",))
    result, devices = run_corpus(folder, rows, as_of)
    return outcomes(result, devices, rows, selection.library, selection.packs), result


def formats_below(results: Sequence[Outcome], excluded: Sequence[str],
                  floors: Mapping[str, Tuple[float, float, float]]) -> Dict[str, Tuple[float, float, float]]:
    """The export formats whose (recall, precision, confirmed precision) fall below their floors, the rows of
    `excluded` (misses by decision) left out."""
    groups: Dict[str, List[Outcome]] = {}
    for o in results:
        if o.id not in excluded:
            groups.setdefault(FORMATS[o.row["fmt"]], []).append(o)
    below = {}
    for name, group in groups.items():
        f = figures(group)
        got = (f.recall, f.precision, f.confirmed_precision)
        if any(value < floor for value, floor in zip(got, floors[name])):
            below[name] = (round(got[0], 3), round(got[1], 3), round(got[2], 3))
    return below


def check_heldout_file(path: Path, rows: Sequence[Mapping[str, Any]], library: Library, count: int) -> None:
    """Every row of a held-out corpus has a unique id, known fields, a known app or company and known sources."""
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == count
    for row in rows:
        assert set(row) <= HELDOUT_FIELDS, row
        check_heldout_row(row, library, sources)


def check_heldout_figures(results: Sequence[Outcome], shape: Tuple[int, int, int, int], misses: Sequence[str],
                          min_found: int) -> None:
    """A held-out corpus's figures: its (rows, banned, look-alikes, formats), exactly the rows `misses` missed,
    no wrong app (confirmed or not), no look-alike found, at least `min_found` banned rows found."""
    f = figures(results)
    assert (f.rows, f.banned, f.lookalike_rows, f.formats) == shape
    missed = sorted(o.id for o in results if o.expected and not o.is_found())
    assert missed == sorted(misses), missed
    assert f.precision == 1.0 and f.confirmed_precision == 1.0, [(o.id, sorted(o.found)) for o in results
                                                                  if o.wrong_apps()]
    assert f.lookalike_hits == 0, [o.id for o in results if not o.expected and o.found]
    assert f.found >= min_found, f.found
