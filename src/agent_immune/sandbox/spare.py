"""Level none: a child forked and admitted to its cgroup before its run is known.

Moving a process into a cgroup v1 hierarchy waits for an RCU grace period (5-20 ms on
the machines here), most of a level-none launch. A caller that knows a run follows (the
CLI, which still has to import the sandbox and read its config) forks the child early:
the child admits *itself* to a fresh cgroup, so the grace period passes while the caller
goes on, then waits for its run. The run rewrites the cgroup's limits and sends the
command, its descriptors and its rlimits; from there the child does what a child forked
for the run does (runner._fork_none): new session, stdio, rlimits, workdir, default
signals, every other descriptor closed, exec. It is in its cgroup before it receives the
run, so the limits hold from the command's first instruction, as before.

Anything unexpected (the spare died, its admission failed, the caller forked) and the
run forks a child of its own as usual.
"""
from __future__ import annotations

import atexit
import marshal
import os
import select
import socket

from . import caps, cgroups, rlimits
from .childproc import die, kill_and_reap, prefork_enabled, restore_signals

_spare: "Spare | None" = None
_ADMIT_WAIT_S = 5.0


class Spare:
    def __init__(self, pid: int, ctl: socket.socket, cg: cgroups.Cgroup) -> None:
        self.pid, self.ctl, self.cg, self.creator = pid, ctl, cg, os.getpid()

    def admitted(self) -> bool:
        """Waits for the child's word that it is in its cgroup (b"A"); False on anything else."""
        if not select.select([self.ctl], [], [], _ADMIT_WAIT_S)[0]:
            return False
        try:
            return self.ctl.recv(16) == b"A"
        except OSError:
            return False

    def launch(self, path: str, argv: list[str], env: dict[str, str], workdir: str,
               limits: list[tuple[int, int]], fds: list[int]) -> None:
        """fds: stdin, stdout, stderr and the run's control socket (for "S:"/"X:" reports)."""
        socket.send_fds(self.ctl, [marshal.dumps((path, argv, list(env.items()), workdir, limits))], fds)
        self.ctl.close()

    def discard(self) -> None:
        kill_and_reap(self.pid)
        self.ctl.close()
        self.cg.remove()


def prepare(memory_bytes: int = 512 * 1024 * 1024, pids: int = 256, cpus: float = 1.0) -> None:
    """Fork the spare and let it join a fresh cgroup; returns at once. Call it from the
    thread that will run the command (the spare dies with that thread, PR_SET_PDEATHSIG)."""
    global _spare
    if not prefork_enabled() or (_spare is not None and _spare.creator == os.getpid()):
        return
    try:
        cg = cgroups.Cgroup.create(memory_bytes, pids, cpus)
    except OSError:
        return   # the run tries again itself, and says why if it cannot
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        pid = os.fork()
    except OSError:
        ours.close()
        theirs.close()
        cg.remove()
        return
    if pid == 0:
        ours.close()
        _main(theirs.fileno(), cg.procs_fds)
    theirs.close()
    _spare = Spare(pid, ours, cg)


def take() -> Spare | None:
    """The spare, once it is in its cgroup; None if there is none for this process."""
    global _spare
    sp, _spare = _spare, None
    if sp is None:
        return None
    if sp.creator != os.getpid():   # inherited by a fork of the caller: not our child
        return None
    if not sp.admitted():
        sp.discard()
        return None
    return sp


@atexit.register
def discard() -> None:
    """Remove an unused spare (process and cgroup), e.g. after a usage error."""
    global _spare
    sp, _spare = _spare, None
    if sp is not None and sp.creator == os.getpid():
        sp.discard()


def _main(ctl: int, procs_fds: list[int]) -> None:
    """In the spare: join the cgroup, wait for the run, then become its command."""
    rep = ctl   # where a failure is reported: to prepare() until the run's own socket arrives
    try:
        caps.die_with_parent()
        # If the caller is already gone, the recv below sees the end of the socket.
        for fd in procs_fds:
            os.write(fd, b"0")   # "0": the writing process itself
        os.write(ctl, b"A")
        sock = socket.socket(fileno=os.dup(ctl))
        msg, fds, _, _ = socket.recv_fds(sock, 1 << 20, 4)
        sock.close()
        if len(fds) != 4:
            os._exit(0)
        path, argv, env, workdir, limits = marshal.loads(msg)
        stdin_fd, out_w, err_w, rep = fds
        os.setsid()
        for i, fd in enumerate((stdin_fd, out_w, err_w)):
            os.dup2(fd, i)
        rlimits.apply([tuple(lim) for lim in limits])
        os.chdir(workdir)
        restore_signals()
        os.closerange(3, rep)
        os.closerange(rep + 1, 1 << 16)
    except BaseException as exc:  # noqa: BLE001 - reported to the caller, which fails closed
        die(rep, "S", exc)
    try:
        os.execve(path, argv, dict(env))
    except BaseException as exc:  # noqa: BLE001
        die(rep, "X", exc)
