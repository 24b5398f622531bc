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
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from auditor.errors import AuditorError, ExitCode
from auditor.model import (AuditResult, CarriedFinding, CarriedForward, Finding, PackChange, ResolvedFinding,
                           TrendPoint, Visibility)
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
    # Open findings a complete run neither saw nor resolved, because it did not see their device's apps (the
    # device was missing, or listed without an app row): unknown, not gone, so still open after that run.
    """
    CREATE TABLE held_open (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        key TEXT NOT NULL,
        PRIMARY KEY (run_id, key)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(AuditorError):
    """The history cannot be used (locked, unreadable, damaged, or holding rows this tool never wrote): exit 4.
    The command and its configuration are right; the file the tool keeps is not. Nothing is recorded or
    published; the operator restores the file from a backup, or moves it aside to start a new history."""

    exit_code = ExitCode.INTERNAL


class HistoryVersionError(HistoryError):
    """The history was written by a newer Fleet Auditor: exit 2, found before anything is read or fetched.
    Nothing is damaged; the operator runs the newer version, or names another `history:` file."""

    exit_code = ExitCode.USAGE


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
    """Opens (creating and migrating) the history database, and checks its runs: a run starts only with a
    history it can use, so a bad one fails before anything is fetched, read or written."""
    timeout = busy_timeout() if timeout is None else timeout
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except (sqlite3.Error, OSError) as exc:
        raise HistoryError(f"{path}: cannot use the history database: {exc}") from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn, path)
        _runs(conn)
        return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise HistoryError(f"{path}: cannot use the history database: {_why(exc, timeout)}") from None
    except BaseException:
        conn.close()
        raise


def _why(exc: sqlite3.Error, timeout: float) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return f"{text} (another process held it for more than {timeout:g} s; this run was not recorded)"
    return text


def migrate(conn: sqlite3.Connection, path: Optional[Path] = None) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise HistoryVersionError(f"{path or _file(conn)}: history schema version {version} is newer than this tool "
                                  f"({SCHEMA_VERSION}); upgrade Fleet Auditor, or name another history file. "
                                  "Nothing was done")
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


# --- reading rows back: every value checked, since the file may hold rows this tool never wrote ----------

def _file(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return str(row[2]) if row and row[2] else "the history database"


def _foreign(conn: sqlite3.Connection, row: str, column: str, expected: str, got: object) -> HistoryError:
    shown = repr(got)
    shown = shown if len(shown) <= 80 else shown[:80] + "..."
    return HistoryError(f"{_file(conn)}: {row}: {column}: expected {expected}, got {shown}: a row this tool did "
                        "not write (edited or damaged); this run was not recorded. Restore the file from a backup, "
                        "or move it aside to start a new history")


def _date(conn: sqlite3.Connection, row: str, column: str, value: object) -> dt.date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _foreign(conn, row, column, "an ISO date (2026-11-23)", value)


@dataclass(frozen=True)
class _Run:
    """A runs row, checked."""

    id: int
    run_at: str
    as_of: dt.date
    complete: bool
    by_priority: Tuple[Tuple[str, int], ...]
    findings: int


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _run_row(conn: sqlite3.Connection, row: Tuple[Any, ...]) -> _Run:
    run_id, run_at, as_of, complete, summary = row
    where = f"runs row {run_id}"
    if not isinstance(run_at, str):
        raise _foreign(conn, where, "run_at", "an ISO timestamp", run_at)
    day = _date(conn, where, "as_of", as_of)
    if not (isinstance(complete, int) and complete in (0, 1)):
        raise _foreign(conn, where, "complete", "0 or 1", complete)
    try:
        document = json.loads(summary) if isinstance(summary, str) else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise _foreign(conn, where, "summary", "a JSON object", summary)
    counts = document.get("open_by_priority", {})
    if not (isinstance(counts, dict) and all(isinstance(k, str) and _count(v) for k, v in counts.items())):
        raise _foreign(conn, where, "summary: open_by_priority", "an object of counts by priority", counts)
    findings = document.get("findings", 0)
    if not _count(findings):
        raise _foreign(conn, where, "summary: findings", "a count", findings)
    return _Run(run_id, run_at, day, bool(complete), tuple(sorted(counts.items())), findings)


def _runs(conn: sqlite3.Connection) -> List[_Run]:
    """Every run, oldest first, checked (one small row per night: cheap to read whole)."""
    return [_run_row(conn, row) for row in
            conn.execute("SELECT id, run_at, as_of, complete, summary FROM runs ORDER BY id")]


# A sighting's place in time: runs are ordered by as-of date, then by the order they were recorded.
_POSITION = "r.as_of || ' ' || printf('%012d', r.id)"


def _position(run: _Run) -> str:
    return f"{run.as_of.isoformat()} {run.id:012d}"


def _bad_first_seen(conn: sqlite3.Connection, key: str, as_of: dt.date) -> HistoryError:
    for run_id, value in conn.execute("SELECT f.run_id, f.first_seen FROM findings f JOIN runs r ON r.id = f.run_id "
                                      "WHERE f.key = ? AND r.as_of <= ? ORDER BY f.run_id", (key, as_of.isoformat())):
        if not _iso_date(value):
            return _foreign(conn, f"findings row (run {run_id}, key {key!r})", "first_seen",
                            "an ISO date (2026-11-23)", value)
    return _foreign(conn, f"findings of key {key!r}", "first_seen", "an ISO date (2026-11-23)", None)


# --- what changed -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Seen:
    first_seen: dt.date
    open: bool  # seen in the last complete run or after it: the last run that knew about it saw it


def with_history(conn: sqlite3.Connection, result: AuditResult, trend_runs: int = 30) -> AuditResult:
    """The result with first_seen and change on every finding, the findings this run resolves, and the trend
    of past runs plus this one; and the findings this run holds open (held_open, which `record` stores).
    Reads only; `record` writes.

    Changes are computed against what was really seen, among the runs as of this run's date or earlier
    (ordered by as-of date, then by recording order). An incomplete run's findings are real sightings; what
    an incomplete run lacks is unknown, not gone. A finding is *open* after a run when the last run that
    knew about it (one that saw it, or a complete run) saw it or held it open; a complete run that lacks an
    open finding *resolves* it when it saw the finding's device with its apps, and otherwise *holds it open*
    (table held_open: the device was missing, or listed with no app row, so the app may still be there).
    So, for each finding of this run:
      new         never seen before;
      persisting  open: the last run that knew about it saw it (complete or not);
      reopened    seen before, but a complete run has resolved it since its last sighting.
    `resolved`: open findings this run lacks, when this run is complete (an incomplete run resolves nothing)
    and saw the finding's device with its apps (a device this run did not see, or saw with no app row, may
    still have the app: unknown, not resolved; it stays open, and is persisting when next seen);
    each with its first and last sighting. `carried_forward`, when this run is incomplete: the last complete
    run's open P1/P2 findings this run did not see (an incomplete run never says nobody needs a call)."""
    try:
        return _with_history(conn, result, trend_runs)
    except sqlite3.Error as exc:  # locked, full disk, a damaged file: a clear error, never a traceback
        raise HistoryError(f"{_file(conn)}: cannot read the history database: {_why(exc, busy_timeout())}") from None


