"""`auditor fetch` (SFTP) and `auditor collect` (SSH): not yet implemented."""
from __future__ import annotations

from typing import Tuple

import click

COMMANDS: Tuple[click.Command, ...] = ()
