"""A standby init: the next seccomp-level run's pid 1, forked and admitted to a cgroup
ahead of time, while the current run goes on.

Moving a process into a cgroup v1 hierarchy waits for an RCU grace period (5-20 ms on
the machines here), more than the whole rest of a launch. A process that has already
run the sandbox twice is likely to run it again, so from its second run on the library
forks the next init as a run starts: it joins a fresh cgroup from a background thread, keeps
only its control socket, and waits. The next run rewrites the cgroup's limits, sends its
LaunchSpec and descriptors, and goes on as a normal launch. Anything unexpected (the
standby died, its admission failed, the caller forked) falls back to a cold launch.

The standby is a fork of the caller, so it shares the caller's memory copy-on-write
until it is used. AGENT_IMMUNE_SANDBOX_STANDBY=0 turns it off.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import pickle
import select
import signal
import socket
import threading
from dataclasses import dataclass, field

from . import cgroups, launcher, namespaces

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)
_lock = threading.Lock()
_current: "Standby | None" = None
_runs = 0


def enabled() -> bool:
    return os.environ.get("AGENT_IMMUNE_SANDBOX_STANDBY", "1") != "0"


@dataclass
class Standby:
    pid: int
    pidfd: int
    ctl: socket.socket
    cg: cgroups.Cgroup
    creator: int
    admitted: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None

    def _admit(self) -> None:
        try:
            self.cg.add(self.pid)
        except BaseException as exc:  # noqa: BLE001 - reported to take()
            self.error = exc
        finally:
            self.admitted.set()

    def alive(self) -> bool:
        return not select.select([self.pidfd], [], [], 0)[0]

    def launch(self, spec: launcher.LaunchSpec, fds: launcher.Fds) -> None:
        socket.send_fds(self.ctl, [pickle.dumps(spec)], [fds.stdin, fds.stdout, fds.stderr, fds.ctl, fds.status])
        self.ctl.close()
        os.close(self.pidfd)

    def discard(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        self.ctl.close()
        os.close(self.pidfd)
        self.admitted.wait()
        self.cg.remove()


def ran() -> None:
    """Called as each seccomp-level run starts: from the second on, prepare the next init
    so that its admission overlaps this run."""
    global _runs
    _runs += 1
    if _runs >= 2 and enabled():
        try:
            prepare()
        except OSError:
            pass  # no standby: the next run launches cold


def prepare() -> None:
    global _current
    with _lock:
        if _current is not None and _current.creator == os.getpid():
            return
        cg = cgroups.Cgroup.create(512 * 1024 * 1024, 256, 1.0, kind="standby")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            pid = namespaces.fork_into_new_pid_namespace()
        except OSError:
            ours.close()
            theirs.close()
            cg.remove()
            raise
        if pid == 0:
            _main(theirs.fileno())
        theirs.close()
        sb = Standby(pid, os.pidfd_open(pid), ours, cg, os.getpid())
        threading.Thread(target=sb._admit, name="agent-immune-standby", daemon=True).start()
        _current = sb


def take() -> Standby | None:
    """The prepared init if it is usable (waiting for its admission if need be)."""
    global _current
    with _lock:
        sb, _current = _current, None
    if sb is None or sb.creator != os.getpid():
        return None    # none, or inherited by a fork of the caller: not our child
    sb.admitted.wait()
    if sb.error is not None or not sb.alive():
        sb.discard()
        return None
    return sb


@atexit.register
def _shutdown() -> None:
    global _current
    with _lock:
        sb, _current = _current, None
    if sb is not None and sb.creator == os.getpid():
        sb.discard()


def _main(ctl: int) -> None:
    """In the standby: hold nothing of the caller's, wait for a LaunchSpec, then be the init."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for i in range(3):   # the caller's stdio stays with the caller
            os.dup2(null, i)
        os.closerange(3, ctl)
        os.closerange(ctl + 1, 1 << 16)
        # Dies with the thread that forked it; if the caller is already gone, the read
        # below sees the end of the control socket and the standby exits.
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        sock = socket.socket(fileno=ctl)
        msg, fds, _, _ = socket.recv_fds(sock, 1 << 20, 5)
        sock.close()
        if len(fds) != 5:
            os._exit(0)
        spec = pickle.loads(msg)
        launcher.init_main(spec, launcher.Fds(*fds), go=None, new_session=False)
    except BaseException:  # noqa: BLE001 - nothing to report to: the supervisor sees EOF
        os._exit(127)
    os._exit(0)
