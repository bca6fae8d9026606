"""yarn.lock: classic (v1, yarn's own indented format) and berry (v2+, YAML).

Both list one block per resolved package, headed by the descriptors that resolved to it
(`"a@^1.0.0", a@^1.2.0:`), with `version` and `resolved` (v1) / `resolution` (berry).
Berry files start with a `__metadata:` block; that is how the two are told apart.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError
from ._npm_git import try_extract_commit
from ._npm_parse import load_yaml
from .base import Package

ECOSYSTEM = "npm"

# `  key value`, `  "key" "value"` or `  key: value` at exactly two spaces of indent.
_PROP = re.compile(r'^  ("(?:[^"\\]|\\.)*"|[^\s"]+?):?[ \t]+(.*)$')
_BERRY = re.compile(r"^__metadata:", re.M)
_TOP_KEY = re.compile(r'^(?:"((?:[^"\\]|\\.)*)"\s*:|([^\s#"].*?):\s*$)')


def descriptor_name(descriptor: str) -> str:
    """Package name of `name@range`, `@scope/name@range` or an alias `x@npm:real@range`."""
    scoped = descriptor.startswith("@")
    name, _, right = descriptor[1 if scoped else 0:].partition("@")
    if right.startswith("npm:") and "@" in right[5:]:
        return descriptor_name(right[4:])
    return "@" + name if scoped and name else name


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _first_name(header: str) -> str:
    """Name of the first descriptor of a block header (`"a@^1", a@^1.2` -> a)."""
    return descriptor_name(_unquote(header.split(",", 1)[0]))


def _classic(text: str, path: Path) -> list[Package]:
    source = str(path)
    out: list[Package] = []
    header: str | None = None
    header_line = 0
    props: dict[str, str] = {}

    def flush() -> None:
        if header is None:
            return
        name = _first_name(header[:-1])
        if not name:
            raise InputError(f"cannot read a package name from {header!r}", path=path, line=header_line)
        resolved = props.get("resolved") or props.get("resolution")
        out.append(Package(name, props.get("version", ""), ECOSYSTEM, source, line=header_line,
                           commit=try_extract_commit(resolved)))

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] in " \t":
            if header is None:
                raise InputError("indented line before any package header", path=path, line=number)
            m = _PROP.match(line)
            if m:
                props.setdefault(_unquote(m.group(1)), _unquote(m.group(2)))
            continue
        flush()
        if not stripped.endswith(":"):
            raise InputError(f"expected a package header ending in ':', got {stripped[:60]!r}", path=path, line=number)
        header, header_line, props = stripped, number, {}
    flush()
    return out


def _header_lines(text: str) -> dict[str, int]:
    """Line of each top-level key, so berry packages can point at their block."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        m = _TOP_KEY.match(line)
        if m:
            lines.setdefault(m.group(1) if m.group(1) is not None else m.group(2), number)
    return lines


def _berry(text: str, path: Path) -> list[Package]:
    doc = load_yaml(text, path)
    if doc is None:
        return []
    if not isinstance(doc, dict):
        raise InputError("not a yarn.lock: expected a mapping of package blocks", path=path)
    lines = _header_lines(text)
    source = str(path)
    out: list[Package] = []
    seen: set[tuple] = set()
    for key, block in doc.items():
        key = str(key)
        if key == "__metadata":
            continue
        if not isinstance(block, dict):
            raise InputError(f"package block {key!r} must be a mapping", path=path, line=lines.get(key))
        version = block.get("version") or ""
        resolution = block.get("resolution") or ""
        if not isinstance(version, str) or not isinstance(resolution, str):
            raise InputError(f"{key!r}: version and resolution must be strings", path=path, line=lines.get(key))
        if resolution.endswith("@workspace:."):
            continue  # the project itself, not a dependency of it
        # The resolution names the package actually installed (an alias's key does not).
        name = descriptor_name(resolution) if "@" in resolution[1:] else _first_name(key)
        if not name:
            continue
        pkg = Package(name, version, ECOSYSTEM, source,
                      line=lines.get(key), commit=try_extract_commit(resolution))
        # A patch: entry repeats the package it patches; one finding per package is enough.
        ident = (pkg.name, pkg.version, pkg.commit)
        if ident not in seen:
            seen.add(ident)
            out.append(pkg)
    return out


def parse_yarn_lock(text: str, path: Path) -> list[Package]:
    if _BERRY.search(text):
        return _berry(text, path)
    return _classic(text, path)
