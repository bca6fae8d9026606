"""Dropping privileges: a process that is root on the host keeps no capability.

Order matters and runs in the child: lock the root-is-special securebits (so a later
exec as uid 0 does not regain the full set), empty the bounding and ambient sets,
empty effective/permitted/inheritable, then set no_new_privs (needed by Landlock and
seccomp without CAP_SYS_ADMIN, and it stops setuid binaries from gaining anything).
"""
from __future__ import annotations

import ctypes
import functools
import os

_libc = ctypes.CDLL(None, use_errno=True)

PR_SET_SECUREBITS = 28
PR_CAPBSET_DROP = 24
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4
PR_SET_NO_NEW_PRIVS = 38
PR_SET_DUMPABLE = 4
PR_SET_PDEATHSIG = 1
# SECBIT_NOROOT | NOROOT_LOCKED | NO_SETUID_FIXUP | NO_SETUID_FIXUP_LOCKED | KEEP_CAPS_LOCKED
# | NO_CAP_AMBIENT_RAISE | NO_CAP_AMBIENT_RAISE_LOCKED
SECUREBITS = 0x01 | 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80
_LINUX_CAPABILITY_VERSION_3 = 0x20080522


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


@functools.lru_cache(maxsize=1)
def last_cap() -> int:
    """The highest capability this kernel knows (fixed while it runs)."""
    try:
        with open("/proc/sys/kernel/cap_last_cap") as f:
            return int(f.read())
    except OSError:
        return 40


def _check(rc: int, what: str) -> None:
    if rc != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"{what}: {os.strerror(e)}")


_bounding_locked = False


def lock_bounding(cap_last: int) -> None:
    """Securebits, an empty bounding set, no ambient capabilities: what no later exec can
    undo. It leaves the effective set alone (the init still mounts), so a standby init
    does it while idle, off the launch (some 45 system calls)."""
    global _bounding_locked
    _check(_libc.prctl(PR_SET_SECUREBITS, SECUREBITS, 0, 0, 0), "securebits")
    for cap in range(cap_last + 1):
        _check(_libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0), "drop bounding capability")
    _check(_libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "clear ambient capabilities")
    _bounding_locked = True


def drop_all(cap_last: int) -> None:
    """Runs in the child. Raises OSError if any step fails (the launcher fails closed)."""
    if not _bounding_locked:
        lock_bounding(cap_last)
    header = _Header(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (_Data * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")


def set_undumpable() -> None:
    """For the sandbox's init: undumpable, its /proc/1 (mem, environ, fds) stays out of
    the command's reach though both are uid 0 without capabilities (dropping
    capabilities afterwards does not reset it)."""
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def die_with_parent() -> None:
    """SIGKILL when the supervising thread goes away: a sandbox nobody watches any more
    (no timeout, no audit) must not keep running."""
    import signal

    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
