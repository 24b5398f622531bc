"""Small hand-built AuditResults for renderer tests (no readers, no policies involved).

`family_fleet()` sets every contract field the open issues fill (confidence and its note, near misses, each
pack's `binds` and `binding`, pack changes), so the renderers are tested before the matcher and the policy
work land: a CEO with TikTok under a binding and an adopted policy, her minor child and the CFO's spouse on
personal phones no tool can see into, CJK app names, a probable finding, a waived and an upcoming one, and a
history whose third run was incomplete."""
from __future__ import annotations

import dataclasses
import datetime as dt
import zlib
from typing import List, Optional, Sequence, Tuple

from auditor.history import open_by_priority
from auditor.model import (AuditResult, Binding, Confidence, Device, Evidence, Finding, InstalledApp, MatchMode,
                           NearMiss, Owner, Ownership, PackChange, PackSummary, Platform, Problem, ResolvedFinding,
                           Severity, SourceRef, SourceSummary, Status, Tier, TrendPoint, Visibility, WaiverRef)
from auditor.people import unknown_owner

AS_OF = dt.date(2026, 11, 23)


def device(i: int, platform: Platform = Platform.IOS, tool: str = "intune", os_version: str = "",
           visibility: Visibility = Visibility.FULL, name: Optional[str] = None,
           ownership: Ownership = Ownership.CORPORATE, email: Optional[str] = None,
           owner_name: Optional[str] = None) -> Device:
    return Device(key=f"dev-{i}", name=name or f"DEVICE-{i:06d}", serial=f"SN{i:08d}", platform=platform,
                  os_version=os_version, ownership=ownership,
                  owner_email=email if email is not None else f"user{i % 997}@example.com", owner_upn="",
                  owner_username="", owner_name=owner_name if owner_name is not None else f"User {i % 997}",
                  sources=(SourceRef(tool, f"id-{i}", "export.csv", "2026-11-22"),), hardware_ids=(),
                  app_visibility=visibility)


def finding(i: int, dev: Device, priority: str = "P2", status: Status = Status.OVERDUE, app: str = "tiktok",
            identifier: str = "com.zhiliaoapp.musically", pack: str = "test-pack", department: str = "",
            owner: Optional[Owner] = None, name: Optional[str] = None, catalog_name: Optional[str] = None,
            deadline: Optional[dt.date] = dt.date(2023, 3, 29), confidence: Confidence = Confidence.CONFIRMED,
            note: str = "", waiver: Optional[WaiverRef] = None, change: Optional[str] = None,
            binding: Binding = Binding.BINDING, binds: str = "") -> Finding:
    installed = InstalledApp(identifier, name or app.title(), "1.0", "", dev.platform,
                             Evidence("export.csv", str(i + 2), "intune"))
    overdue = (AS_OF - deadline).days if deadline else 1335
    return Finding(
        key=f"k{i:08d}", status=status, pack_id=pack, rule_id="r1", severity=Severity.CRITICAL, priority=priority,
        catalog_id=app, catalog_name=catalog_name or app.title(), app=installed, matched_by=MatchMode.IDENTIFIER,
        matched_value=identifier, device=dev,
        owner=owner or Owner(dev.owner_email, dev.owner_name, "standard", (), department=department),
        effective=dt.date(2023, 2, 27), deadline=deadline,
        days_overdue=overdue if status == Status.OVERDUE else None,
        days_until_effective=30 if status == Status.UPCOMING else None,
        remediation="Remove the app.", citation="Test Act sec. 1", evidence=(installed.evidence,),
        confidence=confidence, confidence_note=note, waiver=waiver, change=change, binding=binding, binds=binds)


def result(findings: Sequence[Finding], devices: Sequence[Device] = (), packs: Tuple[PackSummary, ...] = ()) -> AuditResult:
    devs = tuple(devices) or tuple({f.device.key: f.device for f in findings}.values())
    # As a run without a staff directory has them (auditor.engine.audit): each device whose apps are not all
    # seen, with its owner as the inventory names it.
    not_visible = tuple((d, unknown_owner(d.owner_email or d.owner_upn, d.owner_name))
                        for d in sorted(devs, key=lambda d: d.key) if d.app_visibility != Visibility.FULL)
    return AuditResult(as_of=AS_OF, findings=tuple(findings), devices=devs, not_visible=not_visible,
                       sources=(SourceSummary("export.csv", "test", "0" * 64, len(findings), 0, len(devs), len(findings)),),
                       problems=(), packs=packs or (PackSummary("test-pack", "Test Act", "Test Act sec. 1",
                                                               "https://example.org/act", "in-force", "XX", "", "", 1, 1),))


