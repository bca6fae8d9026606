"""Limits, OOM, timeout and teardown, at both levels."""
from __future__ import annotations

import os
import signal
import time

import pytest

from agent_immune.sandbox import cgroups

from .conftest import ROOT_ONLY, host_mounts, py, run_cgroups, sh

pytestmark = ROOT_ONLY
LEVELS = ("none", "seccomp")


@pytest.mark.parametrize("level", LEVELS)
def test_pids_limit_binds_root(level, workdir):
    r = py("""
        import os, time
        n = 0
        try:
            for _ in range(100):
                if os.fork() == 0:
                    time.sleep(5)
                    os._exit(0)
                n += 1
        except OSError as e:
            print("stopped", n, e.errno)
        """, workdir=str(workdir), level=level, pids=20, timeout=10)
    words = r.stdout.split()
    assert words[0] == b"stopped" and int(words[1]) < 20, r
    assert not run_cgroups()


@pytest.mark.parametrize("level", LEVELS)
def test_oom_is_read_from_the_cgroup(level, workdir):
    r = py("""
        held = []
        while True:
            held.append(b"\\x01" * (16 * 1024 * 1024))
        """, workdir=str(workdir), level=level, memory="96M", memory_early_stop=False)
    assert r.status == "oom" and r.oom_killed, r
    assert r.signal == signal.SIGKILL


@pytest.mark.parametrize("level", LEVELS)
def test_file_size_limit(level, workdir):
    r = sh("head -c 3000000 /dev/zero > big; echo status $?", workdir=str(workdir), level=level,
           file_size_bytes=1024 * 1024)
    assert b"status 153" in r.stdout   # SIGXFSZ
    assert (workdir / "big").stat().st_size == 1024 * 1024


@pytest.mark.parametrize("level", LEVELS)
def test_open_files_limit(level, workdir):
    r = py("""
        import os
        fds = []
        try:
            for _ in range(200):
                fds.append(os.open("/dev/null", os.O_RDONLY))
        except OSError as e:
            print("emfile", len(fds), e.errno)
        """, workdir=str(workdir), level=level, open_files=32)
    words = r.stdout.split()
    assert words[0] == b"emfile" and int(words[1]) < 32 and words[2] == b"24"


@pytest.mark.parametrize("level", LEVELS)
def test_timeout_kills_the_whole_tree(level, workdir):
    t = time.monotonic()
    r = sh("sleep 100 & sleep 100 & (sleep 100; echo never) & wait", workdir=str(workdir), level=level, timeout=1)
    assert r.status == "timeout" and r.timed_out and r.signal == signal.SIGKILL
    assert time.monotonic() - t < 10
    assert b"never" not in r.stdout
    assert not run_cgroups()


@pytest.mark.parametrize("level", LEVELS)
def test_stopped_grandchild_holding_the_pipes_does_not_hang(level, workdir):
    t = time.monotonic()
    r = sh("sleep 100 & kill -STOP $!; echo main-done", workdir=str(workdir), level=level, timeout=60)
    assert r.stdout == b"main-done\n"
    assert r.exit_code == 0 and not r.timed_out
    assert time.monotonic() - t < 10
    assert not run_cgroups()


@pytest.mark.parametrize("level", LEVELS)
def test_stopped_grandchild_at_timeout(level, workdir):
    r = sh("sleep 100 & kill -STOP $!; sleep 100", workdir=str(workdir), level=level, timeout=1)
    assert r.status == "timeout"
    assert not run_cgroups()


def test_teardown_leaves_no_mounts_cgroups_or_processes(workdir):
    before = host_mounts()
    for cmd in ("true", "exit 3", "kill -9 $$", "sleep 100 & sleep 100 & disown; exit 0"):
        sh(cmd, workdir=str(workdir), timeout=5)
    sh("sleep 100", workdir=str(workdir), timeout=0.5)
    assert host_mounts() == before
    assert not run_cgroups()
    assert os.listdir(workdir) == []


def test_cgroup_limits_are_written():
    cg = cgroups.Cgroup.create(64 * 1024 * 1024, 17, 0.5)
    try:
        if cg.version == 1:
            assert open(f"{cg.dirs['memory']}/memory.limit_in_bytes").read().strip() == str(64 * 1024 * 1024)
            assert open(f"{cg.dirs['pids']}/pids.max").read().strip() == "17"
            assert open(f"{cg.dirs['cpu']}/cpu.cfs_quota_us").read().strip() == "50000"
        else:
            assert open(f"{cg.dirs['unified']}/cpu.max").read().split() == ["50000", "100000"]
    finally:
        cg.remove()
    assert not cg.dirs


def test_sandbox_dies_with_its_supervisor(workdir):
    """A caller killed mid-run takes its sandbox with it; its empty cgroups are swept by
    the next caller."""
    import subprocess
    import sys

    code = ("from agent_immune.sandbox import run_sandboxed\n"
            f"run_sandboxed(['/bin/sh', '-c', 'echo started; exec sleep 300'], workdir={str(workdir)!r},"
            " stdout_sink=lambda b: print(b.decode(), end='', flush=True))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline() == b"started\n"
    groups = [d for d in os.listdir("/sys/fs/cgroup/memory/agent-immune") if d.startswith(f"run-{proc.pid}-")] \
        if os.path.isdir("/sys/fs/cgroup/memory/agent-immune") else []
    assert groups or not os.path.isdir("/sys/fs/cgroup/memory")
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if not any(os.path.exists(f"/sys/fs/cgroup/pids/agent-immune/{g}/cgroup.procs") and
                   open(f"/sys/fs/cgroup/pids/agent-immune/{g}/cgroup.procs").read().strip() for g in groups):
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the sandbox outlived its supervisor")
    cgroups.sweep_stale()
    assert not [g for g in groups if os.path.exists(f"/sys/fs/cgroup/memory/agent-immune/{g}")]


def test_cgroup_limits_rewritten_only_when_they_change():
    # A standby's group is made with the default limits; a run with the same limits skips
    # the writes, any other run must find its own values in the files.
    cg = cgroups.Cgroup.create(64 << 20, 32, 1.0)
    try:
        mem = cg.dirs.get("memory") or cg.dirs["unified"]
        name = "memory.limit_in_bytes" if cg.version == 1 else "memory.max"
        cg.set_limits(64 << 20, 32, 1.0)
        assert int(open(f"{mem}/{name}").read()) == 64 << 20
        cg.set_limits(48 << 20, 20, 0.5)
        assert int(open(f"{mem}/{name}").read()) == 48 << 20
        pids = cg.dirs.get("pids") or cg.dirs["unified"]
        assert open(f"{pids}/pids.max").read().strip() == "20"
        cg.set_limits(64 << 20, 32, 1.0)   # back: written again, not skipped
        assert int(open(f"{mem}/{name}").read()) == 64 << 20
        assert open(f"{pids}/pids.max").read().strip() == "32"
    finally:
        cg.remove()
