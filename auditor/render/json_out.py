"""findings.json (schema fleet-auditor/findings/1) and manifest.json."""
from __future__ import annotations

import datetime as dt
from typing import Any, Dict, List

from auditor import __version__
from auditor.model import Device, Finding, NearMiss, Owner
from auditor.render.interface import Report
from auditor.render.jsontext import dumps_indented, parts_indented
from auditor.render.safe import json_escape_invisible

SCHEMA = "fleet-auditor/findings/1"


def device_json(device: Device) -> Dict[str, Any]:
    return {
        "key": device.key,
        "name": device.name or None,
        "serial": device.serial or None,
        "platform": device.platform.value,
        "ownership": device.ownership.value,
        "app_visibility": device.app_visibility.value,
        "sources": [{"tool": s.tool, "device_id": s.device_id, "file": s.file, "last_seen": s.last_seen}
                    for s in device.sources],
    }


def finding_json(f: Finding, as_of: dt.date) -> Dict[str, Any]:
    return {
        "key": f.key,
        "status": f.status.value,
        "policy": f.pack_id,
        "rule": f.rule_id,
        "severity": f.severity.value,
        "priority": f.priority,
        "confidence": f.confidence.value,
        "confidence_note": f.confidence_note or None,
        "app": {
            "catalog_id": f.catalog_id,
            "catalog_name": f.catalog_name,
            "name": f.app.name or None,
            "identifier": f.app.identifier or None,
            "version": f.app.version or None,
            "publisher": f.app.publisher or None,
            "matched_by": f.matched_by.value,
            "matched_value": f.matched_value,
        },
        "device": device_json(f.device),
        "owner": owner_json(f.owner),
        "effective": f.effective.isoformat(),
        "deadline": f.deadline.isoformat() if f.deadline else None,
        "days_overdue": f.days_overdue,
        "binding": str(f.binding),
        "binds": f.binds or None,
        "days_until_effective": f.days_until_effective,
        "citation": f.citation,
        "remediation": f.remediation,
        "evidence": [{"file": e.file, "location": e.location, "tool": e.tool} for e in f.evidence],
        "first_seen": f.first_seen.isoformat() if f.first_seen else None,
        "days_open": (as_of - f.first_seen).days if f.first_seen else None,
        "change": f.change,
        "waiver": None if f.waiver is None else {
            "id": f.waiver.id, "state": f.waiver.state, "reason": f.waiver.reason, "approver": f.waiver.approver,
            "ticket": f.waiver.ticket or None, "expires": f.waiver.expires.isoformat() if f.waiver.expires else None},
    }


def near_miss_json(n: NearMiss) -> Dict[str, Any]:
    return {"name": n.name or None, "publisher": n.publisher or None, "identifier": n.identifier or None,
            "platform": n.platform, "resembles": n.resembles, "reason": n.reason, "devices": n.devices,
            "example_device": n.example}


def owner_json(owner: Owner) -> Dict[str, Any]:
    return {"email": owner.email, "name": owner.name, "tier": owner.tier, "reasons": list(owner.reasons),
            "title": owner.title or None, "department": owner.department or None, "sponsor": owner.sponsor or None,
            "relationship": owner.relationship or None}


def render_findings_json(report: Report) -> str:
    return "".join(findings_json_parts(report))


def findings_json_parts(report: Report) -> List[str]:
    """findings.json in parts (its largest output: the parts are written as they are, never joined)."""
    return parts_indented(findings_document(report), json_escape_invisible, "\n")


def render_manifest_json(report: Report) -> str:
    return dumps(manifest_document(report))


