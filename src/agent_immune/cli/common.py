"""Small helpers shared by command modules. Standard library only (start-up path)."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str) -> None:
    parser.add_argument("--format", choices=choices, default=default, help=f"output format (default: {default})")


def write_json(data: Any) -> None:
    """Stable JSON on stdout: two-space indent, keys in the order the renderer built them."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load_config():
    """The user's config, imported on use (start-up path)."""
    from ..config import load_config as _load

    return _load()
