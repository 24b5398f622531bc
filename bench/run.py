"""Benchmark: `python bench/run.py [--rows 1000000 4000000] [--jobs 1 2] [--mixed] [--devices 25000 100000]
[--large] [--repeat 3] [--before DIR] [--load-time]`.

For each row count, generates (deterministically, once; bench/out/ is git-ignored) an Intune AppInvRawData
export with 80 apps per device, its device export and a staff directory, then measures, each in its own
process and in the same run:
  csv.reader      a bare csv.reader loop that reads every row and looks one column up in a set
  pandas          pandas.read_csv of the same file (all columns, as strings) plus Series.isin ("n/a" without
                  pandas: it is a benchmark-only dependency, `pip install pandas`)
  audit --jobs N  `auditor audit` of both exports with all in-force shipped packs, --staff and the full report
and with --mixed the same number of rows over three tools' formats in one folder (half in an Intune export, a
third of the rest in a Defender TVM software inventory CSV with its machines JSON, the rest in a Fleet host
list JSON), with its own baseline over the same bytes: the csv.reader loop over its CSV files and json.load
of its JSON files.

--devices A B: the per-device figures. Intune fleets of A and B devices with 8 apps each (and their device
export and staff directory) are audited; the cost of a device is the difference of the two audits divided by
the difference in devices (whole processes: reading a device's rows, its device record and staff row,
merging, owners, evaluation, outputs), and so is its memory (peak RSS).
--large: 250,000 devices with 80 apps each (20 million rows), generated under --work at run time and deleted
after: the time and peak RSS of `auditor audit --jobs 1`.
--before DIR: the same audits with the code of another checkout (e.g. `git worktree add /tmp/before main`; with its
own .venv, if it has one: an editable install of this checkout maps the shipped policies to this one).
--repeat N: every measurement N times, in rounds (each round measures every scenario once, so that the two
sides of a ratio run beside the same load); the table gives medians, and each ratio is the median of the
ratios of the rounds.

Prints rows, wall seconds, CPU seconds (user + system of the process and its workers), rows per second, the
throughput ratio to the baselines (wall; CPU in brackets: CPU time does not grow when other processes share
the cores), and peak RSS (of the largest process: with --jobs the parent and each worker are separate
processes). It also prints the size of the report.html of each audit, and with --load-time its load and
first-filter time in headless Chromium (bench/report_bench.py's measurement)."""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
# The day after the generated exports' timestamps (bench/generate.py): without it, a run more than
# --max-export-age days after those timestamps is incomplete (exit 3) and the figures depend on today's date.
AS_OF = "2026-11-23"

BANNED = '{"TikTok", "WeChat", "CapCut", "Lark"}'
BASELINE = f"""
import csv, sys
banned = {BANNED}
hits = rows = 0
with open(sys.argv[1], encoding="utf-8-sig", newline="") as handle:
    reader = csv.reader(handle)
    column = next(reader).index("ApplicationName")
    for row in reader:
        rows += 1
        if row[column] in banned:
            hits += 1
print(rows, hits)
"""
# The mixed fleet's bytes read the cheapest standard way: each CSV file by a csv.reader loop (one column looked
# up per row, as above), each JSON file by json.load.
MIXED_BASELINE = f"""
import csv, json, sys
from pathlib import Path
banned = {BANNED}
hits = rows = 0
for path in sorted(p for p in Path(sys.argv[1]).rglob("*") if p.is_file() and not p.name.startswith(".")):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        if path.suffix == ".json":
            json.load(handle)
            continue
        reader = csv.reader(handle)
        header = next(reader)
        column = next((header.index(c) for c in ("ApplicationName", "SoftwareName") if c in header), 0)
        for row in reader:
            rows += 1
            if row[column] in banned:
                hits += 1
print(rows, hits)
"""
PANDAS = f"""
import sys
import pandas
frame = pandas.read_csv(sys.argv[1], encoding="utf-8-sig", dtype=str, keep_default_na=False)
print(len(frame), int(frame["ApplicationName"].isin({BANNED}).sum()))
"""


