"""The run history in SQLite: every run with its manifest and every finding; what changed since the
last run. One transaction per run, so a run that dies leaves the history as it was."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from auditor.errors import AuditorError, ExitCode
from auditor.model import AuditResult, Finding, PackChange, ResolvedFinding, Status, TrendPoint
from auditor.policy import Library, StatusChange

# Each entry moves the schema from version i to i + 1; never edit a released entry, append a new one.
MIGRATIONS: Tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_at TEXT NOT NULL,
        as_of TEXT NOT NULL,
        complete INTEGER NOT NULL,
        exit_code INTEGER,
        manifest TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        key TEXT NOT NULL,
        status TEXT NOT NULL,
        priority TEXT NOT NULL,
        severity TEXT NOT NULL,
        policy TEXT NOT NULL,
        rule TEXT NOT NULL,
        app TEXT NOT NULL,
        device_key TEXT NOT NULL,
        device_name TEXT NOT NULL,
        owner TEXT NOT NULL,
        deadline TEXT,
        first_seen TEXT NOT NULL,
        change TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
    );
    CREATE INDEX findings_key ON findings(key);
    """,
    """
    ALTER TABLE runs ADD COLUMN report_dir TEXT;
    """,
    # The packs each run evaluated (issue 18): what changed in the law between two runs.
    """
    CREATE TABLE run_packs (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        pack_id TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL,
        binding TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (run_id, pack_id)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(AuditorError):
    exit_code = ExitCode.INTERNAL


# How long a run waits for another process's lock on the history before it fails (seconds). Another
# auditor run cannot hold it (the run lock comes first); a backup job or a person with sqlite3 can.
BUSY_TIMEOUT_ENV = "FLEET_AUDITOR_HISTORY_TIMEOUT"
DEFAULT_BUSY_TIMEOUT = 30.0


def busy_timeout() -> float:
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def connect(path: Path, timeout: Optional[float] = None) -> sqlite3.Connection:
    """Opens (creating and migrating) the history database."""
    timeout = busy_timeout() if timeout is None else timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        raise HistoryError(f"{path}: cannot use the history database: {_why(exc, timeout)}") from None


def _why(exc: sqlite3.Error, timeout: float) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another process held it for more than {timeout:g} s; this run was not recorded)"
    return text


def migrate(conn: sqlite3.Connection) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryError(f"history schema version {version} is newer than this tool ({SCHEMA_VERSION}); "
                           "upgrade Fleet Auditor")
    for target in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in (s.strip() for s in MIGRATIONS[target].split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return SCHEMA_VERSION


@dataclass(frozen=True)
class _Seen:
    first_seen: dt.date
    in_previous: bool


def _previous_run(conn: sqlite3.Connection, as_of: dt.date) -> Optional[int]:
    """The baseline for what changed: the latest complete run not later than this one. An incomplete run
    lacks whatever it could not read, so its absences say nothing."""
    row = conn.execute("SELECT id FROM runs WHERE complete = 1 AND as_of <= ? ORDER BY as_of DESC, id DESC LIMIT 1",
                       (as_of.isoformat(),)).fetchone()
    return row[0] if row else None


def with_history(conn: sqlite3.Connection, result: AuditResult, trend_runs: int = 30) -> AuditResult:
    """The result with first_seen and change on every finding, the resolved findings of the previous
    run, and the trend of past runs plus this one. Reads only; `record` writes."""
    try:
        return _with_history(conn, result, trend_runs)
    except sqlite3.Error as exc:  # locked, full disk, a damaged file: a clear error, never a traceback
        raise HistoryError(f"cannot read the history database: {_why(exc, busy_timeout())}") from None
    except ValueError as exc:  # a date or summary in the database that is not ours
        raise HistoryError(f"the history database holds a value this tool did not write: {exc}") from None


def _with_history(conn: sqlite3.Connection, result: AuditResult, trend_runs: int) -> AuditResult:
    previous = _previous_run(conn, result.as_of)
    seen: Dict[str, _Seen] = {}
    keys = [f.key for f in result.findings]
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for key, first, in_prev in conn.execute(
                f"SELECT f.key, MIN(f.first_seen), MAX(f.run_id = ?) FROM findings f JOIN runs r ON r.id = f.run_id "
                f"WHERE r.as_of <= ? AND f.key IN ({marks}) GROUP BY f.key",
                [previous or -1, result.as_of.isoformat(), *part]):
            seen[key] = _Seen(dt.date.fromisoformat(first), bool(in_prev))
    findings = []
    for f in result.findings:
        known = seen.get(f.key)
        if known is None:
            findings.append(dataclasses.replace(f, first_seen=result.as_of, change="new"))
        else:
            findings.append(dataclasses.replace(f, first_seen=known.first_seen,
                                                change="persisting" if known.in_previous else "reopened"))
    resolved: List[ResolvedFinding] = []
    if previous is not None and result.complete:  # an incomplete run cannot tell what is gone
        current = set(keys)
        prev_as_of = conn.execute("SELECT as_of FROM runs WHERE id = ?", (previous,)).fetchone()[0]
        for row in conn.execute("SELECT key, policy, rule, app, device_key, device_name, owner, first_seen "
                                "FROM findings WHERE run_id = ? ORDER BY priority, key", (previous,)):
            if row[0] not in current:
                resolved.append(ResolvedFinding(*row[:7], dt.date.fromisoformat(row[7]),
                                                dt.date.fromisoformat(prev_as_of)))
    trend = [TrendPoint(run_at, dt.date.fromisoformat(as_of), bool(complete),
                        tuple(sorted(json.loads(summary).get("open_by_priority", {}).items())),
                        json.loads(summary).get("findings", 0))
             for run_at, as_of, complete, summary in conn.execute(
                 "SELECT run_at, as_of, complete, summary FROM (SELECT * FROM runs ORDER BY id DESC LIMIT ?) "
                 "ORDER BY id", (trend_runs - 1,))]
    out = dataclasses.replace(result, findings=tuple(findings), resolved=tuple(resolved))
    trend.append(TrendPoint("this run", result.as_of, result.complete, tuple(sorted(open_by_priority(out).items())),
                            len(out.findings)))
    return dataclasses.replace(out, trend=tuple(trend))


def open_by_priority(result: AuditResult) -> Dict[str, int]:
    counts = {p: 0 for p in ("P1", "P2", "P3", "P4")}
    for f in result.findings:
        if f.status in (Status.VIOLATION, Status.OVERDUE):
            counts[f.priority] += 1
    return counts


def record(conn: sqlite3.Connection, result: AuditResult, run_at: str, manifest: Dict[str, Any],
           summary: Dict[str, Any], exit_code: int, report_dir: str = "") -> int:
    """Stores the run and all its findings in one transaction."""
    try:
        return _record(conn, result, run_at, manifest, summary, exit_code, report_dir)
    except sqlite3.Error as exc:  # the transaction was rolled back: the history is as it was
        raise HistoryError(f"this run was not recorded in the history database: {_why(exc, busy_timeout())}") from None


def _record(conn: sqlite3.Connection, result: AuditResult, run_at: str, manifest: Dict[str, Any],
            summary: Dict[str, Any], exit_code: int, report_dir: str) -> int:
    stored_summary = dict(summary, open_by_priority=open_by_priority(result))
    conn.execute("BEGIN IMMEDIATE")
    try:
        cursor = conn.execute(
            "INSERT INTO runs (run_at, as_of, complete, exit_code, manifest, summary, report_dir) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run_at, result.as_of.isoformat(), int(result.complete), exit_code, json.dumps(manifest),
             json.dumps(stored_summary), report_dir))
        run_id = cursor.lastrowid
        conn.executemany(
            "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_row(run_id, f, result.as_of) for f in result.findings])
        conn.executemany("INSERT INTO run_packs VALUES (?, ?, ?, ?, ?, ?)",
                         [(run_id, p.id, p.title, p.status, str(p.binding), p.sha256) for p in result.packs])
        conn.execute("COMMIT")
        return int(run_id)
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT may already have rolled back
            conn.execute("ROLLBACK")
        raise


def _row(run_id: int, f: Finding, as_of: dt.date) -> Sequence[Any]:
    return (run_id, f.key, f.status.value, f.priority, f.severity.value, f.pack_id, f.rule_id, f.catalog_id,
            f.device.key, f.device.name, f.owner.email or f.owner.name or "", f.deadline.isoformat() if f.deadline else None,
            (f.first_seen or as_of).isoformat(), f.change or "new")


def pack_changes(conn: sqlite3.Connection, result: AuditResult, library: Library) -> Tuple[PackChange, ...]:
    """The packs this run evaluates that the previous run (the latest run not later than this one that
    recorded its packs) did not, and the packs of either run whose status changed or whose status history has
    a new entry since, each with the event and its source from the pack's status_history. No previous run: ()."""
    try:
        row = conn.execute("SELECT r.id, r.as_of FROM runs r WHERE r.as_of <= ? AND EXISTS (SELECT 1 FROM run_packs p "
                           "WHERE p.run_id = r.id) ORDER BY r.as_of DESC, r.id DESC LIMIT 1",
                           (result.as_of.isoformat(),)).fetchone()
        if row is None:
            return ()
        since = dt.date.fromisoformat(row[1])
        before = {pack_id: (title, status) for pack_id, title, status in
                  conn.execute("SELECT pack_id, title, status FROM run_packs WHERE run_id = ?", (row[0],))}
    except sqlite3.Error as exc:
        raise HistoryError(f"cannot read the history database: {_why(exc, busy_timeout())}") from None
    except ValueError as exc:
        raise HistoryError(f"the history database holds a value this tool did not write: {exc}") from None
    return compare_packs(before, since, result, library)


