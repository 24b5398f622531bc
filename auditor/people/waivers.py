"""Waivers: approved, time-limited exceptions (OMB M-23-13 calls them exceptions) for a device, owner,
app, rule or policy. An active waiver turns a finding into `waived` (still listed, never hidden); an
expired one turns it back into a violation and is called out."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Collection, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from auditor.errors import ConfigError
from auditor.people.identity import normalise_identity
from auditor.model import Device, Finding, Owner, Status, WaiverRef
from auditor.people.directory import Directory
from auditor.textio.context import ReadContext
from auditor.textio.inputs import InputFile
from auditor.textio.csvtable import Column, CsvTable
from auditor.textio.yamlfile import Fields, load_yaml, parse_date
from auditor.textio.names import shown
from auditor.textio.suggest import did_you_mean

SCHEMA = "fleet-auditor/waivers/1"
EXPIRING_SOON_DAYS = 14
COVER_KEYS = ("device", "owner", "app", "rule", "policy")
KEYS = ("id",) + COVER_KEYS + ("reason", "approver", "ticket", "granted", "expires", "notes")


@dataclass(frozen=True)
class Waiver:
    id: str
    device: str
    owner: str
    app: str
    rule: str
    policy: str
    reason: str
    approver: str
    ticket: str
    granted: Optional[dt.date]
    expires: Optional[dt.date]
    where: str  # file:line, for messages

    def covers(self) -> str:
        return ", ".join(f"{k} {getattr(self, k)}" for k in COVER_KEYS if getattr(self, k))

    def state(self, as_of: dt.date) -> str:
        if self.granted is not None and as_of < self.granted:
            return "not-yet-granted"
        if self.expires is not None and as_of > self.expires:
            return "expired"
        if self.expires is not None and (self.expires - as_of).days <= EXPIRING_SOON_DAYS:
            return "expiring-soon"
        return "active"

    def matches(self, finding: Finding, domain_aliases: Dict[str, str]) -> bool:
        if self.app and self.app.casefold() != finding.catalog_id:
            return False
        if self.policy and self.policy.casefold() != finding.pack_id:
            return False
        if self.rule and self.rule.casefold() not in (finding.rule_id, f"{finding.pack_id}/{finding.rule_id}"):
            return False
        if self.device and not _device_matches(self.device, finding.device):
            return False
        if self.owner and not _owner_matches(self.owner, finding.device, finding.owner, domain_aliases):
            return False
        return True


def _device_matches(wanted: str, device: Device) -> bool:
    want = wanted.strip().casefold()
    names = {device.key.casefold(), device.serial.casefold(), device.name.casefold()}
    names.update(s.device_id.casefold() for s in device.sources)
    return want in names - {""}


def _owner_matches(wanted: str, device: Device, owner: Owner, aliases: Dict[str, str]) -> bool:
    want = normalise_identity(wanted, aliases)
    have = {normalise_identity(v, aliases) for v in (device.owner_email, device.owner_upn, device.owner_username,
                                                      owner.email or "") if v}
    return want in have


def _waiver(record: Dict[str, Any], where: str, require: Tuple[str, ...], error: Any) -> Waiver:
    def date(key: str) -> Optional[dt.date]:
        value = record.get(key)
        if value in (None, ""):
            return None
        return parse_date(value, lambda: error(key, "a date like 2026-12-31", value))
    waiver = Waiver(
        id=str(record.get("id") or "").strip() or where, device=str(record.get("device") or "").strip(),
        owner=str(record.get("owner") or "").strip(), app=str(record.get("app") or "").strip(),
        rule=str(record.get("rule") or "").strip(), policy=str(record.get("policy") or "").strip(),
        reason=str(record.get("reason") or "").strip(), approver=str(record.get("approver") or "").strip(),
        ticket=str(record.get("ticket") or "").strip(), granted=date("granted"), expires=date("expires"),
        where=where)
    if not any(getattr(waiver, k) for k in COVER_KEYS):
        raise error("device", "at least one of device, owner, app, rule, policy", None)
    for key in require:
        if not getattr(waiver, key):
            raise error(key, f"an {key} (required; relax with --allow-open-waivers)", None)
    if not waiver.reason:
        raise error("reason", "the reason for the waiver (required)", None)
    return waiver


def load_waivers(path: Path, require_expiry_and_approver: bool = True) -> Tuple[Waiver, ...]:
    """YAML (`schema: fleet-auditor/waivers/1`, `waivers: [...]`) or CSV with the same column names."""
    require = ("expires", "approver") if require_expiry_and_approver else ()
    if not path.is_file():
        raise ConfigError(f"--waivers {path}: no such file")
    head = path.read_bytes()[:4096].decode("utf-8", "replace")
    waivers = list(_from_yaml(path, require) if f"schema: {SCHEMA}" in head or path.suffix in (".yaml", ".yml")
                   else _from_csv(path, require))
    seen: Dict[str, Waiver] = {}
    for waiver in waivers:
        if waiver.id in seen:
            raise ConfigError(f"{waiver.where}: id: {waiver.id!r} is also used at {seen[waiver.id].where}")
        seen[waiver.id] = waiver
    return tuple(waivers)


def _from_yaml(path: Path, require: Tuple[str, ...]) -> Iterator[Waiver]:
    f = Fields(shown(path), "", load_yaml(path), ("schema", "waivers", "notes"))
    if f.data.get("schema") != SCHEMA:
        raise f.fail("schema", repr(SCHEMA), f.data.get("schema"))
    for wpath, item in f.items("waivers"):
        w = Fields(shown(path), wpath, item, KEYS)
        yield _waiver(w.data, f"{path}: {wpath}", require, lambda key, what, got, w=w: w.fail(w.sub(key), what, got))


def _from_csv(path: Path, require: Tuple[str, ...]) -> Iterator[Waiver]:
    stat = path.stat()
    ctx = ReadContext(InputFile(shown(path), path, None, stat.st_size, stat.st_mtime))
    table = CsvTable(ctx)
    try:
        cols = table.columns([Column(k, (k,)) for k in KEYS])
        if cols is None:
            raise ConfigError(f"{path}: {ctx.problems[-1].message}")
        _refuse_unknown_columns(path, table.header)
        for line, row in table.rows():
            record = {k: row[i] for k, i in cols.items() if i >= 0}

            def error(key: str, what: str, got: object, line: int = line) -> ConfigError:
                return ConfigError(f"{path}:{line}: {key}: expected {what}" + (f", got {got!r}" if got else ""))
            yield _waiver(record, f"{path}:{line}", require, error)
        bad = [p for p in ctx.problems]
        if bad:
            raise ConfigError(f"{path}:{bad[0].line}: {bad[0].message}")
    finally:
        table.close()


def _refuse_unknown_columns(path: Path, header: Sequence[str]) -> None:
    """A column the waivers CSV does not know is refused, as an unknown YAML key is: a misspelt `device`
    column would otherwise be dropped unseen and the waiver would cover every device of its owner."""
    known = {k.casefold() for k in KEYS}
    for at, name in enumerate(header, start=1):
        if name and name.casefold() not in known:
            shown_name = name if len(name) <= 40 else name[:37] + "..."
            raise ConfigError(f"{path}:1: column {at} {shown_name!r}: no such column{did_you_mean(name, KEYS)} "
                              f"(allowed: {', '.join(KEYS)})")


_STATE_RANK = {"active": 0, "expiring-soon": 1, "not-yet-granted": 2, "expired": 3}


@dataclass(frozen=True)
class Applied:
    findings: Tuple[Finding, ...]
    statuses: Tuple[Tuple[Waiver, str, int], ...]  # waiver, state, findings matched


def waiver_ref(waiver: Waiver, state: str) -> WaiverRef:
    return WaiverRef(waiver.id, waiver.reason, waiver.approver, waiver.ticket, waiver.expires, state)


def apply_waivers(findings: List[Finding], waivers: Tuple[Waiver, ...], as_of: dt.date,
                  domain_aliases: Dict[str, str]) -> Applied:
    """Each finding takes the first waiver that matches it; active ones waive, expired ones are noted."""
    counts = {w.id: 0 for w in waivers}
    out = []
    for finding in findings:
        # The waiver in force wins over an expired one listed before it (a renewal is a new entry).
        matching = [w for w in waivers if w.matches(finding, domain_aliases)]
        waiver = min(matching, key=lambda w: _STATE_RANK[w.state(as_of)], default=None)
        if waiver is None:
            out.append(finding)
            continue
        counts[waiver.id] += 1
        state = waiver.state(as_of)
        if state in ("active", "expiring-soon"):
            out.append(dataclasses.replace(finding, status=Status.WAIVED, waiver=waiver_ref(waiver, state)))
        elif state == "expired":
            out.append(dataclasses.replace(finding, waiver=waiver_ref(waiver, state)))
        else:
            out.append(finding)
    statuses = tuple((w, w.state(as_of) if counts[w.id] else "unused", counts[w.id]) for w in waivers)
    return Applied(tuple(out), statuses)


def wide_waiver_notes(waivers: Sequence[Waiver], findings: Sequence[Finding], as_of: dt.date) -> Dict[str, str]:
    """A waiver that names no device, owner or app (only a policy, or a rule) waives every finding of it on
    every device, whoever's: allowed, but easy to write by mistake and silent in the counts. For each such
    waiver (by id) in force (active or expiring soon), what it waives in this run, P1 and P2 counted: "waiver W-1 waives every
    finding of pack X (...): 14 findings, 3 of them P1, until 2027-12-31. ..."."""
    by_waiver: Dict[str, Dict[str, int]] = {}
    for f in findings:
        if f.waiver is not None and f.status == Status.WAIVED:
            counts = by_waiver.setdefault(f.waiver.id, {})
            counts[f.priority] = counts.get(f.priority, 0) + 1
    notes: Dict[str, str] = {}
    for w in waivers:
        if w.device or w.owner or w.app or w.state(as_of) not in ("active", "expiring-soon"):  # waives nothing now
            continue
        counts = by_waiver.get(w.id, {})
        total = sum(counts.values())
        scope = (f"rule {w.rule}" + (f" of pack {w.policy}" if w.policy else "")) if w.rule else f"pack {w.policy}"
        urgent = [f"{counts[p]} {p}" for p in ("P1", "P2") if counts.get(p)]
        said = (f", {' and '.join(urgent).replace(' ', ' of them ', 1)}" if urgent
                else ", none of them P1 or P2") if total else ""
        notes[w.id] = (f"waiver {w.id} waives every finding of {scope} (it names no device, owner or app): "
                       f"{total} {'finding' if total == 1 else 'findings'}{said}"
                       + (f", until {w.expires.isoformat()}" if w.expires else ", with no expiry")
                       + ". Name the devices, owners or apps it is meant for, unless the whole "
                       + ("rule" if w.rule else "pack") + " is waived on purpose")
    return notes


