"""Where a device's CPU goes, stage by stage: `python bench/stages.py [--devices 25000 100000]
[--apps-per-device 8] [--rounds 3] [--before DIR]`.

Issue 21 measured "the per-device stage" as what an audit spends after reading (merging, owners, evaluation,
outputs): about 83 µs a device, 40% of a 4M-row, 50,000-device audit. bench/run.py --devices gives the whole
cost of a device (reading its rows too); this gives its parts, so that each can be compared with the same
part of another checkout.

Fleets of A and B devices (bench/generate.py: an Intune AppInvRawData export with --apps-per-device apps a
device, its device export and a staff directory; 8 apps: bench/run.py --devices's fleets; 80 apps with 12,500
and 50,000 devices: the 1M- and 4M-row fleets of issue 21) are audited, each in its own process, with
`auditor audit --jobs 1` as bench/run.py runs it. In that process the read stage (auditor.engine.audit's
read_all: every input read, classified and checked) and the staff directory's load
(auditor.people.files.PeopleFiles.load) are timed in CPU seconds (time.process_time) by wrapping them; "after
reading" is the rest of the audit: loading the staff directory, merging, owners, evaluation and outputs. A device's cost of each part is the difference
of the two audits over the difference in devices (what does not grow with the fleet, such as loading the
packs, cancels). Each size is audited --rounds times, and each part's figure is its least CPU time over the
rounds (the run least disturbed by other work on the machine).

--before DIR: the same audits with the code of another checkout (with its own .venv if it has one), and the
ratio of each part (this checkout / the other)."""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import AS_OF, compiled, generated, python_of  # noqa: E402  (bench/run.py: the same fleets and the same day)

PARTS = ("reading", "after reading", "staff directory", "whole audit")  # the staff directory: part of after reading


def child(inputs: str, staff: str, out: str) -> Dict[str, float]:
    """In the measured process: one audit, its read stage and staff directory's load timed."""
    import auditor.engine.audit  # noqa: F401  (the package re-exports a function named audit)
    import auditor.people.files as people_files
    from auditor.cli import main as auditor_main
    engine = sys.modules["auditor.engine.audit"]
    seconds: Dict[str, float] = {"reading": 0.0, "staff directory": 0.0}

    def timed(owner: object, name: str, part: str) -> None:
        inner: Callable = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                seconds[part] += time.process_time() - start
        setattr(owner, name, wrapper)

    timed(engine, "read_all", "reading")
    timed(people_files.PeopleFiles, "load", "staff directory")
    start = time.process_time()
    try:
        auditor_main(["audit", inputs, "--staff", staff, "--out", out, "--fail-on", "none", "--quiet",
                      "--as-of", AS_OF, "--jobs", "1"])
    except SystemExit as exit_:
        if exit_.code not in (0, 1, None):
            raise
    seconds["whole audit"] = time.process_time() - start
    seconds["after reading"] = seconds["whole audit"] - seconds["reading"]  # issue 21's "per-device stage"
    return seconds


def measured(checkout: Optional[Path], inputs: Path, staff: Path, out: Path) -> Dict[str, float]:
    """One audit in a child process, with this checkout's code or another's (its own .venv if it has one)."""
    python, env, cwd = sys.executable, dict(os.environ, PYTHONPATH=str(HERE.parent)), None
    if checkout is not None:
        python = python_of(checkout)
        env, cwd = dict(os.environ, PYTHONPATH=str(checkout.resolve())), checkout
    result = subprocess.run([python, str(Path(__file__).resolve()), "--child", str(inputs), str(staff), str(out)],
                            env=env, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the audit of {inputs} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, nargs=2, default=[25_000, 100_000], metavar=("A", "B"))
    parser.add_argument("--apps-per-device", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    parser.add_argument("--before", type=Path, help="also audit with the code of this checkout")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    work = args.work.resolve()
    apps_per_device = args.apps_per_device
    fleets = {}
    for n in args.devices:
        folder = work / (f"devices-{n}" if apps_per_device == 8 else f"data-{n * apps_per_device}")
        apps, _devices, staff = generated(folder, n * apps_per_device, apps_per_device)
        fleets[n] = (apps.parent, staff)
    sides: Dict[str, Optional[Path]] = {"this checkout": None}
    compiled(HERE.parent)
    if args.before:
        sides["before"] = args.before
        compiled(args.before, python_of(args.before))
    best: Dict[str, Dict[int, Dict[str, float]]] = {side: {} for side in sides}
    for round_ in range(args.rounds):  # rounds interleaved: both sides of a ratio run beside the same load
        for side, checkout in sides.items():
            for n, (inputs, staff) in fleets.items():
                figures = measured(checkout, inputs, staff, work / f"stages-{n}-{side.replace(' ', '-')}")
                print(f"  round {round_ + 1}, {side}, {n:,} devices: "
                      + ", ".join(f"{p} {figures[p]:.2f} s" for p in PARTS), file=sys.stderr)
                kept = best[side].setdefault(n, figures)
                for part in PARTS:
                    kept[part] = min(kept[part], figures[part])
    low, high = args.devices
    per_device = {side: {part: (best[side][high][part] - best[side][low][part]) / (high - low) * 1e6
                         for part in PARTS} for side in sides}
    header: List[str] = [f"µs of CPU a device ({low:,} to {high:,} devices, {apps_per_device} apps each)"]
    header += list(sides) + (["this / before"] if args.before else [])
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for part in PARTS:
        cells = [part if part != "staff directory" else "of which: loading the staff directory"] + [f"{per_device[side][part]:.1f}" for side in sides]
        if args.before:
            cells.append(f"{per_device['this checkout'][part] / per_device['before'][part]:.2f}")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
