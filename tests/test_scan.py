"""scan() end to end against a real database imported from the records in tests/osv/records."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from agent_immune.deps.base import Package
from agent_immune.errors import DatabaseError, InputError
from agent_immune.scan import blocks, scan, scan_packages

RECORDS = Path(__file__).parent / "osv" / "records"


def make_bucket(root: Path) -> Path:
    """An OSV bucket mirror (<Ecosystem>/all.zip) from the record files, filed the way the
    public bucket files them: under every base ecosystem a record names."""
    by_eco: dict[str, list[Path]] = {}
    for path in sorted(RECORDS.glob("*.json")):
        doc = json.loads(path.read_text())
        for eco in {a["package"]["ecosystem"].split(":")[0] for a in doc["affected"] if "package" in a}:
            by_eco.setdefault(eco, []).append(path)
    for eco, paths in by_eco.items():
        (root / eco).mkdir(parents=True)
        with zipfile.ZipFile(root / eco / "all.zip", "w") as zf:
            for p in paths:
                zf.write(p, p.name)
    (root / "ecosystems.txt").write_text("\n".join(sorted(by_eco)) + "\n")
    return root


@pytest.fixture(scope="session")
def osv_home(tmp_path_factory) -> tuple[Path, Path]:
    """(data home with every bucket ecosystem imported, bucket dir)."""
    from agent_immune.osv import sync

    base = tmp_path_factory.mktemp("osvdb")
    bucket = make_bucket(base / "bucket")
    home = base / "home"
    results = sync.update(home, str(bucket), sorted(p.name for p in bucket.iterdir() if p.is_dir()))
    assert all(r.ok for r in results), results
    return home, bucket


@pytest.fixture
def env(osv_home, tmp_path, monkeypatch):
    home, bucket = osv_home
    cfg = tmp_path / "config.toml"
    cfg.write_text(f'[immune]\nosv_source = "{bucket}"\n')
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(home))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(cfg))
    return tmp_path


def write(dirpath: Path, name: str, text: str) -> Path:
    path = dirpath / name
    path.write_text(text)
    return path


def by_id(report):
    return {v.id: v for v in report.vulnerabilities}


def test_pinned_requirements(env):
    req = write(env, "requirements.txt",
                "requests==2.19.0\nmercurial==3.2.0\nprotobuf==3.14.0\npy==1.11.0\n"
                "arrayfire==3.0.20150914\nSuds_Py3==1.3.1.0\ncelery==3.1\n")
    report = scan([req], offline=True)
    found = by_id(report)
    assert report.dependencies == 7
    assert report.manifests == (str(req),)
    # alias group: PYSEC-2020-217 + GHSA-6vvc-c2m3-cjf3 are one finding at the GHSA's severity
    hg = found["GHSA-6vvc-c2m3-cjf3"]
    assert (hg.package, hg.installed, hg.fixed, hg.severity, hg.cvss_score) == ("mercurial", "3.2.0", "3.2.3", "CRITICAL", 9.8)
    assert "PYSEC-2020-217" in hg.aliases and "CVE-2014-9390" in hg.aliases
    assert "PYSEC-2020-217" not in found
    assert found["PYSEC-2018-28"].severity == "UNKNOWN"
    assert found["PYSEC-2018-28"].line == 1
    assert found["PYSEC-2022-42969"].fixed is None          # last_affected: no fix
    assert found["PYSEC-2013-33"].package == "Suds_Py3"      # PEP 503 name match
    assert "PYSEC-2019-144" not in found                     # withdrawn
    assert not any(v.package == "celery" for v in report.vulnerabilities)
    assert report.scan_status == "blocked"
    assert [f.ecosystem for f in report.database] == ["PyPI"]
    # most severe first
    assert report.vulnerabilities[0].severity == "CRITICAL"


@pytest.mark.parametrize("line,fail_on,status", [
    ("protobuf==3.14.0", "critical", "passed"),   # HIGH
    ("protobuf==3.14.0", "high", "blocked"),
    ("requests==2.19.0", "critical", "passed"),   # UNKNOWN counts as HIGH
    ("requests==2.19.0", "high", "blocked"),
    ("requests==2.19.0", "any", "blocked"),
    ("requests==2.20.0", "any", "passed"),        # nothing found
])
def test_fail_on_thresholds(env, line, fail_on, status):
    report = scan([write(env, "requirements.txt", line + "\n")], fail_on=fail_on, offline=True)
    assert report.scan_status == status
    assert report.fail_on == fail_on


def test_medium_and_mal_in_npm_lockfile(env):
    lock = {"name": "app", "lockfileVersion": 3, "packages": {
        "": {"name": "app", "dependencies": {"jquery": "^3.3.1"}},
        "node_modules/jquery": {"version": "3.3.1"}}}
    path = write(env, "package-lock.json", json.dumps(lock))
    report = scan([path], offline=True)
    assert [v.id for v in report.vulnerabilities] == ["GHSA-6c3j-c64m-qhgq"]
    assert report.vulnerabilities[0].severity == "MEDIUM"
    assert report.passed
    assert scan([path], fail_on="medium", offline=True).scan_status == "blocked"
    lock["packages"]["node_modules/fsevents"] = {"version": "1.2.10"}
    path.write_text(json.dumps(lock))
    report = scan([path], fail_on="critical", offline=True)
    mal = by_id(report)["MAL-2023-462"]
    assert (mal.severity, mal.fixed) == ("CRITICAL", "1.2.11")
    assert report.scan_status == "blocked"


def test_range_rule(env):
    # can also resolve to an unaffected version: reported, not blocking (unless strict)
    path = write(env, "requirements.txt", "requests>=2.0\n")
    report = scan([path], offline=True)
    v = by_id(report)["PYSEC-2018-28"]
    assert (v.installed, v.range_admits_affected, v.range_can_resolve_fixed, v.fixed) == (">=2.0", True, True, "2.20.0")
    assert report.passed
    assert scan([path], offline=True, strict_ranges=True).scan_status == "blocked"
    # can only resolve to affected versions: blocks like a pin
    path.write_text("requests>=2.0,<2.20\n")
    report = scan([path], offline=True)
    assert by_id(report)["PYSEC-2018-28"].range_can_resolve_fixed is False
    assert report.scan_status == "blocked"
    # a range past the fix: no finding
    path.write_text("requests>=2.20\n")
    assert scan([path], offline=True).vulnerabilities == ()


def test_unpinned_without_spec_is_skipped_with_a_warning(env):
    report = scan([write(env, "requirements.txt", "flask\nrequests==2.20.0\n")], offline=True)
    assert report.passed
    assert any("flask skipped" in w for w in report.warnings)


def test_offline_never_imported_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(tmp_path / "none.toml"))
    with pytest.raises(DatabaseError, match="never imported"):
        scan([write(tmp_path, "requirements.txt", "requests==2.19.0\n")], offline=True)


def test_online_refresh_uses_configured_source(tmp_path, monkeypatch, osv_home):
    # A fresh home, not offline: the scan imports the ecosystem it needs from the source.
    _, bucket = osv_home
    cfg = write(tmp_path, "config.toml", f'[immune]\nosv_source = "{bucket}"\n')
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(cfg))
    report = scan([write(tmp_path, "requirements.txt", "requests==2.19.0\n")])
    assert "PYSEC-2018-28" in by_id(report)
    assert report.database[0].records > 0


def test_bad_input(env):
    with pytest.raises(InputError):
        scan([env / "missing.txt"], offline=True)
    with pytest.raises(InputError):
        scan([write(env, "requirements.txt", "requests==2.19.0\n")], fail_on="severe", offline=True)


def test_ignore_rule_keeps_finding_but_unblocks(env):
    write(env, "agent-immune.toml", '[[ignore]]\nid = "CVE-2018-18074"\nreason = "not reachable"\n')
    report = scan([write(env, "requirements.txt", "requests==2.19.0\n")], offline=True)
    v = by_id(report)["PYSEC-2018-28"]
    assert v.ignored is not None and v.ignored.reason == "not reachable"
    assert report.passed


class DictSource:
    """A vulnerability source other than the store (the protocol scan_packages needs)."""

    def __init__(self, matchable: list[dict], others: list[dict] = ()) -> None:
        self.matchable = matchable
        self.by_id = {r["id"]: r for r in [*matchable, *others]}

    def records_for(self, ecosystem, names):
        from agent_immune.osv.names import normalize_name

        out = {normalize_name(ecosystem, n): [] for n in names}
        for r in self.matchable:
            for a in r["affected"]:
                key = normalize_name(ecosystem, a["package"]["name"])
                if a["package"]["ecosystem"].split(":")[0] == ecosystem and key in out:
                    out[key].append(r)
        return out

    def get_many(self, ids):
        # Like the store: an id that is only an alias resolves to the record naming it.
        out = {}
        for i in ids:
            if i in self.by_id:
                out[i] = self.by_id[i]
            else:
                out.update({i: r for r in self.by_id.values() if i in (r.get("aliases") or ())})
        return out


def _rec(rid):
    return json.loads((RECORDS / f"{rid}.json").read_text())


def test_scan_packages_with_another_source_takes_alias_severity():
    # Only PYSEC-2020-217 (no severity) is matchable; its alias GHSA record comes from get_many.
    source = DictSource([_rec("PYSEC-2020-217")], [_rec("GHSA-6vvc-c2m3-cjf3")])
    pkg = Package("mercurial", "3.0", "PyPI", "x/requirements.txt", line=3)
    report = scan_packages([pkg], source=source, manifests=["x/requirements.txt"])
    (v,) = report.vulnerabilities
    assert (v.id, v.severity, v.cvss_score, v.line) == ("PYSEC-2020-217", "CRITICAL", 9.8, 3)
    assert v.aliases == ("CVE-2014-9390", "GHSA-6vvc-c2m3-cjf3")  # the alias record joins the group
    assert report.scan_status == "blocked"


def test_duplicate_packages_count_once():
    source = DictSource([_rec("PYSEC-2018-28")])
    pkg = Package("requests", "2.19.0", "PyPI", "r.txt")
    report = scan_packages([pkg, pkg], source=source)
    assert report.dependencies == 1 and len(report.vulnerabilities) == 1


def test_blocks_rule():
    source = DictSource([_rec("PYSEC-2018-28")])
    (v,) = scan_packages([Package("requests", "", "PyPI", "r.txt", spec=">=1")], source=source).vulnerabilities
    assert not blocks(v, "any") and blocks(v, "any", strict_ranges=True)
    assert not blocks(v, "critical", strict_ranges=True)


def test_public_api_scan_is_callable_even_after_module_import(env):
    import agent_immune
    import agent_immune.scan  # noqa: F401  (binds the package attribute to the module)

    report = agent_immune.scan(write(env, "requirements.txt", "requests==2.19.0\n"), offline=True)
    assert report.scan_status == "blocked"


def test_directory_without_manifests_passes_with_a_warning(env):
    empty = env / "empty"
    empty.mkdir()
    report = scan([empty], offline=True)
    assert report.passed and report.dependencies == 0 and report.manifests == ()
    assert any("no manifest or lockfile found" in w for w in report.warnings)


def test_offline_reports_stale_data(env, osv_home, monkeypatch):
    import shutil

    from agent_immune.osv import store

    home = env / "old-home"
    shutil.copytree(osv_home[0], home)
    with store.update_lock(home), store.writer(home) as w:
        w.touch("PyPI", "2020-01-01T00:00:00Z")  # data last checked long ago
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(home))
    report = scan([write(env, "requirements.txt", "requests==2.19.0\n")], offline=True)
    (db,) = report.database
    assert db.stale is True and db.age_hours > 24 * 365
    assert any(w.startswith("OSV data for PyPI is") and "osv_ttl_hours=24" in w for w in report.warnings)
    assert "PYSEC-2018-28" in by_id(report)  # stale data is still used offline
