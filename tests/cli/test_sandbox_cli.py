"""`agent-immune sandbox` and `agent-immune verify-memory`, run as a user would."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox launcher needs root")
CLI = str(Path(sys.executable).with_name("agent-immune"))
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else "python3"


def cli(*args: str, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], capture_output=True, env=env, timeout=60, **kw)


@pytest.fixture
def workdir():
    path = tempfile.mkdtemp(prefix="ai-cli-test-", dir="/var/tmp")
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_cmd_passes_output_and_exit_status(workdir):
    p = cli("sandbox", "--workdir", workdir, "--cmd", "echo out; echo err >&2; exit 3")
    assert p.returncode == 3
    assert p.stdout == b"out\n"
    assert p.stderr.startswith(b"err\n")


def test_argv_form_and_signal_status(workdir):
    p = cli("sandbox", "--workdir", workdir, "--", "sh", "-c", "kill -TERM $$")
    assert p.returncode == 128 + 15


def test_violation_in_text_mode(workdir):
    p = cli("sandbox", "--workdir", workdir, "--", PY, "-c",
            "import socket; socket.socket().connect(('127.0.0.1', 9))")
    assert p.returncode == 128 + 31
    assert b"violation: connect: killed: inet:127.0.0.1:9" in p.stderr


def test_json_output(workdir):
    p = cli("sandbox", "--format", "json", "--workdir", workdir, "--memory", "128M", "--pids", "50",
            "--timeout", "20", "--cmd", "echo hi; exit 4")
    assert p.returncode == 4
    doc = json.loads(p.stdout)
    assert doc["status"] == "failed" and doc["exit_code"] == 4 and doc["stdout"] == "hi\n"
    assert doc["policy"]["memory_bytes"] == 128 * 1024 * 1024 and doc["policy"]["pids"] == 50
    assert doc["level"] == "seccomp" and doc["violations"] == []


def test_env_flag_passes_a_secret_looking_variable(workdir):
    env = {**os.environ, "SERVICE_TOKEN": "from-parent"}
    p = cli("sandbox", "--workdir", workdir, "--env", "MY_TOKEN=chosen", "--", "env", env=env)
    assert b"MY_TOKEN=chosen" in p.stdout and b"from-parent" not in p.stdout


def test_timeout_and_level_none(workdir):
    p = cli("sandbox", "--level", "none", "--timeout", "0.5", "--workdir", workdir, "--", "sleep", "30")
    assert p.returncode == 128 + 9 and b"timeout" in p.stderr
    assert cli("sandbox", "--level", "none", "--", "/bin/true").returncode == 0


def test_allow_net_and_no_exec_flags(workdir):
    p = cli("sandbox", "--format", "json", "--allow-net", "--no-exec", "--profile", "python",
            "--workdir", workdir, "--cmd", "ls")
    doc = json.loads(p.stdout)
    assert doc["policy"]["allow_net"] and doc["policy"]["no_exec"] and doc["policy"]["profile"] == "python"
    assert doc["violations"][0]["syscall"] == "execve"


def test_config_default_level(tmp_path, workdir):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[muscle]\ndefault_sandbox = "none"\nmemory = "256M"\n')
    env = {**os.environ, "AGENT_IMMUNE_CONFIG": str(cfg)}
    doc = json.loads(cli("sandbox", "--format", "json", "--", "/bin/true", env=env).stdout)
    assert doc["level"] == "none" and doc["policy"]["memory_bytes"] == 256 * 1024 * 1024


@pytest.mark.parametrize("args, message", [
    (("sandbox",), b"no command given"),
    (("sandbox", "--cmd", "true", "--", "true"), b"not both"),
    (("sandbox", "--memory", "lots", "--", "true"), b"invalid size"),
    (("sandbox", "--env", "NOEQUALS", "--", "true"), b"KEY=VALUE"),
    (("sandbox", "--profile", "nope", "--", "true"), b"unknown seccomp profile"),
    (("sandbox", "--", "no-such-command-xyz"), b"command not found"),
    (("sandbox", "--level", "bogus", "--", "true"), b"invalid choice"),
])
def test_usage_errors_are_one_line_and_status_2(args, message):
    p = cli(*args)
    assert p.returncode == 2
    assert message in p.stderr and p.stderr.count(b"\n") == 1 and b"Traceback" not in p.stderr


def test_fails_closed_when_a_mechanism_is_missing():
    """Without root the launcher cannot create namespaces or cgroups: a clear error,
    never a silent run with weaker isolation."""
    setpriv = shutil.which("setpriv")
    if not setpriv:
        pytest.skip("setpriv not installed")
    p = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", CLI, "sandbox", "--",
                        "/bin/true"], capture_output=True, timeout=60, env={**os.environ, "HOME": "/"})
    assert p.returncode == 2, p
    assert b"the seccomp level needs" in p.stderr and b"root" in p.stderr


def test_verify_memory_pass_and_fail():
    alloc = "x = b'\\x01' * (48 * 1024 * 1024)"
    p = cli("verify-memory", "--threshold", "200M", "--", PY, "-c", alloc)
    assert p.returncode == 0 and p.stdout.startswith(b"PASS: peak")
    p = cli("verify-memory", "--threshold", "16M", "--format", "json", "--", PY, "-c", alloc)
    assert p.returncode == 1
    doc = json.loads(p.stdout)
    assert doc["passed"] is False and doc["peak_rss_kb"] >= 48 * 1024 and doc["threshold_kb"] == 16 * 1024
