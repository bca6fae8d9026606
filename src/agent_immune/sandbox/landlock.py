"""Landlock (ctypes syscalls): a second, path-based wall behind the read-only mounts.

Writes of any kind are allowed only beneath the writable directories (workdir, /tmp,
/dev for null/tty, /dev/shm); with ABI >= 4 TCP bind/connect are refused unless the
network is allowed; with ABI >= 6 the sandbox can neither signal processes outside its
domain nor reach abstract unix sockets created outside it. Reads are left to the mounts
(Landlock cannot deny a path beneath an allowed one). Applied only where the kernel has
it: the namespaces, mounts, capabilities and seccomp already contain the command, so a
kernel without Landlock loses this extra layer, which the policy summary reports.
"""
from __future__ import annotations

import ctypes
import os

_libc = ctypes.CDLL(None, use_errno=True)
_CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446  # same numbers on every architecture
_VERSION = 1
_RULE_PATH_BENEATH = 1

# access rights by ABI version
_WRITE_V1 = (1 << 1) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) \
    | (1 << 10) | (1 << 11) | (1 << 12)  # WRITE_FILE, REMOVE_*, MAKE_*
_REFER = 1 << 13         # ABI 2
_TRUNCATE = 1 << 14      # ABI 3
_IOCTL_DEV = 1 << 15     # ABI 5
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2     # ABI 4
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1, 2  # ABI 6


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def abi_version() -> int:
    v = _libc.syscall(_CREATE, None, 0, _VERSION)
    return v if v > 0 else 0


def handled_fs(abi: int) -> int:
    mask = _WRITE_V1
    if abi >= 2:
        mask |= _REFER
    if abi >= 3:
        mask |= _TRUNCATE
    return mask


class Ruleset:
    """Prepared in the parent (structures only); `restrict()` runs in the child after the
    mounts are in place, because the rules name paths as the sandbox sees them."""

    def __init__(self, abi: int, writable: list[str], allow_net: bool) -> None:
        self.abi = abi
        fs = handled_fs(abi)
        net = 0 if allow_net or abi < 4 else (_NET_BIND_TCP | _NET_CONNECT_TCP)
        scoped = (_SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL) if abi >= 6 else 0
        self._attr = _RulesetAttr(fs, net, scoped)
        self._size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else (16 if abi >= 4 else 8)
        self._writable = writable
        self._rule = _PathBeneath(fs, -1)

    def restrict(self) -> None:
        fd = _libc.syscall(_CREATE, ctypes.byref(self._attr), self._size, 0)
        if fd < 0:
            e = ctypes.get_errno()
            raise OSError(e, f"landlock_create_ruleset: {os.strerror(e)}")
        try:
            for path in self._writable:
                try:
                    pfd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    self._rule.parent_fd = pfd
                    access = self._attr.handled_access_fs
                    if not os.path.isdir(path):
                        access &= (1 << 1) | _TRUNCATE  # files take only file rights
                    self._rule.allowed_access = access
                    if _libc.syscall(_ADD_RULE, fd, _RULE_PATH_BENEATH, ctypes.byref(self._rule), 0) < 0:
                        e = ctypes.get_errno()
                        raise OSError(e, f"landlock_add_rule {path}: {os.strerror(e)}")
                finally:
                    os.close(pfd)
            if _libc.syscall(_RESTRICT, fd, 0) < 0:
                e = ctypes.get_errno()
                raise OSError(e, f"landlock_restrict_self: {os.strerror(e)}")
        finally:
            os.close(fd)
