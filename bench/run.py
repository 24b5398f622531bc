"""Benchmark: `python bench/run.py [--rows N]`.

Generates an AppInvRawData export plus its device export, then measures, each in its own process:
  baseline  a bare csv.reader loop that reads every row and looks one column up in a set
  audit     `auditor audit` of the same files with all in-force shipped packs and the full report
and prints rows, seconds, rows per second, the throughput ratio to the baseline, and peak RSS."""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import List, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

BASELINE = """
import csv, sys
banned = {"TikTok", "WeChat", "CapCut", "Lark"}
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


def measure(command: List[str]) -> Tuple[float, float, str]:
    """Wall seconds, peak RSS in MB of the child, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:4]} failed ({done.returncode}):\n{done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far: run the larger one last.
    return seconds, max(peak, before) / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--apps-per-device", type=int, default=80)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    args = parser.parse_args()
    data = args.work / f"data-{args.rows}"
    start = time.perf_counter()
    apps, _devices = generate(data, args.rows, args.apps_per_device)
    print(f"generated {args.rows} rows in {time.perf_counter() - start:.1f} s ({apps.stat().st_size / 1e6:.0f} MB)")
    baseline = measure([sys.executable, "-c", BASELINE, str(apps)])
    audit = measure([sys.executable, "-m", "auditor", "audit", str(data), "--out", str(args.work / "report"),
                     "--fail-on", "none", "--quiet"])
    print(f"\n| scenario | rows | seconds | rows/s | throughput vs csv.reader | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for name, (seconds, rss, _out) in (("csv.reader baseline", baseline), ("auditor audit", audit)):
        print(f"| {name} | {args.rows:,} | {seconds:.2f} | {args.rows / seconds:,.0f} | "
              f"{baseline[0] / seconds:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
