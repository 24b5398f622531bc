"""Benchmark of report.html: `python bench/report_bench.py [--devices 100000] [--findings 5000] [--runs 3]`.

Builds a synthetic AuditResult in memory (no readers, no policies): every tenth device a personal phone that
shows only managed apps, some of them family members of critical staff; a probable finding in eleven; near
misses; changes in the law; a 30-run history with incomplete runs. Renders the whole output folder into
bench/out/report-bench/, reports the size of report.html, then loads it in headless Chromium (Debian's
/usr/bin/chromium through Playwright) at 1280 px and at 390 px (a phone: the findings become cards) and
measures:
  dcl ms      navigation start -> DOMContentLoaded finished (HTML parsed, script run)
  load ms     navigation start -> load event finished
  ready ms    navigation start -> the report's script has indexed the rows (filters usable)
  filter ms   unticking P3 until the next frame after the rows are hidden
  search ms   typing a search term until the next frame after the rows are filtered
  wall ms     goto() to ready as seen from Python (file read, parse, layout, script)
Each scenario is compared with a baseline in the same run: the report of an empty fleet."""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from auditor.model import (AuditResult, Binding, Confidence, Device, Evidence, Finding, InstalledApp,  # noqa: E402
                           MatchMode, NearMiss, Owner, Ownership, PackChange, PackSummary, Platform, Problem, Severity,
                           SourceRef, SourceSummary, Status, Tier, TrendPoint, Visibility)
from auditor.render import OutputOptions, Report, render_all  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
PLATFORMS = [Platform.IOS, Platform.ANDROID, Platform.WINDOWS, Platform.MACOS, Platform.LINUX, Platform.CHROMEOS]
TOOLS = ["intune", "jamf", "workspace-one", "google", "fleet", "ssh"]
APPS = [("tiktok", "TikTok", "com.zhiliaoapp.musically"), ("wechat", "WeChat", "com.tencent.xin"),
        ("capcut", "CapCut", "com.lemon.lvoverseas"), ("lark", "Lark", "com.larksuite.suite"),
        ("deepseek", "DeepSeek", "com.deepseek.chat"), ("kaspersky", "Kaspersky", "kaspersky-endpoint"),
        ("douyin", "Douyin", "com.ss.android.ugc.aweme"), ("lemon8", "Lemon8", "com.bd.nproject")]


