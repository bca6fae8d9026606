"""What is installed: find manifests and lockfiles and extract their packages.

`collect(paths)` is the entry point the scan and the CLI use. The range rule lives
here: a manifest that declares ranges is replaced by a lockfile of its family sitting
beside it (its resolved versions are what gets installed).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from .base import Manifest, Package
from .registry import Format, lookup_path, require

__all__ = ["Manifest", "Package", "collect", "extract_file", "find_manifests"]

# Directories that hold other people's installed or vendored code, or VCS data.
SKIP_DIRS = frozenset({
    "node_modules", ".git", ".hg", ".svn", "vendor", "third_party", "third-party",
    "bower_components", "jspm_packages", ".venv", "venv", "site-packages", "__pycache__",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache",
})


def find_manifests(root: Path) -> Iterator[Path]:
    """Every known manifest under root, in a stable order.

    Symlinked directories are followed once: a directory already visited (by device
    and inode) is skipped, so a symlink loop ends the walk instead of recursing forever.
    """
    seen: set[tuple[int, int]] = set()

    def walk(directory: Path) -> Iterator[Path]:
        try:
            st = directory.stat()
        except OSError as exc:
            raise InputError(f"cannot read directory: {exc.strerror or exc}", path=directory) from None
        key = (st.st_dev, st.st_ino)
        if key in seen:
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(f"cannot list directory: {exc.strerror or exc}", path=directory) from None
        subdirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue  # a dangling or looping symlink is not a manifest
            if is_dir:
                if entry.name not in SKIP_DIRS:
                    subdirs.append(Path(entry.path))
            elif lookup_path(Path(entry.path)) is not None:
                yield Path(entry.path)
        for sub in subdirs:
            yield from walk(sub)

    yield from walk(root)


def _sibling_lockfile(path: Path, fmt: Format) -> Path | None:
    for name in fmt.superseded_by:
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def _format_of(path: Path, as_name: str | None) -> Format:
    """The format a file is read as: by its name, or as `as_name`."""
    fmt = require(as_name) if as_name else lookup_path(path)
    if fmt is None:
        raise InputError("not a known manifest or lockfile name (use --as NAME)", path=path)
    return fmt


def extract_file(path: Path, as_name: str | None = None) -> list[Package]:
    """Packages of one file, parsed by its name (or as `as_name`)."""
    return list(_format_of(path, as_name).extractor()(path))


def collect(paths: Iterable[str | Path], as_name: str | None = None, *, use_lockfiles: bool = True) -> list[Manifest]:
    """Read every manifest the paths name (files, or directories searched recursively).

    A manifest with a lockfile of its family beside it is replaced by that lockfile
    (`use_lockfiles=False` reads the manifest itself).
    """
    files: list[tuple[Path, Format]] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
            exists = path.exists() or path.is_symlink()
        except OSError as exc:
            raise InputError(f"cannot access: {exc.strerror or exc}", path=path) from None
        if not exists:
            raise InputError("no such file or directory", path=path)
        if is_dir:
            if as_name:
                raise InputError("--as applies to files, not directories", path=path)
            files.extend((p, lookup_path(p)) for p in find_manifests(path))  # type: ignore[misc]
        else:
            files.append((path, _format_of(path, as_name)))

    chosen: dict[Path, tuple[Format, list[str]]] = {}
    for path, fmt in files:
        lock = _sibling_lockfile(path, fmt) if (use_lockfiles and not fmt.lockfile and not as_name) else None
        if lock is not None:
            lock_fmt = lookup_path(lock)
            assert lock_fmt is not None
            entry = chosen.setdefault(lock, (lock_fmt, []))
            entry[1].append(str(path))
        else:
            chosen.setdefault(path, (fmt, []))

    manifests = []
    # A file pulled in by another (`-r other.txt`) is also found by the walk: count each
    # declaration once, by where it is written.
    seen: set[tuple] = set()
    for path, (fmt, superseded) in chosen.items():
        packages = []
        for p in fmt.extractor()(path):
            key = (p.source, p.line, p.name, p.version, p.spec) if p.line is not None else None
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            packages.append(p)
        manifests.append(Manifest(str(path), fmt.name, tuple(packages), tuple(superseded)))
    return manifests