def findings_document(report: Report) -> Dict[str, Any]:
    result = report.result
    return {
        "schema": SCHEMA,
        "tool_version": __version__,
        "generated_at": report.options.generated_at,
        "as_of": result.as_of.isoformat(),
        "complete": result.complete,
        "problems": [{"source": p.source, "line": p.line, "message": p.message, "fatal": p.fatal}
                     for p in result.problems],
        "sources": [{"path": s.path, "format": s.format, "sha256": s.sha256 or None, "rows": s.rows,
                     "rows_skipped": s.rows_skipped, "devices": s.devices, "apps": s.apps,
                     "export_time": s.export_time, "encoding": s.encoding or None} for s in result.sources],
        "policies": [{"id": p.id, "title": p.title, "citation": p.citation, "status": p.status, "url": p.url or None,
                      "jurisdiction": p.jurisdiction or None, "binds": p.binds or None, "binding": str(p.binding)}
                     for p in result.packs],
        "policy_changes": [{"policy": c.pack_id, "title": c.title, "change": c.change, "before": c.before or None,
                            "after": c.after, "event": c.event or None, "source": c.source or None}
                           for c in result.pack_changes],
        "summary": dict(report.summary),
        "findings": [finding_json(f, result.as_of) for f in result.findings],
        "resolved": [{"key": r.key, "policy": r.policy, "rule": r.rule, "app": r.app, "device_key": r.device_key,
                      "device_name": r.device_name or None, "owner": r.owner or None,
                      "first_seen": r.first_seen.isoformat(), "last_seen": r.last_seen.isoformat()}
                     for r in result.resolved],
        # Findings of earlier runs the history holds open: this run did not see their devices' apps (issue:
        # held-open findings shown). Not among `findings`; counted in summary.held_open.
        "held_open": [{"key": h.key, "priority": h.priority, "status": h.status, "severity": h.severity or None,
                       "policy": h.policy, "app": h.app, "device_key": h.device_key or None,
                       "device_name": h.device_name or None, "owner": h.owner or None,
                       "deadline": h.deadline.isoformat() if h.deadline else None,
                       "first_seen": h.first_seen.isoformat(),
                       "last_seen": h.last_seen.isoformat() if h.last_seen else None,
                       "rechecked": False} for h in result.held_open],
        "trend": [{"run_at": t.run_at, "as_of": t.as_of.isoformat(), "complete": t.complete,
                   "open_by_priority": dict(t.by_priority), "findings": t.findings} for t in result.trend],
        "waivers": [{"id": w.id, "covers": w.covers, "reason": w.reason, "approver": w.approver,
                     "ticket": w.ticket or None, "granted": w.granted.isoformat() if w.granted else None,
                     "expires": w.expires.isoformat() if w.expires else None, "state": w.state,
                     "findings": w.findings} for w in result.waivers],
        "not_visible": [{"device": device_json(d), "owner": owner_json(o)} for d, o in result.not_visible],
        "min_confidence": result.min_confidence.value,
        "probable_left_out": result.probable_left_out,
        "near_misses": [near_miss_json(n) for n in result.near_misses],
        "near_misses_not_listed": result.near_misses_not_listed,
    }


def dumps(document: Any) -> str:
    return dumps_indented(document, json_escape_invisible, "\n")


def manifest_document(report: Report) -> Dict[str, Any]:
    """The run's inputs with their sha256 (the mapping files among them), packs with their status that day, and,
    marked with a `role` among the support files, the staff, risk and waivers files and the input archive."""
    result, support_files = report.result, report.options.support_files
    people_files = [f for f in support_files if f.get("role") not in (None, "archive", "pull")]
    document: Dict[str, Any] = {
        "schema": "fleet-auditor/manifest/1",
        "tool_version": __version__,
        "generated_at": report.options.generated_at,
        "as_of": result.as_of.isoformat(),
        "complete": result.complete,
        "inputs": [{"path": s.path, "format": s.format, "sha256": s.sha256 or None} for s in result.sources]
                  + [f for f in support_files if not f.get("role")],
        "packs": [{"id": p.id, "file": p.file, "sha256": p.sha256, "status": p.status, "binding": str(p.binding)}
                  for p in result.packs],
        "waivers": next((p for p in people_files if p["role"] == "waivers"), None),
        "people": [p for p in people_files if p["role"] != "waivers"],
        "archive": next((f for f in support_files if f.get("role") == "archive"), None),
        "arguments": list(report.options.arguments),
    }
    pulls = [{k: v for k, v in f.items() if k != "role"} for f in support_files if f.get("role") == "pull"]
    if pulls:  # API pulls of a scheduled run: per source, endpoint, report, job id, rows, when, files with sha256
        document["pulls"] = pulls
    return document
