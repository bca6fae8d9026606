"""The standby init: prepared after each seccomp run (or on request), used by the next
one, never a change in isolation, and gone when it cannot be used or the caller exits."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time

from agent_immune.sandbox import cgroups, prepare_sandbox, standby

from .conftest import ROOT_ONLY, accepted, py, run, sh

pytestmark = ROOT_ONLY


def standby_cgroups() -> list[str]:
    base = f"{cgroups.ROOT}/memory/{cgroups.PARENT}"
    if not os.path.isdir(base):
        base = f"{cgroups.ROOT}/{cgroups.PARENT}"
    return [d for d in os.listdir(base) if d.startswith(f"standby-{os.getpid()}-")] if os.path.isdir(base) else []


def test_third_run_uses_the_standby_and_is_as_contained(home, workdir, tcp_listener):
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    assert len(standby_cgroups()) == 1
    key = (home / ".ssh" / "id_ed25519").read_text().strip()
    port = tcp_listener.getsockname()[1]
    r = sh(f"cat ~/.ssh/id_ed25519; echo x > /etc/standby-escape; exec {os.path.realpath(__import__('sys').executable)} -c "
           f"\"import socket; socket.create_connection(('127.0.0.1', {port}))\"", workdir=str(workdir), memory="96M",
           pids=40)
    assert r.policy["launch"] == "standby"
    assert key.encode() not in r.stdout and not os.path.exists("/etc/standby-escape")
    assert r.status == "violation" and r.signal == signal.SIGSYS and not accepted(tcp_listener)
    # the limits of this run, not the standby's defaults
    standby._inflight.wait(5)
    r = py("print(open('/proc/self/status').read().count('Seccomp:\\t2'))", workdir=str(workdir), memory="80M")
    assert r.policy["launch"] == "standby" and r.stdout == b"1\n"
    standby._inflight.wait(5)
    r = py("x = b'\\x01' * (200 * 1024 * 1024)", workdir=str(workdir), memory="64M", memory_early_stop=False)
    assert r.policy["launch"] == "standby" and r.oom_killed


def test_a_first_run_after_prepare_sandbox_uses_a_standby(home, workdir):
    standby._shutdown()   # no standby, no zygote
    assert standby._current is None and standby._zygote is None
    assert prepare_sandbox(wait=True) is True
    assert len(standby_cgroups()) == 1
    assert not standby._current.child    # waiting, it came from the zygote, not a fork of ours
    key = (home / ".ssh" / "id_ed25519").read_text().strip()
    r = sh("cat ~/.ssh/id_ed25519; echo x > /etc/prepared-escape; echo done", workdir=str(workdir))
    assert r.policy["launch"] == "standby" and r.stdout.endswith(b"done\n")
    assert key.encode() not in r.stdout and not os.path.exists("/etc/prepared-escape")
    # and the run itself leaves the next one ready: the second run is not cold either
    assert standby.ready(5)
    assert run(["/bin/true"], workdir=str(workdir)).policy["launch"] == "standby"


def test_prepare_sandbox_is_off_when_standby_is_disabled(monkeypatch):
    monkeypatch.setenv("AGENT_IMMUNE_SANDBOX_STANDBY", "0")
    standby._shutdown()
    assert prepare_sandbox(wait=True) is False and standby._current is None


def test_a_dead_standby_falls_back_to_a_cold_launch(workdir):
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    sb = standby._current
    assert sb is not None
    sb.admitted.wait()
    os.kill(sb.pid, signal.SIGKILL)
    select.select([sb.pidfd], [], [], 5)   # dead (not yet reaped)
    r = sh("echo alive", workdir=str(workdir))
    assert r.stdout == b"alive\n" and r.policy["launch"] == "cold"


def test_disabled_by_environment(monkeypatch, workdir):
    monkeypatch.setenv("AGENT_IMMUNE_SANDBOX_STANDBY", "0")
    standby._shutdown()
    for _ in range(3):
        r = run(["/bin/true"], workdir=str(workdir))
        assert r.policy["launch"] == "cold"
    assert standby._current is None and not standby_cgroups()


def test_shutdown_removes_process_and_cgroup(workdir):
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    sb = standby._current
    assert sb is not None and standby_cgroups()
    standby._shutdown()
    assert not standby_cgroups()
    assert _gone(sb.pid)


def _gone(pid: int, within: float = 10.0) -> bool:
    """Whether process `pid` is gone. A standby forked by the zygote is killed and has exited
    when shutdown returns, but it is reaped by whoever inherits it when the zygote closes, a
    moment later on a loaded machine (CI once saw /proc/PID of the zombie)."""
    deadline = time.monotonic() + within
    while os.path.exists(f"/proc/{pid}"):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_forked_caller_does_not_take_its_parents_standby(workdir):
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(w, b"none" if standby.take() is None else b"took")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(r, 10) == b"none"
    os.close(r)
    os.close(w)
    assert standby._current is not None   # still the parent's


def test_standby_network_namespace_follows_the_policy(workdir, tcp_listener):
    """The standby makes its own network namespace while idle; a run that allows the
    network goes back to the host's."""
    port = tcp_listener.getsockname()[1]
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    r = py("print(sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))",
           workdir=str(workdir))
    assert r.policy["launch"] == "standby" and r.stdout == b"['lo']\n"
    standby._inflight.wait(5)
    r = py(f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=2).close()",
           workdir=str(workdir), allow_net=True)
    assert r.policy["launch"] == "standby" and r.status == "ok", r
    assert accepted(tcp_listener)


