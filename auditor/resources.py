"""Where the shipped policies and the example fleet are, in a checkout and after `pip install .`."""
from __future__ import annotations

import importlib
import os
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _package_dir(package: str, repo_folder: str) -> Path:
    try:
        module = importlib.import_module(package)
    except ImportError:
        module = None
    if module is not None and getattr(module, "__file__", None):
        return Path(module.__file__).resolve().parent  # type: ignore[arg-type]
    return _REPO / repo_folder  # an editable checkout whose finder does not map the data package


# The environment variable naming an organisation's own policy library (same layout as policies/).
POLICIES_VARIABLE = "FLEET_AUDITOR_POLICIES"


def policies_dir() -> Path:
    """The policy library: FLEET_AUDITOR_POLICIES (an organisation's own library) or the shipped one."""
    override = os.environ.get(POLICIES_VARIABLE)
    if override:
        return Path(override).resolve()
    return _package_dir("auditor.shipped_policies", "policies")


def shipped_policies_dir() -> Path:
    """The shipped library, whatever FLEET_AUDITOR_POLICIES says (for the default risk rules)."""
    return _package_dir("auditor.shipped_policies", "policies")


def examples_dir() -> Path:
    return _package_dir("auditor.shipped_examples", "examples")
