"""The sandbox Policy: one value built by the config, the CLI and the workflow gate.

Sizes are bytes, times seconds. `from_config` fills the defaults from [muscle]; callers
override single fields with dataclasses.replace or keyword arguments to `make_policy`.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import PolicyError

LEVELS = ("none", "seccomp", "firecracker")

# Read-protected by default at every level that can hide files. "~" is the invoking
# user's home; entries may be files or directories and need not exist.
DEFAULT_SECRET_PATHS = (
    "~/.ssh", "~/.aws", "~/.gnupg", "~/.netrc", "~/.config/gh", "~/.docker", "~/.kube",
    "~/.azure", "~/.config/gcloud", "~/.npmrc", "~/.pypirc", "~/.git-credentials",
    "~/.password-store", "~/.vault-token", "/etc/shadow", "/etc/gshadow", "/etc/ssh",
    "/root/.ssh",
)


@dataclass(frozen=True)
class Policy:
    level: str = "seccomp"
    profile: str = "default"
    workdir: str | None = None           # writable; None = a fresh temporary directory
    allow_net: bool = False
    memory_bytes: int = 512 * 1024 * 1024
    cpus: float = 1.0
    pids: int = 256
    timeout_s: float = 300.0
    file_size_bytes: int = 1024 * 1024 * 1024
    open_files: int = 1024
    no_exec: bool = False
    env: tuple[tuple[str, str], ...] = ()          # passed explicitly (--env), kept even if secret-looking
    secret_paths: tuple[str, ...] = DEFAULT_SECRET_PATHS
    output_limit_bytes: int = 8 * 1024 * 1024      # per stream kept in the result
    memory_early_stop: bool = True                 # stop a run whose growth will hit the limit

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise PolicyError(f"unknown sandbox level {self.level!r}; choose one of {', '.join(LEVELS)}")
        for name in ("memory_bytes", "pids", "file_size_bytes", "open_files"):
            if getattr(self, name) <= 0:
                raise PolicyError(f"{name} must be positive")
        if self.cpus <= 0 or self.timeout_s <= 0:
            raise PolicyError("cpus and timeout must be positive")

    def summary(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "profile": self.profile,
            "workdir": self.workdir,
            "allow_net": self.allow_net,
            "memory_bytes": self.memory_bytes,
            "cpus": self.cpus,
            "pids": self.pids,
            "timeout_s": self.timeout_s,
            "no_exec": self.no_exec,
            "env_passed": sorted(k for k, _ in self.env),
        }


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)\s*$", re.IGNORECASE)


def parse_size(text: str | int) -> int:
    """'512M', '2G', '1.5GiB', '4096' -> bytes (binary multiples, as cgroups and docker use)."""
    if isinstance(text, int):
        return text
    m = _SIZE.match(text)
    if not m:
        raise PolicyError(f"invalid size {text!r} (use e.g. 512M, 2G)")
    number, unit = float(m.group(1)), m.group(2).lower()
    return int(number * 1024 ** " kmgt".index(unit or " "))


def from_config(config: Any = None, **overrides: Any) -> Policy:
    """A Policy from [muscle] (and [immune] sandbox_default), with overrides applied."""
    if config is None:
        from ..config import load_config

        config = load_config()
    m = config.muscle
    base: dict[str, Any] = {
        "level": config.sandbox_level,
        "profile": m.profile,
        "memory_bytes": parse_size(m.memory),
        "cpus": m.cpus,
        "pids": m.pids,
        "timeout_s": m.timeout,
    }
    if m.secret_paths:
        base["secret_paths"] = DEFAULT_SECRET_PATHS + tuple(m.secret_paths)
    known = {f.name for f in dataclasses.fields(Policy)}
    for key, value in overrides.items():
        if value is None:
            continue
        if key == "memory":
            key, value = "memory_bytes", parse_size(value)
        elif key == "timeout":
            key = "timeout_s"
        if key not in known:
            raise PolicyError(f"unknown policy setting {key!r}")
        if value is not None:
            base[key] = value
    if isinstance(base.get("workdir"), Path):
        base["workdir"] = str(base["workdir"])
    if isinstance(base.get("env"), dict):
        base["env"] = tuple(base["env"].items())
    return Policy(**base)
