"""Shared helpers for the sandbox tests: they run for real, as root (namespaces, cgroups).

Host-side directories live under /var/tmp because the sandbox replaces /tmp with a
private tmpfs: a planted file there would be hidden for the wrong reason.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
import uuid
from pathlib import Path

import pytest

from agent_immune.sandbox import run_sandboxed

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="the sandbox launcher needs root")
PY = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else shutil.which("python3")


def run(argv, **settings):
    settings.setdefault("timeout", 20)
    return run_sandboxed(argv, **settings)


def sh(cmd: str, **settings):
    return run(["/bin/sh", "-c", cmd], **settings)


def py(code: str, **settings):
    return run([PY, "-c", textwrap.dedent(code)], **settings)


@pytest.fixture
def host_dir():
    path = Path(tempfile.mkdtemp(prefix="ai-sbx-test-", dir="/var/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def workdir(host_dir):
    wd = host_dir / "work"
    wd.mkdir()
    return wd


@pytest.fixture
def home(host_dir, monkeypatch):
    """A temporary HOME with planted secrets; removed with host_dir."""
    h = host_dir / "home"
    (h / ".ssh").mkdir(parents=True)
    (h / ".ssh" / "id_ed25519").write_text("PLANTED-SSH-KEY-" + uuid.uuid4().hex + "\n")
    (h / ".ssh" / "id_ed25519").chmod(0o600)
    (h / ".aws").mkdir()
    (h / ".aws" / "credentials").write_text("[default]\naws_secret_access_key=PLANTED-AWS\n")
    (h / ".netrc").write_text("machine example login x password PLANTED-NETRC\n")
    (h / ".bashrc").write_text("# original bashrc\n")
    monkeypatch.setenv("HOME", str(h))
    return h


@pytest.fixture
def tcp_listener():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.setblocking(False)
    yield srv
    srv.close()


def accepted(srv: socket.socket) -> bool:
    try:
        conn, _ = srv.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


@pytest.fixture
def host_process():
    """A host process with a secret in its environment, to signal, trace and read."""
    marker = "HOSTSECRET" + uuid.uuid4().hex
    proc = subprocess.Popen(["sleep", "60"], env={"PATH": os.environ["PATH"], "MARKER_VALUE": marker})
    yield proc, marker
    proc.kill()
    proc.wait()


def host_mounts() -> list[str]:
    with open("/proc/self/mountinfo") as f:
        return f.read().splitlines()


def run_cgroups() -> set[str]:
    """This process's sandbox cgroups still present, the idle standby's excepted."""
    from agent_immune.sandbox import standby

    if standby._inflight is not None:
        standby._inflight.wait(5)   # a standby being prepared has its cgroup already
    idle = standby._current
    keep = {os.path.basename(d) for d in idle.cg.dirs.values()} if idle is not None else set()
    mine = (f"run-{os.getpid()}-", f"standby-{os.getpid()}-")
    out = set()
    for ctl in ("memory", "pids", "cpu"):
        base = f"/sys/fs/cgroup/{ctl}/agent-immune"
        if os.path.isdir(base):
            out |= {f"{ctl}/{d}" for d in os.listdir(base) if d.startswith(mine) and d not in keep}
    base = "/sys/fs/cgroup/agent-immune"
    if os.path.exists("/sys/fs/cgroup/cgroup.controllers") and os.path.isdir(base):
        out |= {d for d in os.listdir(base) if d.startswith(mine) and d not in keep}
    return out
