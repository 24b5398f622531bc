"""Policies as data: the app catalog, the packs (legal instruments), the library that loads them, which
packs a run evaluates and their status on its date, and the compiled matcher. Other packages import from
here, not from the modules."""
from __future__ import annotations

from auditor.policy.binds import DEFAULT_ORG_TYPE, OrgProfile, describe_binds, org_profile, org_type_forms
from auditor.policy.catalog import CatalogApp, Company, Identifier, Publisher
from auditor.policy.library import Library, load_library
from auditor.policy.matcher import Match, Matcher
from auditor.policy.nearmiss import Resemblance
from auditor.policy.packs import IN_FORCE, PACK_STATUSES, Pack, Rule, Scope, StatusChange, status_text
from auditor.policy.publishers import company_entry_id, company_entry_name, company_of_entry
from auditor.policy.selection import (DEFAULT_JURISDICTIONS, PackDecision, Selection, binding_of, decide, select,
                                      select_packs, selection_of, statuses_on)
from auditor.policy.textnorm import normalise_identifier, normalise_name, normalise_publisher

__all__ = ["CatalogApp", "Company", "DEFAULT_JURISDICTIONS", "DEFAULT_ORG_TYPE", "IN_FORCE", "Identifier", "Library",
           "Match", "Matcher", "OrgProfile", "PACK_STATUSES", "Pack", "PackDecision", "Publisher", "Resemblance",
           "Rule", "Scope", "Selection", "StatusChange", "binding_of", "company_entry_id", "company_entry_name",
           "company_of_entry", "decide", "describe_binds", "load_library", "normalise_identifier", "normalise_name",
           "normalise_publisher", "org_profile", "org_type_forms", "select", "select_packs", "selection_of",
           "status_text", "statuses_on"]
