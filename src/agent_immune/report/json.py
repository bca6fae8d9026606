"""ScanReport -> the documented JSON document (see docs: scan JSON schema).

Optional per-finding keys ("line", "range_admits_affected", "range_can_resolve_fixed",
"ignored") appear only when set, so a pinned lockfile scan stays compact.
"""
from __future__ import annotations

from typing import Any

from ..findings import SEVERITIES, EcosystemFreshness, ScanReport, Vulnerability

_VULNERABILITY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "aliases", "package", "ecosystem", "installed", "fixed", "severity", "cvss_score",
                 "summary", "manifest"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "aliases": {"type": "array", "items": {"type": "string"}},
        "package": {"type": "string"},
        "ecosystem": {"type": "string"},
        "installed": {"type": "string"},
        "fixed": {"type": ["string", "null"]},
        "severity": {"enum": list(SEVERITIES)},
        "cvss_score": {"type": ["number", "null"], "minimum": 0, "maximum": 10},
        "summary": {"type": "string"},
        "manifest": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "range_admits_affected": {"type": "boolean"},
        "range_can_resolve_fixed": {"type": "boolean"},
        "ignored": {
            "type": "object", "required": ["reason"], "additionalProperties": False,
            "properties": {"reason": {"type": "string"}, "until": {"type": "string"},
                           "approved_by": {"type": "string"}},
        },
    },
}

# JSON Schema (draft 2020-12) of the document report_json returns; the tests validate
# real output against it.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["scanned_at", "manifest", "manifests", "dependencies", "vulnerabilities", "scan_status",
                 "fail_on", "database", "warnings"],
    "additionalProperties": False,
    "properties": {
        "scanned_at": {"type": "string"},
        "manifest": {"type": ["string", "null"]},
        "manifests": {"type": "array", "items": {"type": "string"}},
        "dependencies": {"type": "integer", "minimum": 0},
        "vulnerabilities": {"type": "array", "items": _VULNERABILITY_SCHEMA},
        "scan_status": {"enum": ["passed", "blocked"]},
        "fail_on": {"enum": ["critical", "high", "medium", "low", "any"]},
        "database": {"type": "array", "items": {
            "type": "object", "required": ["ecosystem", "records", "updated_at", "age_hours", "stale"],
            "additionalProperties": False,
            "properties": {"ecosystem": {"type": "string"}, "records": {"type": "integer", "minimum": 0},
                           "updated_at": {"type": ["string", "null"]}, "age_hours": {"type": ["number", "null"]},
                           "stale": {"type": "boolean"}},
        }},
        "warnings": {"type": "array", "items": {"type": "string"}},
        # Only for online scans and patch scans.
        "source": {"type": "string"},
        "introduced": {"type": "array", "items": _VULNERABILITY_SCHEMA},
        "preexisting": {"type": "array", "items": _VULNERABILITY_SCHEMA},
    },
}


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
