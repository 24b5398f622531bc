"""Benchmark: `python bench/run.py [--rows 1000000 4000000] [--jobs 1 2] [--load-time] [--mixed]`.

For each row count, generates (deterministically, once; bench/out/ is git-ignored) an Intune AppInvRawData
export with 80 apps per device, its device export and a staff directory, then measures, each in its own
process and in the same run:
  csv.reader      a bare csv.reader loop that reads every row and looks one column up in a set
  pandas          pandas.read_csv of the same file (all columns, as strings) plus Series.isin ("n/a" without
                  pandas: it is a benchmark-only dependency, `pip install pandas`)
  audit --jobs N  `auditor audit` of both exports with all in-force shipped packs, --staff and the full report
and with --mixed the same number of rows split over three tools' formats in one folder (half in an Intune
export, a third of the rest in a Defender TVM software inventory CSV with its machines JSON, the rest in a
Fleet host list JSON: readers without a fast path),
and prints rows, seconds, rows per second, the throughput ratio to both baselines, and peak RSS (of the
largest process: with --jobs the parent and each worker are separate processes). It also prints the size of
the report.html of each audit, and with --load-time its load and first-filter time in headless Chromium
(bench/report_bench.py's measurement)."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Tuple

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
PANDAS = f"""
import sys
import pandas
frame = pandas.read_csv(sys.argv[1], encoding="utf-8-sig", dtype=str, keep_default_na=False)
print(len(frame), int(frame["ApplicationName"].isin({BANNED}).sum()))
"""


def measure(command: List[str], env: Optional[Dict[str, str]] = None, cwd: Optional[Path] = None) -> Tuple[float, float]:
    """Wall seconds and peak RSS in MB of the largest process of the command (os.wait4: this child only)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=cwd)
    stderr = child.stderr.read() if child.stderr else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    if code not in (0, 1):
        raise SystemExit(f"{command[:4]} failed ({code}):\n{stderr.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024


def generated(folder: Path, rows: int, apps_per_device: int, mixed: bool = False) -> List[Path]:
    """bench/generate.py in a child process: a child inherits its parent's peak RSS on Linux (it survives
    fork and exec), so this process must stay small for the RSS figures of the measured children."""
    command = [sys.executable, str(HERE / "generate.py"), "--out", str(folder), "--rows", str(rows),
               "--apps-per-device", str(apps_per_device)] + (["--mixed"] if mixed else [])
    return [Path(line) for line in subprocess.run(command, check=True, capture_output=True, text=True)
            .stdout.splitlines()]


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--apps-per-device", type=int, default=80)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    parser.add_argument("--load-time", action="store_true", help="load each report in headless Chromium")
    parser.add_argument("--mixed", action="store_true", help="also audit a fleet of the same rows in three "
                                                                 "formats (Intune CSV, Defender TVM CSV, Fleet JSON)")
    parser.add_argument("--before", type=Path, help="also audit with the code of this checkout (--jobs 1), "
                                                    "e.g. `git worktree add /tmp/before HEAD`")
    args = parser.parse_args()
    pandas = has_pandas()
    env = dict(os.environ, PYTHONPATH=str(HERE.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    table = []
    reports = []
    for rows in args.rows:
        data = args.work.resolve() / f"data-{rows}"
        start = time.perf_counter()
        apps, _devices, staff = generated(data, rows, args.apps_per_device)
        print(f"{rows:,} rows: data ready in {time.perf_counter() - start:.1f} s "
              f"({apps.stat().st_size / 1e6:.0f} MB AppInvRawData)", file=sys.stderr)
        base = measure([sys.executable, "-c", BASELINE, str(apps)])
        frame = measure([sys.executable, "-c", PANDAS, str(apps)]) if pandas else None
        table.append(("csv.reader loop", rows, base))
        table.append(("pandas read_csv + isin", rows, frame))
        for jobs in args.jobs:
            out = args.work.resolve() / f"report-{rows}-jobs{jobs}"
            run = measure([sys.executable, "-m", "auditor", "audit", str(data), "--staff", str(staff),
                           "--out", str(out), "--fail-on", "none", "--quiet", "--as-of", AS_OF, "--jobs", str(jobs)], env)
            table.append((f"auditor audit --jobs {jobs}", rows, run))
            reports.append((rows, jobs, out / "report.html"))
        if args.mixed:
            folder, mixed_staff = generated(args.work.resolve() / f"mixed-{rows}", rows, args.apps_per_device,
                                            mixed=True)
            for jobs in args.jobs:
                run = measure([sys.executable, "-m", "auditor", "audit", str(folder), "--staff", str(mixed_staff),
                               "--out", str(args.work.resolve() / f"report-mixed-{rows}-jobs{jobs}"),
                               "--fail-on", "none", "--quiet", "--as-of", AS_OF, "--jobs", str(jobs)], env)
                table.append((f"mixed formats: auditor audit --jobs {jobs}", rows, run))
        if args.before:
            old_env = dict(os.environ, PYTHONPATH=str(args.before.resolve()))
            run = measure([sys.executable, "-m", "auditor", "audit", str(data), "--staff", str(staff),
                           "--out", str(args.work.resolve() / f"report-{rows}-before"), "--fail-on", "none", "--quiet", "--as-of", AS_OF],
                          old_env, cwd=args.before)
            table.append(("before: auditor audit", rows, run))
        for label, n, figures in [t for t in table if t[1] == rows]:
            print(f"  {label}: " + (f"{figures[0]:.2f} s, {figures[1]:.0f} MB" if figures else "n/a"),
                  file=sys.stderr)

    print("| scenario | rows | seconds | rows/s | vs csv.reader | vs pandas | peak RSS MB |")
    print("|---|---|---|---|---|---|---|")
    for label, rows, figures in table:
        if figures is None:
            print(f"| {label} | {rows:,} | n/a | n/a | n/a | n/a | n/a |")
            continue
        seconds, rss = figures
        base = next(f for lab, r, f in table if r == rows and lab == "csv.reader loop")
        frame = next(f for lab, r, f in table if r == rows and lab.startswith("pandas"))
        vs_pandas = f"{frame[0] / seconds:.2f}" if frame else "n/a"
        print(f"| {label} | {rows:,} | {seconds:.2f} | {rows / seconds:,.0f} | {base[0] / seconds:.2f} | "
              f"{vs_pandas} | {rss:.0f} |")
    print("\n| report of | report.html MB | ready + first filter ms |")
    print("|---|---|---|")
    for rows, jobs, report in reports:
        ms = load_time(report) if args.load_time else None
        print(f"| {rows:,} rows, --jobs {jobs} | {report.stat().st_size / 1e6:.2f} | "
              f"{'not measured' if ms is None else f'{ms:.0f}'} |")


if __name__ == "__main__":
    main()
