"""The zygote: after a process's first runs, standby inits are forked by a small helper
process, not by the caller: the same isolation, an init that is not a copy of the
caller, and nothing left behind when the caller goes, even abruptly."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from agent_immune.sandbox import cgroups, standby

from .conftest import ROOT_ONLY, accepted, py, run, sh

pytestmark = ROOT_ONLY
SRC = os.path.dirname(os.path.dirname(os.path.dirname(standby.__file__)))


@pytest.fixture(autouse=True)
def zygote_allowed():
    standby._zygote_failed = False
    yield
    standby._zygote_failed = False


def zygote_standby(workdir) -> standby.Standby:
    """Run until the standby in hand comes from the zygote (it starts in the background)."""
    for _ in range(100):
        run(["/bin/true"], workdir=str(workdir))
        assert standby.ready(5)
        sb = standby._current
        if sb is not None and not sb.child:
            return sb
        time.sleep(0.05)
    pytest.fail("no standby came from the zygote")


def until_zygote(workdir) -> str:
    """Code for a script of its own: run until the standby in hand comes from the zygote."""
    return (f"for _ in range(100):\n"
            f"    run_sandboxed(['/bin/true'], workdir={str(workdir)!r})\n"
            f"    standby.ready(5)\n"
            f"    if standby._current is not None and not standby._current.child:\n"
            f"        break\n"
            f"    time.sleep(0.05)\n").replace("\n", "\n        ")


def status_field(pid: int, name: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {name} for {pid}")


def test_the_zygotes_init_is_not_a_copy_of_the_caller_and_is_as_contained(home, workdir, tcp_listener):
    ballast = bytearray(os.urandom(1 << 20)) * 128   # 128 MiB the caller holds
    sb = zygote_standby(workdir)
    assert status_field(sb.pid, "PPid") == standby._zygote.pid
    # a fork of this process would map (and count) the ballast too
    assert status_field(sb.pid, "VmRSS") < status_field(os.getpid(), "VmRSS") // 4
    del ballast
    key = (home / ".ssh" / "id_ed25519").read_text().strip()
    port = tcp_listener.getsockname()[1]
    r = sh(f"cat ~/.ssh/id_ed25519; echo x > /etc/zygote-escape; exec {os.path.realpath(sys.executable)} -c "
           f"\"import socket; socket.create_connection(('127.0.0.1', {port}))\"", workdir=str(workdir), memory="96M")
    assert r.policy["launch"] == "standby"
    assert key.encode() not in r.stdout and not os.path.exists("/etc/zygote-escape")
    assert r.status == "violation" and r.signal == signal.SIGSYS and not accepted(tcp_listener)
    assert r.violations and r.violations[0].syscall == "connect"
    # limits and the OOM audit still come from the run's own cgroup
    assert standby.ready(5)
    r = py("x = b'\\x01' * (200 * 1024 * 1024)", workdir=str(workdir), memory="64M", memory_early_stop=False)
    assert r.policy["launch"] == "standby" and r.oom_killed


def test_a_command_that_exits_at_once_is_reported(workdir):
    """The zygote reaps its inits as soon as they exit, so the caller must hold a pidfd
    from before the launch (a pid alone could already be gone, or reused)."""
    zygote_standby(workdir)
    for code in range(5):
        assert standby.ready(5)
        r = run(["/bin/sh", "-c", f"exit {code}"], workdir=str(workdir))
        assert r.policy["launch"] == "standby" and r.exit_code == code


def test_a_dead_zygote_falls_back_to_forked_standbys(workdir):
    sb = zygote_standby(workdir)
    zyg = standby._zygote
    os.kill(zyg.pid, signal.SIGKILL)
    select.select([sb.pidfd], [], [], 5)    # its idle init dies with it
    r = sh("echo after", workdir=str(workdir))
    assert r.stdout == b"after\n" and r.policy["launch"] == "cold"
    for _ in range(3):
        assert standby.ready(5)
        r = sh("echo again", workdir=str(workdir))
        assert r.stdout == b"again\n" and r.policy["launch"] == "standby"
    assert standby.ready(5) and standby._zygote is None and standby._current.child
    assert not os.path.exists(f"/proc/{zyg.pid}")   # collected, not a zombie


def test_zygote_and_its_init_die_with_an_abruptly_ended_caller(workdir):
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {SRC!r})
        from agent_immune.sandbox import run_sandboxed, standby
        {until_zygote(workdir)}
        print(standby._zygote.pid, standby._current.pid, flush=True)
        os._exit(0)    # no atexit handlers: only the kernel cleans up
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    zygote, init = (int(x) for x in out.split())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and (os.path.exists(f"/proc/{zygote}") or os.path.exists(f"/proc/{init}")):
        time.sleep(0.02)
    assert not os.path.exists(f"/proc/{zygote}") and not os.path.exists(f"/proc/{init}")
    # The standby's cgroup is the one thing only a live caller removes (as with a forked
    # standby): remove this one.
    for controller in ("memory", "pids", "cpu"):
        base = f"{cgroups.ROOT}/{controller}/{cgroups.PARENT}"
        for d in os.listdir(base) if os.path.isdir(base) else ():
            if d.startswith(f"standby-{proc.pid}-"):
                os.rmdir(os.path.join(base, d))


def test_the_command_gets_the_callers_umask_of_the_run_not_of_the_standby(workdir):
    zygote_standby(workdir)       # started (and the zygote spawned) under the old umask
    old = os.umask(0o027)
    try:
        r = sh("umask; touch made", workdir=str(workdir))
        assert r.policy["launch"] == "standby" and r.stdout == b"0027\n"
        assert (os.stat(workdir / "made").st_mode & 0o777) == 0o640
    finally:
        os.umask(old)


def test_no_zygote_where_the_executable_is_not_an_interpreter(monkeypatch):
    from agent_immune.sandbox.zygote import Zygote

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert Zygote.spawn() is None
    monkeypatch.setattr(sys, "frozen", False)
    monkeypatch.setattr(sys, "executable", "")
    assert Zygote.spawn() is None


def test_a_zygote_started_while_the_caller_ignores_sigchld_keeps_serving(workdir):
    """The zygote inherits the caller's ignored signals over exec; with SIGCHLD ignored its
    wait for an init that exited would fail, and the zygote, with the inits it holds, die."""
    standby._shutdown()
    old = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        sb = zygote_standby(workdir)
        zyg = standby._zygote
        for code in range(3):
            assert standby.ready(5)
            r = run(["/bin/sh", "-c", f"exit {code}"], workdir=str(workdir))
            assert r.policy["launch"] == "standby" and r.exit_code == code, r
        assert standby.ready(5) and standby._zygote is zyg and not standby._current.child
        assert sb.pid != standby._current.pid and os.path.exists(f"/proc/{zyg.pid}")
    finally:
        signal.signal(signal.SIGCHLD, old)
        standby._shutdown()   # no zygote that was started with SIGCHLD ignored for the next tests


def test_the_zygote_does_not_keep_the_callers_directory_busy(host_dir, workdir, monkeypatch):
    """Started from the caller's working directory, the zygote must not stay there: the
    caller could no longer unmount the disk it was working on."""
    disk = host_dir / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "agent-immune-test", str(disk)], check=True)
    try:
        standby._shutdown()
        monkeypatch.chdir(disk)
        sb = zygote_standby(workdir)
        monkeypatch.chdir("/")
        assert os.path.exists(f"/proc/{standby._zygote.pid}") and sb is standby._current
    finally:
        unmounted = subprocess.run(["umount", str(disk)], capture_output=True, text=True)
        if unmounted.returncode:
            standby._shutdown()
            subprocess.run(["umount", str(disk)], check=True)
    assert unmounted.returncode == 0, unmounted.stderr


def test_a_ctrl_c_at_the_callers_terminal_does_not_stop_the_zygote(workdir):
    """The terminal signals the whole foreground process group; a caller that handles
    Ctrl-C goes on, and so must its zygote (and the inits it holds)."""
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        sys.path.insert(0, {SRC!r})
        from agent_immune.sandbox import run_sandboxed, standby
        signal.signal(signal.SIGINT, lambda *_: None)    # an agent that cancels, not exits
        {until_zygote(workdir)}
        zygote = standby._zygote.pid
        os.killpg(0, signal.SIGINT)     # what the terminal does on Ctrl-C
        time.sleep(0.3)
        r = run_sandboxed(["/bin/sh", "-c", "echo after"], workdir={str(workdir)!r})
        standby.ready(5)
        print(r.stdout == b"after\\n", r.policy["launch"], standby._zygote is not None
              and standby._zygote.pid == zygote and not standby._current.child, flush=True)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          start_new_session=True)   # its own process group, not pytest's
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["True", "standby", "True"]


def test_a_zygote_that_cannot_fork_for_a_moment_keeps_the_runs_of_its_inits(workdir):
    """A fork that fails in the zygote (its pids limit reached, say, with many runs at
    once) is that standby's loss, not a reason to stop the zygote: every init it holds,
    the running ones included, would die with it."""
    from concurrent.futures import ThreadPoolExecutor

    zygote_standby(workdir)
    zyg = standby._zygote
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(sh, "sleep 0.5; echo done", workdir=str(workdir))
        while standby._current is not None:   # taken by that run
            time.sleep(0.01)
        full = cgroups.Cgroup.create(64 * 1024 * 1024, 1, 1.0)   # room for the zygote alone
        try:
            full.add(zyg.pid)
            standby.prepare_soon()
            assert standby.ready(5) and standby._current.child   # forked by us this time
            assert standby._zygote is zyg and os.path.exists(f"/proc/{zyg.pid}")
        finally:
            r = running.result()
            standby._shutdown()   # the zygote too: the group can go
            full.remove()
    assert r.policy["launch"] == "standby" and r.stdout == b"done\n" and r.exit_code == 0, r


def test_the_callers_other_children_get_no_descriptor_of_the_zygotes_init(workdir):
    """The init's control socket and pidfd reach the caller over SCM_RIGHTS: they must be
    close-on-exec like every descriptor Python opens, not passed to whatever the caller
    runs next (os.system, a subprocess with close_fds=False)."""
    sb = zygote_standby(workdir)
    seen = subprocess.run([sys.executable, "-c", "import os; print(*os.listdir('/proc/self/fd'))"],
                          close_fds=False, capture_output=True, text=True, check=True).stdout.split()
    assert str(sb.ctl.fileno()) not in seen and str(sb.pidfd) not in seen
