"""Dependency scan: packages -> OSV records -> findings -> passed/blocked.

    scan(paths, ...)                 collect manifests, make sure the local database is
                                     fresh enough, then scan_packages against it
    scan_packages(packages, source=) the matching core; `source` is anything with
                                     records_for(ecosystem, names) and get_many(ids)
                                     (the local OsvStore, or an online API client)

Blocking rule: a finding blocks when it is not ignored and its severity is at or above
`fail_on` (critical|high|medium|low|any). UNKNOWN severity counts as HIGH for this
(fail closed): it blocks at the default `high` and below, not at `critical`.

Range rule (a manifest entry with a requirement instead of a pinned version): the
requirement is a set of versions. When it admits versions some record affects, that is
a finding with `installed` = the requirement. If it can only resolve to affected
versions it blocks like a pin; if it can also resolve to a version no matched record
affects, it is reported (range_can_resolve_fixed=True) but blocks only with
strict_ranges.
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence

from .deps.base import Package
from .findings import EcosystemFreshness, ScanReport, Vulnerability

THRESHOLDS = {"critical": 4, "high": 3, "medium": 2, "low": 1, "any": 0}
# Blocking rank of each severity label; UNKNOWN is treated as HIGH (fail closed).
_BLOCK_RANK = {"CRITICAL": 4, "HIGH": 3, "MEDIUM": 2, "LOW": 1, "UNKNOWN": 3}
# Report order: what blocks first, so UNKNOWN (treated as HIGH) comes right after HIGH.
_REPORT_RANK = {"CRITICAL": 0, "HIGH": 1, "UNKNOWN": 2, "MEDIUM": 3, "LOW": 4}


class VulnerabilitySource(Protocol):
    """Where OSV records come from (local store, online API, a test double)."""

    def records_for(self, ecosystem: str, names: Iterable[str]) -> dict[str, list[dict]]: ...

    def get_many(self, ids: Iterable[str]) -> dict[str, dict]: ...


def blocks(v: Vulnerability, fail_on: str, strict_ranges: bool = False) -> bool:
    """Does this finding block the scan at threshold `fail_on`?"""
    if v.ignored is not None:
        return False
    if v.range_can_resolve_fixed and not strict_ranges:
        return False
    return _BLOCK_RANK[v.severity] >= THRESHOLDS[fail_on]


def _check_fail_on(fail_on: str) -> str:
    from .errors import InputError

    value = fail_on.lower()
    if value not in THRESHOLDS:
        raise InputError(f"--fail-on must be one of {', '.join(THRESHOLDS)}, not {fail_on!r}")
    return value


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def scan(paths: Sequence[str | Path] | str | Path, *, as_name: str | None = None, fail_on: str | None = None,
         offline: bool = False, online: bool = False, strict_ranges: bool = False, config: Any = None) -> ScanReport:
    """Scan manifests/lockfiles/directories against the local OSV database (or the
    online OSV API with `online`).

    Refreshes ecosystems older than the TTL first unless `offline`; with `offline` a
    never-imported ecosystem is a DatabaseError. Raises InputError for bad manifests.
    """
    from .config import load_config
    from .deps import collect

    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    config = config or load_config()
    _check_fail_on(fail_on or config.immune.fail_on)  # a bad threshold fails before any parsing
    manifests = collect(paths, as_name)
    notes = [] if manifests else [f"no manifest or lockfile found in {', '.join(map(str, paths))}"]
    return scan_manifests(manifests, config=config, fail_on=fail_on, offline=offline, online=online,
                          strict_ranges=strict_ranges, rule_roots=[Path(p) for p in paths], warnings=notes)


def scan_manifests(manifests: Sequence[Any], *, config: Any, fail_on: str | None = None, offline: bool = False,
                   online: bool = False, strict_ranges: bool = False, rule_roots: Sequence[Path] = (),
                   warnings: Sequence[str] = ()) -> ScanReport:
    """Scan already-collected manifests: pick the source (local database, refreshed
    when allowed, or the online API), apply ignore rules from `rule_roots` and the config."""
    from . import ignore
    from .osv.names import base_ecosystem

    if offline and online:
        from .errors import InputError

        raise InputError("--offline and --online contradict each other")
    threshold = _check_fail_on(fail_on or config.immune.fail_on)
    packages = [p for m in manifests for p in m.packages]
    manifest_paths = tuple(m.path for m in manifests)
    rules = ignore.load_rules(list(rule_roots), config)
    common = dict(manifests=manifest_paths, fail_on=threshold, strict_ranges=strict_ranges, rules=rules)

    ecosystems = {base_ecosystem(p.ecosystem) for p in packages if p.ecosystem}
    if not ecosystems:
        return scan_packages(packages, source=None, warnings=warnings, **common)
    if online:
        from .osv.api import OnlineSource, client_from_config

        source = OnlineSource(client_from_config(config), packages)
        return scan_packages(packages, source=source, warnings=warnings, origin="online", **common)
    from .osv.store import OsvStore
    from .osv.freshness import ensure_fresh

    fresh = ensure_fresh(config, ecosystems, offline=offline)
    database = list(fresh)
    warnings = [*warnings, *getattr(fresh, "warnings", ()), *_stale_warnings(database, config)]
    with OsvStore.open(config.data_home()) as source:
        return scan_packages(packages, source=source, database=database, warnings=warnings, **common)


def _stale_warnings(database: Sequence[EcosystemFreshness], config: Any) -> list[str]:
    return [f"OSV data for {f.ecosystem} is {f.age_hours:.1f} hours old "
            f"(older than osv_ttl_hours={config.immune.osv_ttl_hours:g})"
            for f in database if f.stale and f.updated_at is not None]


def scan_packages(packages: Sequence[Package], *, source: VulnerabilitySource | None,
                  manifests: Sequence[str] = (), fail_on: str = "high", strict_ranges: bool = False,
                  database: Sequence[EcosystemFreshness] = (), warnings: Sequence[str] = (),
                  rules: Sequence[Any] = (), origin: str = "local") -> ScanReport:
    """Match packages against `source` and decide passed/blocked."""
    from .osv import match as _match
    from .osv import severity as _sev
    from .osv import versions as _versions
    from .osv.names import base_ecosystem, normalizer

    threshold = _check_fail_on(fail_on)
    warnings = list(warnings)
    # Same package declared twice in a file (nested npm copies, repeated lines) counts once.
    # Keyed on a plain tuple: hashing the dataclass itself is several times slower.
    unique = list({(p.name, p.version, p.ecosystem, p.source, p.spec): p for p in reversed(packages)}.values())
    unique.reverse()

    # Which packages can be evaluated, and how (requirement intervals, or None for a pin).
    by_eco: dict[str, list[tuple[Package, list | None]]] = {}
    bases: dict[str, str] = {}
    for pkg in unique:
        eco = bases.get(pkg.ecosystem)
        if eco is None:
            eco = bases[pkg.ecosystem] = base_ecosystem(pkg.ecosystem)
        req = None
        if not pkg.version:
            req = _match.parse_requirement(eco, pkg.spec) if pkg.spec is not None else None
            if req is None:
                what = f"requirement {pkg.spec!r} is not understood" if pkg.spec else "no version is declared"
                warnings.append(f"{pkg.source}{':' + str(pkg.line) if pkg.line else ''}: {pkg.name} skipped: "
                                f"{what} (pin it or add a lockfile)")
                continue
        by_eco.setdefault(eco, []).append((pkg, req))

    # A finding before grouping: one package, the records that affect it.
    hits: list[tuple[Package, list[dict], dict[str, str | None], bool | None]] = []
    for eco, entries in by_eco.items():
        if source is None:
            break
        names = {p.name for p, _ in entries}
        found = source.records_for(eco, names)
        to_norm = normalizer(eco)
        norm = {n: to_norm(n) for n in names}
        for pkg, req in entries:
            records = found.get(norm[pkg.name])
            if not records:
                continue
            matched: list[dict] = []
            fixes: dict[str, str | None] = {}
            if req is None:
                for rec in records:
                    m = _match.match_version(rec, eco, pkg.name, pkg.version)
                    if m.affected:
                        matched.append(rec)
                        fixes[rec["id"]] = m.fixed
                if matched:
                    hits.append((pkg, matched, fixes, None))
            else:
                affected_sets = []
                for rec in records:
                    rm = _match.match_requirement(rec, eco, pkg.name, req)
                    if rm.admits_affected:
                        matched.append(rec)
                        affected_sets.extend(rm.affected)
                        fixes[rec["id"]] = _requirement_fix(rec, eco, pkg.name, req)
                if matched:
                    hits.append((pkg, matched, fixes, _match.can_avoid(req, affected_sets)))

    # Alias records add severity to their group; fetch them in one batch.
    groups = [(pkg, g, fixes, avoid) for pkg, matched, fixes, avoid in hits for g in _sev.group_records(matched)]
    matched_ids = {r["id"] for _, g, _, _ in groups for r in g}
    alias_ids = {a for _, g, _, _ in groups for r in g for a in _match.strings(r.get("aliases")) if a not in matched_ids}
    extra = source.get_many(sorted(alias_ids)) if (alias_ids and source is not None) else {}

    vulns: list[Vulnerability] = []
    for pkg, group, fixes, avoid in groups:
        primary, others = _sev.group_ids(group)
        related = [extra[a] for r in group for a in _match.strings(r.get("aliases"))
                   if a in extra and not extra[a].get("withdrawn")]
        others = tuple(sorted({*others, *(r["id"] for r in related)} - {primary}))
        sev = _sev.highest(_sev.record_severity(r) for r in [*group, *related])
        key = _versions.key_function(pkg.ecosystem)
        known_fixes = [f for f in (fixes.get(r["id"]) for r in group) if f]
        # Several advisories for one flaw may name different fixes; the highest satisfies all.
        fixed = max(known_fixes, key=key) if (known_fixes and key) else (known_fixes[0] if known_fixes else None)
        lead = next(r for r in group if r["id"] == primary)
        vulns.append(Vulnerability(
            id=primary, aliases=others, package=pkg.name, ecosystem=pkg.ecosystem,
            installed=pkg.version or (pkg.spec or ""), fixed=fixed, severity=sev.label, cvss_score=sev.score,
            summary=_summary(lead, group), manifest=pkg.source, line=pkg.line,
            range_admits_affected=True if avoid is not None else None,
            range_can_resolve_fixed=avoid,
        ))

    if rules:
        from . import ignore

        vulns, expired = ignore.apply_rules(vulns, rules)
        warnings.extend(expired)
    vulns.sort(key=lambda v: (_REPORT_RANK[v.severity], -(v.cvss_score or 0.0), v.ecosystem, v.package.lower(),
                              v.installed, v.id, v.manifest))
    blocked = any(blocks(v, threshold, strict_ranges) for v in vulns)
    return ScanReport(
        scanned_at=_now(), manifests=tuple(manifests), dependencies=len(unique), vulnerabilities=tuple(vulns),
        scan_status="blocked" if blocked else "passed", fail_on=threshold, database=tuple(database),
        source=origin, warnings=tuple(dict.fromkeys(warnings)), packages=tuple(unique),
    )


def _requirement_fix(record: dict, ecosystem: str, name: str, requirement: list) -> str | None:
    """The fix a requirement should move to: the highest `fixed` event among the
    record's affected intervals that the requirement overlaps."""
    from .osv import match as _match

    fixes = [iv for iv in _match.affected_intervals(record, ecosystem, name)
             if iv.fixed and _match.intersect(requirement, [iv])]
    if not fixes:
        return None
    return max(fixes, key=lambda iv: iv.hi[0]).fixed


def _summary(lead: dict, group: Sequence[dict]) -> str:
    for rec in (lead, *group):
        text = rec.get("summary")
        if isinstance(text, str) and text.strip():
            return text.strip()
    for rec in (lead, *group):
        details = rec.get("details")
        details = details.strip() if isinstance(details, str) else ""
        if details:
            first = details.splitlines()[0].strip()
            return first if len(first) <= 200 else first[:197] + "..."
    return ""


from ._callable import forward_calls  # noqa: E402

forward_calls(__name__, scan)
