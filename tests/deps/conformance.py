"""Run an extractor over one osv-scalibr fixture folder and compare with expected.json.

Each fixture is copied into a temporary directory under its real file name
(`canonical_filename`), with the folder's other files beside it, because some
fixtures read siblings (`-r` includes, go.sum, a parent pom.xml).

Comparison is on (name, version, comparator[, commit]) as a multiset: duplicates count.
Our Package gives a version only for exact pins and keeps ranges in `spec`; scalibr
reports the bound of a single-clause range as the version with a `comparator`, so a
spec like ">=2.20.0" is compared as ("2.20.0", ">=").
"""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from agent_immune.deps.registry import lookup
from agent_immune.errors import InputError

TESTDATA = Path(__file__).parent / "testdata"
_CLAUSE = re.compile(r"^\s*(===|==|~=|>=|<=|!=|>|<)\s*([^,;\s]+)")


@dataclass
class ConformanceResult:
    folder: str
    passed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.passed) + len(self.failed)


def _expected_key(p: dict) -> tuple:
    version = p.get("version", "")
    comparator = p.get("comparator", "==") if version else ""
    return (p["name"], version, comparator, p.get("commit") or "")


def _our_key(pkg) -> tuple:
    commit = pkg.commit or ""
    if pkg.version:
        op = "===" if (pkg.spec or "").lstrip().startswith("===") else "=="
        return (pkg.name, pkg.version, op, commit)
    spec = pkg.spec or ""
    m = _CLAUSE.match(spec)
    # scalibr gives a bound as the version only for a single >=, <=, ~=, >, < clause.
    if m and "," not in spec and m.group(1) not in ("==", "===", "!=") and "*" not in m.group(2):
        return (pkg.name, m.group(2), m.group(1), commit)
    return (pkg.name, "", "", commit)


def materialise(folder: Path, fixture: str, canonical: str, dest: Path) -> Path:
    """Copy the fixture folder to dest and the fixture itself as its canonical name."""
    shutil.copytree(folder, dest, dirs_exist_ok=True)
    src = folder / fixture
    if lookup(src.name) is not None:
        canonical = src.name  # already a real file name (npm-shrinkwrap.json in a folder of its own)
    target = dest / Path(fixture).parent / canonical
    if target.resolve() != (dest / fixture).resolve():
        shutil.copyfile(src, target)
    # go.mod pairs with go.sum the way scalibr pairs x.mod with x.sum.
    sum_file = src.with_suffix(".sum")
    if canonical == "go.mod" and sum_file.exists():
        shutil.copyfile(sum_file, target.with_name("go.sum"))
    return target


def run_conformance(folder_name: str, extractor: Callable, tmp_path: Path, canonical: str | None = None) -> ConformanceResult:
    folder = TESTDATA / folder_name
    spec = json.loads((folder / "expected.json").read_text())
    result = ConformanceResult(folder_name)
    for i, (fixture, exp) in enumerate(sorted(spec["fixtures"].items())):
        dest = tmp_path / f"{folder_name}-{i}"
        target = materialise(folder, fixture, canonical or spec["canonical_filename"], dest)
        try:
            packages = extractor(target)
            error = None
        except InputError as exc:
            packages, error = [], exc
        if exp["expect_error"]:
            if error is None:
                result.failed[fixture] = "expected an error, got none"
            else:
                result.passed.append(fixture)
            continue
        if error is not None:
            result.failed[fixture] = f"unexpected error: {error}"
            continue
        want = Counter(_expected_key(p) for p in exp["packages"])
        got = Counter(_our_key(p) for p in packages)
        if want == got:
            result.passed.append(fixture)
        else:
            missing = sorted((want - got).elements())
            extra = sorted((got - want).elements())
            result.failed[fixture] = f"missing {missing[:5]} extra {extra[:5]}"
    return result


def assert_conformance(result: ConformanceResult, known_differences: dict[str, str]) -> None:
    """Every fixture passes except the documented known differences (which must still fail)."""
    print(f"\n{result.folder}: {len(result.passed)}/{result.total} fixtures conform")
    unexpected = {k: v for k, v in result.failed.items() if k not in known_differences}
    assert not unexpected, f"{result.folder}: non-conforming fixtures: {unexpected}"
    now_passing = [k for k in known_differences if k in result.passed]
    assert not now_passing, f"{result.folder}: remove from known differences, they pass now: {now_passing}"
