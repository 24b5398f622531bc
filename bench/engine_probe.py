"""The embedded-engine question, measured: `python bench/engine_probe.py [--rows 4000000] [--threads 1 2]`.

Reads the generated Intune AppInvRawData export (bench/generate.py; made by bench/run.py) two ways, each in its
own process, and prints wall and CPU seconds and peak RSS:
  read stage   auditor's read of the file (the Intune fast path; reading/loop.read_input with the shipped
               packs): device records, devices with apps, app counts, the matched rows with their lines
  duckdb       what the audit would need from a columnar engine to do the same: one scan that gives each
               distinct app (to classify in Python), then the rows of the apps that matched with their row
               numbers, and per device its first row and its number of apps (benchmark-only: `pip install
               duckdb`; "n/a" without it)
DuckDB's row numbers are records, not file lines (a quoted line break makes them differ), and its CSV dialect
detection is not the csv module's: an engine would also need the exactness work the fast paths already do."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from run import HERE, generated, measure

READ_STAGE = """
import datetime as dt, sys
from pathlib import Path
from auditor.policy import Matcher, load_library, select_packs
from auditor.reading import Classifier, read_input
from auditor.sources import BY_ID
from auditor.textio.inputs import InputFile
library = load_library()
packs = select_packs(library, (), dt.date(2026, 11, 23))
classifier = Classifier(Matcher(library.apps, library.companies),
                        {a for p in packs for r in p.rules for a in library.rule_apps(r)})
path = Path(sys.argv[1])
result = read_input(BY_ID["intune-appinv-csv"], InputFile(str(path), path, None, path.stat().st_size), classifier)
print(result.rows, len(result.records), len(result.hits))
"""
DUCKDB = """
import datetime as dt, sys
import duckdb
from auditor.model import Platform
from auditor.policy import Matcher, load_library, select_packs
from auditor.reading import Classifier
from auditor.sources.vocab import platform_from
library = load_library()
packs = select_packs(library, (), dt.date(2026, 11, 23))
classifier = Classifier(Matcher(library.apps, library.companies),
                        {a for p in packs for r in p.rules for a in library.rule_apps(r)})
con = duckdb.connect(config={"threads": int(sys.argv[2])})
con.execute(f"CREATE TABLE t AS SELECT row_number() OVER () AS rn, * FROM read_csv('{sys.argv[1]}', "
            "all_varchar=true, header=true)")
apps = con.execute("SELECT DISTINCT ApplicationId, ApplicationName, ApplicationPublisher, Platform FROM t").fetchall()
hit = [a for a in apps if classifier.app(platform_from(a[3] or ""), a[0] if "." in (a[0] or "") else "", a[1] or "",
                                         a[2] or "")]
con.execute("CREATE TABLE hit (ApplicationId VARCHAR, ApplicationName VARCHAR, ApplicationPublisher VARCHAR, "
            "Platform VARCHAR)")
con.executemany("INSERT INTO hit VALUES (?, ?, ?, ?)", hit)
rows = con.execute("SELECT t.* FROM t JOIN hit USING (ApplicationId, ApplicationName, ApplicationPublisher, "
                   "Platform)").fetchall()
devices = con.execute("SELECT DeviceId, min(rn), count(*), arg_min(DeviceName, rn), arg_min(EmailAddress, rn), "
                      "arg_min(UserName, rn), arg_min(OSVersion, rn) FROM t GROUP BY DeviceId").fetchall()
print(len(apps), len(rows), len(devices))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    args = parser.parse_args()
    apps, _devices, _staff = generated(args.work.resolve() / f"data-{args.rows}", args.rows, 80)
    env = dict(os.environ, PYTHONPATH=str(HERE.parent))
    has_duckdb = subprocess.run([sys.executable, "-c", "import duckdb"], capture_output=True).returncode == 0
    print("| read of the Intune export | rows | seconds | cpu s | peak RSS MB |")
    print("|---|---|---|---|---|")
    for _ in range(args.repeat):
        figures = measure([sys.executable, "-c", READ_STAGE, str(apps)], env)
        print(f"| auditor read stage | {args.rows:,} | {figures.wall:.2f} | {figures.cpu:.2f} | {figures.rss:.0f} |")
        for threads in args.threads:
            if not has_duckdb:
                print(f"| duckdb, {threads} threads | {args.rows:,} | n/a | n/a | n/a |")
                continue
            figures = measure([sys.executable, "-c", DUCKDB, str(apps), str(threads)], env)
            print(f"| duckdb, {threads} threads | {args.rows:,} | {figures.wall:.2f} | {figures.cpu:.2f} | "
                  f"{figures.rss:.0f} |")


if __name__ == "__main__":
    main()