def _with_history(conn: sqlite3.Connection, result: AuditResult, trend_runs: int) -> AuditResult:
    runs = _runs(conn)
    earlier = [r for r in runs if r.as_of <= result.as_of]
    # The last complete run knew everything; a finding last seen before it, and absent from it, was resolved.
    baseline = max((r for r in earlier if r.complete), key=_position, default=None)
    seen = _sightings(conn, [f.key for f in result.findings], result.as_of, baseline)
    findings = []
    for f in result.findings:
        known = seen.get(f.key)
        if known is None:
            findings.append(dataclasses.replace(f, first_seen=result.as_of, change="new"))
        else:
            change = "persisting" if known.open else "reopened"
            findings.append(dataclasses.replace(f, first_seen=known.first_seen, change=change))
    # The runs that may hold an open finding: the last complete run and those after it (by the primary key).
    knowing = [r.id for r in earlier if baseline is None or _position(r) >= _position(baseline)]
    # An incomplete run is never the baseline: it resolves nothing, and what was open stays open without it.
    resolved, held = _resolved_and_held(conn, result, knowing) if result.complete else ((), ())
    trend = [TrendPoint(r.run_at, r.as_of, r.complete, r.by_priority, r.findings)
             for r in runs[-(trend_runs - 1):]] if trend_runs > 1 else []
    carried = _carried_forward(conn, result, baseline) if not result.complete and baseline is not None else None
    out = dataclasses.replace(result, findings=tuple(findings), resolved=resolved, carried_forward=carried,
                              held_open=held)
    trend.append(TrendPoint("this run", result.as_of, result.complete, tuple(sorted(open_by_priority(out).items())),
                            len(out.findings)))
    return dataclasses.replace(out, trend=tuple(trend))


