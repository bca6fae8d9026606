"""PyPI manifests and lockfiles: requirements.txt, pyproject.toml, and the lockfiles of
Poetry, uv, Pipenv, PDM and PEP 751 (pylock.toml).

Lockfiles report every locked package with its exact version; the project itself
(uv's virtual/editable root, editable or local-directory entries) is not a dependency
and is left out. Manifests report what they declare: exact pins as `version`, other
constraints in `spec` (see "Pin or range" in README.md for the rule).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError
from ._pyreq import ECOSYSTEM, parse_requirement, requirements_txt
from .base import Package, line_of, parse_json, parse_toml, read_text

__all__ = [
    "requirements_txt", "pyproject_toml", "poetry_lock", "uv_lock",
    "pipfile_lock", "pdm_lock", "pylock_toml",
]

_SHA = re.compile(r"^[0-9a-fA-F]{40}$")


# ---------------------------------------------------------------- shared helpers

def _load_toml(path: Path) -> tuple[str, dict]:
    text = read_text(path)
    return text, parse_toml(text, path)


def _table(value: Any, what: str, path: Path) -> dict:
    if not isinstance(value, dict):
        raise InputError(f"{what} must be a table, found {_kind(value)}", path=path)
    return value


def _array(value: Any, what: str, path: Path) -> list:
    if not isinstance(value, list):
        raise InputError(f"{what} must be an array, found {_kind(value)}", path=path)
    return value


def _string(value: Any, what: str, path: Path) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what} must be a string, found {_kind(value)}", path=path)
    return value


def _kind(value: Any) -> str:
    return {type(None): "nothing", dict: "a table", list: "an array", str: "a string", bool: "a boolean",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)


def _commit(value: Any) -> str | None:
    """A full git commit hash, lower-cased; branch and tag names are not commits."""
    if isinstance(value, str) and _SHA.match(value):
        return value.lower()
    return None


def _string_list(value: Any, what: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(_string(v, f"an entry of {what}", path) for v in _array(value, what, path))


def _locked_entries(doc: dict, key: str, path: Path) -> list[dict]:
    """The `[[package]]` (or `[[packages]]`) array of a TOML lockfile; absent means none."""
    entries = _array(doc.get(key, []), f"'{key}'", path)
    return [_table(e, f"each '{key}' entry", path) for e in entries]


def _name_version(entry: dict, key: str, path: Path) -> tuple[str, str]:
    name = _string(entry.get("name"), f"'{key}.name'", path)
    version = _string(entry.get("version", ""), f"'{key}.version' of {name!r}", path)
    if not name:
        raise InputError(f"a '{key}' entry has an empty name", path=path)
    return name, version


# ---------------------------------------------------------------- pyproject.toml

class _Locator:
    """Finds the line a declaration sits on, scanning forward so repeats get their own line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.cursor = 0

    def seek_header(self, pattern: str) -> None:
        m = re.search(pattern, self.text[self.cursor:], re.M)
        if m:
            self.cursor += m.start()

    def find(self, pattern: str) -> int | None:
        m = re.compile(pattern, re.M).search(self.text, self.cursor)
        if m is None:
            return None
        self.cursor = m.end()
        return line_of(self.text, m.start())


def _key_pattern(key: str, after: str = "=") -> str:
    """A TOML key at the start of a line, bare or quoted."""
    k = re.escape(key)
    return rf"^\s*(?:{k}|\"{k}\"|'{k}')\s*{after}"


def _pep508(text: str, group: str | None, path: Path, where: str, line: int | None) -> Package | None:
    # Validate strictly: a pyproject.toml is read by build tools that refuse bad PEP 508.
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as Strict

    try:
        Strict(text)
    except InvalidRequirement as exc:
        raise InputError(f"invalid requirement {text!r} in {where}: {exc}", path=path, line=line) from None
    req = parse_requirement(text)
    if req is None:
        return None
    return Package(name=req.name, version=req.version, ecosystem=ECOSYSTEM, source=str(path),
                   spec=req.spec, line=line, commit=req.commit, groups=(group,) if group else ())


