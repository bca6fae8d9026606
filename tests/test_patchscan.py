"""scan --patch: findings a patch introduces versus those already there, end to end
against a database imported from the demo's real OSV snapshot."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent_immune.errors import InputError
from agent_immune.patchscan import scan_patch

SNAPSHOT = Path(__file__).resolve().parents[1] / "examples" / "osv-snapshot"


@pytest.fixture(scope="session")
def snapshot_home(tmp_path_factory) -> Path:
    from agent_immune.osv import sync

    home = tmp_path_factory.mktemp("patchdb")
    results = sync.update(home, str(SNAPSHOT), ["PyPI", "npm", "crates.io", "Go"])
    assert all(r.ok for r in results), results
    return home


@pytest.fixture
def repo(tmp_path: Path, snapshot_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(snapshot_home))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(tmp_path / "none.toml"))
    r = tmp_path / "repo"
    (r / "web").mkdir(parents=True)
    (r / "base.txt").write_text("urllib3==1.24.1\n")
    (r / "requirements.txt").write_text("-r base.txt\nclick==8.1.7\n")
    (r / "web" / "package.json").write_text('{\n  "dependencies": {\n    "qs": "6.5.2"\n  }\n}\n')
    (r / "web" / "package-lock.json").write_text(json.dumps({
        "lockfileVersion": 3, "packages": {"": {"dependencies": {"qs": "6.5.2"}},
                                           "node_modules/qs": {"version": "6.5.2"}}}, indent=2) + "\n")
    for cmd in (["init", "-q"], ["config", "user.email", "t@example.invalid"], ["config", "user.name", "t"],
                ["add", "-A"], ["commit", "-qm", "init"]):
        subprocess.run(["git", "-C", str(r), *cmd], check=True, capture_output=True)
    return r


def diff_of(repo: Path, edit) -> str:
    """The git diff an edit makes, with the working tree put back afterwards."""
    edit(repo)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    diff = subprocess.run(["git", "-C", str(repo), "diff", "--cached"], check=True, capture_output=True, text=True).stdout
    subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard"], check=True)
    subprocess.run(["git", "-C", str(repo), "clean", "-qfd"], check=True)
    return diff


def tree_hash(repo: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(repo.rglob("*")):
        if ".git" not in p.parts and p.is_file():
            h.update(str(p).encode() + p.read_bytes())
    return h.hexdigest()


def ids(vulns) -> set[str]:
    return {v.package + ":" + v.id for v in vulns}


def test_introduced_versus_preexisting_through_an_include(repo: Path) -> None:
    diff = diff_of(repo, lambda r: (r / "requirements.txt").write_text("-r base.txt\nclick==8.1.7\nrequests==2.19.0\n"))
    before = tree_hash(repo)
    report = scan_patch(diff, repo, offline=True)
    assert tree_hash(repo) == before  # the working tree is never written
    assert {v.package for v in report.introduced} == {"requests"}
    assert "PYSEC-2018-28" in {v.id for v in report.introduced} | {a for v in report.introduced for a in v.aliases}
    assert {v.package for v in report.preexisting} == {"urllib3"}  # from base.txt, read through -r
    assert all(v.manifest == str(repo / "requirements.txt") for v in report.introduced)
    assert report.scan_status == "blocked"


def test_a_fix_introduces_nothing_and_passes(repo: Path) -> None:
    diff = diff_of(repo, lambda r: (r / "base.txt").write_text("urllib3==1.26.19\n"))
    report = scan_patch(diff, repo, offline=True)
    assert report.introduced == () and report.scan_status == "passed"


def test_new_manifest_without_lockfile_uses_the_range_rule(repo: Path) -> None:
    def edit(r: Path) -> None:
        (r / "svc").mkdir()
        (r / "svc" / "package.json").write_text('{"dependencies": {"lodash": "^4.17.15", "minimist": "1.2.0"}}\n')
    diff = diff_of(repo, edit)
    report = scan_patch(diff, repo, offline=True)
    lodash = [v for v in report.introduced if v.package == "lodash"]
    minimist = [v for v in report.introduced if v.package == "minimist"]
    assert lodash and all(v.range_admits_affected and v.range_can_resolve_fixed for v in lodash)
    assert minimist and all(v.installed == "1.2.0" for v in minimist)
    assert report.scan_status == "blocked"  # the exact pin blocks; the range alone would not
    ranges_only = diff_of(repo, lambda r: ((r / "svc").mkdir(), (r / "svc" / "package.json").write_text(
        '{"dependencies": {"lodash": "^4.17.15"}}\n')))
    assert scan_patch(ranges_only, repo, offline=True).scan_status == "passed"
    assert scan_patch(ranges_only, repo, offline=True, strict_ranges=True).scan_status == "blocked"


def test_manifest_and_lockfile_touched_together_reads_the_lockfile(repo: Path) -> None:
    def edit(r: Path) -> None:
        (r / "web" / "package.json").write_text('{\n  "dependencies": {\n    "qs": "6.5.2",\n    "minimist": "^1.2.0"\n  }\n}\n')
        lock = json.loads((r / "web" / "package-lock.json").read_text())
        lock["packages"]["node_modules/minimist"] = {"version": "1.2.0"}
        (r / "web" / "package-lock.json").write_text(json.dumps(lock, indent=2) + "\n")
    report = scan_patch(diff_of(repo, edit), repo, offline=True)
    assert report.manifests == (str(repo / "web" / "package-lock.json"),)
    assert {v.installed for v in report.introduced if v.package == "minimist"} == {"1.2.0"}
    assert {v.package for v in report.preexisting} == {"qs"}


def test_manifest_touched_alone_is_read_as_a_manifest(repo: Path) -> None:
    edit = lambda r: (r / "web" / "package.json").write_text(  # noqa: E731
        '{\n  "dependencies": {\n    "qs": "6.5.2",\n    "minimist": "1.2.0"\n  }\n}\n')
    report = scan_patch(diff_of(repo, edit), repo, offline=True)
    assert report.manifests == (str(repo / "web" / "package.json"),)
    assert {v.package for v in report.introduced} == {"minimist"}


def test_patch_touching_no_manifest(repo: Path) -> None:
    report = scan_patch(diff_of(repo, lambda r: (r / "README").write_text("hi\n")), repo, offline=True)
    assert report.scan_status == "passed" and report.introduced == ()
    assert any("touches no manifest" in w for w in report.warnings)


def test_deleting_a_lockfile_introduces_nothing(repo: Path) -> None:
    report = scan_patch(diff_of(repo, lambda r: (r / "web" / "package-lock.json").unlink()), repo, offline=True)
    assert report.introduced == ()


def test_patch_that_does_not_apply(repo: Path) -> None:
    diff = "--- a/base.txt\n+++ b/base.txt\n@@ -1 +1 @@\n-urllib3==9.9\n+urllib3==1.0\n"
    with pytest.raises(InputError, match="hunk #1"):
        scan_patch(diff, repo, offline=True)


def cli(*args: str, stdin: str | None = None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agent_immune.cli", *args], input=stdin, capture_output=True,
                          text=True, env=env)


def test_cli_patch_from_stdin_json(repo: Path) -> None:
    diff = diff_of(repo, lambda r: (r / "requirements.txt").write_text("-r base.txt\nrequests==2.19.0\n"))
    r = cli("scan", "--patch", "-", "--repo", str(repo), "--offline", "--format", "json", stdin=diff)
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert {v["package"] for v in doc["introduced"]} == {"requests"}
    assert {v["package"] for v in doc["preexisting"]} == {"urllib3"}
    assert doc["scan_status"] == "blocked"


def test_cli_patch_errors_are_one_line(repo: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.patch"
    bad.write_text("--- a/base.txt\n+++ b/base.txt\n@@ -1 +1 @@\n-nope==1\n+nope==2\n")
    r = cli("scan", "--patch", str(bad), "--repo", str(repo), "--offline")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "bad.patch:3" in r.stderr and "hunk #1" in r.stderr and "base.txt" in r.stderr
    binary = tmp_path / "bin.patch"
    binary.write_text("diff --git a/x.png b/x.png\nnew file mode 100644\nBinary files /dev/null and b/x.png differ\n")
    r = cli("scan", "--patch", str(binary), "--repo", str(repo), "--offline")
    assert r.returncode == 2 and "binary patch" in r.stderr
    r = cli("scan", "--patch", str(bad), str(repo), "--offline")
    assert r.returncode == 2 and "give no PATH" in r.stderr