def test_a_mount_made_after_the_standby_is_seen(workdir):
    """The standby builds its mounts from the mount table of its preparation time: a
    workdir on a disk mounted since then must be the mounted one, not the directory
    under it, so that standby is not used."""
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    standby._inflight.wait(5)
    assert standby._current is not None
    disk = workdir / "disk"
    disk.mkdir()
    (disk / "under").write_text("hidden by the mount\n")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "agent-immune-test", str(disk)], check=True)
    try:
        (disk / "mounted").write_text("on the new disk\n")
        r = sh("cat mounted; ls", workdir=str(disk))
        assert r.stdout == b"on the new disk\nmounted\n", r
        assert r.policy["launch"] == "cold"
        standby._inflight.wait(5)
        r = sh("cat mounted", workdir=str(disk))   # the next standby has it
        assert r.stdout == b"on the new disk\n" and r.policy["launch"] == "standby", r
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_caller_forked_while_the_worker_holds_the_lock_can_run_and_prepare(workdir):
    """os.fork copies a lock held by another thread (the worker holds standby._lock for a
    moment on every preparation) as held forever: the child must still run, and, no
    longer holding its parent's standby, prepare its own."""
    for _ in range(2):
        run(["/bin/true"], workdir=str(workdir))
    assert standby.ready(5)
    import threading

    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with standby._lock:
            held.set()
            release.wait()

    t = threading.Thread(target=hold)
    t.start()
    held.wait()
    r, w = os.pipe()
    try:
        pid = os.fork()
        if pid == 0:
            try:
                signal.alarm(20)   # a deadlock ends the child, not the suite
                launches = []
                for _ in range(3):
                    res = sh("echo child", workdir=str(workdir))
                    launches.append(res.policy["launch"] if res.stdout == b"child\n" else "failed")
                    standby.ready(5)
                standby._shutdown()
                os.write(w, " ".join(launches).encode())
            finally:
                os._exit(0)
    finally:
        release.set()
        t.join()
    os.close(w)
    _, status = os.waitpid(pid, 0)
    assert os.read(r, 100).decode().split() == ["cold", "standby", "standby"] and status == 0
    os.close(r)
    assert standby._current is not None and run(["/bin/true"], workdir=str(workdir)).policy["launch"] == "standby"


def test_a_run_from_a_later_exit_handler_leaves_no_standby_behind(workdir):
    """The standby module's exit handler runs before those registered earlier (before the
    caller's first run imported it): a run from one of those must not prepare a new
    standby, whose cgroup nobody would remove any more."""
    script = textwrap.dedent(f"""
        import atexit, os, sys
        sys.path.insert(0, {os.path.dirname(os.path.dirname(os.path.dirname(standby.__file__)))!r})
        from agent_immune.sandbox import run_sandboxed
        def last_words():
            print(run_sandboxed(["/bin/sh", "-c", "echo bye"], workdir={str(workdir)!r}).stdout == b"bye\\n")
            from agent_immune.sandbox import standby
            standby.ready(5)   # a preparation this run started, if any, is done before the exit
        atexit.register(last_words)
        for _ in range(3):
            run_sandboxed(["/bin/true"], workdir={str(workdir)!r})
        print(os.getpid())
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    pid, said = proc.stdout.split()
    v2 = os.path.exists(f"{cgroups.ROOT}/cgroup.controllers")
    bases = {"unified": f"{cgroups.ROOT}/{cgroups.PARENT}"} if v2 else \
        {c: f"{cgroups.ROOT}/{c}/{cgroups.PARENT}" for c in ("memory", "pids", "cpu")}
    left: dict[str, dict[str, str]] = {}
    for controller, base in bases.items():
        for d in os.listdir(base) if os.path.isdir(base) else ():
            if d.startswith(f"standby-{pid}-"):
                left.setdefault(d, {})[controller] = os.path.join(base, d)
    for dirs in left.values():   # removed (its members killed) whatever the outcome
        cgroups.Cgroup(2 if v2 else 1, dirs).remove()
    assert proc.returncode == 0 and said == "True", proc.stderr
    assert not left
