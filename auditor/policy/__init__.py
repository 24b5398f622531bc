"""Policies as data: the app catalog, the packs (legal instruments), the library that loads them, which
packs a run evaluates and their status on its date, and the compiled matcher. Other packages import from
here, not from the modules."""
from __future__ import annotations

from auditor.policy.binds import DEFAULT_ORG_TYPE, OrgProfile, describe_binds, org_profile, org_type_forms
from auditor.policy.catalog import CatalogApp, Company, Identifier
from auditor.policy.library import Library, load_library
from auditor.policy.matcher import Match, Matcher
from auditor.policy.packs import IN_FORCE, PACK_STATUSES, Pack, Rule, Scope, StatusChange
from auditor.policy.selection import (DEFAULT_JURISDICTIONS, PackDecision, Selection, binding_of, decide, select,
                                      select_packs, selection_of, statuses_on)

__all__ = ["CatalogApp", "Company", "DEFAULT_JURISDICTIONS", "DEFAULT_ORG_TYPE", "IN_FORCE", "Identifier", "Library",
           "Match", "Matcher", "OrgProfile", "PACK_STATUSES", "Pack", "PackDecision", "Rule", "Scope", "Selection",
           "StatusChange", "binding_of", "decide", "describe_binds", "load_library", "org_profile", "org_type_forms",
           "select", "select_packs", "selection_of", "statuses_on"]
