"""NuGet: packages.lock.json (the lock file NuGet writes with RestorePackagesWithLockFile).

Every target framework (and runtime) section lists the packages it resolved; each
(name, resolved version) is reported once. Project references (type "Project") are
the solution's own code and are left out.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from .base import Package, line_of, parse_json, read_text

ECOSYSTEM = "NuGet"


def packages_lock_json(path: Path) -> list[Package]:
    text = read_text(path)
    data = parse_json(text, path)
    if not isinstance(data, dict) or not isinstance(data.get("dependencies", {}), dict):
        raise InputError("packages.lock.json must be an object with a 'dependencies' object", path=path, line=1)
    packages: dict[tuple[str, str], Package] = {}
    cursor = 0
    for framework, entries in data.get("dependencies", {}).items():
        if not isinstance(entries, dict):
            raise InputError(f"target {framework!r} must map package names to objects", path=path)
        for name, entry in entries.items():
            if not isinstance(entry, dict):
                raise InputError(f"package {name!r} under {framework!r} must be an object", path=path)
            # json keeps key order, so each entry is found after the previous one.
            m = re.compile(re.escape(json.dumps(name)) + r"\s*:\s*\{").search(text, cursor)
            line = None
            if m:
                cursor = m.end()
                line = line_of(text, m.start())
            if entry.get("type") == "Project":
                continue
            resolved = entry.get("resolved")
            if not isinstance(resolved, str) or not resolved:
                raise InputError(f"package {name!r} under {framework!r} has no resolved version", path=path, line=line)
            groups = ("transitive",) if entry.get("type") in ("Transitive", "CentralTransitive") else ()
            key = (name.lower(), resolved)
            if key not in packages or (packages[key].groups and not groups):
                packages[key] = Package(name, resolved, ECOSYSTEM, str(path), line=line, groups=groups)
    return list(packages.values())
