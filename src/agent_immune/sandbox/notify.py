"""The seccomp user-notification supervisor: names every refused syscall.

The filter sends each syscall outside the profile here (SECCOMP_RET_USER_NOTIF); the
kernel log would be lossy. For each notification the supervisor reads the number and
arguments (and, where useful, the memory they point at: a socket address, a path),
records a Violation, then answers:

  refused (ALWAYS_REFUSED, network without --allow-net, exec under --no-exec, clone
  with namespace flags)    SIGSYS to the calling process, which stays in the call
                           (never answered) until it dies; a process that blocks or
                           catches SIGSYS is killed with SIGKILL after 0.2 s
  outside the profile       the call fails with EPERM, the process goes on
  connect to a unix socket path that does not exist (libc's NSS probing for nscd)
                            ENOENT, not recorded: the kernel would say the same
  bind of a netlink socket  runs (ip, getifaddrs): it reaches only the sandbox's own
                            network namespace

The supervisor never lets a notified syscall run, except the single execve that starts
the command under --no-exec and a netlink bind (SECCOMP_USER_NOTIF_FLAG_CONTINUE).
"""
from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import signal
import socket
import struct
import time
from dataclasses import dataclass, field

from .result import Violation
from .seccomp import NAMESPACE_FLAGS, syscall_name

_NOTIF = struct.Struct("=QIIiIQ6Q")          # struct seccomp_notif (80 bytes)
_RESP = struct.Struct("=QqiI")               # struct seccomp_notif_resp (24 bytes)
_IOCTL_RECV = 0xC0502100
_IOCTL_SEND = 0xC0182101
_IOCTL_ID_VALID = 0x40082102
_FLAG_CONTINUE = 1
_KILL_GRACE_S = 0.2
MAX_RECORDED = 256   # a command looping on a refused call must not grow the audit forever
# Benign lookups libc makes on its own (name service caches): answer like a host without them.
_NSS_SOCKETS = ("/var/run/nscd/socket", "/run/nscd/socket", "/run/systemd/userdb/")


@dataclass
class Supervisor:
    fd: int
    refused: frozenset[str]
    start: float
    exec_pending: bool = False   # under --no-exec: the launcher's own execve (the first) passes
    violations: list[Violation] = field(default_factory=list)
    unrecorded: int = 0
    _pending_kills: dict[int, float] = field(default_factory=dict)

    def handle(self) -> bool:
        """Serve one notification. False when the filter has no more users."""
        buf = bytearray(_NOTIF.size)
        try:
            fcntl.ioctl(self.fd, _IOCTL_RECV, buf, True)
        except OSError as exc:
            if exc.errno in (errno.EINTR, errno.ENOENT, errno.EAGAIN):
                return True   # the caller died or was interrupted before we read it
            return False
        nid, pid, _flags, nr, _arch, _ip, *args = _NOTIF.unpack(buf)
        name = syscall_name(nr)
        # Nothing but the launcher runs under the filter before the command starts, so the
        # first execve is the launcher's.
        if self.exec_pending and name in ("execve", "execveat"):
            self.exec_pending = False
            self._respond(nid, 0, _FLAG_CONTINUE)
            return True
        detail = self._detail(pid, name, args)
        if self._valid(nid) and name == "connect" and detail and detail.startswith("unix:") and \
                detail[5:].startswith("/") and \
                (detail[5:].startswith(_NSS_SOCKETS) or not os.path.exists(f"/proc/{pid}/root{detail[5:]}")):
            self._respond(nid, -errno.ENOENT)
            return True
        if name == "bind" and _is_netlink(pid, args[0]) and self._valid(nid):
            # Kernel interface queries (ip, getifaddrs) in the sandbox's own network
            # namespace: the socket's family is fixed at creation, so this cannot bind
            # anything that reaches the host.
            self._respond(nid, 0, _FLAG_CONTINUE)
            return True
        kill = name in self.refused or (name == "clone" and args[0] & NAMESPACE_FLAGS)
        if len(self.violations) < MAX_RECORDED:
            self.violations.append(Violation(
                syscall=name, args=tuple(args), time=round(time.monotonic() - self.start, 6), pid=pid,
                detail=("killed: " if kill else "denied: ") + (detail or "not in the seccomp profile"),
            ))
        else:
            self.unrecorded += 1
        if not kill:
            self._respond(nid, -errno.EPERM)
            return True
        # No answer: the caller stays inside the refused call until SIGSYS ends it (or,
        # if it blocked or caught SIGSYS, SIGKILL after a short grace).
        try:
            os.kill(pid, signal.SIGSYS)
            self._pending_kills[pid] = time.monotonic() + _KILL_GRACE_S
        except ProcessLookupError:
            pass
        return True

    def enforce_kills(self) -> None:
        """SIGKILL a process that caught (or blocked) the SIGSYS we sent."""
        now = time.monotonic()
        for pid, deadline in list(self._pending_kills.items()):
            if now < deadline:
                continue
            del self._pending_kills[pid]
            try:
                with open(f"/proc/{pid}/stat", "rb") as f:
                    state = f.read().rsplit(b")", 1)[1].split()[0]
                if state not in (b"Z", b"X"):
                    os.kill(pid, signal.SIGKILL)
            except (OSError, IndexError):
                pass

    def next_deadline(self) -> float | None:
        return min(self._pending_kills.values(), default=None)

    # --- helpers -----------------------------------------------------------------
    def _valid(self, nid: int) -> bool:
        try:
            fcntl.ioctl(self.fd, _IOCTL_ID_VALID, struct.pack("=Q", nid))
            return True
        except OSError:
            return False

    def _respond(self, nid: int, val: int, flags: int = 0) -> None:
        error = val if val < 0 else 0
        resp = bytearray(_RESP.pack(nid, 0, error, flags))
        try:
            fcntl.ioctl(self.fd, _IOCTL_SEND, resp, True)
        except OSError:
            pass  # the caller is gone (killed, or its signal interrupted the wait)

    def _detail(self, pid: int, name: str, args: list[int]) -> str | None:
        try:
            if name in ("connect", "bind", "sendto") and args:
                ptr, length = (args[1], args[2]) if name != "sendto" else (args[4], args[5])
                return _sockaddr(_read_mem(pid, ptr, min(length, 128))) if ptr else None
            path_arg = _PATH_ARGS.get(name)
            if path_arg is not None:
                return _read_cstring(pid, args[path_arg])
            if name == "clone":
                return f"clone flags {args[0]:#x}"
            if name == "socket":
                return f"socket family {args[0]} type {args[1]:#x}"
        except OSError:
            return None
        return None


