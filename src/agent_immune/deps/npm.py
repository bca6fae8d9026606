"""npm-family extractors: package.json, package-lock.json / npm-shrinkwrap.json, yarn.lock,
pnpm-lock.yaml and bun.lock. Ecosystem "npm".

package-lock.json is the hot path (monorepo lockfiles hold many thousands of entries), so
it is one json.loads and a flat loop, and this module imports nothing heavy: YAML and
the yarn/pnpm parsers load only when such a file is read.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import InputError
from ..jsonc import jsonc_to_json
from ._npm_git import try_extract_commit
from ._npm_parse import load_json_object
from .base import Package, line_of, read_text

ECOSYSTEM = "npm"

# ---------------------------------------------------------------- package.json

_SECTIONS = (
    ("dependencies", "prod"),
    ("devDependencies", "dev"),
    ("optionalDependencies", "optional"),
    ("peerDependencies", "peer"),
)
# An exact version: what `npm install` resolves to without choosing (npm's "=1.2.3" and
# "v1.2.3" are the same pin).
# A string: re compiles it on first use (package.json only), not at every scan's start-up.
_EXACT = r"=?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)"


def _declared(name: str, spec: str) -> tuple[str, str]:
    """(package name, exact version or "") for one package.json entry."""
    s = spec.strip()
    if s.startswith("npm:"):
        # An alias installs another package: that one is what advisories name.
        target = s[4:]
        at = target.find("@", 1)
        return (target[:at] if at > 0 else target) or name, ""
    m = re.fullmatch(_EXACT, s)
    if m:
        return name, m.group(1)
    return name, ""


def _key_line(text: str, section: str, name: str, cache: dict[str, int]) -> int | None:
    """Line of `"name":` inside `"section": {` — a targeted scan, not a second parse."""
    start = cache.get(section)
    if start is None:
        m = re.search(r'"' + section + r'"\s*:\s*\{', text)
        start = cache[section] = m.end() if m else -1
    if start < 0:
        return None
    m = re.compile(re.escape(json.dumps(name, ensure_ascii=False)) + r"\s*:").search(text, start)
    return line_of(text, m.start()) if m else None


def package_json(path: Path) -> list[Package]:
    """Declared dependencies with their ranges; a version only for exact pins."""
    text = read_text(path)
    data = load_json_object(text, path, "package.json")
    source = str(path)
    found: dict[tuple[str, str], Package] = {}
    starts: dict[str, int] = {}
    for section, group in _SECTIONS:
        deps = data.get(section)
        if deps is None:
            continue
        if not isinstance(deps, dict):
            raise InputError(f"{section!r} must be an object of name: range", path=path)
        for key, spec in deps.items():
            if not isinstance(spec, str):
                raise InputError(f"{section}.{key}: the range must be a string, got {type(spec).__name__}",
                                 path=path, line=_key_line(text, section, key, starts))
            name, version = _declared(key, spec)
            previous = found.get((name, spec))
            if previous is not None:
                # Listed in two sections (npm allows optional + peer): one package, both groups.
                if group not in previous.groups:
                    found[(name, spec)] = Package(previous.name, previous.version, ECOSYSTEM, source,
                                                  spec=previous.spec, line=previous.line,
                                                  groups=previous.groups + (group,))
                continue
            found[(name, spec)] = Package(
                name, version, ECOSYSTEM, source,
                spec=None if version else spec,
                line=_key_line(text, section, key, starts),
                groups=(group,),
            )
    return list(found.values())


# ------------------------------------------------- package-lock.json / shrinkwrap


def _groups(info: dict) -> tuple[str, ...]:
    if info.get("devOptional"):
        return ("dev", "optional")
    return tuple(flag for flag in ("dev", "optional", "peer") if info.get(flag))


def _merge_groups(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    """A package that production code needs anywhere (no groups) stays a production package."""
    if not a or not b:
        return ()
    return tuple(sorted(set(a) | set(b)))


# A frozen dataclass's __init__ sets each field through object.__setattr__, ~3 us per
# Package; with 10^4-entry lockfiles that rivalled json.loads itself. Lockfile entries
# are built the way pickle restores them (fill __dict__), unless Package ever grows
# slots or a __post_init__ check, where the real constructor is used.
_FAST_NEW = not hasattr(Package, "__slots__") and not hasattr(Package, "__post_init__")
_new = object.__new__


def _locked(name: str, version: str, source: str, commit: str | None, groups: tuple) -> Package:
    if _FAST_NEW:
        pkg = _new(Package)
        pkg.__dict__.update(name=name, version=version, ecosystem=ECOSYSTEM, source=source,
                            spec=None, line=None, commit=commit, groups=groups)
        return pkg
    return Package(name, version, ECOSYSTEM, source, None, None, commit, groups)


def _add(found: dict, key: tuple, name: str, version: str, source: str, commit: str | None, groups: tuple) -> None:
    """Keep one entry per (name, version-or-commit), as npm installs one copy per pair."""
    prev = found.get(key)
    if prev is not None:
        groups = _merge_groups(prev.groups, groups)
        if groups == prev.groups:
            return
    found[key] = _locked(name, version, source, commit, groups)


def _lock_packages(packages: dict, path: Path) -> dict:
    """lockfileVersion 2/3: the flat `packages` map keyed by install path (the hot loop)."""
    found: dict = {}
    source = str(path)
    for install_path, info in packages.items():
        if type(info) is not dict:
            raise InputError(f"packages[{install_path!r}] must be an object", path=path)
        if not install_path or info.get("link"):
            continue  # the root project itself; a workspace symlink (its target has an entry)
        name = info.get("name")
        if not name:
            cut = install_path.rfind("node_modules/")
            if cut >= 0:
                name = install_path[cut + 13:]
            else:  # a workspace folder such as "packages/app" or "deps/@scope/x"
                parts = install_path.rsplit("/", 2)
                name = "/".join(parts[-2:]) if len(parts) > 1 and parts[-2].startswith("@") else parts[-1]
        version = info.get("version") or ""
        if type(name) is not str or type(version) is not str:
            raise InputError(f"packages[{install_path!r}]: name and version must be strings", path=path)
        resolved = info.get("resolved")
        commit = None
        if type(resolved) is str and ("#" in resolved or "/tar.gz/" in resolved or "ref=" in resolved):
            commit = try_extract_commit(resolved)
        groups = ()
        if "dev" in info or "optional" in info or "devOptional" in info or "peer" in info:
            groups = _groups(info)
        key = (name, commit or version)
        if key in found:
            _add(found, key, name, version, source, commit, groups)
        elif _FAST_NEW:  # _locked, inlined: this line runs once per lockfile entry
            pkg = found[key] = _new(Package)
            pkg.__dict__.update(name=name, version=version, ecosystem=ECOSYSTEM, source=source,
                                spec=None, line=None, commit=commit, groups=groups)
        else:
            found[key] = _locked(name, version, source, commit, groups)
    return found


def _lock_dependencies(dependencies: dict, path: Path) -> dict:
    """lockfileVersion 1: nested `dependencies`, walked without recursion."""
    found: dict = {}
    source = str(path)
    stack = [dependencies]
    while stack:
        level = stack.pop()
        for name, info in level.items():
            if type(info) is not dict:
                raise InputError(f"dependencies[{name!r}] must be an object", path=path)
            nested = info.get("dependencies")
            if nested:
                if type(nested) is not dict:
                    raise InputError(f"dependencies[{name!r}].dependencies must be an object", path=path)
                stack.append(nested)
            raw = info.get("version") or ""
            if type(raw) is not str:
                raise InputError(f"dependencies[{name!r}].version must be a string", path=path)
            version, real_name = raw, name
            if raw.startswith("npm:"):  # an alias: "npm:string-width@4.2.0"
                at = raw.rfind("@")
                if at > 4:
                    real_name, version = raw[4:at], raw[at + 1:]
            commit = None
            if raw.startswith("file:"):
                version = ""
            else:
                commit = try_extract_commit(raw)
                if commit:
                    version = ""  # the "version" is the git URL
            _add(found, (real_name, commit or version), real_name, version, source, commit, _groups(info))
    return found


def package_lock_json(path: Path) -> list[Package]:
    """Resolved packages of package-lock.json or npm-shrinkwrap.json (lockfileVersion 1-3)."""
    if path.name == "package-lock.json" and path.with_name("npm-shrinkwrap.json").is_file():
        return []  # npm installs from the shrinkwrap when both exist
    data = load_json_object(read_text(path), path, "package-lock.json")
    if "packages" in data:
        packages = data["packages"]
        if type(packages) is not dict:
            raise InputError("'packages' must be an object", path=path)
        found = _lock_packages(packages, path)
    else:
        dependencies = data.get("dependencies") or {}
        if type(dependencies) is not dict:
            raise InputError("'dependencies' must be an object", path=path)
        found = _lock_dependencies(dependencies, path)
    return list(found.values())


# --------------------------------------------------------------------- bun.lock


def _bun_entry(first: str) -> tuple[str, str, str | None]:
    """"name@version", "name@github:o/r#sha", "@scope/name@file:dir" -> name, version, commit."""
    scoped = first.startswith("@")
    name, _, version = first[1 if scoped else 0:].partition("@")
    if scoped:
        name = "@" + name
    version, _, commit = version.partition("#")
    if commit or ":" in version:
        version = ""  # a git, file, link or workspace source has no registry version
    return name, version, commit or None


def bun_lock(path: Path) -> list[Package]:
    """bun.lock (text format, JSONC): `packages` maps a key to [name@version, registry, info, integrity]."""
    text = jsonc_to_json(read_text(path))
    data = load_json_object(text, path, "bun.lock")
    packages = data.get("packages") or {}
    if not isinstance(packages, dict):
        raise InputError("'packages' must be an object", path=path)
    source = str(path)
    out: list[Package] = []
    bad: list[str] = []
    for key, entry in packages.items():
        if not isinstance(entry, list) or not entry or not isinstance(entry[0], str) or not entry[0].strip("@"):
            bad.append(key)
            continue
        name, version, commit = _bun_entry(entry[0])
        out.append(Package(name, version, ECOSYSTEM, source, commit=commit))
    if bad:
        names = ", ".join(f"could not extract {k!r}" for k in bad)
        raise InputError(f"packages entries must be [\"name@version\", ...] tuples: {names}", path=path)
    return out


# ------------------------------------------------------------- yarn.lock / pnpm


def yarn_lock(path: Path) -> list[Package]:
    """yarn.lock, classic (v1) or berry (v2+)."""
    from ._npm_yarn import parse_yarn_lock

    return parse_yarn_lock(read_text(path), path)


def pnpm_lock_yaml(path: Path) -> list[Package]:
    """pnpm-lock.yaml, lockfileVersion 5.x, 6.x and 9.x."""
    from ._npm_pnpm import parse_pnpm_lock

    return parse_pnpm_lock(read_text(path), path)
