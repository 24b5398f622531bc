"""Writes the example fleet's people (examples/people/): a staff directory with executives, a cleared
analyst, family members (one a minor), owners missing from the directory, and waivers in every state.

Run after examples/generate_fleet.py: `python examples/generate_people.py`. It audits the example fleet
to find whose devices carry banned apps, so the demo's "Act first" list has real people on it."""
from __future__ import annotations

import csv
import datetime as dt
import sys
from pathlib import Path
from typing import Callable, Dict, List, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from auditor.engine import audit  # noqa: E402
from auditor.model import Finding  # noqa: E402
from auditor.policy import load_library, select_packs, selection_of  # noqa: E402
from auditor.sources import plan_inputs  # noqa: E402

AS_OF = dt.date(2026, 11, 23)
TITLES = ["Software Engineer", "Account Manager", "Analyst", "Designer", "Support Engineer", "Accountant",
          "Product Manager", "Recruiter", "Technician", "Consultant"]
DEPARTMENTS = ["Engineering", "Sales", "Finance", "Operations", "Support", "Marketing", "People", "IT"]


def name_from(email: str) -> str:
    """victor.a.novak@example.com -> "Victor A. Novak" (a server export names its owner by address only)."""
    return " ".join(part.title() + ("." if len(part) == 1 else "") for part in email.split("@")[0].split("."))


def main() -> None:
    library = load_library()
    result = audit(plan_inputs([HERE / "fleet"]), selection_of(library, select_packs(library, [], AS_OF), AS_OF),
                   max_export_age_days=10 ** 6)
    owners: Dict[str, str] = {}
    for device in result.devices:
        email = (device.owner_email or device.owner_upn).strip()
        if email and email not in owners:
            owners[email] = device.owner_name or name_from(email)
    with_findings: List[Tuple[str, str]] = []
    for finding in result.findings:
        email = finding.owner.email or ""
        # people only: team mailboxes (platform-team@) own servers, not phones
        if email and "." in email.split("@")[0] and (email, finding.catalog_id) not in with_findings:
            with_findings.append((email, finding.catalog_id))
    # The cast, by what they carry (not by the order findings come in, which the engine may change): three
    # executives with TikTok, a director who owns a Linux server with Kaspersky, an analyst with CapCut; then
    # everyone else with a finding, in order.
    servers = {f.owner.email for f in result.findings if (f.device.name or "").startswith("srv-")}
    chosen: List[str] = []

    def pick(wanted: Callable[[str, str], bool], count: int = 1) -> None:
        for email, app in with_findings:
            if count and email not in chosen and wanted(email, app):
                chosen.append(email)
                count -= 1

    pick(lambda email, app: app == "tiktok", 3)
    pick(lambda email, app: email in servers and app.startswith("kaspersky"))
    pick(lambda email, app: app == "capcut")
    pick(lambda email, app: True, len(with_findings))
    roles = {  # email -> (title, department, clearance, groups)
        chosen[0]: ("Chief Executive Officer", "Executive Office", "", "Executives;VIP-Travel"),
        chosen[1]: ("Chief Financial Officer", "Finance", "", "Executives"),
        chosen[2]: ("General Counsel", "Legal", "", "Executives"),
        chosen[3]: ("Director of Government Affairs", "Government Affairs", "", ""),
        chosen[4]: ("Research Analyst", "Research", "TS/SCI", ""),
    }
    # Family members own personal phones that Intune cannot see into: "not visible", never "compliant".
    personal = [d.owner_email or d.owner_upn for d in result.devices if d.app_visibility.value != "full"]
    family = {personal[0]: (chosen[0], "minor child"), personal[1]: (chosen[1], "spouse")}
    missing = set(chosen[5:7])  # owners HR does not know: listed as unknown, a data-quality problem
    rows = []
    for i, (email, name) in enumerate(sorted(owners.items())):
        if email in missing:
            continue
        title, department, clearance, groups = roles.get(
            email, (TITLES[i % len(TITLES)], DEPARTMENTS[i % len(DEPARTMENTS)], "", ""))
        sponsor, relationship = family.get(email, ("", ""))
        if sponsor:
            title, department = "", ""
        rows.append({"employeeId": f"E{10000 + i}", "displayName": name, "mail": email, "userPrincipalName": email,
                     "title": title, "department": department, "memberOf": groups, "clearance": clearance,
                     "sponsor": sponsor, "relationship": relationship})
    out = HERE / "people"
    out.mkdir(exist_ok=True)
    with open(out / "staff.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    by_email: Dict[str, Finding] = {}
    for f in result.findings:
        if f.catalog_id == "capcut" or f.owner.email not in by_email:
            by_email[f.owner.email or ""] = f  # the analyst's waiver is for the CapCut she was picked for
    # a waiver that covers part of a device's findings: one policy of a device with findings under two
    partial = next(f for f in result.findings if f.owner.email != chosen[0] and f.catalog_id == "tiktok"
                   and f.pack_id != "us-no-tiktok-on-government-devices-act-2022"
                   and len({g.pack_id for g in result.findings if g.device.key == f.device.key}) >= 2)
    (out / "waivers.yaml").write_text(f"""# Example waivers (fleet-auditor/waivers/1): one in each state as of {AS_OF}.
schema: fleet-auditor/waivers/1
waivers:
  - id: WAIVER-2026-014
    owner: {chosen[4]}
    app: {by_email[chosen[4]].catalog_id}
    reason: Security research on the app's data flows (OMB M-23-13 section 3 exception)
    approver: ciso@example.com
    ticket: SEC-4411
    granted: 2026-06-01
    expires: 2027-05-31
  - id: WAIVER-2026-021
    device: {partial.device.name}
    policy: {partial.pack_id}
    reason: Replacement scheduled; kept until the approved alternative is rolled out to this device
    approver: ciso@example.com
    ticket: LEG-0193
    granted: 2026-10-01
    expires: 2026-12-01
  - id: WAIVER-2026-003
    owner: {chosen[3]}
    reason: Government-affairs monitoring of the platform
    approver: ciso@example.com
    ticket: SEC-3120
    granted: 2026-01-15
    expires: 2026-10-31
  - id: WAIVER-2025-077
    app: toutiao
    policy: us-no-tiktok-on-government-devices-act-2022
    reason: Market research in the China office (office closed since)
    approver: cmo@example.com
    ticket: MKT-2207
    granted: 2025-03-01
    expires: 2027-03-01
""", encoding="utf-8")
    print(f"wrote {out}: {len(rows)} people, executives {chosen[:5]}, family {list(family)}, missing {sorted(missing)}")


if __name__ == "__main__":
    main()
