"""Validation tests run with the built-in policy unless a test sets its own config."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent_immune.validate import _judge_cached


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(tmp_path / "absent-config.toml"))
    _judge_cached.cache_clear()
