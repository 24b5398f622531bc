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

from auditor.model import Severity, Tier

PRIORITIES = ("P1", "P2", "P3", "P4")
Matrix = Mapping[Severity, Mapping[Tier, str]]
_C, _E, _S, _U = Tier.CRITICAL, Tier.ELEVATED, Tier.STANDARD, Tier.UNKNOWN
DEFAULT_MATRIX: Matrix = {
    Severity.CRITICAL: {_C: "P1", _E: "P1", _S: "P2", _U: "P2"},
    Severity.HIGH: {_C: "P1", _E: "P2", _S: "P3", _U: "P3"},
    Severity.MEDIUM: {_C: "P2", _E: "P3", _S: "P3", _U: "P3"},
    Severity.LOW: {_C: "P3", _E: "P4", _S: "P4", _U: "P4"},
}


def priority(severity: Severity, tier: Tier, matrix: Matrix = DEFAULT_MATRIX) -> str:
    return matrix[severity].get(tier, matrix[severity][Tier.UNKNOWN])