def _carried_forward(conn: sqlite3.Connection, result: AuditResult, baseline: _Run) -> CarriedForward:
    """The baseline run's (the last complete one's) open P1/P2 findings that this incomplete run did not see:
    an input it could not read may still hold them, so the officer is told, with the run they come from.
    App names are catalog ids here (the caller, which has the catalog, names them)."""
    current = {f.key for f in result.findings}
    row = conn.execute("SELECT report_dir FROM runs WHERE id = ?", (baseline.id,)).fetchone()
    report_dir = row[0] if row and isinstance(row[0], str) else ""
    carried = []
    for key, priority, status, app, policy, device_key, device_name, owner, deadline, first in conn.execute(
            "SELECT key, priority, status, app, policy, device_key, device_name, owner, deadline, first_seen "
            "FROM findings WHERE run_id = ? AND priority IN ('P1', 'P2') AND status IN ('violation', 'overdue') "
            "ORDER BY priority, owner, device_name, app, policy", (baseline.id,)):
        if key in current:
            continue
        carried.append(_carried_row(conn, baseline.id, key, priority, status, app, policy, device_key, device_name,
                                    owner, deadline, first))
    # The baseline's open findings include those it held open (their devices' apps unseen that night): each
    # from its last findings row, carried like the rest.
    listed = {f.key for f in carried}
    for key, priority, status, app, policy, device_key, device_name, owner, deadline, first, run_id in conn.execute(
            "SELECT f.key, f.priority, f.status, f.app, f.policy, f.device_key, f.device_name, f.owner, f.deadline, "
            "f.first_seen, f.run_id FROM held_open h JOIN findings f ON f.key = h.key JOIN runs r ON r.id = f.run_id "
            "WHERE h.run_id = ? AND (r.as_of < ? OR (r.as_of = ? AND r.id <= ?)) ORDER BY r.as_of DESC, r.id DESC",
            (baseline.id, baseline.as_of.isoformat(), baseline.as_of.isoformat(), baseline.id)):
        if key in current or key in listed:
            continue  # seen tonight, or already judged by its last row (the rows come newest first)
        listed.add(key)
        if priority not in ("P1", "P2") or status not in ("violation", "overdue"):
            continue
        carried.append(_carried_row(conn, run_id, key, priority, status, app, policy, device_key, device_name,
                                    owner, deadline, first))
    return CarriedForward(baseline.id, baseline.run_at, baseline.as_of, report_dir, tuple(carried))


