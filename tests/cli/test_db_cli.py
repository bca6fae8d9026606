"""`agent-immune db update|status` end to end: output shapes, exit statuses, failed updates."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent_immune.cli import main
from agent_immune.osv import store
# Fixtures shared with tests/osv (imported so pytest registers them here too).
from tests.osv.conftest import DATA, Bucket, OsvServer, _isolated_home, bucket, home, osv_server  # noqa: F401,F811


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_update_from_directory_json(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = _run(capsys, "db", "update", "--source", str(DATA), "--ecosystem", "npm",
                          "--ecosystem", "crates.io", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["ok"] is True and doc["source"] == str(DATA)
    assert doc["database"] == str(store.db_path(home))
    assert [(r["ecosystem"], r["status"]) for r in doc["results"]] == [("npm", "imported"), ("crates.io", "imported")]
    assert set(doc["results"][0]) == {"ecosystem", "status", "records", "changed", "removed",
                                      "downloaded_bytes", "seconds", "message"}
    assert doc["results"][0]["records"] == 171 and doc["results"][0]["message"] is None


def test_update_text_and_status_table(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = _run(capsys, "db", "update", "--source", str(DATA), "--ecosystem", "npm")
    assert code == 0
    assert out.split()[:4] == ["npm", "imported", "171", "records"]
    code, out, _ = _run(capsys, "db", "status")
    assert code == 0
    assert "npm" in out and "171" in out and str(DATA) in out and "TTL 24 h" in out


def test_update_text_groups_skipped_defaults(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, _ = _run(capsys, "db", "update", "--source", str(DATA))
    assert code == 0
    lines = out.splitlines()
    assert lines[-1] == "skipped (the source has no export for them): Pub, Hex"
    assert [line.split()[0] for line in lines[:-1]] == ["PyPI", "npm", "crates.io", "Go", "Maven", "RubyGems",
                                                         "NuGet", "Packagist"]


def test_status_json_shape(capsys: pytest.CaptureFixture[str], home: Path, osv_server: OsvServer) -> None:
    assert _run(capsys, "db", "update", "--source", osv_server.url, "--ecosystem", "PyPI", "--ecosystem", "npm")[0] == 0
    code, out, _ = _run(capsys, "db", "status", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema_version"] == store.SCHEMA_VERSION
    assert doc["size_bytes"] == store.db_path(home).stat().st_size
    assert doc["records"] >= 171 and doc["ttl_hours"] == 24.0
    assert [e["name"] for e in doc["ecosystems"]] == ["PyPI", "npm"]
    npm = doc["ecosystems"][1]
    assert set(npm) == {"name", "records", "updated_at", "imported_at", "age_hours", "stale", "mode", "source"}
    assert npm["source"] == osv_server.url and npm["stale"] is False and npm["mode"] == "full"
    assert npm["updated_at"].endswith("Z")


def test_status_without_database_exits_2(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = _run(capsys, "db", "status")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "run `agent-immune db update`" in err


def test_failed_update_exits_2_and_keeps_data(capsys: pytest.CaptureFixture[str], home: Path,
                                              bucket: Bucket) -> None:  # noqa: F811
    assert _run(capsys, "db", "update", "--source", str(bucket.root), "--ecosystem", "npm")[0] == 0
    docs = bucket.docs("npm")
    bucket.write_zip("npm", docs, raw={"BAD-1.json": b"not json"})
    code, out, err = _run(capsys, "db", "update", "--source", str(bucket.root), "--ecosystem", "npm", "--force")
    assert code == 2
    assert "npm/all.zip, member BAD-1.json is not valid JSON" in err
    assert "Traceback" not in err
    code, out, _ = _run(capsys, "db", "status", "--format", "json")
    assert code == 0 and json.loads(out)["ecosystems"][0]["records"] == 171


def test_unreachable_server_exits_2(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, _, err = _run(capsys, "db", "update", "--source", "http://127.0.0.1:9/", "--ecosystem", "npm")
    assert code == 2 and "connection failed" in err


def test_default_source_comes_from_config(capsys: pytest.CaptureFixture[str], tmp_path: Path, home: Path) -> None:
    (tmp_path / "config.toml").write_text(f"[immune]\nosv_source = {json.dumps(str(DATA))}\n")
    code, out, _ = _run(capsys, "db", "update", "--ecosystem", "Go", "--format", "json")
    assert code == 0 and json.loads(out)["source"] == str(DATA)


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "db")[0] == 2
    assert _run(capsys, "db", "status", "--format", "xml")[0] == 2
    code, out, _ = _run(capsys, "db", "update", "--help")
    assert code == 0 and "--ecosystem" in out and "--force" in out


def test_real_entry_point(tmp_path: Path, home: Path) -> None:
    exe = Path(sys.executable).with_name("agent-immune")
    argv = [str(exe)] if exe.exists() else [sys.executable, "-m", "agent_immune.cli"]
    env = dict(os.environ)
    proc = subprocess.run([*argv, "db", "update", "--source", str(DATA), "--ecosystem", "RubyGems",
                           "--format", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["records"] == 19
    proc = subprocess.run([*argv, "db", "update", "--source", str(tmp_path / "missing")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 2 and proc.stderr.startswith("agent-immune db: error: OSV source directory")
