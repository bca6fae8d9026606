"""ScanReport -> the documented JSON document (see docs: scan JSON schema).

Optional per-finding keys ("line", "range_admits_affected", "range_can_resolve_fixed",
"ignored") appear only when set, so a pinned lockfile scan stays compact.
"""
from __future__ import annotations

from typing import Any

from ..findings import EcosystemFreshness, ScanReport, Vulnerability


def vulnerability_json(v: Vulnerability) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": v.id,
        "aliases": list(v.aliases),
        "package": v.package,
        "ecosystem": v.ecosystem,
        "installed": v.installed,
        "fixed": v.fixed,
        "severity": v.severity,
        "cvss_score": v.cvss_score,
        "summary": v.summary,
        "manifest": v.manifest,
    }
    if v.line is not None:
        out["line"] = v.line
    if v.range_admits_affected is not None:
        out["range_admits_affected"] = v.range_admits_affected
    if v.range_can_resolve_fixed is not None:
        out["range_can_resolve_fixed"] = v.range_can_resolve_fixed
    if v.ignored is not None:
        ign: dict[str, Any] = {"reason": v.ignored.reason}
        if v.ignored.until is not None:
            ign["until"] = v.ignored.until
        if v.ignored.approved_by is not None:
            ign["approved_by"] = v.ignored.approved_by
        out["ignored"] = ign
    return out


def freshness_json(f: EcosystemFreshness) -> dict[str, Any]:
    return {"ecosystem": f.ecosystem, "records": f.records, "updated_at": f.updated_at,
            "age_hours": f.age_hours, "stale": f.stale}


def report_json(report: ScanReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "scanned_at": report.scanned_at,
        "manifest": report.manifest,
        "manifests": list(report.manifests),
        "dependencies": report.dependencies,
        "vulnerabilities": [vulnerability_json(v) for v in report.vulnerabilities],
        "scan_status": report.scan_status,
        "fail_on": report.fail_on,
        "database": [freshness_json(f) for f in report.database],
        "warnings": list(report.warnings),
    }
    if report.source != "local":
        out["source"] = report.source
    if report.introduced is not None:
        out["introduced"] = [vulnerability_json(v) for v in report.introduced]
    if report.preexisting is not None:
        out["preexisting"] = [vulnerability_json(v) for v in report.preexisting]
    return out
