"""A small helper process that forks the standby inits, so that the caller never forks.

A standby init forked from the caller is a copy of the caller: the fork copies its page
tables, every page either of them writes afterwards takes a copy-on-write fault, and
the init's exit, which a run waits for, tears that copy down again. All of it grows
with the caller's size (a launch took 20 ms from a 250 MiB caller, against 8 ms from
20 MiB), and an agent host is rarely small. The zygote is a fresh interpreter, the
caller's own executable in isolated mode, that imports only the launcher modules and
forks the inits on request: whatever the caller's size, an init is a fork of this
process, a few MiB.

The caller starts it once (posix_spawn, off any launch: standby.py uses forked inits
until the zygote reports ready) and talks to it over a SOCK_SEQPACKET pair:

    caller -> zygote   b"P"                      prepare a standby init
    zygote -> caller   pid (4 bytes), 2 fds     the init: its control socket, a pidfd
                       or b"E"                   its fork failed (the caller forks this one)
    zygote -> caller   b"R"                      once, when ready

The init then belongs to the zygote (its parent, which reaps it as soon as it exits);
the caller watches it through the pidfd the zygote opened before it could exit (a pid
alone could be reused by then), admits it to the run's cgroup, and launches through its control
socket exactly as with a forked standby (standby._main is the same code). The zygote
dies with the thread that started it (PR_SET_PDEATHSIG), and its inits die with it; it
exits when the caller closes its end.
"""
from __future__ import annotations

import os
import select
import signal
import socket
import struct
import sys

_PID = struct.Struct("=i")
# Appended, not inserted: with -S the path holds only the standard library, which no
# module of a site-packages directory may shadow.
_BOOT = ("import sys; sys.path.append(sys.argv[1]); "
         "from agent_immune.sandbox.zygote import serve; serve(int(sys.argv[2]), int(sys.argv[3]))")


class Zygote:
    """The caller's handle on its zygote."""

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid = pid
        self.sock = sock
        self.creator = os.getpid()
        self.ready = False

    @classmethod
    def spawn(cls) -> "Zygote | None":
        """Start one; None where this interpreter cannot be started again (embedded)."""
        exe = sys.executable
        # A frozen application's executable is the application itself, not an
        # interpreter that would run -c.
        if not exe or getattr(sys, "frozen", False) or not os.access(exe, os.X_OK):
            return None
        # the directory holding this package, so the zygote imports this very code
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            theirs.set_inheritable(True)
            # -I: no user site, no PYTHON* variables, no current directory on the path;
            # -S: no site-packages either: the launcher needs only the standard library.
            # setsid: out of the caller's process group, which its terminal signals as a
            # whole (Ctrl-C would end the zygote, and its inits, under a caller that goes on).
            pid = os.posix_spawn(exe, [exe, "-I", "-S", "-c", _BOOT, root, str(theirs.fileno()), str(os.getpid())],
                                 {}, file_actions=[(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDWR, 0),
                                                   (os.POSIX_SPAWN_DUP2, 0, 1), (os.POSIX_SPAWN_DUP2, 0, 2)],
                                 setsid=True)
        except OSError:
            ours.close()
            return None
        finally:
            theirs.close()
        return cls(pid, ours)

    def poll_ready(self, timeout: float = 0.0) -> bool:
        """Whether it has reported ready, waiting up to `timeout` seconds."""
        if not self.ready and select.select([self.sock], [], [], timeout)[0]:
            self.ready = self.sock.recv(16) == b"R"
            if not self.ready:
                raise OSError(0, "the sandbox zygote did not start")
        return self.ready

    def fork_standby(self) -> tuple[int, socket.socket, int] | None:
        """(pid, control socket, pidfd) of a new standby init, a child of the zygote; None
        when its fork failed this time (OSError: the zygote itself failed)."""
        self.sock.send(b"P")
        if not select.select([self.sock], [], [], 5)[0]:
            raise OSError(0, "the sandbox zygote did not answer")
        msg, fds, _, _ = socket.recv_fds(self.sock, _PID.size, 2)
        # Received inheritable (3.11's recv_fds drops its flags, MSG_CMSG_CLOEXEC with
        # them): close-on-exec, as Python opens all, not for whatever the caller runs next.
        for fd in fds:
            os.set_inheritable(fd, False)
        if msg == b"E" and not fds:
            # Stopping the zygote for it would kill every init it holds, those running a
            # command included (they die with it).
            return None
        if len(msg) != _PID.size or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            raise OSError(0, "the sandbox zygote could not fork an init")
        return _PID.unpack(msg)[0], socket.socket(fileno=fds[0]), fds[1]

    def close(self) -> None:
        """Stop it and collect it. It holds nothing worth a graceful exit, and a kill
        cannot hang the caller's exit; its idle inits die with it."""
        self.sock.close()
        if self.creator == os.getpid():
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


def serve(fd: int, owner: int) -> None:
    """The zygote's main loop."""
    from . import caps, standby

    caps.die_with_parent()
    if os.getppid() != owner:   # the caller went away before the line above
        os._exit(0)
    # Anything else the caller let us inherit (the write end of someone's pipe) is not ours to hold open.
    os.closerange(3, fd)
    os.closerange(fd + 1, 1 << 16)
    # Nor its working directory: held here, the caller could not unmount that disk.
    os.chdir("/")
    # SIG_IGN survives exec: a caller ignoring SIGCHLD would have the kernel reap our
    # inits, and the waitpid below fail.
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    sock = socket.socket(fileno=fd)
    os.set_inheritable(fd, False)
    sock.send(b"R")
    children: dict[int, int] = {}   # pidfd -> pid, reaped as soon as they exit
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    while True:
        for ready, _ in poller.poll():
            if ready != sock.fileno():
                os.waitpid(children.pop(ready), 0)
                poller.unregister(ready)
                os.close(ready)
                continue
            try:
                request = sock.recv(16)
            except OSError:
                request = b""
            if request != b"P":
                for pid in children.values():   # the caller is gone: so are its idle inits
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                os._exit(0)
            try:
                pid, ours, pidfd = standby._fork()
            except OSError:
                sock.send(b"E")   # the caller forks one itself
                continue
            children[pidfd] = pid
            poller.register(pidfd, select.POLLIN)
            socket.send_fds(sock, [_PID.pack(pid)], [ours.fileno(), pidfd])
            ours.close()