def matches_nothing(waiver: Waiver, devices: Sequence[Device], domain_aliases: Dict[str, str],
                    directory: Optional[Directory] = None) -> str:
    """Why a waiver's device or owner names nothing among the devices this run read ("" when each matches
    one, or when no device was read): such a waiver waives nothing. Safe (its findings stay open), but a
    typo in `device:` or `owner:` would otherwise only show as "unused". An owner is looked for as waivers
    match it (the directory's index is used: no Owner is built for every device)."""
    if not devices:
        return ""
    if waiver.device and not any(_device_matches(waiver.device, device) for device in devices):
        return (f"waiver {waiver.id}: device {waiver.device!r} matches no device this run read (by name, serial "
                "or device id): it waives nothing; check the spelling")
    if waiver.owner and not _owner_seen(waiver.owner, devices, domain_aliases, directory):
        return (f"waiver {waiver.id}: owner {waiver.owner!r} matches no device owner this run read (by e-mail, "
                "UPN or user name): it waives nothing; check the spelling")
    return ""


def _owner_seen(wanted: str, devices: Sequence[Device], aliases: Dict[str, str],
                directory: Optional[Directory]) -> bool:
    """As a waiver matches (`_owner_matches`): a device's owner fields, or the e-mail the staff directory
    gives the device's owner."""
    want = normalise_identity(wanted, aliases)
    fields = [(d.owner_upn, d.owner_email, d.owner_username) for d in devices]
    if any(normalise_identity(v, aliases) == want for values in fields for v in values if v):
        return True
    if directory is None:
        return False
    for values in fields:
        person = directory.find(*values)
        if person is not None and person.email and normalise_identity(person.email, aliases) == want:
            return True
    return False


def check_against(waivers: Tuple[Waiver, ...], app_ids: Collection[str], pack_rules: Mapping[str, Collection[str]]) -> None:
    """A waiver naming an app, pack or rule that does not exist would silently waive nothing: exit 2."""
    rules = {r for pack_id, ids in pack_rules.items() for r in ids} | {
        f"{pack_id}/{r}" for pack_id, ids in pack_rules.items() for r in ids}
    for w in waivers:
        if w.app and w.app.casefold() not in app_ids:
            raise ConfigError(f"{w.where}: app: expected a catalog app id (see `auditor policies show`), got {w.app!r}")
        if w.policy and w.policy.casefold() not in pack_rules:
            raise ConfigError(f"{w.where}: policy: expected a pack id (see `auditor policies list`), got {w.policy!r}")
        if w.rule and w.rule.casefold() not in rules:
            raise ConfigError(f"{w.where}: rule: expected a rule id or pack/rule, got {w.rule!r}")
