"""The scan layer's result values, shared by scan.py, the renderers and the gate.

The JSON shape (report/json.py) is documented in the README; these classes are its
source of truth. The two small leaf values are NamedTuples rather than frozen
dataclasses (equally immutable, read by attribute): every scan imports this module, and
a dataclass costs over a millisecond of start-up to define.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# Highest first. UNKNOWN sorts with HIGH for blocking purposes (fail closed) but is
# reported as its own label.
SEVERITIES = ("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN")


class Ignored(NamedTuple):
    reason: str
    until: str | None = None
    approved_by: str | None = None


@dataclass(frozen=True)
class Vulnerability:
    """One vulnerability (a record and its aliases, merged) affecting one package."""

    id: str
    aliases: tuple[str, ...]
    package: str
    ecosystem: str
    installed: str            # the version, or the declared range when the manifest pins none
    fixed: str | None         # lowest fixed version above `installed`
    severity: str             # one of SEVERITIES
    cvss_score: float | None
    summary: str
    manifest: str
    line: int | None = None   # where the package is declared, when known
    # Range rule (unpinned manifests): does the range admit affected versions, can it resolve to a fixed one?
    range_admits_affected: bool | None = None
    range_can_resolve_fixed: bool | None = None
    ignored: Ignored | None = None


class EcosystemFreshness(NamedTuple):
    ecosystem: str
    records: int
    updated_at: str | None    # ISO 8601 UTC, None when never imported
    age_hours: float | None
    stale: bool


@dataclass(frozen=True)
class ScanReport:
    scanned_at: str
    manifests: tuple[str, ...]
    dependencies: int
    vulnerabilities: tuple[Vulnerability, ...]
    scan_status: str          # "passed" | "blocked"
    fail_on: str
    database: tuple[EcosystemFreshness, ...] = ()
    source: str = "local"     # "local" database or "online" API
    # Patch scans: which findings the patch brings in and which were there already.
    introduced: tuple[Vulnerability, ...] | None = None
    preexisting: tuple[Vulnerability, ...] | None = None
    warnings: tuple[str, ...] = field(default=())
    # Every package scanned (deps.base.Package), for SBOM output; not part of the JSON report.
    packages: tuple = field(default=(), repr=False, compare=False)

    @property
    def manifest(self) -> str | None:
        return self.manifests[0] if self.manifests else None

    @property
    def passed(self) -> bool:
        return self.scan_status == "passed"