def _carried_row(conn: sqlite3.Connection, run_id: int, key: str, priority: str, status: str, app: object,
                 policy: object, device_key: object, device_name: object, owner: object, deadline: object,
                 first: object) -> CarriedFinding:
    """A findings row as a carried finding, each value checked (the file may hold rows this tool never wrote)."""
    where = f"findings row (run {run_id}, key {key!r})"
    texts = {"app": app, "policy": policy, "device_key": device_key, "device_name": device_name, "owner": owner}
    for column, value in texts.items():
        if not isinstance(value, str):
            raise _foreign(conn, where, column, "text", value)
    return CarriedFinding(key, priority, status, str(app), str(policy), str(device_name), str(owner),
                          None if deadline is None else _date(conn, where, "deadline", deadline),
                          _date(conn, where, "first_seen", first), device_key=str(device_key))


def _sightings(conn: sqlite3.Connection, keys: Sequence[str], as_of: dt.date,
               baseline: Optional[_Run]) -> Dict[str, _Seen]:
    """For each key seen before: its first sighting, and whether it was seen in the baseline run (the last
    complete one) or after it. First-seen values are checked at both ends of their order: anything that is
    not an ISO date (text sorting below or above the dates, a number, a blob) shows up at one end."""
    seen: Dict[str, _Seen] = {}
    bas_as_of, bas_id = (baseline.as_of.isoformat(), baseline.id) if baseline else ("", 0)
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for key, first, highest, since in conn.execute(
                f"SELECT f.key, MIN(f.first_seen), MAX(f.first_seen), "
                f"MAX(r.as_of > ? OR (r.as_of = ? AND r.id >= ?)) FROM findings f JOIN runs r ON r.id = f.run_id "
                f"WHERE r.as_of <= ? AND f.key IN ({marks}) GROUP BY f.key",
                [bas_as_of, bas_as_of, bas_id, as_of.isoformat(), *part]):
            if not (_iso_date(first) and _iso_date(highest)):
                raise _bad_first_seen(conn, key, as_of)
            seen[key] = _Seen(_date(conn, f"findings of key {key!r}", "first_seen", first), bool(since))
        # Held open by the baseline or a later run (its device's apps unseen): open, as if seen there.
        for (key,) in conn.execute(
                f"SELECT DISTINCT h.key FROM held_open h JOIN runs r ON r.id = h.run_id "
                f"WHERE (r.as_of > ? OR (r.as_of = ? AND r.id >= ?)) AND r.as_of <= ? AND h.key IN ({marks})",
                [bas_as_of, bas_as_of, bas_id, as_of.isoformat(), *part]):
            if key in seen:
                seen[key] = _Seen(seen[key].first_seen, True)
    return seen


def _iso_date(value: object) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


def _resolved_and_held(conn: sqlite3.Connection, result: AuditResult, run_ids: Sequence[int]
                       ) -> Tuple[Tuple[ResolvedFinding, ...], Tuple[CarriedFinding, ...]]:
    """The open findings this complete run lacks, from each one's last findings row (_open_rows): resolved on a
    device whose apps it saw; held open on a device whose apps it did not see (the device was missing, or listed
    with no app row), or not all of them (it shows only its managed apps tonight, a personal or unknown-ownership
    phone: an app installed outside management would not show), as the outputs show them (status, severity and
    deadline as recorded then), most urgent first."""
    seen_with_apps = {d.key for d in result.devices if d.app_visibility == Visibility.FULL}
    resolved, held = [], []
    for key, (_, policy, rule, app, device_key, device_name, owner, first, last_as_of, priority, run_id, status,
              deadline, severity, _) in _open_rows(conn, {f.key for f in result.findings}, run_ids,
                                                   result.as_of).items():
        where = f"findings row (run {run_id}, key {key!r})"
        texts = {"policy": policy, "rule": rule, "app": app, "device_key": device_key, "device_name": device_name,
                 "owner": owner, "priority": priority, "status": status, "severity": severity}
        for column, value in texts.items():
            if not isinstance(value, str):
                raise _foreign(conn, where, column, "text", value)
        last_seen = _date(conn, where, "as_of", last_as_of)
        if device_key not in seen_with_apps:
            found = _carried_row(conn, run_id, key, priority, status, app, policy, device_key, device_name, owner,
                                 deadline, first)
            held.append(dataclasses.replace(found, last_seen=last_seen, severity=severity))
            continue
        resolved.append((priority, key, ResolvedFinding(key, policy, rule, app, device_key, device_name, owner,
                                                        _date(conn, where, "first_seen", first), last_seen)))
    return (tuple(r for _, _, r in sorted(resolved, key=lambda item: (item[0], item[1]))),
            tuple(sorted(held, key=lambda f: (f.priority, f.owner, f.device_name, f.app, f.policy, f.key))))


