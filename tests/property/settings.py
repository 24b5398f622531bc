"""One hypothesis profile for the property tests: fast, and deterministic under CI=true (a red CI run
is reproducible; a developer's run explores new examples)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

IN_CI = os.environ.get("CI") == "true"


def profile(examples: int = 40) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=IN_CI, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
