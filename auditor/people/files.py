"""The files that say who is who (staff directory, its mapping, risk rules, waivers): loaded and
validated together, before any inventory is read, and described for the manifest."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from auditor.people.directory import Directory, load_directory, load_mapping
from auditor.people.risk import RiskModel, check_directory_columns, default_risk_file, load_risk
from auditor.people.waivers import Waiver, load_waivers
from auditor.textio.inputs import sha256_file
from auditor.textio.names import shown


@dataclass(frozen=True)
class People:
    """Who owns what, and how much they matter: the staff directory, risk rules and waivers."""

    directory: Optional[Directory] = None
    risk: Optional[RiskModel] = None
    waivers: Tuple[Waiver, ...] = ()


@dataclass(frozen=True)
class PeopleFiles:
    staff: Optional[Path] = None
    staff_mapping: Optional[Path] = None
    risk: Optional[Path] = None
    waivers: Optional[Path] = None
    allow_open_waivers: bool = False

    def load(self) -> People:
        """Every file is validated before any inventory is read: a bad one exits 2 and writes nothing."""
        mapping = load_mapping(self.staff_mapping) if self.staff_mapping else None
        directory = load_directory(self.staff, mapping) if self.staff else None
        waivers = load_waivers(self.waivers, not self.allow_open_waivers) if self.waivers else ()
        risk = load_risk(self.risk)
        if directory is not None:
            notes = check_directory_columns(risk, directory, shipped=self.risk is None)
            directory = dataclasses.replace(directory, problems=directory.problems + notes)
        return People(directory=directory, risk=risk, waivers=waivers)

    def manifest(self) -> Tuple[Dict[str, Any], ...]:
        named = (("staff", self.staff), ("staff-mapping", self.staff_mapping), ("risk", self.risk),
                 ("waivers", self.waivers))
        files = [{"role": role, "path": shown(path), "sha256": sha256_file(path)} for role, path in named if path]
        if self.risk is None:  # the shipped rules: named as in the repository, wherever it is installed
            files.append({"role": "risk", "path": "policies/risk/default.yaml",
                          "sha256": sha256_file(default_risk_file())})
        return tuple(files)