class Figures(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and the children it waited for
    rss: float  # MB, the largest process


def measure(command: List[str], env: Optional[Dict[str, str]] = None, cwd: Optional[Path] = None) -> Figures:
    """Wall and CPU seconds and peak RSS in MB of the largest process of the command (os.wait4: this child
    only, with the workers it waited for)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"{command[:4]} failed ({code}):\n{stderr.decode(errors='replace')}")
    return Figures(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def generated(folder: Path, rows: int, apps_per_device: int, mixed: bool = False) -> List[Path]:
    """bench/generate.py in a child process: a child inherits its parent's peak RSS on Linux (it survives
    fork and exec), so this process must stay small for the RSS figures of the measured children."""
    command = [sys.executable, str(HERE / "generate.py"), "--out", str(folder), "--rows", str(rows),
               "--apps-per-device", str(apps_per_device)] + (["--mixed"] if mixed else [])
    return [Path(line) for line in subprocess.run(command, check=True, capture_output=True, text=True)
            .stdout.splitlines()]


def compiled(checkout: Path, python: str = sys.executable) -> None:
    """Byte-compiles a checkout's package as `pip install` does (it writes every module's .pyc at install):
    without it, an environment with PYTHONDONTWRITEBYTECODE set (or a read-only checkout) compiles some 160
    modules from source in every measured audit, about 0.13 s of CPU that no installed copy spends."""
    subprocess.run([python, "-m", "compileall", "-q", str(checkout / "auditor")], check=True,
                   stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONDONTWRITEBYTECODE=""))


def python_of(checkout: Path) -> str:
    """The checkout's own interpreter (its .venv), else this one."""
    own = checkout / ".venv" / "bin" / "python"
    return str(own) if own.exists() else sys.executable


def has_pandas() -> bool:
    return subprocess.run([sys.executable, "-c", "import pandas"], capture_output=True).returncode == 0


def load_time(report: Path) -> Optional[float]:
    """ready + first filter, ms, in headless Chromium; None when Playwright or Chromium is missing."""
    try:
        from playwright.sync_api import sync_playwright
        from report_bench import ARGS, measure as measure_page
    except ImportError:
        return None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        try:
            figures = measure_page(browser, report)
        finally:
            browser.close()
    return figures["ready"] + figures["filter"]


