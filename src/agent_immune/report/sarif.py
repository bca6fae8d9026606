"""SARIF 2.1.0: one rule per vulnerability, one result per affected package.

Code-scanning services read `level` and `properties.security-severity`; results point at
the manifest line that declares the package where it can be found. Ignored findings
are kept as results with an external suppression carrying the recorded reason.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..findings import ScanReport, Vulnerability
from ._common import ADVISORY_URL, declaration_line, sort_vulns

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"CRITICAL": "error", "HIGH": "error", "MEDIUM": "warning", "LOW": "note", "UNKNOWN": "warning"}
# GitHub-style numeric severities for labels without a CVSS score.
_SEVERITY_SCORE = {"CRITICAL": 9.5, "HIGH": 8.0, "MEDIUM": 5.5, "LOW": 2.0, "UNKNOWN": 7.0}


def _uri(path: str, base: Path) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(base).as_posix()
    except ValueError:
        return p.resolve().as_uri()


def _rule(v: Vulnerability) -> dict[str, Any]:
    score = v.cvss_score if v.cvss_score is not None else _SEVERITY_SCORE.get(v.severity, 7.0)
    return {
        "id": v.id,
        "name": v.id.replace("-", ""),
        "shortDescription": {"text": (v.summary or v.id)[:1000]},
        "fullDescription": {"text": v.summary or v.id},
        "helpUri": ADVISORY_URL.format(id=v.id),
        "help": {"text": f"{v.id} ({', '.join(v.aliases) or 'no aliases'}): {v.summary or ''}".strip()},
        "properties": {"security-severity": f"{score:.1f}", "tags": ["security", "vulnerability", v.severity.lower()],
                       "aliases": list(v.aliases)},
    }


def render(report: ScanReport, base: Path | None = None) -> dict[str, Any]:
    from .. import __version__

    base = (base or Path(os.getcwd())).resolve()
    vulns = sort_vulns(report.vulnerabilities)
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    results = []
    for v in vulns:
        if v.id not in index:
            index[v.id] = len(rules)
            rules.append(_rule(v))
        fix = f"; fixed in {v.fixed}" if v.fixed else "; no fixed version known"
        location: dict[str, Any] = {"artifactLocation": {"uri": _uri(v.manifest, base)}}
        if not location["artifactLocation"]["uri"].startswith("file:"):
            location["artifactLocation"]["uriBaseId"] = "%SRCROOT%"
        line = declaration_line(v)
        if line:
            location["region"] = {"startLine": line}
        result: dict[str, Any] = {
            "ruleId": v.id,
            "ruleIndex": index[v.id],
            "level": _LEVEL.get(v.severity, "warning"),
            "message": {"text": f"{v.package} {v.installed} ({v.ecosystem}) is affected by {v.id} "
                                f"[{v.severity}]{fix}: {v.summary or ''}".rstrip(": ")},
            "locations": [{"physicalLocation": location}],
            "partialFingerprints": {"vulnerability/package": f"{v.id}:{v.ecosystem}:{v.package}:{v.installed}"},
            "properties": {"package": v.package, "ecosystem": v.ecosystem, "installed": v.installed,
                           "fixed": v.fixed, "severity": v.severity, "cvss_score": v.cvss_score},
        }
        if v.ignored is not None:
            result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": v.ignored.reason}]
        results.append(result)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "agent-immune", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://osv.dev", "rules": rules}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": base.as_uri() + "/"}},
            "results": results,
            "invocations": [{"executionSuccessful": True, "endTimeUtc": report.scanned_at,
                             "properties": {"scan_status": report.scan_status, "fail_on": report.fail_on}}],
        }],
    }
