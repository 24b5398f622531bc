"""Who is who: the staff directory, identities, risk tiers, priority, waivers, and device owners. The files
are loaded and validated together (files.PeopleFiles) before any inventory is read."""
from __future__ import annotations

from auditor.people.coverage import directory_coverage_problems
from auditor.people.directory import Directory, Person, StaffMapping, load_directory, load_mapping, unresolved_sponsors
from auditor.people.files import People, PeopleFiles
from auditor.people.owners import Owners, unknown_owner
from auditor.people.priority import DEFAULT_MATRIX, PRIORITIES, priority
from auditor.people.risk import RiskModel, load_risk
from auditor.people.waivers import (Waiver, apply_waivers, check_against, load_waivers, matches_nothing,
                                    wide_waiver_notes)

__all__ = ["DEFAULT_MATRIX", "Directory", "Owners", "PRIORITIES", "People", "PeopleFiles", "Person", "RiskModel",
           "StaffMapping", "Waiver", "apply_waivers", "check_against", "directory_coverage_problems", "load_directory",
           "load_mapping", "load_risk", "load_waivers", "matches_nothing", "priority", "unknown_owner",
           "unresolved_sponsors", "wide_waiver_notes"]
