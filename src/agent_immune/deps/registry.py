"""File name -> extractor. Adding a format is one line here plus its module.

Each entry: the canonical file name, the extractor ("module:function" inside
agent_immune.deps, imported only when used), whether the file is a *lockfile*
(resolved versions) or a *manifest* (declared ranges), and for manifests the
lockfiles that, when one sits beside it, replace it (see the range rule in README).
"""
from __future__ import annotations

import fnmatch
import importlib
from pathlib import Path
from typing import Callable, NamedTuple

from ..errors import InputError


class Format(NamedTuple):
    # A NamedTuple, not a frozen dataclass: equally immutable, and defining and filling
    # this table is import time of every command that reads a manifest.
    name: str
    target: str
    lockfile: bool
    superseded_by: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()

    def extractor(self) -> Callable:
        module, func = self.target.split(":")
        return getattr(importlib.import_module(f"agent_immune.deps.{module}"), func)


_NPM_LOCKS = ("npm-shrinkwrap.json", "package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock")
_PY_LOCKS = ("poetry.lock", "uv.lock", "pdm.lock", "pylock.toml")

FORMATS: tuple[Format, ...] = (
    # PyPI
    Format("requirements.txt", "python:requirements_txt", lockfile=False,
           patterns=("requirements*.txt", "constraints*.txt", "requirements/*.txt")),
    Format("pyproject.toml", "python:pyproject_toml", lockfile=False, superseded_by=_PY_LOCKS),
    Format("poetry.lock", "python:poetry_lock", lockfile=True),
    Format("uv.lock", "python:uv_lock", lockfile=True),
    Format("Pipfile.lock", "python:pipfile_lock", lockfile=True),
    Format("pdm.lock", "python:pdm_lock", lockfile=True),
    Format("pylock.toml", "python:pylock_toml", lockfile=True, patterns=("pylock.*.toml",)),
    # npm
    Format("package.json", "npm:package_json", lockfile=False, superseded_by=_NPM_LOCKS),
    Format("package-lock.json", "npm:package_lock_json", lockfile=True),
    Format("npm-shrinkwrap.json", "npm:package_lock_json", lockfile=True),
    Format("yarn.lock", "npm:yarn_lock", lockfile=True),
    Format("pnpm-lock.yaml", "npm:pnpm_lock_yaml", lockfile=True),
    Format("bun.lock", "npm:bun_lock", lockfile=True),
    # crates.io
    Format("Cargo.toml", "cargo:cargo_toml", lockfile=False, superseded_by=("Cargo.lock",)),
    Format("Cargo.lock", "cargo:cargo_lock", lockfile=True),
    # Go: go.mod pins exact versions (minimal version selection), so it is a lockfile here.
    Format("go.mod", "golang:go_mod", lockfile=True),
    # RubyGems, Packagist, Maven, Gradle, NuGet, Pub, Hex
    Format("Gemfile.lock", "ruby:gemfile_lock", lockfile=True, patterns=("gems.locked",)),
    Format("composer.lock", "php:composer_lock", lockfile=True),
    Format("pom.xml", "maven:pom_xml", lockfile=True),
    Format("gradle.lockfile", "maven:gradle_lockfile", lockfile=True, patterns=("buildscript-gradle.lockfile",)),
    Format("packages.lock.json", "nuget:packages_lock_json", lockfile=True),
    Format("pubspec.lock", "dart:pubspec_lock", lockfile=True),
    Format("mix.lock", "hex:mix_lock", lockfile=True),
)

BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}


def known_names() -> list[str]:
    return [f.name for f in FORMATS]


def lookup(name: str) -> Format | None:
    """The format a file of this name is, or None."""
    fmt = BY_NAME.get(name)
    if fmt is not None:
        return fmt
    for f in FORMATS:
        if any(fnmatch.fnmatchcase(name, p) for p in f.patterns):
            return f
    return None


def lookup_path(path: Path) -> Format | None:
    fmt = lookup(path.name)
    if fmt is None and path.parent.name == "requirements" and path.suffix == ".txt":
        fmt = BY_NAME["requirements.txt"]
    return fmt


def require(name: str) -> Format:
    """The format for `--as NAME`; an unknown name is an input error listing the known ones."""
    fmt = lookup(name)
    if fmt is None:
        raise InputError(f"unknown manifest type {name!r}; known: {', '.join(known_names())}")
    return fmt
