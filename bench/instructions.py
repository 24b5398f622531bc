"""Per-device cost in instructions: `python bench/instructions.py [--devices 5000 20000] [--before DIR]`.

Times on a shared machine swing with what runs beside them (CPU seconds too: two processes on one core's
threads share its caches). Instructions do not: valgrind's cachegrind counts the instructions of a whole
`auditor audit` (Python's start, imports, the audit, its outputs) of two generated Intune fleets (8 apps a
device, their device export and staff directory, as `bench/run.py --devices` makes them), and the cost of a
device is the difference divided by the difference in devices. With --before, the same with another checkout
(its own .venv, as for bench/run.py), and the ratio. Needs valgrind (`apt-get install valgrind`); under it an
audit runs about 50 times slower: the default fleets take about 5 minutes a checkout."""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Dict, Optional, Tuple

from run import AS_OF, generated  # bench/run.py

HERE = Path(__file__).resolve().parent


def instructions(python: str, cwd: Path, fleet: Path, staff: Path, out: Path) -> int:
    """cachegrind's "I refs" of one audit."""
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", python, "-m",
         "auditor", "audit", str(fleet), "--staff", str(staff), "--out", str(out), "--fail-on", "none", "--quiet",
         "--as-of", AS_OF], cwd=cwd, capture_output=True, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode not in (0, 1) or found is None:
        raise SystemExit(f"audit under valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_device(python: str, cwd: Path, fleets: Dict[int, Tuple[Path, Path]], work: Path) -> float:
    (low, _), (high, _) = sorted(fleets.items())
    counts = {n: instructions(python, cwd, folder, staff, work / f"out-{n}") for n, (folder, staff) in fleets.items()}
    for n, count in counts.items():
        print(f"  {cwd.name} {n:,} devices: {count:,} instructions", file=sys.stderr)
    return (counts[high] - counts[low]) / (high - low)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, nargs=2, default=[5000, 20000])
    parser.add_argument("--before", type=Path, help="another checkout to compare with (its own .venv if it has one)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="auditor-instructions-"))
    try:
        fleets = {}
        for n in args.devices:
            apps, _devices, staff = generated(work / f"devices-{n}", n * 8, 8)
            fleets[n] = (apps.parent, staff)
        now = per_device(sys.executable, HERE.parent, fleets, work)
        before: Optional[float] = None
        if args.before:
            own = args.before / ".venv" / "bin" / "python"
            before = per_device(str(own) if own.exists() else sys.executable, args.before.resolve(), fleets, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n| per device ({args.devices[0]:,} to {args.devices[1]:,} devices, 8 apps each) | instructions |")
    print("|---|---|")
    print(f"| auditor audit | {now:,.0f} |")
    if before is not None:
        print(f"| before: auditor audit | {before:,.0f} |")
        print(f"\nratio (this checkout / before): {now / before:.3f}")


if __name__ == "__main__":
    main()
