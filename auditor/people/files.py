"""The files that say who is who (staff directory, its mapping, risk rules, waivers): loaded and
validated together, before any inventory is read, and described for the manifest."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

from auditor.errors import ConfigError
from auditor.people.directory import Directory, load_directory, load_mapping
from auditor.people.risk import (RiskModel, check_directory_columns, default_risk_file, load_risk,
                                 senior_titles_unmatched, values_matching_nobody)
from auditor.people.waivers import Waiver, load_waivers
from auditor.textio.inputs import sha256_file
from auditor.textio.names import shown


# The loaders' flags and the configuration keys that name the same files (auditor.run.config).
_FLAG_KEYS = (("--staff-mapping", "staff_mapping"), ("--staff", "staff"), ("--risk", "risk"), ("--waivers", "waivers"),
              ("--allow-open-waivers", "allow_open_waivers"))
_FLAG = re.compile("|".join(re.escape(flag) for flag, _ in _FLAG_KEYS) + r"(?![\w-])")


def as_config_keys(message: str, config: str) -> str:
    """A loader's error as a configuration file's: "--staff hr/x.csv: no such file" becomes
    "auditor.yaml: staff: hr/x.csv: no such file", and a flag named inside it the key `staff_mapping:`."""
    keys = dict(_FLAG_KEYS)
    for flag, key in _FLAG_KEYS:
        if message.startswith(flag + " "):
            message = f"{config}: {key}: {message[len(flag) + 1:]}"
            break
    return _FLAG.sub(lambda m: f"`{keys[m.group()]}:` in {shown(Path(config).name)}", message)


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
    # The configuration file that named these files (`auditor run`): its errors name its keys (`staff:`),
    # not the command-line flags (`--staff`) the loaders name; "" on the command line.
    config: str = ""

    def load(self) -> People:
        """Every file is validated before any inventory is read: a bad one exits 2 and writes nothing."""
        try:
            return self._load()
        except ConfigError as exc:
            if not self.config:
                raise
            raise ConfigError(as_config_keys(str(exc), self.config)) from None

    def _load(self) -> People:
        mapping = load_mapping(self.staff_mapping) if self.staff_mapping else None
        directory = load_directory(self.staff, mapping) if self.staff else None
        waivers = load_waivers(self.waivers, not self.allow_open_waivers) if self.waivers else ()
        risk = load_risk(self.risk)
        if directory is not None:
            notes = check_directory_columns(risk, directory, shipped=self.risk is None)
            notes += senior_titles_unmatched(risk, directory)
            if self.risk is not None:  # the user's own rules: each value should fit someone (a typo fits nobody)
                notes += values_matching_nobody(risk, directory)
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
