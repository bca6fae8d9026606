"""A standby init: the next seccomp-level run's pid 1, forked and admitted to a cgroup
ahead of time, between runs.

Moving a process into a cgroup v1 hierarchy waits for an RCU grace period (5-20 ms on
the machines here), more than the whole rest of a launch, and the fork, namespaces and
mounts of a fresh init take as long again. A process that has run the sandbox once is
likely to run it again (an agent runs command after command), so after each run the
library prepares the next init from a worker thread (a caller that knows a run is
coming asks for one with sandbox.prepare_sandbox): the init joins a fresh cgroup, keeps
only its control socket, makes its namespaces and the mounts no run changes (mounts.build_common),
and waits. The next run rewrites the cgroup's limits, sends its LaunchSpec and
descriptors, and goes on as a normal launch. Anything unexpected (the standby died, its
admission failed, the caller forked, the caller's mount table changed since) falls back
to a cold launch.

The first standby is a fork of the caller (unless prepare_sandbox waits for the
zygote). From then on they come from the zygote (zygote.py), a small interpreter
started once in the background, so that neither the
fork, nor the init's exit, nor the caller's copy-on-write faults grow with the caller's
size. A one-shot caller (the CLI) forks its one standby and starts no zygote.
AGENT_IMMUNE_SANDBOX_STANDBY=0 turns all of it off.
"""
from __future__ import annotations

import atexit
import os
import pickle
import queue
import select
import signal
import socket
import threading
from dataclasses import dataclass, field

from . import caps, cgroups, launcher, mounts, namespaces
from .childproc import kill_and_reap, prefork_enabled
from .zygote import Zygote

_lock = threading.Lock()
_current: "Standby | None" = None
_inflight: threading.Event | None = None
_worker: threading.Thread | None = None
_worker_owner = 0
_requests: "queue.SimpleQueue[tuple[threading.Event, float]]" = queue.SimpleQueue()
_keep_ready = True      # prepare the next init after each run (off for one-shot callers)
_zygote: Zygote | None = None
_zygote_failed = False


def enabled() -> bool:
    return prefork_enabled()


@dataclass
class Standby:
    pid: int
    pidfd: int
    ctl: socket.socket
    cg: cgroups.Cgroup
    creator: int
    mounts: int     # the caller's mount table, opened before the fork (see mounts_changed)
    child: bool = True   # forked by the caller; False: by the zygote, which reaps it
    admitted: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None

    def _admit(self) -> None:
        """Move the init into its cgroup, then wait until it has made its namespaces and
        mounts (it says so on its control socket): a standby taken is ready to launch."""
        try:
            self.cg.add(self.pid)
            if not select.select([self.ctl], [], [], 5)[0] or self.ctl.recv(16) != b"R":
                raise OSError(0, "the standby init did not get ready")
        except BaseException as exc:  # noqa: BLE001 - reported to take()
            self.error = exc
        finally:
            self.admitted.set()

    def alive(self) -> bool:
        return not select.select([self.pidfd], [], [], 0)[0]

    def mounts_changed(self) -> bool:
        """The standby built its mounts from a copy of the caller's mount table: a mount
        or unmount since then (a workdir on a newly mounted disk) would not be in its
        view, so such a standby is not used. The kernel flags the change on this file."""
        return bool(select.select([], [], [self.mounts], 0)[2])

    def _close(self) -> None:
        self.ctl.close()
        if self.pidfd >= 0:
            os.close(self.pidfd)
        os.close(self.mounts)

    def launch(self, spec: launcher.LaunchSpec, fds: launcher.Fds) -> int:
        """Hand over the run; returns the init's pidfd, now the caller's to close."""
        socket.send_fds(self.ctl, [pickle.dumps(spec)], [fds.stdin, fds.stdout, fds.stderr, fds.ctl, fds.status])
        pidfd, self.pidfd = self.pidfd, -1
        self._close()
        return pidfd

    def discard(self) -> None:
        if self.child:
            kill_and_reap(self.pid)
        else:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass
            select.select([self.pidfd], [], [], 5)   # gone (its parent, the zygote, reaps it)
        self._close()
        self.admitted.wait()
        self.cg.remove()