class Bench:
    """The measurements of one run: each scenario measured once per round, rounds interleaved."""

    def __init__(self, work: Path, before: Optional[Path]) -> None:
        self.work = work
        self.env = dict(os.environ, PYTHONPATH=str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.before = before
        self.before_env = dict(os.environ, PYTHONPATH=str(before.resolve())) if before else None
        self.results: Dict[Tuple[str, int], List[Figures]] = {}
        compiled(HERE.parent)
        if before:
            compiled(before, python_of(before))

    def audit(self, inputs: Path, staff: Path, out: str, jobs: int = 1) -> List[str]:
        return [sys.executable, "-m", "auditor", "audit", str(inputs), "--staff", str(staff),
                "--out", str(self.work / out), "--fail-on", "none", "--quiet", "--as-of", AS_OF, "--jobs", str(jobs)]

    def run(self, label: str, size: int, command: List[str], before: bool = False) -> None:
        if before:
            assert self.before is not None
            # The other checkout's own environment when it has one (`python3 -m venv .venv && .venv/bin/pip
            # install -e .` in it): an editable install of this checkout maps the shipped policies here, and an
            # older reader refuses a newer catalog.
            if command[0] == sys.executable:
                command = [python_of(self.before)] + command[1:]
            figures = measure(command, self.before_env, cwd=self.before)
        else:
            figures = measure(command, self.env)
        self.results.setdefault((label, size), []).append(figures)
        print(f"  {label} ({size:,}): {figures.wall:.2f} s, cpu {figures.cpu:.2f} s, {figures.rss:.0f} MB",
              file=sys.stderr)

    def median(self, label: str, size: int) -> Optional[Figures]:
        runs = self.results.get((label, size))
        if not runs:
            return None
        return Figures(*(statistics.median(getattr(r, f) for r in runs) for f in Figures._fields))

    def ratio(self, base: str, label: str, size: int, field: str) -> Optional[float]:
        """The median over rounds of base / label (throughput of label relative to base)."""
        a, b = self.results.get((base, size)), self.results.get((label, size))
        if not a or not b:
            return None
        return statistics.median(getattr(x, field) / getattr(y, field) for x, y in zip(a, b))


def fmt(value: Optional[float], spec: str = ".2f") -> str:
    return "n/a" if value is None else format(value, spec)


def rows_table(bench: Bench, sizes: Sequence[int], labels: Sequence[str]) -> None:
    print("| scenario | rows | seconds | cpu s | rows/s | vs csv.reader | vs pandas | vs same bytes | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for size in sizes:
        for label in labels:
            figures = bench.median(label, size)
            if figures is None:
                continue
            base = "csv.reader loop"
            same = "mixed: csv.reader + json.load" if label.startswith("mixed") else base
            ratios = [f"{fmt(bench.ratio(b, label, size, 'wall'))} ({fmt(bench.ratio(b, label, size, 'cpu'))})"
                      if bench.median(b, size) else "n/a" for b in (base, "pandas read_csv + isin", same)]
            print(f"| {label} | {size:,} | {figures.wall:.2f} | {figures.cpu:.2f} | {size / figures.wall:,.0f} | "
                  + " | ".join(ratios) + f" | {figures.rss:.0f} |")


def devices_table(bench: Bench, sizes: Sequence[int], labels: Sequence[str]) -> None:
    print("\n| scenario | devices | rows | seconds | cpu s | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for label in labels:
        for devices in sizes:
            figures = bench.median(label, devices)
            if figures is not None:
                print(f"| {label} | {devices:,} | {devices * 8:,} | {figures.wall:.2f} | {figures.cpu:.2f} | "
                      f"{figures.rss:.0f} |")
    low, high = min(sizes), max(sizes)
    print(f"\n| per device ({low:,} to {high:,} devices, 8 apps each) | us (wall) | us (cpu) | KB of peak RSS |")
    print("|---|---|---|---|")
    for label in labels:
        small, large = bench.results.get((label, low)), bench.results.get((label, high))
        if not small or not large:
            continue
        slope = lambda field, scale: statistics.median(  # noqa: E731
            (getattr(b, field) - getattr(a, field)) * scale / (high - low) for a, b in zip(small, large))
        print(f"| {label} | {slope('wall', 1e6):.1f} | {slope('cpu', 1e6):.1f} | {slope('rss', 1024):.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--apps-per-device", type=int, default=80)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    parser.add_argument("--load-time", action="store_true", help="load each report in headless Chromium")
    parser.add_argument("--mixed", action="store_true", help="also audit a fleet of the same rows in three "
                                                                 "formats (Intune CSV, Defender TVM CSV, Fleet JSON)")
    parser.add_argument("--devices", type=int, nargs="*", default=[],
                        help="per-device figures: fleets of these numbers of devices, 8 apps each")
    parser.add_argument("--large", action="store_true", help="250,000 devices, 20M rows (generated, then deleted)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every measurement (medians)")
    parser.add_argument("--before", type=Path, help="also audit with the code of this checkout (--jobs 1), "
                                                    "e.g. `git worktree add /tmp/before main`")
    args = parser.parse_args()
    work = args.work.resolve()
    bench = Bench(work, args.before)
    pandas = has_pandas()
    reports = []
    labels: List[str] = ["csv.reader loop", "pandas read_csv + isin"]
    labels += [f"auditor audit --jobs {j}" for j in args.jobs]
    labels += ["before: auditor audit"] if args.before else []
    if args.mixed:
        labels += ["mixed: csv.reader + json.load"] + [f"mixed: auditor audit --jobs {j}" for j in args.jobs]
        labels += ["mixed: before: auditor audit"] if args.before else []
    for rows in args.rows:
        data = work / f"data-{rows}"
        start = time.perf_counter()
        apps, _devices, staff = generated(data, rows, args.apps_per_device)
        mixed = generated(work / f"mixed-{rows}", rows, args.apps_per_device, mixed=True) if args.mixed else []
        print(f"{rows:,} rows: data ready in {time.perf_counter() - start:.1f} s "
              f"({apps.stat().st_size / 1e6:.0f} MB AppInvRawData)", file=sys.stderr)
        for _ in range(args.repeat):
            bench.run("csv.reader loop", rows, [sys.executable, "-c", BASELINE, str(apps)])
            if pandas:
                bench.run("pandas read_csv + isin", rows, [sys.executable, "-c", PANDAS, str(apps)])
            for jobs in args.jobs:
                bench.run(f"auditor audit --jobs {jobs}", rows,
                          bench.audit(data, staff, f"report-{rows}-jobs{jobs}", jobs))
            if args.before:
                bench.run("before: auditor audit", rows, bench.audit(data, staff, f"report-{rows}-before"), True)
            if mixed:
                folder, mixed_staff = mixed
                bench.run("mixed: csv.reader + json.load", rows, [sys.executable, "-c", MIXED_BASELINE, str(folder)])
                for jobs in args.jobs:
                    bench.run(f"mixed: auditor audit --jobs {jobs}", rows,
                              bench.audit(folder, mixed_staff, f"report-mixed-{rows}-jobs{jobs}", jobs))
                if args.before:
                    bench.run("mixed: before: auditor audit", rows,
                              bench.audit(folder, mixed_staff, f"report-mixed-{rows}-before"), True)
        reports += [(rows, jobs, work / f"report-{rows}-jobs{jobs}" / "report.html") for jobs in args.jobs]

    device_labels = ["auditor audit --jobs 1"] + (["before: auditor audit"] if args.before else [])
    if args.devices:
        fleets = {n: generated(work / f"devices-{n}", n * 8, 8) for n in args.devices}
        for _ in range(args.repeat):
            for n, (_apps, _devs, staff) in fleets.items():
                bench.run("auditor audit --jobs 1", n, bench.audit(_apps.parent, staff, f"report-devices-{n}"))
                if args.before:
                    bench.run("before: auditor audit", n, bench.audit(_apps.parent, staff, f"report-devices-{n}-b"),
                              True)

    large_rows = 250_000 * 80
    if args.large:
        folder = work / "large-250000"
        try:
            start = time.perf_counter()
            apps, _devices, staff = generated(folder, large_rows, 80)
            print(f"250,000 devices: data ready in {time.perf_counter() - start:.1f} s "
                  f"({apps.stat().st_size / 1e9:.1f} GB)", file=sys.stderr)
            bench.run("250,000 devices: auditor audit --jobs 1", large_rows,
                      bench.audit(folder, staff, "report-large"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            for leftover in (work / "large-250000-staff.csv",):
                leftover.unlink(missing_ok=True)

    if args.rows:
        rows_table(bench, args.rows, labels)
    if args.large:
        figures = bench.median("250,000 devices: auditor audit --jobs 1", large_rows)
        assert figures is not None
        print(f"\n| 250,000 devices, {large_rows:,} rows: auditor audit --jobs 1 | {figures.wall:.2f} s | "
              f"cpu {figures.cpu:.2f} s | {large_rows / figures.wall:,.0f} rows/s | peak RSS {figures.rss:.0f} MB |")
    if args.devices:
        devices_table(bench, args.devices, device_labels)
    if reports:
        print("\n| report of | report.html MB | ready + first filter ms |")
        print("|---|---|---|")
        for rows, jobs, report in reports:
            ms = load_time(report) if args.load_time else None
            print(f"| {rows:,} rows, --jobs {jobs} | {report.stat().st_size / 1e6:.2f} | "
                  f"{'not measured' if ms is None else f'{ms:.0f}'} |")


if __name__ == "__main__":
    main()
