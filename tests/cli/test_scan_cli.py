"""`agent-immune scan` end to end in a subprocess: exit codes, JSON shape, table, offline, errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_scan import osv_home  # noqa: F401  (session fixture: a real imported database)

VULN_KEYS = ["id", "aliases", "package", "ecosystem", "installed", "fixed", "severity", "cvss_score", "summary",
             "manifest"]
OPTIONAL = {"line", "range_admits_affected", "range_can_resolve_fixed", "ignored"}


@pytest.fixture
def run(osv_home, tmp_path):  # noqa: F811
    home, bucket = osv_home
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[immune]\nosv_source = "{bucket}"\n')
    env = {**os.environ, "AGENT_IMMUNE_HOME": str(home), "AGENT_IMMUNE_CONFIG": str(cfg), "COLUMNS": "200"}

    def _run(*args: str, home_dir: Path | None = None) -> subprocess.CompletedProcess:
        e = dict(env)
        if home_dir is not None:
            e["AGENT_IMMUNE_HOME"] = str(home_dir)
        return subprocess.run([sys.executable, "-m", "agent_immune.cli", "scan", *args], env=e,
                              capture_output=True, text=True, timeout=120)

    return _run


def req(tmp_path: Path, text: str) -> str:
    path = tmp_path / "requirements.txt"
    path.write_text(text)
    return str(path)


def test_json_document_shape_and_blocked_exit(run, tmp_path):
    p = run(req(tmp_path, "mercurial==3.2.0\nrequests>=2.0\n"), "--offline", "--format", "json")
    assert p.returncode == 1, p.stderr
    doc = json.loads(p.stdout)
    assert list(doc) == ["scanned_at", "manifest", "manifests", "dependencies", "vulnerabilities", "scan_status",
                         "fail_on", "database", "warnings"]
    assert doc["scan_status"] == "blocked" and doc["fail_on"] == "high" and doc["dependencies"] == 2
    assert doc["manifest"] == doc["manifests"][0]
    for v in doc["vulnerabilities"]:
        assert list(v)[:len(VULN_KEYS)] == VULN_KEYS
        assert set(v) - set(VULN_KEYS) <= OPTIONAL
    hg = next(v for v in doc["vulnerabilities"] if v["package"] == "mercurial")
    assert hg["id"] == "GHSA-6vvc-c2m3-cjf3" and hg["severity"] == "CRITICAL" and hg["line"] == 1
    assert "range_admits_affected" not in hg
    rq = next(v for v in doc["vulnerabilities"] if v["package"] == "requests")
    assert rq["installed"] == ">=2.0" and rq["range_admits_affected"] is True and rq["range_can_resolve_fixed"] is True
    import jsonschema

    from agent_immune.report.json import SCHEMA

    jsonschema.validate(doc, SCHEMA)
    (db,) = doc["database"]
    assert db["ecosystem"] == "PyPI" and db["records"] > 0 and db["stale"] is False
    assert set(db) == {"ecosystem", "records", "updated_at", "age_hours", "stale"}


def test_exit_codes_and_fail_on(run, tmp_path):
    path = req(tmp_path, "protobuf==3.14.0\n")  # HIGH
    assert run(path, "--offline", "--format", "json").returncode == 1
    assert run(path, "--offline", "--format", "json", "--fail-on", "critical").returncode == 0
    assert run(req(tmp_path, "requests>=2.0\n"), "--offline", "--format", "json").returncode == 0
    assert run(req(tmp_path, "requests>=2.0\n"), "--offline", "--format", "json", "--strict-ranges").returncode == 1


def test_table_output_and_offline_age_line(run, tmp_path):
    p = run(req(tmp_path, "protobuf==3.14.0\nflask\n"), "--offline")
    assert p.returncode == 1
    assert "PYSEC-2022-48" in p.stdout or "GHSA-77rm-9x9h-xj3g" in p.stdout
    assert "scan blocked" in p.stdout
    assert "OSV data: PyPI:" in p.stderr and "h old" in p.stderr
    assert "flask skipped" in p.stderr


def test_bad_input_exit_2(run, tmp_path):
    p = run(str(tmp_path / "nope.txt"), "--offline")
    assert p.returncode == 2 and "no such file" in p.stderr and "Traceback" not in p.stderr
    p = run(req(tmp_path, "x==1\n"), "--fail-on", "severe")
    assert p.returncode == 2
    bad = tmp_path / "package-lock.json"
    bad.write_text("{not json")
    p = run(str(bad), "--offline")
    assert p.returncode == 2 and "package-lock.json" in p.stderr


def test_offline_without_database_exit_2(run, tmp_path):
    p = run(req(tmp_path, "requests==2.19.0\n"), "--offline", home_dir=tmp_path / "empty-home")
    assert p.returncode == 2
    assert "never imported" in p.stderr and "db update" in p.stderr


def test_clean_scan_passes(run, tmp_path):
    p = run(req(tmp_path, "requests==2.31.0\n"), "--offline", "--format", "json")
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    assert doc["vulnerabilities"] == [] and doc["scan_status"] == "passed"
    import jsonschema

    from agent_immune.report.json import SCHEMA

    jsonschema.validate(doc, SCHEMA)


def test_ignored_finding_in_json(run, tmp_path):
    (tmp_path / "agent-immune.toml").write_text(
        '[[ignore]]\nid = "PYSEC-2018-28"\nreason = "internal network only"\nuntil = "2999-01-01"\napproved_by = "sec"\n')
    p = run(req(tmp_path, "requests==2.19.0\n"), "--offline", "--format", "json")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    import jsonschema

    from agent_immune.report.json import SCHEMA

    jsonschema.validate(doc, SCHEMA)
    (v,) = doc["vulnerabilities"]
    assert v["ignored"] == {"reason": "internal network only", "until": "2999-01-01", "approved_by": "sec"}
    assert doc["scan_status"] == "passed"


def test_table_keeps_brackets_in_paths_and_explains_non_blocking_ranges(run, tmp_path):
    odd = tmp_path / "a[dim]b"
    odd.mkdir()
    path = odd / "requirements.txt"
    path.write_text("requests>=2.0\n")
    p = run(str(path), "--offline")
    assert p.returncode == 0, p.stderr
    assert "a[dim]b" in p.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    assert "unaffected version" in p.stdout
