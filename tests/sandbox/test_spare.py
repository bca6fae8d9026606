"""The level-none spare: a child admitted to its cgroup before its run (spare.py), used
by the next level-none run with that run's limits, and gone when unused."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from agent_immune.sandbox import cgroups, spare

from .conftest import ROOT_ONLY, py

pytestmark = ROOT_ONLY

CLI = os.path.join(os.path.dirname(sys.executable), "agent-immune")


def our_cgroups(pid: int) -> list[str]:
    base = f"{cgroups.ROOT}/pids/{cgroups.PARENT}"
    if not os.path.isdir(base):
        base = f"{cgroups.ROOT}/{cgroups.PARENT}"
    return [d for d in os.listdir(base) if d.startswith(f"run-{pid}-")] if os.path.isdir(base) else []


CHECK = """
import os, resource
cg = {line.split(':')[1]: line.split(':')[2] for line in open('/proc/self/cgroup').read().splitlines()}
print(cg.get('pids') or cg.get(''))
print(open('/sys/fs/cgroup/pids' + cg['pids'] + '/pids.max').read().strip() if 'pids' in cg else '')
print(os.getsid(0) == os.getpid(), resource.getrlimit(resource.RLIMIT_NOFILE)[0], os.getcwd())
"""


def test_prepared_spare_runs_the_command_with_the_runs_limits(workdir):
    spare.prepare()
    sp = spare._spare
    assert sp is not None and len(our_cgroups(os.getpid())) == 1
    r = py(CHECK, level="none", workdir=str(workdir), pids=33, open_files=200)
    assert r.status == "ok", r
    group, pids_max, rest = r.stdout.decode().splitlines()
    assert group.startswith(f"/{cgroups.PARENT}/run-{os.getpid()}-")   # in its own group from the start
    assert pids_max == "33"
    assert rest == f"True 200 {workdir}"    # own session, the run's rlimits and workdir
    assert spare._spare is None and not os.path.exists(f"/proc/{sp.pid}")
    assert our_cgroups(os.getpid()) == []   # removed with the run


def test_spare_that_died_falls_back_to_a_fresh_child(workdir):
    spare.prepare()
    sp = spare._spare
    deadline = time.monotonic() + 5
    while f"/run-{os.getpid()}-" not in open(f"/proc/{sp.pid}/cgroup").read():   # admitted
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(sp.pid, signal.SIGKILL)
    os.waitpid(sp.pid, 0)
    r = py("print('alive')", level="none", workdir=str(workdir))
    assert r.status == "ok" and r.stdout == b"alive\n"
    assert spare._spare is None and our_cgroups(os.getpid()) == []


def test_unused_spare_is_removed(workdir):
    spare.prepare()
    sp = spare._spare
    spare.discard()
    assert spare._spare is None
    assert not os.path.exists(f"/proc/{sp.pid}")
    assert our_cgroups(os.getpid()) == []


def test_disabled_by_environment(monkeypatch):
    monkeypatch.setenv("AGENT_IMMUNE_SANDBOX_STANDBY", "0")
    spare.prepare()
    assert spare._spare is None


def test_cli_leaves_nothing_behind_after_a_usage_error(workdir):
    # The CLI prepares the spare before it parses the size: the error must not leak it.
    before = set(os.listdir(f"{cgroups.ROOT}/pids/{cgroups.PARENT}")) if os.path.isdir(
        f"{cgroups.ROOT}/pids/{cgroups.PARENT}") else set()
    p = subprocess.run([CLI, "sandbox", "--level", "none", "--memory", "1x", "--", "/bin/true"],
                       capture_output=True, timeout=30)
    assert p.returncode == 2 and b"invalid size" in p.stderr
    p = subprocess.run([CLI, "sandbox", "--level", "none", "--workdir", str(workdir), "--", "/bin/sh", "-c",
                        "cat /proc/self/cgroup"], capture_output=True, timeout=30)
    assert p.returncode == 0 and f":pids:/{cgroups.PARENT}/run-".encode() in p.stdout
    after = set(os.listdir(f"{cgroups.ROOT}/pids/{cgroups.PARENT}")) if os.path.isdir(
        f"{cgroups.ROOT}/pids/{cgroups.PARENT}") else set()
    assert not {d for d in after - before if d.startswith("run-")}


def test_cli_prepares_the_standby_init_at_the_seccomp_level(workdir):
    # The CLI asks for the standby at start-up, so even its single run is a standby launch,
    # with the run's own limits and nothing left behind.
    p = subprocess.run([CLI, "sandbox", "--format", "json", "--level", "seccomp", "--memory", "96M",
                        "--workdir", str(workdir), "--", "/bin/sh", "-c", "echo hi"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["status"] == "ok" and out["stdout"] == "hi\n"
    assert out["policy"]["launch"] == "standby" and out["policy"]["memory_bytes"] == 96 << 20
    p = subprocess.run([CLI, "sandbox", "--format", "json", "--level", "seccomp", "--workdir", str(workdir), "--",
                        "/bin/true"], capture_output=True, timeout=60,
                       env=dict(os.environ, AGENT_IMMUNE_SANDBOX_STANDBY="0"))
    assert p.returncode == 0 and json.loads(p.stdout)["policy"]["launch"] == "cold"
    base = f"{cgroups.ROOT}/memory/{cgroups.PARENT}"
    if os.path.isdir(base):
        assert not [d for d in os.listdir(base) if d.startswith(("run-", "standby-")) and not os.path.exists(
            f"/proc/{d.split('-')[1]}")]