def _pep508_list(values: Any, group: str | None, path: Path, where: str, loc: _Locator) -> list[Package]:
    out = []
    for value in _array(values, where, path):
        if isinstance(value, dict) and group is not None and "include-group" in value:
            continue  # PEP 735 include: those packages are reported under their own group
        text = _string(value, f"an entry of {where}", path)
        line = loc.find(re.escape(json.dumps(text)) + "|" + re.escape(f"'{text}'"))
        pkg = _pep508(text, group, path, where, line)
        if pkg is not None:
            out.append(pkg)
    return out


def _poetry_constraint(value: str) -> tuple[str, str | None]:
    """(version, spec) for a Poetry version constraint."""
    from packaging.version import InvalidVersion, Version

    value = value.strip()
    if value in ("", "*"):
        return "", None
    if value.startswith("===") and value[3:].strip():
        return value[3:].strip(), value  # arbitrary equality: a pin, kept as written too
    bare = value[2:].strip() if value.startswith("==") and not value.startswith("===") else value
    try:
        Version(bare)
        return bare, None  # "1.2.3" and "==1.2.3" both mean exactly that release
    except InvalidVersion:
        return "", value


def _poetry_deps(table: Any, group: str, path: Path, where: str, loc: _Locator) -> list[Package]:
    out = []
    for name, value in _table(table, where, path).items():
        if name.lower() == "python":
            continue  # the interpreter constraint, not a package
        line = loc.find(_key_pattern(name, "[=.]"))
        for constraint in value if isinstance(value, list) else [value]:
            pkg = _poetry_dep(name, constraint, group, path, f"{where}.{name}", line)
            if pkg is not None:
                out.append(pkg)
    return out


def _poetry_dep(name: str, value: Any, group: str, path: Path, where: str, line: int | None) -> Package | None:
    commit = None
    if isinstance(value, str):
        version, spec = _poetry_constraint(value)
    elif isinstance(value, dict):
        if "path" in value or "url" in value:
            return None  # local or archive code, not a PyPI release
        if "git" in value:
            commit = _commit(value.get("rev"))
            version, spec = "", None
        else:
            version, spec = _poetry_constraint(_string(value.get("version", ""), f"'{where}.version'", path))
    else:
        raise InputError(f"'{where}' must be a string or a table, found {_kind(value)}", path=path, line=line)
    return Package(name=name, version=version, ecosystem=ECOSYSTEM, source=str(path), spec=spec,
                   line=line, commit=commit, groups=(group,))


def pyproject_toml(path: Path) -> list[Package]:
    text, doc = _load_toml(path)
    loc = _Locator(text)
    out: list[Package] = []
    project = _table(doc.get("project", {}), "'project'", path)
    if "dependencies" in project:
        loc.seek_header(r"^\s*\[project\]")
        out += _pep508_list(project["dependencies"], None, path, "'project.dependencies'", loc)
    extras = _table(project.get("optional-dependencies", {}), "'project.optional-dependencies'", path)
    for extra, values in extras.items():
        loc.cursor = 0
        loc.seek_header(r"^\s*\[project\]")
        loc.seek_header(r"^\s*\[project\.optional-dependencies\]")
        loc.seek_header(_key_pattern(extra))
        out += _pep508_list(values, extra, path, f"'project.optional-dependencies.{extra}'", loc)
    groups = _table(doc.get("dependency-groups", {}), "'dependency-groups'", path)
    for group, values in groups.items():
        loc.cursor = 0
        loc.seek_header(r"^\s*\[dependency-groups\]")
        loc.seek_header(_key_pattern(group))
        out += _pep508_list(values, group, path, f"'dependency-groups.{group}'", loc)
    tool = _table(doc.get("tool", {}), "'tool'", path)
    poetry = _table(tool.get("poetry", {}), "'tool.poetry'", path)
    if "dependencies" in poetry:
        loc.cursor = 0
        loc.seek_header(r"^\s*\[tool\.poetry\.dependencies\]")
        out += _poetry_deps(poetry["dependencies"], "main", path, "'tool.poetry.dependencies'", loc)
    if "dev-dependencies" in poetry:  # Poetry < 1.2 spelling of the dev group
        loc.cursor = 0
        loc.seek_header(r"^\s*\[tool\.poetry\.dev-dependencies\]")
        out += _poetry_deps(poetry["dev-dependencies"], "dev", path, "'tool.poetry.dev-dependencies'", loc)
    for group, body in _table(poetry.get("group", {}), "'tool.poetry.group'", path).items():
        body = _table(body, f"'tool.poetry.group.{group}'", path)
        if "dependencies" in body:
            loc.cursor = 0
            loc.seek_header(rf"^\s*\[tool\.poetry\.group\.{re.escape(group)}\.dependencies\]")
            out += _poetry_deps(body["dependencies"], group, path, f"'tool.poetry.group.{group}.dependencies'", loc)
    return out


