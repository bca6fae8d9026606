"""Scan a patch before it is applied: what would it bring in?

The patch is applied in memory (deps.patch). The repository as it is now is the
"before"; the "after" is an overlay directory where every path is a symlink into the
repository except the files the patch touches, which hold their patched text. Extractors
then read the after-state exactly as they read a real tree, `-r` includes, go.sum and
parent poms included, without the working tree being written.

Both states are scanned; findings present after and absent before are *introduced*,
the others *preexisting*. Only introduced findings can block.

Which files: every manifest and lockfile the patch touches. A touched manifest whose
lockfile the patch also touches is read through that lockfile (its resolved versions
are what will be installed). A manifest touched alone is read as a manifest, ranges and
all, because the next install re-resolves it whatever the existing lockfile says.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path
from typing import Any, Sequence

from .deps.patch import FileChange, apply_patch
from .deps.registry import lookup_path
from .errors import InputError
from .findings import ScanReport, Vulnerability


def _materialise(root: Path, repo: Path, rel_dir: Path) -> Path:
    """Make root/rel_dir a real directory whose entries link to the repository's."""
    current = root
    for part in rel_dir.parts:
        current = current / part
        if current.is_symlink():
            current.unlink()
        if not current.exists():
            current.mkdir()
            original = repo / current.relative_to(root)
            if original.is_dir():
                for entry in os.scandir(original):
                    os.symlink(entry.path, current / entry.name)
    return current


def overlay(repo: Path, changes: Sequence[FileChange], dest: Path) -> Path:
    """A view of `repo` with the patch applied, in `dest` (symlinks plus changed files)."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(repo):
        os.symlink(entry.path, dest / entry.name)
    for c in changes:
        for rel in {c.old_path, c.path} - {None}:
            if rel and (c.after is None or rel != c.path):
                target = _materialise(dest, repo, Path(rel).parent) / Path(rel).name
                if target.is_symlink() or target.exists():
                    target.unlink()
        if c.after is not None:
            target = _materialise(dest, repo, Path(c.path).parent) / Path(c.path).name
            if target.is_symlink() or target.exists():
                target.unlink()
            target.write_text(c.after, encoding="utf-8")
    return dest


def _targets(paths: set[str]) -> list[str]:
    """Touched manifest files to read; a manifest is dropped when its touched lockfile speaks for it."""
    out = []
    for rel in sorted(paths):
        fmt = lookup_path(Path(rel))
        if fmt is None:
            continue
        if not fmt.lockfile and any(str(Path(rel).with_name(lock)) in paths for lock in fmt.superseded_by):
            continue
        out.append(rel)
    return out


def _key(v: Vulnerability) -> tuple:
    ids = frozenset((v.id, *v.aliases))
    return (v.ecosystem.split(":")[0], v.package.lower(), v.installed, ids)


def _same(a: Vulnerability, before: list[Vulnerability]) -> bool:
    eco, pkg, installed, ids = _key(a)
    return any(eco == k[0] and pkg == k[1] and installed == k[2] and ids & k[3] for k in map(_key, before))


def scan_patch(diff: str, repo: str | Path = ".", *, name: str = "<patch>", fail_on: str | None = None,
               offline: bool = False, online: bool = False, strict_ranges: bool = False,
               config: Any = None) -> ScanReport:
    """Scan what applying `diff` to `repo` would change in its dependencies."""
    from .config import load_config
    from .deps import collect
    from .scan import blocks, scan_manifests

    config = config or load_config()
    repo = Path(repo)
    if not repo.is_dir():
        raise InputError("--repo must be a directory", path=repo)
    changes = apply_patch(diff, repo, name)
    touched_after = {c.path for c in changes if c.after is not None}
    touched_before = {c.old_path for c in changes if c.old_path is not None}
    after_targets = _targets(touched_after)
    before_targets = [p for p in _targets(touched_before) if (repo / p).is_file()]

    with tempfile.TemporaryDirectory(prefix="agent-immune-patch-") as tmp:
        view = overlay(repo, changes, Path(tmp) / "after")

        def read(root: Path, rels: list[str]) -> list:
            manifests = collect([root / r for r in rels], use_lockfiles=False) if rels else []
            def fix(path: str) -> str:
                """The repository's path for a file read through the overlay."""
                return str(repo / Path(path).relative_to(root)) if Path(path).is_relative_to(root) else path

            return [dataclasses.replace(m, path=fix(m.path),
                                        packages=tuple(dataclasses.replace(p, source=fix(p.source)) for p in m.packages))
                    for m in manifests]

        after_manifests = read(view, after_targets)
        before_manifests = read(repo, before_targets)

    common = dict(config=config, offline=offline, online=online, fail_on=fail_on, strict_ranges=strict_ranges,
                  rule_roots=[repo])
    after = scan_manifests(after_manifests, **common)
    before = scan_manifests(before_manifests, **common) if before_manifests else None
    before_vulns = list(before.vulnerabilities) if before else []
    introduced = tuple(v for v in after.vulnerabilities if not _same(v, before_vulns))
    preexisting = tuple(v for v in after.vulnerabilities if _same(v, before_vulns))
    warnings = list(after.warnings)
    if not after_targets and not before_targets:
        warnings.append("the patch touches no manifest or lockfile agent-immune reads")
    blocked = any(blocks(v, after.fail_on, strict_ranges) for v in introduced)
    return dataclasses.replace(after, introduced=introduced, preexisting=preexisting,
                               scan_status="blocked" if blocked else "passed", warnings=tuple(warnings))
