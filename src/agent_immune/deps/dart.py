"""Pub (Dart and Flutter): pubspec.lock.

Hosted and git packages are reported (a git package with its resolved commit); SDK
packages (flutter, flutter_test: version 0.0.0) and path packages are the toolchain's
or the project's own code and are left out.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .base import Package, read_text

ECOSYSTEM = "Pub"


def _load(path: Path, text: str):
    """(data, {package name: line}) from the YAML document."""
    import yaml  # heavy; only when a pubspec.lock is read

    loader = None
    try:
        loader = yaml.SafeLoader(text)  # the reader already rejects control characters
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"invalid YAML: {exc.problem or exc.context}", path=path,
                         line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        raise InputError(f"invalid YAML: {exc.reason} (character {exc.character!r})", path=path, line=line) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise InputError(f"invalid YAML: {exc}", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "packages" and isinstance(value, yaml.MappingNode):
                for k, _ in value.value:
                    if isinstance(k, yaml.ScalarNode):
                        lines.setdefault(k.value, k.start_mark.line + 1)
    return data, lines


def pubspec_lock(path: Path) -> list[Package]:
    text = read_text(path)
    data, lines = _load(path, text)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("packages") or {}, dict):
        raise InputError("pubspec.lock must be a mapping with a 'packages' mapping", path=path, line=1)
    packages = []
    for name, entry in (data.get("packages") or {}).items():
        line = lines.get(str(name))
        if not isinstance(entry, dict):
            raise InputError(f"package {name!r} must be a mapping", path=path, line=line)
        source = entry.get("source")
        if source in ("sdk", "path"):
            continue
        version = entry.get("version")
        if not isinstance(version, str) or not version:
            raise InputError(f"package {name!r} has no version", path=path, line=line)
        description = entry.get("description")
        commit = None
        if source == "git" and isinstance(description, dict) and isinstance(description.get("resolved-ref"), str):
            commit = description["resolved-ref"]
        real_name = description.get("name") if isinstance(description, dict) and isinstance(description.get("name"), str) else str(name)
        groups = ("dev",) if entry.get("dependency") == "direct dev" else ()
        packages.append(Package(real_name, version, ECOSYSTEM, str(path), line=line, commit=commit, groups=groups))
    return packages