def synthetic(devices: int, findings: int) -> AuditResult:
    devs = []
    for i in range(devices):
        platform = PLATFORMS[i % len(PLATFORMS)]
        devs.append(Device(
            key=f"serial:SN{i:08d}", name=f"DEV-{i:06d}" if i % 500 else f"DEV-{i - 1:06d}", serial=f"SN{i:08d}",
            platform=platform, os_version="Ubuntu 22.04" if platform == Platform.LINUX else "",
            ownership=Ownership.PERSONAL if i % 10 == 0 else Ownership.CORPORATE,
            owner_email=f"user{i % 40000}@example.com", owner_upn="", owner_username="", owner_name=f"User {i % 40000}",
            sources=(SourceRef(TOOLS[i % len(TOOLS)], f"id-{i}", f"/exports/{TOOLS[i % len(TOOLS)]}.csv", "2026-11-22"),),
            hardware_ids=(), app_visibility=Visibility.MANAGED_ONLY if i % 10 == 0 else Visibility.FULL))
    out = []
    statuses = [Status.OVERDUE, Status.VIOLATION, Status.VIOLATION, Status.UPCOMING, Status.WAIVED]
    for n in range(findings):
        device = devs[(n * 7919) % devices]
        app_id, app_name, ident = APPS[n % len(APPS)]
        status = statuses[n % len(statuses)]
        priority = ("P1", "P2", "P2", "P3", "P3", "P3", "P4")[n % 7]
        evidence = Evidence(device.sources[0].file, str(n + 2), device.sources[0].tool)
        out.append(Finding(
            key=f"{n:016x}", status=status, pack_id=f"pack-{n % 20:02d}", rule_id="rule", severity=Severity.HIGH,
            priority=priority, catalog_id=app_id, catalog_name=app_name,
            app=InstalledApp(ident, app_name, "1.2.3", "", device.platform, evidence),
            matched_by=MatchMode.IDENTIFIER, matched_value=ident, device=device,
            owner=Owner(device.owner_email, device.owner_name, "standard", (), title="Analyst",
                        department=f"Department {n % 30}"),
            effective=dt.date(2023, 2, 27), deadline=dt.date(2023, 3, 29),
            days_overdue=1335 if status == Status.OVERDUE else None,
            days_until_effective=30 if status == Status.UPCOMING else None,
            remediation=f"Remove {app_name} and block its reinstallation through the MDM.",
            citation=f"Act {n % 20} sec. 2", evidence=(evidence,),
            confidence=Confidence.PROBABLE if n % 11 == 0 else Confidence.CONFIRMED,
            confidence_note="exact name with no publisher; confirm by the bundle id" if n % 11 == 0 else ""))
    packs = tuple(PackSummary(f"pack-{i:02d}", f"Pack {i}", f"Act {i}", "https://example.org/", "in-force", "XX",
                              "Authority", "Directive", 1, len(APPS), binds="federal-executive-agencies",
                              binding=Binding.ADOPTED if i % 2 else Binding.BINDING) for i in range(20))
    problems = tuple(Problem("/exports/intune.csv", "row skipped: no device id", 10 + i) for i in range(1000))
    sources = tuple(SourceSummary(f"/exports/{t}.csv", t, "0" * 64, devices, 0, devices // 6, devices) for t in TOOLS)
    hidden = []
    for d in devs:
        if d.app_visibility != Visibility.FULL:
            family = int(d.serial[2:]) % 500 == 0
            hidden.append((d, Owner(d.owner_email, d.owner_name, Tier.CRITICAL if family else Tier.STANDARD, (),
                                    sponsor="Ana Kim" if family else "", relationship="minor child" if family else "",
                                    sponsor_title="Chief Executive Officer" if family else "")))
    near = tuple(NearMiss(f"TikTok Tool {i}", "Tools Ltd", f"com.tools.tt{i}", "android", "tiktok", "shares a token",
                          i + 1, f"serial:SN{i:08d}") for i in range(50))
    changes = (PackChange("pack-01", "Pack 1", "status", "in-force", "enjoined", "court order", "https://example.org/"),)
    trend = tuple(TrendPoint(f"run-{i}", AS_OF - dt.timedelta(days=30 - i), i % 9 != 4,
                             (("P1", 700 + i), ("P2", 1400), ("P3", 2100), ("P4", 700)), 4900) for i in range(30))
    return AuditResult(AS_OF, tuple(out), tuple(devs), sources, problems, packs, not_visible=tuple(hidden),
                       near_misses=near, pack_changes=changes, trend=trend)


def render(result: AuditResult, folder: Path) -> Tuple[Path, float]:
    start = time.perf_counter()
    documents = render_all(Report.of(result, OutputOptions(generated_at="2026-11-23T08:00:00Z",
                                                          organisation="Bench Corp")))
    seconds = time.perf_counter() - start
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    return folder / "report.html", seconds


FILTER = """() => new Promise(done => {
  const box = document.querySelector("input[name=prio][value=P3]");
  if (!box) { done(0); return; }
  const t0 = performance.now();
  box.click();
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
})"""
SEARCH = """() => new Promise(done => {
  const q = document.getElementById("q");
  if (!q) { done(0); return; }
  const t0 = performance.now();
  q.value = "user12"; q.dispatchEvent(new Event("input", {bubbles: true}));
  requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
})"""


def measure(browser, path: Path, width: int = 1280) -> Dict[str, float]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("html[data-ready='1']", state="attached")
    wall = (time.perf_counter() - start) * 1000
    nav = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0];"
                        " return [n.domContentLoadedEventEnd, n.loadEventEnd]; })()")
    ready = float(page.get_attribute("html", "data-ready-ms") or 0)
    figures = {"dcl": nav[0], "load": nav[1], "ready": ready, "filter": page.evaluate(FILTER),
               "search": page.evaluate(SEARCH), "wall": wall}
    context.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--findings", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3, help="page loads per scenario; the median is shown")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    scenarios = [("baseline (empty fleet)", synthetic(0, 0)),
                 (f"{args.devices:,} devices, {args.findings:,} findings", synthetic(args.devices, args.findings))]
    results: List[Tuple[str, float, float, Dict[str, float]]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=ARGS)
        for i, (label, result) in enumerate(scenarios):
            path, seconds = render(result, HERE / "out" / f"report-bench-{i}")
            for width in (1280, 390):
                runs = [measure(browser, path, width) for _ in range(args.runs)]
                median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results.append((f"{label} at {width} px", path.stat().st_size / 1e6, seconds, median))
        browser.close()
    bases = {label.rsplit(" at ", 1)[1]: m for label, _, _, m in results[:2]}
    print(f"Chromium {args.chromium}, median of {args.runs} loads; ratio = scenario / baseline of the same width\n")
    print("| scenario | report.html MB | render s | dcl ms | load ms | ready ms | filter ms | search ms | wall ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, size, seconds, m in results:
        base = bases[label.rsplit(" at ", 1)[1]]
        cells = [f"{m[k]:.0f}" + ("" if m is base else f" ({m[k] / base[k]:.1f}x)" if base[k] >= 1 else " (n/a)")
                 for k in ("dcl", "load", "ready", "filter", "search", "wall")]
        print(f"| {label} | {size:.2f} | {seconds:.2f} | " + " | ".join(cells) + " |")
    for label, size, _, m in results[2:]:
        interactive = m["ready"] + m["filter"]
        verdict = "within" if interactive < 2000 and size < 5 else "OVER"
        print(f"\n{label}: loaded and interactive (ready + first filter) {interactive:.0f} ms, target < 2000 ms; "
              f"size {size:.2f} MB, target < 5 MB: {verdict} the limits.")


if __name__ == "__main__":
    main()
