"""The records that flow through the pipeline: plain, frozen data, and the enums that name their values.

This module imports nothing of the project (an import-linter contract in setup.cfg says so)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Optional, Tuple, Type, TypeVar

_Record = TypeVar("_Record")


def fast_init(cls: Type[_Record]) -> Type[_Record]:
    """For the records made once per device or per person (`@fast_init` above `@dataclass(frozen=True,
    slots=True)`): an __init__ that stores each field through its slot's descriptor.

    A frozen dataclass's own __init__ stores each field through object.__setattr__ (its class's __setattr__
    refuses any assignment): about 90 ns a field, 1.2 µs for a Device, and a device makes six such records.
    The slot descriptor is the same store at half the cost. Same parameters, defaults, order and instances:
    equal, hashed, printed and frozen as the dataclass makes them (tests/test_model.py)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: fast_init is for frozen, slotted dataclasses without __post_init__")
    namespace: Dict[str, Any] = {}
    parameters, body = [], []
    for f in dataclasses.fields(cls):
        if not f.init or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: fast_init takes plain fields with plain defaults")
        if f.default is dataclasses.MISSING:
            parameters.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
        namespace[f"_store_{f.name}"] = cls.__dict__[f.name].__set__
        body.append(f"    _store_{f.name}(self, {f.name})\n")
    exec(f"def __init__(self, {', '.join(parameters)}):\n{''.join(body)}", namespace)  # as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


class Platform(str, enum.Enum):
    IOS = "ios"
    IPADOS = "ipados"
    ANDROID = "android"
    MACOS = "macos"
    WINDOWS = "windows"
    LINUX = "linux"
    CHROMEOS = "chromeos"
    OTHER = "other"


class Ownership(str, enum.Enum):
    CORPORATE = "corporate"
    PERSONAL = "personal"
    SHARED = "shared"
    UNKNOWN = "unknown"


class Visibility(str, enum.Enum):
    """How much of a device's installed software its source can see."""

    FULL = "full"
    MANAGED_ONLY = "managed-only"
    NONE = "none"


class Status(str, enum.Enum):
    VIOLATION = "violation"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    WAIVED = "waived"