def ran() -> None:
    """Called after each seccomp-level run: have the worker thread prepare the next init,
    so that its fork and admission overlap the caller's own work until the next run.
    (Kept from the first run on: one idle init, removed at exit, against a second
    launch that would otherwise cost about twice the first's.)"""
    if _keep_ready:
        prepare_soon()


def one_shot() -> None:
    """For a caller that runs one command (the CLI): no init prepared after the run, no
    zygote started."""
    global _keep_ready
    _keep_ready = False


def _await_preparation(timeout: float | None) -> None:
    """Wait for a preparation this process asked for (a forked child's copy of the
    parent's request is not its own)."""
    inflight = _inflight
    if inflight is not None and _worker_owner == os.getpid():
        inflight.wait(timeout)


def ready(timeout: float | None = None) -> bool:
    """Wait until a standby asked for is prepared (or its preparation failed); True when
    one is there for this process."""
    _await_preparation(timeout)
    with _lock:
        return _current is not None and _current.creator == os.getpid()


def prepare_soon(zygote_wait: float = 0.0) -> None:
    """Have the worker thread prepare an init now, for a caller that knows a run follows
    (the CLI, while it still reads its config): the fork and the cgroup admission overlap
    the caller's own start-up instead of the launch. With `zygote_wait`, a zygote not
    ready yet is waited for that long (seconds) rather than forking the caller."""
    global _inflight
    if not enabled():
        return
    with _lock:
        if _current is not None or (_inflight is not None and not _inflight.is_set()):
            return
        if _worker is None or not _worker.is_alive() or _worker_owner != os.getpid():
            _start_worker()
        _inflight = threading.Event()
        _requests.put((_inflight, zygote_wait))


def _start_worker() -> None:
    global _worker, _worker_owner, _requests
    _requests = queue.SimpleQueue()
    _worker_owner = os.getpid()
    # The standby dies with the thread that forked it (PR_SET_PDEATHSIG), so a worker
    # thread that lives as long as the process forks them.
    _worker = threading.Thread(target=_serve, args=(_requests,), name="agent-immune-standby", daemon=True)
    _worker.start()


def _serve(requests: "queue.SimpleQueue[tuple[threading.Event, float]]") -> None:
    while True:
        done, zygote_wait = requests.get()
        try:
            prepare(zygote_wait)
        except Exception:  # noqa: BLE001 - a daemon thread's traceback would land in the caller's stderr
            pass   # no standby: the next run launches cold
        finally:
            done.set()


def prepare(zygote_wait: float = 0.0) -> None:
    """Make the next init and admit it to a fresh cgroup (blocks for the admission).
    Runs in the worker thread: an init, and the zygote, die with the thread that made
    them (PR_SET_PDEATHSIG), so that thread lives as long as the process."""
    global _current
    with _lock:
        if _current is not None and _current.creator == os.getpid():
            return
    cg = cgroups.Cgroup.create(512 * 1024 * 1024, 256, 1.0, kind="standby")
    mounts_fd = os.open("/proc/self/mountinfo", os.O_RDONLY | os.O_CLOEXEC)
    try:
        made = _from_zygote(zygote_wait)
        pid, ours, pidfd = made if made is not None else _fork()
    except OSError:
        os.close(mounts_fd)
        cg.remove()
        raise
    sb = Standby(pid, pidfd, ours, cg, os.getpid(), mounts_fd, child=made is None)
    sb._admit()
    with _lock:
        _current = sb