# ------------------------------------------------------------------ a fleet with people, family and history
CEO = Owner("ana.kim@example.com", "Ana Kim", Tier.CRITICAL, ("Executive officer",), title="Chief Executive Officer",
            department="Executive Office")
CFO = Owner("farid.rossi@example.com", "Farid Rossi", Tier.CRITICAL, ("Executive officer",),
            title="Chief Financial Officer", department="Finance")
MINOR = Owner("tariq.kim@example.com", "Tariq Kim", Tier.CRITICAL,
              ("minor child of Ana Kim (Chief Executive Officer)",), sponsor="Ana Kim", relationship="minor child",
              sponsor_title="Chief Executive Officer")
SPOUSE = Owner("uma.kim@example.com", "Uma Kim", Tier.CRITICAL, ("family member of Farid Rossi",),
               sponsor="Farid Rossi", relationship="spouse", sponsor_title="Chief Financial Officer")
ANALYST = Owner("lee.chen@example.com", "Lee Chen", Tier.ELEVATED, ("TS/SCI clearance",), title="Research Analyst",
                department="Research")
STAFF = Owner("sam.ortiz@example.com", "Sam Ortiz", Tier.STANDARD, (), title="Designer", department="Marketing")
FAMILY_PACKS = (
    PackSummary("us-no-tiktok-act", "No TikTok on Government Devices Act", "Pub. L. 117-328", "https://example.gov/act",
                "in-force", "US", "Congress", "statute", 1, 1, binds="federal-executive-agencies",
                binding=Binding.ADOPTED),
    PackSummary("org-policy", "Example Corp acceptable use", "Policy 7", "https://example.org/policy", "in-force",
                "ORG", "CISO", "policy", 3, 3, binds="organisation", binding=Binding.BINDING),
)
PROBABLE_NOTE = ("exact name 'WeChat' with no publisher in the inventory; confirm by the bundle id com.tencent.xin "
                 "or the publisher Tencent")


