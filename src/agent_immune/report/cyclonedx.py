"""CycloneDX 1.5 JSON: the scanned packages as components, findings as vulnerabilities.

Built with cyclonedx-python-lib (imported only here: it is heavy). Components carry a
package URL; each vulnerability `affects` the component it was found in.
"""
from __future__ import annotations

from decimal import Decimal

from ..findings import ScanReport

_PURL_TYPE = {"PyPI": "pypi", "npm": "npm", "crates.io": "cargo", "Go": "golang", "Maven": "maven",
              "RubyGems": "gem", "Packagist": "composer", "NuGet": "nuget", "Pub": "pub", "Hex": "hex"}


def _purl(ecosystem: str, name: str, version: str):
    from packageurl import PackageURL

    ptype = _PURL_TYPE.get(ecosystem.split(":")[0], "generic")
    namespace = None
    if ptype == "maven" and ":" in name:
        namespace, name = name.split(":", 1)
    elif ptype in ("npm",) and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif ptype in ("golang", "composer") and "/" in name:
        namespace, name = name.rsplit("/", 1)
    return PackageURL(type=ptype, namespace=namespace, name=name, version=version or None)


def render(report: ScanReport) -> str:
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.impact_analysis import ImpactAnalysisAffectedStatus, ImpactAnalysisResponse
    from cyclonedx.model.vulnerability import (
        BomTarget, BomTargetVersionRange, Vulnerability, VulnerabilityAnalysis, VulnerabilityRating,
        VulnerabilityScoreSource, VulnerabilitySeverity, VulnerabilitySource,
    )
    from cyclonedx.output.json import JsonV1Dot5
    bom = Bom()
    root = Component(name="scanned-project", type=ComponentType.APPLICATION, bom_ref="scanned-project")
    bom.metadata.component = root
    refs: dict[tuple[str, str, str], str] = {}

    def component_ref(ecosystem: str, name: str, version: str) -> str:
        key = (ecosystem, name, version)
        if key not in refs:
            purl = _purl(ecosystem, name, version)
            ref = f"{purl.to_string()}#{len(refs)}" if version == "" else purl.to_string()
            if ref in refs.values():
                ref = f"{ref}#{len(refs)}"
            refs[key] = ref
            component = Component(name=name, version=version or None, purl=purl, bom_ref=ref,
                                  type=ComponentType.LIBRARY)
            bom.components.add(component)
            # Manifests do not say which dependency pulled in which; all hang off the project.
            bom.register_dependency(root, [component])
        return refs[key]

    for p in report.packages:
        component_ref(p.ecosystem, p.name, p.version)
    for v in report.vulnerabilities:
        exact = "" if v.range_admits_affected else v.installed
        ref = component_ref(v.ecosystem, v.package, exact)
        rating = VulnerabilityRating(
            source=VulnerabilitySource(name="OSV"),
            severity=VulnerabilitySeverity(v.severity.lower()) if v.severity != "UNKNOWN" else VulnerabilitySeverity.UNKNOWN,
            score=Decimal(str(v.cvss_score)) if v.cvss_score is not None else None,
            method=VulnerabilityScoreSource.CVSS_V3_1 if v.cvss_score is not None else VulnerabilityScoreSource.OTHER,
        )
        target_version = (BomTargetVersionRange(range=f"vers:generic/{v.installed}", status=ImpactAnalysisAffectedStatus.AFFECTED)
                          if v.range_admits_affected else
                          BomTargetVersionRange(version=v.installed, status=ImpactAnalysisAffectedStatus.AFFECTED))
        analysis = None
        if v.ignored is not None:
            # An accepted risk: the team will not fix it for now, for the recorded reason.
            analysis = VulnerabilityAnalysis(responses=[ImpactAnalysisResponse.WILL_NOT_FIX],
                                             detail=f"ignored: {v.ignored.reason}"
                                                    + (f" (until {v.ignored.until})" if v.ignored.until else ""))
        bom.vulnerabilities.add(Vulnerability(
            bom_ref=f"{v.id}:{ref}", id=v.id,
            source=VulnerabilitySource(name="OSV", url=None),
            description=v.summary or None,
            recommendation=f"Upgrade {v.package} to {v.fixed}" if v.fixed else None,
            ratings=[rating],
            affects=[BomTarget(ref=ref, versions=[target_version])],
            analysis=analysis,
        ))
    return JsonV1Dot5(bom).output_as_string(indent=2)
