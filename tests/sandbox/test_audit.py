"""The post-execution audit: violations named with their arguments, profiles, --no-exec,
memory peak / growth / early stop, bounded output and the JSON shape."""
from __future__ import annotations

import json
import signal

import jsonschema
import pytest

from agent_immune.errors import PolicyError
from agent_immune.sandbox import seccomp
from agent_immune.sandbox.result import to_dict

from .conftest import ROOT_ONLY, py, run, sh

pytestmark = ROOT_ONLY

RESULT_SCHEMA = {
    "type": "object",
    "required": ["status", "exit_code", "signal", "timed_out", "oom_killed", "violations", "peak_rss_kb",
                 "memory_growth_kb_per_s", "duration_ms", "stdout", "stderr", "stdout_truncated",
                 "stderr_truncated", "level", "backend", "policy", "diagnostics"],
    "properties": {
        "status": {"enum": ["ok", "failed", "violation", "oom", "timeout", "killed"]},
        "exit_code": {"type": ["integer", "null"]},
        "signal": {"type": ["integer", "null"]},
        "timed_out": {"type": "boolean"},
        "oom_killed": {"type": "boolean"},
        "violations": {"type": "array", "items": {
            "type": "object", "required": ["syscall", "args", "time", "pid", "detail"],
            "properties": {"syscall": {"type": "string"}, "args": {"type": "array", "items": {"type": "integer"}},
                           "time": {"type": "number", "minimum": 0}}}},
        "peak_rss_kb": {"type": ["integer", "null"]},
        "memory_growth_kb_per_s": {"type": ["number", "null"]},
        "duration_ms": {"type": "number", "minimum": 0},
        "stdout": {"type": "string"}, "stderr": {"type": "string"},
        "level": {"enum": ["none", "seccomp", "firecracker"]},
        "policy": {"type": "object", "required": ["level", "profile", "memory_bytes", "pids", "timeout_s"]},
        "diagnostics": {"type": "array", "items": {"type": "string"}},
    },
}


def test_violation_names_syscall_args_time_and_address(workdir):
    r = py("""
        import socket
        socket.socket().connect(("127.0.0.1", 9))
        """, workdir=str(workdir))
    assert r.status == "violation" and r.signal == signal.SIGSYS
    (v,) = r.violations
    assert v.syscall == "connect" and len(v.args) == 6
    assert v.detail == "killed: inet:127.0.0.1:9"
    assert 0 <= v.time <= r.duration_ms / 1000
    doc = to_dict(r)
    jsonschema.validate(json.loads(json.dumps(doc)), RESULT_SCHEMA)
    assert doc["violations"][0]["syscall"] == "connect"


def test_syscall_outside_the_profile_fails_with_eperm_and_is_recorded(workdir):
    r = py("""
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        rc = libc.mlockall(1)
        print("rc", rc, "errno", ctypes.get_errno(), "continued")
        """, workdir=str(workdir))
    assert r.stdout.split() == [b"rc", b"-1", b"errno", b"1", b"continued"]
    assert r.status == "violation" and r.exit_code == 0
    assert [v.syscall for v in r.violations] == ["mlockall"]
    assert r.violations[0].detail.startswith("denied")


def test_build_profile_allows_what_default_denies(workdir):
    r = py("import ctypes; ctypes.CDLL(None).mlockall(1)", workdir=str(workdir), profile="build")
    assert r.status == "ok" and not r.violations, r


def test_readonly_profile_refuses_writes(workdir):
    (workdir / "data.txt").write_text("hello\n")
    r = sh("cat data.txt; echo x > new.txt; rm data.txt; echo done", workdir=str(workdir), profile="readonly")
    assert b"hello" in r.stdout and b"done" in r.stdout
    assert not (workdir / "new.txt").exists()
    assert (workdir / "data.txt").exists()
    assert r.status == "violation"
    assert {"openat", "unlinkat"} & {v.syscall for v in r.violations}


def test_python_profile_refuses_mknod(workdir):
    r = py("import os; os.mknod('fifo', 0o600 | 0o010000)", workdir=str(workdir), profile="python")
    assert r.status == "violation" and r.signal == signal.SIGSYS
    assert r.violations[0].syscall in ("mknod", "mknodat")


def test_unknown_profile_is_a_policy_error(workdir):
    with pytest.raises(PolicyError, match="unknown seccomp profile"):
        run(["/bin/true"], workdir=str(workdir), profile="nonsense")


def test_every_profile_builds_and_runs_a_shell(workdir):
    for name in seccomp.profile_names():
        r = sh("echo hi", workdir=str(workdir), profile=name)
        assert r.stdout == b"hi\n" and r.status == "ok", (name, r)


def test_no_exec_refuses_every_further_exec(workdir):
    r = sh("echo started; /bin/ls /; echo status $?", workdir=str(workdir), no_exec=True)
    assert b"started" in r.stdout
    assert b"status 159" in r.stdout
    assert r.status == "violation"
    (v,) = [v for v in r.violations if v.syscall == "execve"]
    assert v.detail == "killed: /bin/ls"
    r = py("import os; os.execv('/bin/true', ['true'])", workdir=str(workdir), no_exec=True)
    assert r.signal == signal.SIGSYS and r.violations[0].syscall == "execve"


def test_peak_memory_and_growth_are_measured(workdir):
    r = py("""
        import time
        held = []
        for _ in range(12):
            held.append(b"\\x01" * (8 * 1024 * 1024))
            time.sleep(0.05)
        """, workdir=str(workdir), memory="512M")
    assert r.status == "ok", r
    assert r.peak_rss_kb >= 96 * 1024
    assert r.memory_growth_kb_per_s and r.memory_growth_kb_per_s > 0


def test_runaway_growth_is_stopped_early_with_a_diagnostic(workdir):
    r = py("""
        import time
        held = []
        while True:
            held.append(b"\\x01" * (2 * 1024 * 1024))
            time.sleep(0.02)
        """, workdir=str(workdir), memory="256M", timeout=30)
    assert r.status == "oom", r
    assert any("stopped early" in d and "MiB/s" in d for d in r.diagnostics), r.diagnostics
    assert not r.oom_killed   # stopped before the kernel had to


def test_output_is_bounded_with_a_truncated_flag(workdir):
    r = sh("head -c 100000 /dev/zero | tr '\\0' a; echo err >&2", workdir=str(workdir), output_limit_bytes=1000)
    assert len(r.stdout) == 1000 and r.stdout_truncated
    assert r.stderr == b"err\n" and not r.stderr_truncated


def test_policy_summary_reports_what_applied(workdir):
    r = run(["/bin/true"], workdir=str(workdir), memory="128M", pids=64)
    p = r.policy
    assert p["level"] == "seccomp" and p["memory_bytes"] == 128 * 1024 * 1024 and p["pids"] == 64
    assert p["capabilities"] == "none" and p["no_new_privs"] is True
    assert "net" in p["isolation"] and p["workdir"] == str(workdir)
    assert r.backend == "inprocess"


def test_denied_syscall_flood_is_bounded(workdir):
    r = py("""
        import ctypes
        libc = ctypes.CDLL(None)
        for _ in range(400):
            libc.mlockall(1)
        """, workdir=str(workdir))
    assert len(r.violations) == 256
    assert any("144 further" in d for d in r.diagnostics)
