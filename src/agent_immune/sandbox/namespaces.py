"""Namespaces: mount, pid, net (loopback only), ipc, uts, cgroup.

No user namespace: the launcher is root on the host, so it can create the others
directly, and a user namespace would hand the command a full capability set inside it.
The command instead keeps uid 0 with every capability dropped (caps.py).
"""
from __future__ import annotations

import ctypes
import fcntl
import os
import socket
import struct

_libc = ctypes.CDLL(None, use_errno=True)

CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
HOSTNAME = b"agent-immune-sandbox"
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1


def flags(allow_net: bool) -> int:
    """What the sandbox's init unshares for itself (its pid namespace comes with its fork)."""
    f = CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS
    return f if allow_net else f | CLONE_NEWNET


def missing() -> list[str]:
    """Namespace kinds this kernel does not offer (checked in the parent, fail closed)."""
    need = {"mnt": "mount", "pid": "pid", "net": "net", "ipc": "ipc", "uts": "uts"}
    return [label for name, label in need.items() if not os.path.exists(f"/proc/self/ns/{name}")]


class Prepared:
    """Namespaces a standby init makes while idle: its own network (loopback up), ipc,
    uts and mount namespace (where the standby builds the run-independent mounts), with a
    handle on the host network for a run that turns out to allow it."""

    def __init__(self) -> None:
        self.host_net = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        unshare(CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS)
        set_hostname()
        loopback_up()

    def finish(self, allow_net: bool) -> None:
        """For the run: back to the host network if allowed."""
        try:
            if allow_net and _libc.setns(self.host_net, CLONE_NEWNET) != 0:
                e = ctypes.get_errno()
                raise OSError(e, f"setns to the host network: {os.strerror(e)}")
        finally:
            os.close(self.host_net)


def unshare(ns_flags: int) -> None:
    if _libc.unshare(ns_flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"unshare namespaces: {os.strerror(e)}")


def fork_into_new_pid_namespace() -> int:
    """os.fork(), the child being pid 1 of a new pid namespace.

    unshare(CLONE_NEWPID) changes only the namespace of the calling thread's future
    children; the caller restores its own right after the fork, so its later children
    (and other threads) are unaffected."""
    own = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    try:
        unshare(CLONE_NEWPID)
        pid = -1
        try:
            pid = os.fork()
        finally:
            if pid != 0 and _libc.setns(own, CLONE_NEWPID) != 0:
                e = ctypes.get_errno()
                raise OSError(e, f"restore pid namespace: {os.strerror(e)}")
        return pid
    finally:
        if pid != 0:
            os.close(own)


def enter_cgroup_namespace() -> None:
    """After joining the run's cgroup (cgroup v2 forbids joining from outside the namespace
    root), so the command sees its own group as "/"."""
    unshare(CLONE_NEWCGROUP)


def set_hostname() -> None:
    if _libc.sethostname(HOSTNAME, len(HOSTNAME)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"sethostname: {os.strerror(e)}")


def loopback_up() -> None:
    """A new network namespace starts with lo down; bring it up so localhost works."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sh", b"lo", 0)
        got = fcntl.ioctl(s.fileno(), _SIOCGIFFLAGS, req)
        fl = struct.unpack("16sh", got[:18])[1]
        fcntl.ioctl(s.fileno(), _SIOCSIFFLAGS, struct.pack("16sh", b"lo", fl | _IFF_UP))