def family_fleet(trend: bool = True, problems: Tuple[Problem, ...] = ()) -> AuditResult:
    ceo_phone = device(1, Platform.IOS, name="CEO-IPHONE", email=CEO.email or "", owner_name=CEO.name or "")
    cfo_mac = device(2, Platform.MACOS, tool="jamf", name="CFO-MACBOOK", email=CFO.email or "",
                     owner_name=CFO.name or "")
    analyst = device(3, Platform.ANDROID, name="LEE-PIXEL", email=ANALYST.email or "", owner_name=ANALYST.name or "")
    staff = device(4, Platform.WINDOWS, tool="ssh", name="SAM-LAPTOP", email=STAFF.email or "",
                   owner_name=STAFF.name or "")
    minor_phone = device(5, Platform.ANDROID, visibility=Visibility.MANAGED_ONLY, ownership=Ownership.PERSONAL,
                         name="TARIQ-PHONE", email=MINOR.email or "", owner_name=MINOR.name or "")
    spouse_phone = device(6, Platform.IOS, visibility=Visibility.MANAGED_ONLY, ownership=Ownership.PERSONAL,
                          name="UMA-PHONE", email=SPOUSE.email or "", owner_name=SPOUSE.name or "")
    staff_phone = device(7, Platform.IOS, visibility=Visibility.MANAGED_ONLY, ownership=Ownership.PERSONAL,
                         name="SAM-PHONE", email=STAFF.email or "", owner_name=STAFF.name or "")
    kiosk = device(8, Platform.WINDOWS, visibility=Visibility.NONE, name="LOBBY-KIOSK", email="", owner_name="")
    findings = [
        # The CEO's TikTok under two policies: one line listing both. The organisation's own policy binds it (and
        # is overdue); the federal act is adopted (its deadline is the agencies', never this organisation's).
        finding(1, ceo_phone, "P1", Status.OVERDUE, pack="org-policy", owner=CEO, catalog_name="TikTok",
                deadline=dt.date(2023, 3, 29), change="persisting"),
        finding(2, ceo_phone, "P1", Status.VIOLATION, pack="us-no-tiktok-act", owner=CEO, catalog_name="TikTok",
                deadline=dt.date(2023, 3, 29), change="new", binding=Binding.ADOPTED,
                binds="federal-executive-agencies"),
        # CJK names as inventories write them.
        finding(3, cfo_mac, "P1", Status.VIOLATION, app="douyin", identifier="com.ss.iphone.ugc.Aweme",
                pack="org-policy", owner=CFO, name="抖音", catalog_name="Douyin", deadline=None, change="new"),
        finding(4, analyst, "P2", Status.VIOLATION, app="wechat", identifier="", pack="org-policy", owner=ANALYST,
                name="微信", catalog_name="WeChat", deadline=None, confidence=Confidence.PROBABLE, note=PROBABLE_NOTE),
        finding(5, staff, "P3", Status.VIOLATION, app="kaspersky", identifier="kaspersky-endpoint", pack="org-policy",
                owner=STAFF, catalog_name="Kaspersky", deadline=None),
        finding(6, staff, "P3", Status.WAIVED, app="lark", identifier="com.larksuite.suite", pack="org-policy",
                owner=STAFF, catalog_name="Lark", deadline=None,
                waiver=WaiverRef("W-7", "pilot", "CISO", "SEC-7", dt.date(2027, 1, 1), "active")),
        finding(7, staff, "P3", Status.UPCOMING, app="deepseek", identifier="com.deepseek.chat", pack="org-policy",
                owner=STAFF, catalog_name="DeepSeek", deadline=None),
    ]
    not_visible = ((staff_phone, STAFF), (kiosk, Owner(None, None, Tier.UNKNOWN, ())), (spouse_phone, SPOUSE),
                   (minor_phone, MINOR))  # in no useful order: the outputs order them
    devices = (ceo_phone, cfo_mac, analyst, staff, minor_phone, spouse_phone, staff_phone, kiosk)
    base = AuditResult(
        as_of=AS_OF, findings=tuple(findings), devices=devices,
        sources=(SourceSummary("/srv/exports/intune/2026-11-22/AppInvRawData_2026-11-22_with_a_very_long_name.csv",
                               "intune-appinv-csv", "ab" * 32, 120, 1, 6, 110, "2026-11-22T06:00:00+00:00"),
                 SourceSummary("/srv/exports/jamf/computers.json", "jamf-pro-inventory-json", "cd" * 32, 20, 0, 2, 40)),
        problems=problems, packs=FAMILY_PACKS, waivers=(), not_visible=not_visible,
        staff_directory="people/staff.csv",
        near_misses=(NearMiss("TikTok Downloader Pro", "Video Tools Ltd", "com.videotools.ttdl", "android", "tiktok",
                              "shares the name token 'tiktok'; publisher is not ByteDance", 3, "dev-3"),),
        pack_changes=(PackChange("us-no-tiktok-act", "No TikTok on Government Devices Act", "added", "", "in-force",
                                 "pack added to the library", "policies/packs/us-no-tiktok-act.yaml"),
                      PackChange("org-policy", "Example Corp acceptable use", "status", "proposed", "in-force",
                                 "approved by the board on 2026-11-20", "https://example.org/minutes/2026-11-20")))
    if not trend:
        return base
    now = tuple(sorted(open_by_priority(base).items()))
    points = (TrendPoint("2026-11-20T02:00:00Z", dt.date(2026, 11, 20), True, (("P1", 4), ("P2", 2), ("P3", 1), ("P4", 0)), 7),
              TrendPoint("2026-11-21T02:00:00Z", dt.date(2026, 11, 21), True, (("P1", 3), ("P2", 2), ("P3", 1), ("P4", 0)), 6),
              TrendPoint("2026-11-22T02:00:00Z", dt.date(2026, 11, 22), False, (("P1", 0), ("P2", 0), ("P3", 0), ("P4", 0)), 0),
              TrendPoint("this run", AS_OF, True, now, len(findings)))
    resolved = (ResolvedFinding("r1", "org-policy", "r1", "capcut", "dev-9", "OLD-PHONE", "sam.ortiz@example.com",
                                dt.date(2026, 11, 1), dt.date(2026, 11, 21)),)
    return dataclasses.replace(base, trend=points, resolved=resolved)


class CountingProblems(tuple):
    """A tuple of problems that counts the items handed out by every iteration over it."""

    handed_out = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for item in tuple.__iter__(self):
            CountingProblems.handed_out += 1
            yield item


def many_sources(count: int) -> AuditResult:
    """A ZIP-of-members run: `count` inputs, each with a problem of its own (the quadratic case of issue 15)."""
    sources = tuple(SourceSummary(f"export.zip!page-{i:05d}.csv", "unknown", f"{zlib.crc32(str(i).encode()):064x}",
                                  0, 0, 0, 0) for i in range(count))
    problems: List[Problem] = [Problem(s.path, "not read: no reader recognises this CSV header (a, b)", None, True)
                               for s in sources]
    return AuditResult(AS_OF, (), (), sources, CountingProblems(problems), ())