def _fork() -> tuple[int, socket.socket, int]:
    """A standby forked from this process (the caller, or the zygote serving it):
    (pid, control socket, pidfd)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    me = os.pidfd_open(os.getpid())
    pid = -1
    try:
        pid = namespaces.fork_into_new_pid_namespace()
    except OSError:
        ours.close()
        theirs.close()
        raise
    finally:
        if pid != 0:
            os.close(me)
    if pid == 0:
        _main(theirs.fileno(), me)
    theirs.close()
    return pid, ours, os.pidfd_open(pid)


def _from_zygote(wait: float = 0.0) -> tuple[int, socket.socket, int] | None:
    """A standby from the zygote when it is ready (waiting up to `wait` seconds for it);
    starts it the first time (the caller's own fork serves until then); None when there
    is none to use."""
    global _zygote, _zygote_failed
    if not _keep_ready or _zygote_failed:
        return None
    z = _zygote
    if z is not None and z.creator != os.getpid():
        z = _zygote = None     # inherited by a fork of the caller: not this process's
    if z is None:
        z = _zygote = Zygote.spawn()
        _zygote_failed = z is None
        if z is None or not wait:
            return None
    try:
        if not z.poll_ready(wait):
            return None
        return z.fork_standby()
    except OSError:
        _zygote_failed = True   # used no more in this process: forked standbys still serve
        _zygote = None
        z.close()
        return None


def take() -> Standby | None:
    """The prepared init, waiting for one still being prepared: a cold launch would wait
    for the same kernel cgroup lock and then for a grace period of its own."""
    global _current
    _await_preparation(5)
    with _lock:
        sb = _current
        if sb is None or sb.creator != os.getpid():
            return None    # none, or inherited by a fork of the caller: not our child
        _current = None
    if sb.error is not None or not sb.alive() or sb.mounts_changed():
        sb.discard()
        return None
    return sb


def _forked() -> None:
    """In a child of os.fork. A lock another thread held at the fork stays held in the
    child for good (the worker takes _lock on every preparation), and the parent's
    standby, request and zygote are not the child's: without them it prepares its own
    (it would otherwise wait on them, and launch cold, for ever)."""
    global _lock, _current, _inflight, _zygote
    _lock = threading.Lock()
    sb, z, _current, _inflight, _zygote = _current, _zygote, None, None, None
    if sb is not None:
        sb._close()    # the parent's descriptors: its init's control socket, pidfd
    if z is not None:
        z.sock.close()


os.register_at_fork(after_in_child=_forked)


@atexit.register
def _exiting() -> None:
    """Exit handlers run last registered first, so those of a caller registered before its
    first run imported this module come after this one: a run from one of them launches
    as usual but prepares no standby, whose cgroup no one would remove any more."""
    one_shot()
    _shutdown()


def _shutdown() -> None:
    global _current, _zygote
    _await_preparation(5)
    with _lock:
        sb, _current = _current, None
        z, _zygote = _zygote, None
    if sb is not None and sb.creator == os.getpid():
        sb.discard()
    if z is not None and z.creator == os.getpid():
        z.close()


def _main(ctl: int, parent: int) -> None:
    """In the standby: hold nothing of the caller's, wait for a LaunchSpec, then be the init.
    `parent` is a pidfd of the process that forked it."""
    try:
        # Dies with the thread that forked it. A parent gone before this line sends no
        # signal, hence the look at its pidfd. (If the caller is gone, the read below
        # also sees the end of the control socket.)
        caps.die_with_parent()
        if select.select([parent], [], [], 0)[0]:
            os._exit(0)
        null = os.open(os.devnull, os.O_RDWR)
        for i in range(3):   # the caller's stdio stays with the caller
            os.dup2(null, i)
        os.closerange(3, ctl)
        os.closerange(ctl + 1, 1 << 16)
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Network (with its loopback, which can wait on the kernel's network lock), ipc,
        # uts and mount namespaces, and the mounts no run changes (read-only root, /dev,
        # /proc), made now, off the next launch's path.
        prepared = namespaces.Prepared()
        mounts.build_common()
        caps.lock_bounding(caps.last_cap())
        launcher.prefault()
        sock = socket.socket(fileno=ctl)
        sock.send(b"R")
        msg, fds, _, _ = socket.recv_fds(sock, 1 << 20, 5)
        sock.close()
        if len(fds) != 5:
            os._exit(0)
        spec = pickle.loads(msg)
        launcher.init_main(spec, launcher.Fds(*fds), go=None, prepared=prepared)
    except BaseException:  # noqa: BLE001 - nothing to report to: the supervisor sees EOF
        os._exit(127)
    os._exit(0)
