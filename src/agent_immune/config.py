"""~/.autonomic/config.toml -> frozen dataclasses.

The file is shared with the other autonomic components, so only the sections and keys
agent-immune knows are read; other keys are left alone. A key agent-immune knows but
with a value of the wrong type is a ConfigError (exit 2), never silently a default.

Sections:
  [immune]  scanner, data home, freshness, thresholds, ignore rules
  [muscle]  sandbox defaults (level, limits, microVM images)
  [mouth]   command-validation policy (disabled rules, allow/deny patterns)
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._paths import HOME_ENV, config_path, default_data_home
from .errors import ConfigError

SEVERITY_THRESHOLDS = ("critical", "high", "medium", "low", "any")


@dataclass(frozen=True)
class ImmuneConfig:
    osv_cache_dir: str | None = None
    osv_ttl_hours: float = 24.0
    osv_source: str = "https://osv-vulnerabilities.storage.googleapis.com"
    osv_api_url: str = "https://api.osv.dev"
    fail_on: str = "high"
    sandbox_default: str | None = None
    ignore: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class MuscleConfig:
    default_sandbox: str | None = None
    profile: str = "default"
    memory: str = "512M"
    cpus: float = 1.0
    pids: int = 256
    timeout: float = 300.0
    secret_paths: tuple[str, ...] = ()
    firecracker_kernel: str | None = None
    firecracker_rootfs: str | None = None
    firecracker_binary: str | None = None


@dataclass(frozen=True)
class MouthConfig:
    disabled_rules: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    unlisted: str = "allow"  # "review"/"block": the allow patterns are the project's command allow list


@dataclass(frozen=True)
class Config:
    immune: ImmuneConfig = field(default_factory=ImmuneConfig)
    muscle: MuscleConfig = field(default_factory=MuscleConfig)
    mouth: MouthConfig = field(default_factory=MouthConfig)
    path: str | None = None

    def data_home(self) -> Path:
        """$AGENT_IMMUNE_HOME, else osv_cache_dir, else ~/.autonomic/data/immune."""
        env = os.environ.get(HOME_ENV)
        if env:
            return Path(env).expanduser()
        if self.immune.osv_cache_dir:
            return Path(self.immune.osv_cache_dir).expanduser()
        return default_data_home()

    @property
    def sandbox_level(self) -> str:
        return self.muscle.default_sandbox or self.immune.sandbox_default or "seccomp"


def _coerce(section: str, key: str, value: Any, default: Any, annotation: str, path: Path) -> Any:
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"[{section}] {key}: expected {expected}, got {type(value).__name__}", path=path)

    if annotation.startswith("tuple"):
        if "dict" in annotation and isinstance(value, dict):
            return (value,)  # a single [immune.ignore] table is one rule
        if not isinstance(value, list):
            raise bad("an array")
        if "dict" in annotation:
            if not all(isinstance(v, dict) for v in value):
                raise bad("an array of tables")
        elif not all(isinstance(v, str) for v in value):
            raise bad("an array of strings")
        return tuple(value)
    if annotation.startswith("float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad("a number")
        return float(value)
    if annotation.startswith("int"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad("an integer")
        return value
    if not isinstance(value, str):
        raise bad("a string")
    return value


def _section(cls: type, section: str, raw: Any, path: Path) -> Any:
    if raw is None:
        return cls()
    if not isinstance(raw, dict):
        raise ConfigError(f"[{section}] must be a table", path=path)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in raw:
            kwargs[f.name] = _coerce(section, f.name, raw[f.name], f.default, str(f.type), path)
    return cls(**kwargs)


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file means all defaults."""
    path = path or config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", path=path) from None
    import tomllib  # only when a config file exists: its parser compiles regexes at import (start-up time)

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("config is not UTF-8 text", path=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path) from None
    immune = _section(ImmuneConfig, "immune", doc.get("immune"), path)
    if immune.fail_on not in SEVERITY_THRESHOLDS:
        raise ConfigError(f"[immune] fail_on: must be one of {', '.join(SEVERITY_THRESHOLDS)}", path=path)
    if immune.osv_ttl_hours < 0:
        raise ConfigError("[immune] osv_ttl_hours: must not be negative", path=path)
    return Config(
        immune=immune,
        muscle=_section(MuscleConfig, "muscle", doc.get("muscle"), path),
        mouth=_section(MouthConfig, "mouth", doc.get("mouth"), path),
        path=str(path),
    )
