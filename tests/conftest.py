"""Suite-wide settings.

Hypothesis: no per-example deadline anywhere (the machines are shared and timing is a
benchmark's business, not a test's). Under CI the fuzzers run a fixed, derandomized set
of examples so a run is reproducible; locally they explore new inputs every time.
"""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("local", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "local")
