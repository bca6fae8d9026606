"""pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x.

The `packages` keys are dependency paths whose shape changed between versions:
5.x `/name/1.2.3_peer@1.0.0`, 6.x `/name@1.2.3(peer@1.0.0)`, 9.x `name@1.2.3`
(peers moved to `snapshots`). A `name`/`version` field in the entry, present for
git, tarball and file dependencies, wins over what the path says.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ._npm_git import try_extract_commit
from ._npm_parse import load_yaml
from .base import Package

ECOSYSTEM = "npm"

_NAME_AT_VERSION = re.compile(r"^(.+)@([\w.-]+)(?:\(|$)")


class _BadPath(ValueError):
    pass


def _strip_peers(version: str) -> str:
    """`1.2.3(react@18.0.0)` (6.x, 9.x) or `1.2.3_react@18.0.0` (5.x) -> `1.2.3`."""
    return version.split("(", 1)[0].split("_", 1)[0]


def dependency_path(key: str, lockfile_version: float) -> tuple[str, str]:
    """(name, version) a `packages` key names; ("", "") when it does not say."""
    if key.startswith("file:"):
        return "", ""  # file dependencies carry name and version as fields
    if lockfile_version >= 9:
        key = key.strip("'")
        scoped = key.startswith("@")
        name, _, version = key[1 if scoped else 0:].partition("@")
        version = version.split("(", 1)[0]
        return ("@" + name if scoped else name), (version if version[:1].isdigit() else "")
    parts = key.split("(", 1)[0].split("/")
    if len(parts) < 2:
        raise _BadPath(key)
    parts = parts[1:]  # "" for "/name", or a registry host for "host/name/1.0.0"
    if parts[0].startswith("@"):
        name, rest = "/".join(parts[:2]), parts[2:]
    else:
        name, rest = parts[0], parts[1:]
    version = rest[0] if rest else ""
    if not version:
        m = _NAME_AT_VERSION.match(name)
        if not m:
            return "", ""
        name, version = m.group(1), m.group(2)
    if not version[:1].isdigit():
        return "", ""  # e.g. a git path "host/owner/repo": the fields must say
    return name, _strip_peers(version)


def _lockfile_version(doc: dict, path: Path) -> float:
    raw = doc.get("lockfileVersion")
    try:
        return float(str(raw).strip("'\""))
    except ValueError:
        raise InputError(f"not a pnpm lockfile: lockfileVersion is {raw!r}", path=path) from None


def parse_pnpm_lock(text: str, path: Path) -> list[Package]:
    doc = load_yaml(text, path)
    if doc is None:
        return []  # an empty lockfile: nothing installed
    if not isinstance(doc, dict):
        raise InputError("not a pnpm lockfile: expected a mapping at the top", path=path)
    version = _lockfile_version(doc, path)
    packages = doc.get("packages") or {}
    if not isinstance(packages, dict):
        raise InputError("'packages' must be a mapping", path=path)
    source = str(path)
    out: list[Package] = []
    bad: list[str] = []
    for key, info in packages.items():
        key = str(key)
        info = info if isinstance(info, dict) else {}
        try:
            name, pkg_version = dependency_path(key, version)
        except _BadPath:
            bad.append(key)
            continue
        name = info.get("name") or name
        pkg_version = info.get("version") or pkg_version
        if not isinstance(name, str) or not isinstance(pkg_version, str):
            raise InputError(f"packages[{key!r}]: name and version must be strings", path=path)
        if not name or not pkg_version:
            continue
        resolution = info.get("resolution")
        commit = None
        if isinstance(resolution, dict):
            commit = resolution.get("commit")
            tarball = resolution.get("tarball")
            if isinstance(tarball, str) and "/tar.gz/" in tarball:
                commit = try_extract_commit(tarball) or commit
        groups = ("dev",) if info.get("dev") is True else ()
        out.append(Package(name, pkg_version, ECOSYSTEM, source,
                           commit=str(commit) if commit else None, groups=groups))
    if bad:
        raise InputError("; ".join(f"invalid dependency path: {k}" for k in bad), path=path)
    return out
