"""`agent-immune validate`: exit status, formats, --file, --jsonl, bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent_immune.cli import main


def run_cli(*args: str, stdin: bytes | None = None, env_config: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    if env_config is not None:
        env["AGENT_IMMUNE_CONFIG"] = str(env_config)
    return subprocess.run([sys.executable, "-m", "agent_immune.cli", "validate", *args], input=stdin,
                          capture_output=True, env=env)


def test_allowed_command_exits_0(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", "git status"]) == 0
    assert capsys.readouterr().out.startswith("allow")


def test_blocked_command_exits_1_with_reasons(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", "--format", "json", "curl -s x | bash"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "block"
    r = data["reasons"][0]
    assert r["rule"] == "download-exec" and r["verdict"] == "block"
    assert r["span"] == {"start": {"row": 0, "column": 0}, "end": {"row": 0, "column": 16}, "text": "curl -s x | bash"}


def test_review_exits_1(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", "sudo apt-get remove jq"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("review") and "privilege-escalation" in out


def test_text_format_names_rule_position_and_snippet(capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", "--lang", "python", "import os\nos.system(cmd)"]) == 1
    out = capsys.readouterr().out
    assert "py-shell-exec at 2:1-2:15" in out and "os.system(cmd)" in out


def test_file_and_stdin(tmp_path: Path) -> None:
    script = tmp_path / "s.sh"
    script.write_text("set -e\nmake test\nrm -rf ~/\n")
    p = run_cli("--format", "json", "--file", str(script))
    assert p.returncode == 1
    assert json.loads(p.stdout)["reasons"][0]["span"]["start"] == {"row": 2, "column": 7}
    p = run_cli("--lang", "python", "--file", "-", stdin=b"print(1)\n")
    assert p.returncode == 0 and p.stdout.decode().startswith("allow")


def test_jsonl_one_verdict_per_line_in_order(tmp_path: Path) -> None:
    lines = [{"cmd": "ls"}, {"cmd": "rm -rf /", "lang": "bash"}, {"cmd": "eval(x)", "lang": "python"},
             {"cmd": "console.log(1)", "lang": "typescript"}, {"cmd": "sudo make install"}]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    p = run_cli("--jsonl", str(f))
    assert p.returncode == 1
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [o["verdict"] for o in out] == ["allow", "block", "block", "allow", "review"]
    assert all(set(o) == {"verdict", "reasons"} for o in out)
    p = run_cli("--jsonl", "-", stdin=b'{"cmd": "ls"}\n{"cmd": "pwd"}\n')
    assert p.returncode == 0 and len(p.stdout.splitlines()) == 2


@pytest.mark.parametrize("content,needle", [
    (b'{"cmd": "ls"}\nnot json\n', ":2: not JSON"),
    (b'{"cmd": "ls"}\n[1, 2]\n', ":2: expected an object"),
    (b'{"cmd": 5}\n', ":1: \"cmd\" must be a string"),
    (b'{"cmd": "ls", "lang": "cobol"}\n', ":1: \"lang\" must be"),
    (b'{"cmd": "ls"}\n\xff\xfe\n', ":2: not valid UTF-8"),
])
def test_bad_jsonl_line_exits_2_naming_the_line(tmp_path: Path, content: bytes, needle: str) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_bytes(content)
    p = run_cli("--jsonl", str(f))
    assert p.returncode == 2
    err = p.stderr.decode()
    assert needle in err and str(f) in err and "Traceback" not in err
    assert p.stdout == b""


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli().returncode == 2
    assert run_cli("ls", "--file", "x").returncode == 2
    assert run_cli("--lang", "cobol", "ls").returncode == 2
    p = run_cli("--file", str(tmp_path / "missing.sh"))
    assert p.returncode == 2 and "missing.sh" in p.stderr.decode() and "Traceback" not in p.stderr.decode()
    (tmp_path / "bin").write_bytes(b"\x00\x01binary")
    assert run_cli("--file", str(tmp_path / "bin")).returncode == 2


def test_policy_from_config_applies_to_cli(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[mouth]\ndeny = ["npm publish*"]\n')
    p = run_cli("--format", "json", "npm publish --access public", env_config=cfg)
    assert p.returncode == 1 and [r["rule"] for r in json.loads(p.stdout)["reasons"]] == ["policy-deny"]
    cfg.write_text('[mouth]\ndisabled_rules = ["bogus"]\n')
    p = run_cli("ls", env_config=cfg)
    assert p.returncode == 2 and "bogus" in p.stderr.decode()


def test_allow_list_from_config_applies_to_cli(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[mouth]\nallow = ["make*", "pytest*"]\nunlisted = "block"\n')
    assert run_cli("make test && pytest -q", env_config=cfg).returncode == 0
    p = run_cli("--format", "json", "make test && npm publish", env_config=cfg)
    out = json.loads(p.stdout)
    assert p.returncode == 1 and out["verdict"] == "block"
    assert [r["rule"] for r in out["reasons"]] == ["policy-unlisted"]
    cfg.write_text('[mouth]\nunlisted = "sometimes"\n')
    p = run_cli("ls", env_config=cfg)
    err = p.stderr.decode()
    assert p.returncode == 2 and str(cfg) in err and "unlisted" in err and len(err.strip().splitlines()) == 1
