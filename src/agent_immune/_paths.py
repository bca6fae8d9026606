"""Where agent-immune keeps its files. Standard library only: imported at CLI start-up."""
from __future__ import annotations

import os
from pathlib import Path

CONFIG_ENV = "AGENT_IMMUNE_CONFIG"
HOME_ENV = "AGENT_IMMUNE_HOME"


def config_path() -> Path:
    """~/.autonomic/config.toml, or the file named by $AGENT_IMMUNE_CONFIG."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    return Path.home() / ".autonomic" / "config.toml"


def default_data_home() -> Path:
    return Path.home() / ".autonomic" / "data" / "immune"
