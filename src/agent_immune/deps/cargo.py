"""crates.io: Cargo.toml (declared requirements) and Cargo.lock (resolved versions).

Cargo.toml reports the crate itself (its [package] name and version) and every
dependency that carries something a vulnerability can be matched on: a version
requirement or a git commit. A path dependency or a git dependency pinned only by tag
or branch has neither, so it is left out (as the reference scanner does).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import Package, parse_toml, read_text

ECOSYSTEM = "crates.io"

# `=1.2.3` is the only requirement form that pins one version; `1.2.3` means ^1.2.3.
_EXACT = re.compile(r"^=\s*(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")

# Table name -> group reported for its dependencies.
_DEP_TABLES = {
    "dependencies": (),
    "dev-dependencies": ("dev",),
    "dev_dependencies": ("dev",),
    "build-dependencies": ("build",),
    "build_dependencies": ("build",),
}
_MAX_WORKSPACE_HOPS = 8


# -- line numbers -----------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _split_key(s: str) -> tuple[list[str], str] | None:
    """A dotted TOML key at the start of s -> (parts, rest), or None."""
    parts: list[str] = []
    i = 0
    while True:
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] in "\"'":
            end = s.find(s[i], i + 1)
            if end < 0:
                return None
            parts.append(s[i + 1:end])
            i = end + 1
        else:
            m = _BARE_KEY.match(s, i)
            if not m:
                return None
            parts.append(m.group())
            i = m.end()
        while i < len(s) and s[i] in " \t":
            i += 1
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return parts, s[i:]


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Full key path -> first line that defines it. A heuristic scan, good enough for
    pointing a user at a dependency; values spanning lines can rarely confuse it."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for no, raw in enumerate(text.splitlines(), 1):
        s = raw.strip()
        if s.startswith("["):
            inner = s.lstrip("[")
            parsed = _split_key(inner)
            if parsed and parsed[1].lstrip().startswith("]"):
                table = tuple(parsed[0])
                for i in range(1, len(table) + 1):
                    lines.setdefault(table[:i], no)
            continue
        parsed = _split_key(s)
        if parsed and parsed[1].startswith("="):
            full = table + tuple(parsed[0])
            for i in range(len(table) + 1, len(full) + 1):
                lines.setdefault(full[:i], no)
    return lines


# -- Cargo.toml -------------------------------------------------------------------------


def _str_field(spec: dict, key: str, path: Path, line: int | None, dep: str) -> str | None:
    value = spec.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"dependency {dep!r}: {key!r} must be a string", path=path, line=line)
    return value


def _requirement(req: str) -> tuple[str, str | None]:
    """A Cargo version requirement -> (exact version or "", spec or None)."""
    req = req.strip()
    m = _EXACT.match(req)
    if m:
        return m.group(1), None
    return "", req


def _find_workspace(path: Path) -> dict | None:
    """The [workspace] table of the nearest enclosing workspace root, if any."""
    here = path.resolve().parent
    for directory in list(here.parents)[:_MAX_WORKSPACE_HOPS]:
        candidate = directory / "Cargo.toml"
        if not candidate.is_file():
            continue
        try:
            data = parse_toml(read_text(candidate), candidate)
        except InputError:
            return None  # an unreadable root is its own problem, reported when scanned
        ws = data.get("workspace")
        if isinstance(ws, dict):
            return ws
    return None


class _Workspace:
    """Lazy access to the workspace this manifest inherits from (`x.workspace = true`)."""

    def __init__(self, path: Path, own: Any) -> None:
        self._path = path
        self._table = own if isinstance(own, dict) else None
        self._looked = self._table is not None

    def table(self) -> dict:
        if not self._looked:
            self._looked = True
            self._table = _find_workspace(self._path)
        return self._table or {}

    def dependency(self, name: str) -> Any:
        deps = self.table().get("dependencies")
        return deps.get(name) if isinstance(deps, dict) else None


def _dependency(name: str, spec: Any, groups: tuple[str, ...], path: Path, line: int | None,
                workspace: _Workspace) -> Package | None:
    if isinstance(spec, str):
        version, req = _requirement(spec)
        return Package(name, version, ECOSYSTEM, str(path), spec=req, line=line, groups=groups) if spec.strip() else None
    if not isinstance(spec, dict):
        raise InputError(f"dependency {name!r} must be a version string or a table", path=path, line=line)
    if spec.get("workspace") is True:
        inherited = workspace.dependency(name)
        if inherited is None:
            return None
        merged = {"version": inherited} if isinstance(inherited, str) else dict(inherited) if isinstance(inherited, dict) else {}
        merged.update({k: v for k, v in spec.items() if k != "workspace"})
        spec = merged
    crate = _str_field(spec, "package", path, line, name) or name
    req = _str_field(spec, "version", path, line, name)
    git = _str_field(spec, "git", path, line, name)
    rev = _str_field(spec, "rev", path, line, name)
    _str_field(spec, "path", path, line, name)
    commit = rev if git and rev and _COMMIT.match(rev) else None
    if not (req and req.strip()) and commit is None:
        return None  # nothing to match a vulnerability on
    version, req_spec = _requirement(req) if req and req.strip() else ("", None)
    return Package(crate, version, ECOSYSTEM, str(path), spec=req_spec, line=line, commit=commit, groups=groups)


def _dep_tables(data: dict) -> list[tuple[tuple[str, ...], dict, tuple[str, ...]]]:
    """(key path, table, groups) for every dependency table in the manifest."""
    out = []
    for key, groups in _DEP_TABLES.items():
        if key in data:
            out.append(((key,), data[key], groups))
    targets = data.get("target")
    if isinstance(targets, dict):
        for target, tables in targets.items():
            if isinstance(tables, dict):
                for key, groups in _DEP_TABLES.items():
                    if key in tables:
                        out.append((("target", target, key), tables[key], groups))
    ws = data.get("workspace")
    if isinstance(ws, dict) and "dependencies" in ws:
        out.append((("workspace", "dependencies"), ws["dependencies"], ("workspace",)))
    return out


def _merge(packages: list[Package]) -> list[Package]:
    """One entry per (name, version, spec, commit). A repeat's groups are united, except
    that a normal (group-less) declaration wins: the crate ships either way."""
    merged: dict[tuple, Package] = {}
    for p in packages:
        key = (p.name, p.version, p.spec, p.commit)
        if key in merged:
            old = merged[key]
            groups = tuple(dict.fromkeys(old.groups + p.groups)) if old.groups and p.groups else ()
            merged[key] = Package(old.name, old.version, old.ecosystem, old.source, old.spec, old.line, old.commit, groups)
        else:
            merged[key] = p
    return list(merged.values())


def cargo_toml(path: Path) -> list[Package]:
    text = read_text(path)
    data = parse_toml(text, path)
    lines = _key_lines(text)
    workspace = _Workspace(path, data.get("workspace"))
    packages: list[Package] = []

    pkg = data.get("package")
    if isinstance(pkg, dict) and isinstance(pkg.get("name"), str):
        version = pkg.get("version")
        if isinstance(version, dict) and version.get("workspace") is True:
            ws_pkg = workspace.table().get("package")
            version = ws_pkg.get("version") if isinstance(ws_pkg, dict) else None
        packages.append(Package(pkg["name"], version if isinstance(version, str) else "", ECOSYSTEM, str(path),
                                line=lines.get(("package", "name"))))

    for key, table, groups in _dep_tables(data):
        if not isinstance(table, dict):
            raise InputError(f"[{'.'.join(key)}] must be a table", path=path, line=lines.get(key))
        for name, spec in table.items():
            dep = _dependency(name, spec, groups, path, lines.get(key + (name,)), workspace)
            if dep is not None:
                packages.append(dep)
    return _merge(packages)


# -- Cargo.lock -------------------------------------------------------------------------


def _package_lines(text: str) -> list[int]:
    return [no for no, raw in enumerate(text.splitlines(), 1) if raw.strip().startswith("[[package]]")]


def cargo_lock(path: Path) -> list[Package]:
    text = read_text(path)
    data = parse_toml(text, path)
    entries = data.get("package", [])
    if not isinstance(entries, list):
        raise InputError("'package' must be an array of tables", path=path)
    lines = _package_lines(text)
    packages = []
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else None
        if not isinstance(entry, dict):
            raise InputError("[[package]] entry is not a table", path=path, line=line)
        name, version = entry.get("name"), entry.get("version")
        if not isinstance(name, str) or not name:
            raise InputError("[[package]] entry without a name", path=path, line=line)
        if not isinstance(version, str):
            raise InputError(f"package {name!r} has no version", path=path, line=line)
        # A git source's commit is not reported: the lock already gives the exact version,
        # and the reference scanner matches these entries by version alone.
        packages.append(Package(name, version, ECOSYSTEM, str(path), line=line))
    return packages