def _turning_point(events: Sequence[StatusChange], after: str) -> Optional[StatusChange]:
    """The entry that made the status what it is now: the first of the trailing entries with that status."""
    found = None
    for change in reversed(events):
        if change.status != after:
            break
        found = change
    return found or (events[-1] if events else None)


def compare_packs(before: Dict[str, Tuple[str, str]], since: dt.date, result: AuditResult,
                  library: Library) -> Tuple[PackChange, ...]:
    """What pack_changes reports, from the previous run's {pack id: (title, status)} and its as-of date."""
    changes: List[PackChange] = []
    current = {p.id: p for p in result.packs}
    for pack_id in sorted(set(before) | set(current)):
        pack = library.packs.get(pack_id)
        if pack is None:
            continue  # a pack file the previous run named that this run does not know
        after = current[pack_id].status if pack_id in current else pack.status_on(result.as_of)
        events = pack.changes_between(since, result.as_of)
        if pack_id not in before:
            latest = [c for c in pack.status_history if c.date <= result.as_of]
            event = latest[-1] if latest else None
            changes.append(PackChange(pack_id, pack.title, "added", "", after, event.event if event else "",
                                      event.source if event else ""))
            continue
        previous = before[pack_id][1]
        if previous == after and not events:
            continue
        event = _turning_point(events, after) if previous != after else (events[-1] if events else None)
        changes.append(PackChange(pack_id, pack.title, "status", previous, after, event.event if event else "",
                                  event.source if event else ""))
    return tuple(changes)