class Severity(str, enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for critical, 3 for low: sorts the most severe first."""
        return _SEVERITY_ORDER.index(self)


_SEVERITY_ORDER = [Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW]


class _Named(str, enum.Enum):
    """An enum that is its value wherever a string is expected: printed, formatted, hashed, compared."""

    def __str__(self) -> str:
        return str(self.value)

    __format__ = str.__format__
    __hash__ = str.__hash__


class Tier(_Named):
    """How much a person matters to an adversary: the one place tier names are spelled. UNKNOWN is an owner
    who is not in the staff directory (or a run without one)."""

    CRITICAL = "critical"
    ELEVATED = "elevated"
    STANDARD = "standard"
    UNKNOWN = "unknown"

    @classmethod
    def ranked(cls) -> Tuple["Tier", ...]:
        """The tiers risk rules may give, highest first."""
        return (cls.CRITICAL, cls.ELEVATED, cls.STANDARD)

    @property
    def rank(self) -> int:
        """0 for critical .. 3 for unknown: sorts the highest tier first."""
        return _TIER_RANK[self]

    @classmethod
    def of(cls, value: str) -> "Tier":
        """An owner's tier as recorded (a Tier or its text); UNKNOWN for anything else."""
        try:
            return cls(value)
        except ValueError:
            return cls.UNKNOWN

    @property
    def high_risk(self) -> bool:
        return self in (Tier.CRITICAL, Tier.ELEVATED)


_TIER_RANK = {tier: rank for rank, tier in enumerate(Tier)}


class ProblemKind(_Named):
    """What a problem is about, decided where the problem is found (outputs never guess it from words)."""

    ROW = "row"  # a row of an input skipped, or read with a note
    INPUT = "input"  # an input missing, unreadable, unrecognised, empty, or not wholly read
    STALE = "stale"  # an export older than --max-export-age, or dated in the future
    ACQUISITION = "acquisition"  # an SFTP file not fetched, an SSH hosts file not collected
    DATA = "data"  # data quality: owners not in the directory, conflicting owners, unreadable versions


class Confidence(_Named):
    """How sure a finding is (issue 14). Both are findings: listed, prioritised, counted, able to fail a run.
    A probable finding carries `confidence_note`: why it is not confirmed and what would confirm it."""

    CONFIRMED = "confirmed"  # a verified identifier or CPE; a name or product pattern with its company's publisher
    PROBABLE = "probable"  # exact name with an empty or unknown publisher; a likely/unverified identifier; a
    #                        banned company's publisher on an app the catalog does not name (company-wide rule)


class Binding(_Named):
    """Whether a pack binds the organisation that runs the audit, or is adopted by it as its own policy
    (issue 18): decided from the pack's `binds` and the organisation's type, in one place (auditor.policy)."""

    BINDING = "binding"
    ADOPTED = "adopted"


class MatchMode(str, enum.Enum):
    IDENTIFIER = "identifier"
    PUBLISHER_NAME = "publisher+name"
    NAME = "name"
    ALIAS = "alias"
    PUBLISHER_PATTERN = "publisher+pattern"  # a product-name pattern of the app, with a publisher of its family
    PATTERN = "pattern"  # a product-name pattern, without a publisher of the app's family
    PUBLISHER = "publisher"  # only the publisher: of a company a rule bans as a whole (issue 14)
    NAMESPACE = "namespace"  # only the identifier's namespace (com.tencent.): of a company a rule bans as a whole


class Enrollment(_Named):
    """How a device is enrolled, where it changes what its management tool can see of its apps (Intune:
    Android Enterprise fully managed and dedicated devices report no discovered apps; work profiles report
    the work profile's apps only)."""

    UNKNOWN = ""
    ANDROID_FULLY_MANAGED = "android-fully-managed"
    ANDROID_DEDICATED = "android-dedicated"
    ANDROID_CORPORATE_WORK_PROFILE = "android-corporate-work-profile"
    ANDROID_WORK_PROFILE = "android-work-profile"


@dataclass(frozen=True)
class Problem:
    """Something the run could not use: a skipped row, an unreadable file, a stale export."""

    source: str
    message: str
    line: Optional[int] = None
    # True when the problem makes the run incomplete (a whole source lost), False for a skipped row.
    fatal: bool = False
    kind: ProblemKind = ProblemKind.INPUT


@fast_init
@dataclass(frozen=True, slots=True)
class SourceRef:
    """One sighting of a device in one export."""

    tool: str
    device_id: str
    file: str
    last_seen: Optional[str] = None


@fast_init
@dataclass(frozen=True, slots=True)
class DeviceRecord:
    """What one export says about one device; several records merge into one Device."""

    source: SourceRef
    name: str = ""
    serial: str = ""
    platform: Platform = Platform.OTHER
    os_version: str = ""
    ownership: Ownership = Ownership.UNKNOWN
    owner_email: str = ""
    owner_upn: str = ""
    owner_username: str = ""
    owner_name: str = ""
    hardware_ids: Tuple[Tuple[str, str], ...] = ()
    # A full device record (a device export) outranks the device columns repeated on app rows.
    authoritative: bool = False
    enrollment: Enrollment = Enrollment.UNKNOWN


@fast_init
@dataclass(frozen=True, slots=True)
class Device:
    key: str
    name: str
    serial: str
    platform: Platform
    os_version: str
    ownership: Ownership
    owner_email: str
    owner_upn: str
    owner_username: str
    owner_name: str
    sources: Tuple[SourceRef, ...]
    hardware_ids: Tuple[Tuple[str, str], ...]
    app_visibility: Visibility


@fast_init
@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an installed app was seen: file and line, or file and JSON path."""

    file: str
    location: str
    tool: str

    def __str__(self) -> str:
        return f"{self.file}:{self.location}"


@fast_init
@dataclass(frozen=True, slots=True)
class InstalledApp:
    identifier: str
    name: str
    version: str
    publisher: str
    platform: Platform
    evidence: Evidence


@fast_init
@dataclass(frozen=True, slots=True)
class Owner:
    email: Optional[str]
    name: Optional[str]
    tier: Tier
    reasons: Tuple[str, ...]
    title: str = ""
    department: str = ""
    sponsor: str = ""  # for a family member: the staff member's name
    relationship: str = ""  # for a family member: spouse, child, minor child, ...
    sponsor_title: str = ""  # for a family member: the staff member's title ("minor child of Ana Kim, CEO")


@dataclass(frozen=True)
class WaiverRef:
    """The waiver that covers (or covered) a finding."""

    id: str
    reason: str
    approver: str
    ticket: str
    expires: Optional[dt.date]
    state: str  # active, expiring-soon, expired


@dataclass(frozen=True)
class WaiverStatus:
    """One waiver from the waivers file and what became of it in this run."""

    id: str
    covers: str  # human description: "device X, app tiktok"
    reason: str
    approver: str
    ticket: str
    granted: Optional[dt.date]
    expires: Optional[dt.date]
    state: str  # active, expiring-soon, expired, unused
    findings: int  # how many findings it matched
    # Its device or owner names nothing this run read (a typo?): said on stderr and as a data-quality note.
    note: str = ""


@dataclass(frozen=True)
class Finding:
    key: str
    status: Status
    pack_id: str
    rule_id: str
    severity: Severity
    priority: str
    catalog_id: str
    catalog_name: str
    app: InstalledApp
    matched_by: MatchMode
    matched_value: str
    device: Device
    owner: Owner
    effective: dt.date
    deadline: Optional[dt.date]
    days_overdue: Optional[int]
    days_until_effective: Optional[int]
    remediation: str
    citation: str
    evidence: Tuple[Evidence, ...]
    waiver: Optional[WaiverRef] = None
    first_seen: Optional[dt.date] = None  # from the run history, when there is one
    change: Optional[str] = None  # new, persisting or reopened, when there is a history
    confidence: Confidence = Confidence.CONFIRMED
    confidence_note: str = ""  # for a probable finding: why it is not confirmed, and what would confirm it
    # Whether its pack binds the organisation or is adopted as its policy, and whom the pack binds (issue 18):
    # copied from the PackSummary; a deadline set for others never makes an adopting organisation "overdue".
    binding: Binding = Binding.BINDING
    binds: str = ""


@dataclass(frozen=True)
class SourceSummary:
    path: str
    format: str
    sha256: str
    rows: int
    rows_skipped: int
    devices: int
    apps: int
    export_time: Optional[str] = None  # when the export was made (inside the export, else file time)
    encoding: str = ""  # the text encoding the export was read in ("" when not text or not told)


@dataclass(frozen=True)
class AuditResult:
    as_of: dt.date
    findings: Tuple[Finding, ...]
    devices: Tuple[Device, ...]
    sources: Tuple[SourceSummary, ...]
    problems: Tuple[Problem, ...]
    packs: Tuple["PackSummary", ...]
    # Classification calls: one per distinct app, never one per row (guarded by a test).
    classifications: int = 0
    waivers: Tuple[WaiverStatus, ...] = ()
    # Devices whose sources cannot see every app (personal phones under Intune...): never "compliant".
    not_visible: Tuple[Tuple[Device, Owner], ...] = ()
    staff_directory: Optional[str] = None  # the --staff file, when one was given
    # From the run history (auditor run / --history): findings of the previous run that are gone, and
    # the trend of past runs (oldest first).
    resolved: Tuple["ResolvedFinding", ...] = ()
    trend: Tuple["TrendPoint", ...] = ()
    # Inventory apps that resemble a catalog app but matched nothing, for an officer to confirm (issue 14),
    # most devices first, at most MAX_NEAR_MISSES (auditor.engine); how many more there were.
    near_misses: Tuple["NearMiss", ...] = ()
    near_misses_not_listed: int = 0
    # --min-confidence: the weakest confidence kept, and how many findings below it were left out.
    min_confidence: Confidence = Confidence.PROBABLE
    probable_left_out: int = 0
    # Packs added or changed status since the previous run in the history (issue 18).
    pack_changes: Tuple["PackChange", ...] = ()
    # An incomplete run with a history: the last complete run's open P1/P2 findings this run did not see
    # (unknown, not gone), shown apart from this run's findings and never counted among them; None when
    # the run is complete or the history holds no complete run before it.
    carried_forward: Optional["CarriedForward"] = None
    # A complete run with a history: open findings of earlier runs on devices whose apps this run did not see
    # (the device missing, or listed with no app row): held open by the history (table held_open), shown by
    # every output as "not re-checked tonight", never counted among this run's findings (auditor.history).
    held_open: Tuple["CarriedFinding", ...] = ()

    @property
    def complete(self) -> bool:
        return not any(p.fatal for p in self.problems)

    @functools.cached_property
    def in_force_packs(self) -> FrozenSet[str]:
        """The packs of this run in force on the as-of date (a finding held open by the history counts as open
        only under one of them: its pack may no longer be selected)."""
        return frozenset(p.id for p in self.packs if p.status == "in-force")

    @functools.cached_property
    def record_packs(self) -> FrozenSet[str]:
        """The packs of this run not in force on the as-of date (revoked, enjoined, ... named with --policy): their
        findings are shown for the record, never counted as open, never in Act first, never failing the run."""
        return frozenset(p.id for p in self.packs if p.status != "in-force")

    def in_force(self, finding: "Finding") -> bool:
        """Whether this run's finding is under a pack in force on the as-of date (else it is for the record)."""
        return finding.pack_id not in self.record_packs

    def counts_as_open(self, finding: "Finding") -> bool:
        """Whether a finding of this run is open: in violation or overdue (neither waived nor upcoming), under a
        pack in force on the as-of date. What the exit code, the cards, the charts, the trend and every count
        call open (a finding held open by the history: held_counts_as_open)."""
        return finding.status in (Status.VIOLATION, Status.OVERDUE) and self.in_force(finding)

    def held_counts_as_open(self, held: "CarriedFinding") -> bool:
        """Whether a finding the history holds open counts as open tonight, for the exit code and every output's
        counts alike: in violation or overdue, under a pack in force in this run (a pack no longer selected, or
        not in force on the as-of date, holds nothing open; its findings are still listed)."""
        return held.status in ("violation", "overdue") and held.policy in self.in_force_packs


@dataclass(frozen=True)
class PackSummary:
    """A pack as one run evaluated it: `status` is its status on the run's as-of date, computed once
    (auditor.policy.selection) and read by every output and the exit code."""

    id: str
    title: str
    citation: str
    url: str
    status: str
    jurisdiction: str
    authority: str
    instrument: str
    rules: int
    apps: int = 0
    extra: Tuple[Tuple[str, str], ...] = field(default=())
    file: str = ""  # the pack file, as policies/packs/x.yaml or as the user named it
    sha256: str = ""  # of that file
    binds: str = ""  # whom the instrument binds (federal-executive-agencies, state-agencies:US-TX, ...)
    binding: Binding = Binding.BINDING  # on this organisation, or adopted as its own policy
    status_since: Optional[dt.date] = None  # the day the pack took `status` (from its status_history)


@dataclass(frozen=True)
class NearMiss:
    """A distinct inventory app that shares a token, a publisher family or a normalised name with a catalog
    app but matched nothing: listed for review, never a finding."""

    name: str
    publisher: str
    identifier: str
    platform: str
    resembles: str  # the catalog app id it resembles
    reason: str  # what it shares, in words
    devices: int  # how many devices carry it
    example: str  # one device key that carries it


@dataclass(frozen=True)
class PackChange:
    """A pack added, or whose status changed, since the previous run recorded in the history."""

    pack_id: str
    title: str
    change: str  # "added" or "status"
    before: str  # the status in the previous run ("" when added)
    after: str  # the status in this run
    event: str  # what happened, e.g. "enforcement suspended (EO 14352)"
    source: str  # where that is written


@dataclass(frozen=True)
class ResolvedFinding:
    key: str
    policy: str
    rule: str
    app: str
    device_key: str
    device_name: str
    owner: str
    first_seen: dt.date
    last_seen: dt.date
    app_name: str = ""  # the catalog's display name of `app` (an id), when the run's library knows it


@dataclass(frozen=True)
class CarriedFinding:
    """An open (violation or overdue) P1/P2 finding of the last complete run, as the history recorded it; or
    (AuditResult.held_open) a finding of an earlier run held open because this run did not see its device's
    apps, with the status it was last recorded with."""

    key: str
    priority: str
    status: str
    app: str  # the catalog app's name (its id when the catalog no longer names it)
    policy: str
    device_name: str
    owner: str  # e-mail, else name, as recorded
    deadline: Optional[dt.date]
    first_seen: dt.date
    # For a held-open finding (AuditResult.held_open): when it was last seen and its severity (the exit code
    # compares it with --fail-on), as the history recorded them. The device's key, for every one.
    last_seen: Optional[dt.date] = None
    severity: str = ""
    device_key: str = ""


@dataclass(frozen=True)
class CarriedForward:
    """The last complete run before an incomplete one, and its open P1/P2 findings the incomplete run did
    not see: what the officer must still act on (auditor.history.carried_forward)."""

    run_id: int
    run_at: str
    as_of: dt.date
    report_dir: str
    findings: Tuple[CarriedFinding, ...]


@dataclass(frozen=True)
class TrendPoint:
    run_at: str  # ISO timestamp of the run
    as_of: dt.date
    complete: bool
    by_priority: Tuple[Tuple[str, int], ...]  # (("P1", 3), ("P2", 5), ...) open findings (not waived)
    findings: int
