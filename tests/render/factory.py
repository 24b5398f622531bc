"""Small hand-built AuditResults for renderer tests (no readers, no policies involved)."""
from __future__ import annotations

import datetime as dt
from typing import Optional, Sequence, Tuple

from auditor.model import (AuditResult, Device, Evidence, Finding, InstalledApp, MatchMode, Owner, Ownership, PackSummary,
                           Platform, Severity, SourceRef, SourceSummary, Status, Visibility)

AS_OF = dt.date(2026, 11, 23)


def device(i: int, platform: Platform = Platform.IOS, tool: str = "intune", os_version: str = "",
           visibility: Visibility = Visibility.FULL, name: Optional[str] = None) -> Device:
    return Device(key=f"dev-{i}", name=name or f"DEVICE-{i:06d}", serial=f"SN{i:08d}", platform=platform,
                  os_version=os_version, ownership=Ownership.CORPORATE,
                  owner_email=f"user{i % 997}@example.com", owner_upn="", owner_username="", owner_name=f"User {i % 997}",
                  sources=(SourceRef(tool, f"id-{i}", "export.csv", "2026-11-22"),), hardware_ids=(),
                  app_visibility=visibility)


def finding(i: int, dev: Device, priority: str = "P2", status: Status = Status.OVERDUE, app: str = "tiktok",
            identifier: str = "com.zhiliaoapp.musically", pack: str = "test-pack", department: str = "") -> Finding:
    installed = InstalledApp(identifier, app.title(), "1.0", "", dev.platform, Evidence("export.csv", str(i + 2), "intune"))
    return Finding(
        key=f"k{i:08d}", status=status, pack_id=pack, rule_id="r1", severity=Severity.CRITICAL, priority=priority,
        catalog_id=app, catalog_name=app.title(), app=installed, matched_by=MatchMode.IDENTIFIER,
        matched_value=identifier, device=dev,
        owner=Owner(dev.owner_email, dev.owner_name, "standard", (), department=department),
        effective=dt.date(2023, 2, 27), deadline=dt.date(2023, 3, 29),
        days_overdue=1335 if status == Status.OVERDUE else None,
        days_until_effective=30 if status == Status.UPCOMING else None,
        remediation="Remove the app.", citation="Test Act sec. 1", evidence=(installed.evidence,))


def result(findings: Sequence[Finding], devices: Sequence[Device] = (), packs: Tuple[PackSummary, ...] = ()) -> AuditResult:
    devs = tuple(devices) or tuple({f.device.key: f.device for f in findings}.values())
    return AuditResult(as_of=AS_OF, findings=tuple(findings), devices=devs,
                       sources=(SourceSummary("export.csv", "test", "0" * 64, len(findings), 0, len(devs), len(findings)),),
                       problems=(), packs=packs or (PackSummary("test-pack", "Test Act", "Test Act sec. 1",
                                                               "https://example.org/act", "in-force", "XX", "", "", 1, 1),))
