"""The host side of the guest agent's protocol, without a VM.

The job is checked with the guest's own shell (busybox sh): whatever the arguments and
environment, sourcing the job yields exactly them. The console demultiplexer (the
Firecracker transport) is fuzzed: framed streams, control lines and kernel noise, cut
into arbitrary chunks, come back intact.
"""
from __future__ import annotations

import base64
import shutil
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent_immune.errors import PolicyError
from agent_immune.sandbox.microvm import protocol
from agent_immune.sandbox.policy import Policy

BUSYBOX = shutil.which("busybox")
no_nul = st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=40)


def _source(job: bytes, tmp_path) -> list[bytes]:
    path = tmp_path / "job"
    path.write_bytes(job)
    out = subprocess.run([BUSYBOX, "sh", "-c", '. "$0"; printf "%s\\0" "$@"', str(path)],
                         capture_output=True, check=True).stdout
    return out.split(b"\0")[:-1]


@pytest.mark.skipif(BUSYBOX is None, reason="needs busybox (Debian package busybox-static)")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=st.lists(no_nul, min_size=1, max_size=6), value=no_nul)
def test_the_guest_shell_reads_back_the_exact_argv(tmp_path, argv, value):
    policy = Policy(level="firecracker", env=(("AI_TEST_VALUE", value),))
    job = protocol.render_job(argv, policy, root="9p", workdir="/w ork'dir")
    assert len(job) % protocol.SECTOR == 0 and job.startswith(protocol.JOB_MAGIC.encode())
    words = _source(job, tmp_path)
    sep = words.index(b"--")
    env = dict(w.decode().split("=", 1) for w in words[:sep])
    assert env["AI_TEST_VALUE"] == value
    assert "PATH" in env
    assert [w.decode() for w in words[sep + 1:]] == argv


def test_secret_looking_host_variables_stay_out(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_x")
    monkeypatch.setenv("AI_PLAIN", "1")
    env, dropped = protocol.command_env(Policy(level="firecracker"))
    names = dict(env)
    assert "GITHUB_TOKEN" not in names and "GITHUB_TOKEN" in dropped and names["AI_PLAIN"] == "1"
    passed, _ = protocol.command_env(Policy(level="firecracker", env=(("GITHUB_TOKEN", "chosen"),)))
    assert dict(passed)["GITHUB_TOKEN"] == "chosen"


@pytest.mark.parametrize("argv,env", [([], ()), (["a\0b"], ()), (["x"], (("A=B", "1"),)), (["x"], (("A", "1\0"),))])
def test_unrepresentable_jobs_are_policy_errors(argv, env):
    with pytest.raises(PolicyError):
        protocol.render_job(argv, Policy(level="firecracker", env=env), root="9p", workdir=None)


def _frame(name: str, data: bytes) -> bytes:
    encoded = base64.encodebytes(data)  # 76-character lines, as busybox base64 writes
    return f"AGENT-IMMUNE-BEGIN {name}\n".encode() + encoded + f"AGENT-IMMUNE-END {name}\n".encode()


@settings(max_examples=80, deadline=None)
@given(out=st.binary(max_size=3000), err=st.binary(max_size=500), code=st.integers(0, 255),
       noise=st.lists(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60), max_size=3),
       cuts=st.lists(st.integers(1, 200), max_size=40))
def test_console_demux_recovers_streams_and_status(out, err, code, noise, cuts):
    console = b"".join(f"[    0.1] {n}\r\n".encode() for n in noise)
    console += b"AGENT-IMMUNE-CTL start\n" + _frame("stdout", out) + _frame("stderr", err)
    console += f"AGENT-IMMUNE-CTL exit {code}\nAGENT-IMMUNE-CTL signal -\nAGENT-IMMUNE-CTL done\n".encode()
    report = protocol.GuestReport()
    demux = protocol.ConsoleDemux(report, limit=10_000)
    pos = 0
    for cut in cuts + [len(console)]:
        demux.feed(console[pos:pos + cut], 1.0)
        pos += cut
    assert bytes(demux.streams["stdout"].data) == out
    assert bytes(demux.streams["stderr"].data) == err
    assert report.number("exit") == code and report.number("signal") is None and report.done
    assert report.started_at == 1.0


def test_bounded_keeps_the_limit_and_feeds_the_sink_everything():
    seen: list[bytes] = []
    b = protocol.Bounded(5, seen.append)
    for chunk in (b"abc", b"defg", b"h"):
        b.add(chunk)
    assert bytes(b.data) == b"abcde" and b.truncated and b"".join(seen) == b"abcdefgh"

    def broken(_chunk: bytes) -> None:
        raise BrokenPipeError

    b = protocol.Bounded(5, broken)
    b.add(b"xy")
    b.add(b"z")
    assert bytes(b.data) == b"xyz" and b.sink is None


def _result(**values):
    report = protocol.GuestReport()
    for key, vals in values.items():
        report.values[key] = [str(v) for v in vals]
    kw = dict(report=report, policy=Policy(level="firecracker"), backend="qemu-tcg",
              stdout=protocol.Bounded(10), stderr=protocol.Bounded(10), duration_ms=1.0,
              timed_out=False, launched_at=0.0)
    return protocol.build_result(**kw)


def test_status_mapping():
    assert _result(exit=[0], signal=["-"]).status == "ok"
    assert _result(exit=[2], signal=["-"]).status == "failed"
    killed = _result(exit=["-"], signal=[15])
    assert killed.status == "killed" and killed.shell_status == 143
    oom = _result(exit=["-"], signal=[9], oom_kills=[1])
    assert oom.status == "oom" and oom.oom_killed
    early = _result(exit=["-"], signal=[9], early_oom=[1])
    assert early.status == "oom" and any("early stop" in d for d in early.diagnostics)
    silent = _result()
    assert silent.status == "killed" and silent.exit_code is None
    assert _result(exit=[0]).level == "firecracker"
