"""What the command inherits must not depend on how its launch started: each test runs
from a cold launch, a standby forked by the caller and a standby made by the zygote
(the escape suite's launch_path fixture, autouse here too)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from .conftest import ROOT_ONLY, py, sh
from .test_escapes import launch_path  # noqa: F401 - autouse: every test on all three paths

pytestmark = ROOT_ONLY


def test_the_command_holds_no_descriptor_but_its_stdio(workdir):
    """A standby receives the run's descriptors over its control socket, inheritable:
    copies of them must not reach the command beside its 0, 1 and 2."""
    for _ in range(2):   # the second from the standby the first left ready
        r = py("import os; print(sorted(int(f) for f in os.listdir('/proc/self/fd')))", workdir=str(workdir))
        assert r.stdout == b"[0, 1, 2, 3]\n", r   # 3: the listing's own directory


@pytest.fixture
def sigchld_ignored():
    """A caller (a server, say) that lets the kernel reap its children."""
    old = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    yield
    signal.signal(signal.SIGCHLD, old)


def test_a_caller_ignoring_sigchld_still_gets_the_exit_status(sigchld_ignored, workdir):
    """The init waits for the command (its status is the run's), and the command's own
    waits must work: neither may inherit the caller's SIG_IGN for SIGCHLD."""
    for code in (3, 4):
        r = sh(f"exit {code}", workdir=str(workdir))
        assert r.exit_code == code and r.signal is None, r
    r = sh("sleep 0.01 & wait $!; echo $?", workdir=str(workdir))
    assert r.stdout == b"0\n" and r.exit_code == 0, r


def test_the_callers_other_children_get_no_seccomp_listener(workdir):
    """The supervisor receives the run's seccomp listener over SCM_RIGHTS; whatever the
    caller runs meanwhile (os.system, close_fds=False) must not inherit it: it could
    answer the sandbox's refused syscalls."""
    seen = []

    def sink(chunk: bytes) -> None:
        listeners = [fd for fd in os.listdir("/proc/self/fd") if _link(f"/proc/self/fd/{fd}") == LISTENER]
        child = subprocess.run([sys.executable, "-c", "import os; print(*(os.readlink('/proc/self/fd/' + f) "
                                "for f in os.listdir('/proc/self/fd') if f != '3'), sep='\\n')"],
                               close_fds=False, capture_output=True, text=True, check=True).stdout.splitlines()
        seen.append((bool(listeners), LISTENER in child))

    r = sh("echo a; sleep 0.1; echo b", workdir=str(workdir), stdout_sink=sink)
    assert r.stdout == b"a\nb\n" and any(had for had, _ in seen), seen   # the caller did hold it
    assert not any(leaked for _, leaked in seen), seen


LISTENER = "anon_inode:seccomp notify"


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return ""
