"""Policies as data: the app catalog, the packs (legal instruments), the library that loads them, which
packs a run evaluates and their status on its date, and the compiled matcher. Other packages import from
here, not from the modules."""
from __future__ import annotations

from auditor.policy.catalog import CatalogApp, Company, Identifier
from auditor.policy.library import Library, load_library
from auditor.policy.matcher import Match, Matcher
from auditor.policy.packs import IN_FORCE, Pack, Rule, Scope
from auditor.policy.selection import (DEFAULT_JURISDICTIONS, Selection, select, select_packs, selection_of,
                                      statuses_on)

__all__ = ["CatalogApp", "Company", "DEFAULT_JURISDICTIONS", "IN_FORCE", "Identifier", "Library", "Match", "Matcher",
           "Pack", "Rule", "Scope", "Selection", "load_library", "select", "select_packs", "selection_of",
           "statuses_on"]