def _open_rows(conn: sqlite3.Connection, current: Set[str], run_ids: Sequence[int],
               as_of: dt.date) -> Dict[str, Tuple[Any, ...]]:
    """Open findings (last sighting in the last complete run or later, or held open by such a run) that this
    run lacks: each key's last findings row among the runs as of this run's date or earlier."""
    last: Dict[str, Tuple[str, Tuple[Any, ...]]] = {}
    columns = (f"f.key, f.policy, f.rule, f.app, f.device_key, f.device_name, f.owner, f.first_seen, r.as_of, "
               f"f.priority, f.run_id, f.status, f.deadline, f.severity, {_POSITION} "
               f"FROM findings f JOIN runs r ON r.id = f.run_id")
    held: Set[str] = set()
    for chunk in range(0, len(run_ids), 500):
        part = run_ids[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for row in conn.execute(f"SELECT {columns} WHERE f.run_id IN ({marks})", part):
            key, position = row[0], row[-1]
            if key not in current and (key not in last or position > last[key][0]):
                last[key] = (position, row)  # each key's last sighting
        held.update(k for (k,) in conn.execute(f"SELECT key FROM held_open WHERE run_id IN ({marks})", part))
    keys = sorted(held - current - set(last))
    for chunk in range(0, len(keys), 500):
        part = keys[chunk:chunk + 500]
        marks = ",".join("?" * len(part))
        for row in conn.execute(f"SELECT {columns} WHERE r.as_of <= ? AND f.key IN ({marks})",
                                [as_of.isoformat(), *part]):
            key, position = row[0], row[-1]
            if key not in last or position > last[key][0]:
                last[key] = (position, row)
    return {key: row for key, (_, row) in last.items()}


def open_by_priority(result: AuditResult) -> Dict[str, int]:
    counts = {p: 0 for p in ("P1", "P2", "P3", "P4")}
    for f in result.findings:
        if result.counts_as_open(f):
            counts[f.priority] += 1
    return counts


def record(conn: sqlite3.Connection, result: AuditResult, run_at: str, manifest: Dict[str, Any],
           summary: Dict[str, Any], exit_code: int, report_dir: str = "") -> int:
    """Stores the run, all its findings and the findings it holds open (result.held_open, from with_history)
    in one transaction."""
    try:
        return _record(conn, result, run_at, manifest, summary, exit_code, report_dir)
    except sqlite3.Error as exc:  # the transaction was rolled back: the history is as it was
        raise HistoryError(f"{_file(conn)}: this run was not recorded in the history database: "
                           f"{_why(exc, busy_timeout())}") from None


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
        conn.executemany("INSERT INTO held_open VALUES (?, ?)", [(run_id, f.key) for f in result.held_open])
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
        since = _date(conn, f"runs row {row[0]}", "as_of", row[1])
        before = {}
        for pack_id, title, status in conn.execute("SELECT pack_id, title, status FROM run_packs WHERE run_id = ?",
                                                   (row[0],)):
            for column, value in (("pack_id", pack_id), ("title", title), ("status", status)):
                if not isinstance(value, str):
                    raise _foreign(conn, f"run_packs row (run {row[0]}, pack {pack_id!r})", column, "text", value)
            before[pack_id] = (title, status)
    except sqlite3.Error as exc:
        raise HistoryError(f"{_file(conn)}: cannot read the history database: {_why(exc, busy_timeout())}") from None
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