# ---------------------------------------------------------------- lockfiles

def _package(name: str, version: str, path: Path, commit: str | None = None,
             groups: Iterable[str] = ()) -> Package:
    return Package(name=name, version=version, ecosystem=ECOSYSTEM, source=str(path),
                   commit=commit, groups=tuple(groups))


def poetry_lock(path: Path) -> list[Package]:
    _, doc = _load_toml(path)
    out = []
    for entry in _locked_entries(doc, "package", path):
        name, version = _name_version(entry, "package", path)
        source = _table(entry.get("source", {}), f"'package.source' of {name!r}", path)
        commit = _commit(source.get("resolved_reference")) if source.get("type") == "git" else None
        # Poetry 2 writes `groups`; Poetry 1 a single `category` ("main" / "dev").
        groups = _string_list(entry.get("groups"), f"'package.groups' of {name!r}", path)
        if not groups and isinstance(entry.get("category"), str):
            groups = (entry["category"],)
        out.append(_package(name, version, path, commit, groups))
    return out


def uv_lock(path: Path) -> list[Package]:
    _, doc = _load_toml(path)
    out = []
    for entry in _locked_entries(doc, "package", path):
        name, version = _name_version(entry, "package", path)
        source = _table(entry.get("source", {}), f"'package.source' of {name!r}", path)
        if "virtual" in source or "editable" in source:
            continue  # the project (or a workspace member) itself
        commit = None
        if isinstance(source.get("git"), str):
            # uv writes the resolved commit as the URL fragment: "<url>#<sha>".
            commit = _commit(source["git"].rpartition("#")[2])
        out.append(_package(name, version, path, commit))
    return out


def pdm_lock(path: Path) -> list[Package]:
    _, doc = _load_toml(path)
    out = []
    for entry in _locked_entries(doc, "package", path):
        name, version = _name_version(entry, "package", path)
        if entry.get("editable") is True:
            continue  # the project or a local checkout being worked on
        commit = _commit(entry.get("revision")) if "git" in entry else None
        groups = _string_list(entry.get("groups"), f"'package.groups' of {name!r}", path)
        out.append(_package(name, version, path, commit, groups))
    return out


def pylock_toml(path: Path) -> list[Package]:
    _, doc = _load_toml(path)
    out = []
    for entry in _locked_entries(doc, "packages", path):
        name, version = _name_version(entry, "packages", path)
        if "directory" in entry:
            continue  # a local source tree (typically the project itself), not a release
        vcs = _table(entry.get("vcs", {}), f"'packages.vcs' of {name!r}", path)
        out.append(_package(name, version, path, _commit(vcs.get("commit-id"))))
    return out


def pipfile_lock(path: Path) -> list[Package]:
    text = read_text(path)
    if not text.strip():
        return []  # pipenv leaves an empty lockfile before the first lock
    doc = _table(parse_json(text, path), "the Pipfile.lock document", path)
    # The same release in `default` and `develop` is one package used by both.
    found: dict[tuple[str, str, str | None], list[str]] = {}
    for section in ("default", "develop"):
        for name, entry in _table(doc.get(section, {}), f"'{section}'", path).items():
            entry = _table(entry, f"'{section}.{name}'", path)
            if entry.get("editable") is True:
                continue  # a local checkout being worked on
            raw = _string(entry.get("version", ""), f"'{section}.{name}.version'", path)
            version = raw.lstrip("=").strip()
            commit = _commit(entry.get("ref")) if "git" in entry else None
            if not version and commit is None:
                continue  # neither a release nor a commit: nothing a scanner can check
            groups = found.setdefault((name, version, commit), [])
            if section not in groups:
                groups.append(section)
    return [_package(n, v, path, c, g) for (n, v, c), g in found.items()]
