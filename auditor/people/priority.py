"""Priority P1..P4 from rule severity and the owner's risk tier, through one matrix.

                 critical  elevated  standard  unknown
    critical        P1        P1        P2        P2
    high            P1        P2        P3        P3
    medium          P2        P3        P3        P3
    low             P3        P4        P4        P4

An owner missing from the staff directory ranks as standard (and is listed as a data-quality
problem): guessing upwards would bury the real P1s."""
from __future__ import annotations

from typing import Mapping

from auditor.model import Severity

TIERS = ("critical", "elevated", "standard", "unknown")
DEFAULT_MATRIX: Mapping[Severity, Mapping[str, str]] = {
    Severity.CRITICAL: {"critical": "P1", "elevated": "P1", "standard": "P2", "unknown": "P2"},
    Severity.HIGH: {"critical": "P1", "elevated": "P2", "standard": "P3", "unknown": "P3"},
    Severity.MEDIUM: {"critical": "P2", "elevated": "P3", "standard": "P3", "unknown": "P3"},
    Severity.LOW: {"critical": "P3", "elevated": "P4", "standard": "P4", "unknown": "P4"},
}


def priority(severity: Severity, tier: str, matrix: Mapping[Severity, Mapping[str, str]] = DEFAULT_MATRIX) -> str:
    return matrix[severity].get(tier, matrix[severity]["unknown"])