_PATH_ARGS = {"mount": 1, "umount2": 0, "chroot": 0, "pivot_root": 0, "swapon": 0, "swapoff": 0,
              "execve": 0, "execveat": 1, "acct": 0, "mknod": 0, "mknodat": 1, "sethostname": 0,
              "open": 0, "openat": 1, "init_module": None, "finit_module": None}
_PATH_ARGS = {k: v for k, v in _PATH_ARGS.items() if v is not None}


_libc = ctypes.CDLL(None, use_errno=True)
_NR_PIDFD_GETFD = 438   # same number on every architecture


def _is_netlink(pid: int, fd: int) -> bool:
    """The family of the caller's socket fd, via a duplicate of it (pidfd_getfd)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            tgid = next(int(line.split()[1]) for line in f if line.startswith("Tgid:"))
        pidfd = os.pidfd_open(tgid)
    except (OSError, StopIteration, ValueError):
        return False
    try:
        dup = _libc.syscall(_NR_PIDFD_GETFD, pidfd, fd, 0)
        if dup < 0:
            return False
        try:
            return _family(dup) == socket.AF_NETLINK
        finally:
            os.close(dup)
    finally:
        os.close(pidfd)


def _family(fd: int) -> int:
    s = socket.socket(fileno=os.dup(fd))
    try:
        return s.family
    finally:
        s.close()


def _read_mem(pid: int, addr: int, size: int) -> bytes:
    fd = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
    try:
        return os.pread(fd, size, addr)
    finally:
        os.close(fd)


def _read_cstring(pid: int, addr: int) -> str | None:
    if not addr:
        return None
    data = _read_mem(pid, addr, 4096)
    return data.split(b"\0", 1)[0].decode("utf-8", "replace")


def _sockaddr(raw: bytes) -> str | None:
    if len(raw) < 2:
        return None
    family = struct.unpack_from("=H", raw)[0]
    if family == socket.AF_UNIX:
        path = raw[2:]
        if path[:1] == b"\0":
            return "unix-abstract:" + path[1:].split(b"\0", 1)[0].decode("utf-8", "replace")
        return "unix:" + path.split(b"\0", 1)[0].decode("utf-8", "replace")
    if family == socket.AF_INET and len(raw) >= 8:
        port = struct.unpack_from("!H", raw, 2)[0]
        return f"inet:{socket.inet_ntop(socket.AF_INET, raw[4:8])}:{port}"
    if family == socket.AF_INET6 and len(raw) >= 24:
        port = struct.unpack_from("!H", raw, 2)[0]
        return f"inet6:[{socket.inet_ntop(socket.AF_INET6, raw[8:24])}]:{port}"
    return f"family {family}"
