"""The sandbox's filesystem view, built in a private mount namespace.

  /            the host root, recursively read-only and nosuid (mount_setattr)
  workdir      bind-mounted read-write, nosuid, nodev
  /tmp         a private tmpfs (its pages are charged to the memory cgroup)
  /dev         a read-only tmpfs with null, zero, full, random, urandom, tty and /dev/shm
  /proc        a new procfs for the pid namespace; sys, sysrq-trigger, irq, bus, fs read-only
  secrets      every secret path hidden under an empty, unreadable file or directory,
               also inside the workdir

Writes through a symlink land on the read-only target's mount (EROFS); hard links
across mounts fail with EXDEV, so neither can reach a host file. /sys and the cgroup
tree are part of the read-only root.
"""
from __future__ import annotations

import ctypes
import os
import stat
from dataclasses import dataclass

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p)

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MOUNT_ATTR_RDONLY, MOUNT_ATTR_NOSUID, MOUNT_ATTR_NODEV = 1, 2, 4
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
_NR_MOUNT_SETATTR = 442

DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
PROC_READONLY = ("sys", "sysrq-trigger", "irq", "bus", "fs", "acpi", "scsi", "timer_list", "kcore",
                 "keys", "latency_stats", "sched_debug")


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


@dataclass(frozen=True)
class MountPlan:
    workdir: str                  # real path
    secrets: tuple[str, ...]      # real paths (existing on the host when planned)
    tmp_size: int                 # bytes


def supported() -> bool:
    """mount_setattr (Linux 5.12) makes a whole tree read-only in one call."""
    attr = _MountAttr()
    rc = _libc.syscall(_NR_MOUNT_SETATTR, -1, b"", 0, ctypes.byref(attr), ctypes.sizeof(attr))
    return not (rc < 0 and ctypes.get_errno() == 38)  # ENOSYS


def _mount(src: bytes | None, target: str, fstype: bytes | None, flags: int, data: bytes | None = None) -> None:
    if _libc.mount(src, target.encode(), fstype, flags, data) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"mount {target}: {os.strerror(e)}")


def _setattr(path: str, set_: int, clr: int, recursive: bool) -> None:
    attr = _MountAttr(set_, clr, 0, 0)
    flags = AT_RECURSIVE if recursive else 0
    if _libc.syscall(_NR_MOUNT_SETATTR, AT_FDCWD, path.encode(), flags, ctypes.byref(attr), ctypes.sizeof(attr)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"mount_setattr {path}: {os.strerror(e)}")


def _bind(src: str, target: str, readonly: bool, extra: int = MS_NOSUID | MS_NODEV) -> None:
    _mount(src.encode(), target, None, MS_BIND | MS_REC)
    _mount(None, target, None, MS_REMOUNT | MS_BIND | extra | (MS_RDONLY if readonly else 0))


def _mkdirs(path: str) -> None:
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot create mount point {path}: {exc.strerror}") from None


_EMPTY_FILE, _EMPTY_DIR = "/dev/.hidden-file", "/dev/.hidden-dir"


def build(plan: MountPlan) -> None:
    """Runs in the sandbox's init (pid 1, new mount namespace, before it drops its capabilities)."""
    build_common()
    build_for(plan)


def build_common() -> None:
    """The part that does not depend on the run (read-only root, /dev, /dev/shm, /proc):
    a standby init builds it while it waits, off the launch."""
    # Nothing we mount may propagate back to the host.
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _setattr("/", MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID, 0, recursive=True)

    # /dev first: it also holds the empty file and directory used to hide secrets.
    host_nodes = {name: os.open(f"/dev/{name}", os.O_PATH) for name in DEVICES}
    _mount(b"tmpfs", "/dev", b"tmpfs", MS_NOSUID | MS_NOEXEC, b"mode=0755,size=1m")
    for name, fd in host_nodes.items():
        target = f"/dev/{name}"
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o666))
        _bind(f"/proc/self/fd/{fd}", target, readonly=False, extra=MS_NOSUID | MS_NOEXEC)
        os.close(fd)
    os.symlink("/proc/self/fd", "/dev/fd")
    for i, name in enumerate(("stdin", "stdout", "stderr")):
        os.symlink(f"/proc/self/fd/{i}", f"/dev/{name}")
    os.close(os.open(_EMPTY_FILE, os.O_CREAT | os.O_WRONLY, 0))
    os.mkdir(_EMPTY_DIR, 0)
    os.chmod(_EMPTY_DIR, 0)
    os.mkdir("/dev/shm")
    _mount(b"tmpfs", "/dev/shm", b"tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, b"mode=1777,size=64m")

    # hidepid=ptraceable: the undumpable init is invisible, its command line included.
    _mount(b"proc", "/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, b"hidepid=4")
    for name in PROC_READONLY:
        path = f"/proc/{name}"
        if os.path.exists(path):
            _bind(path, path, readonly=True, extra=MS_NOSUID | MS_NODEV | MS_NOEXEC)


def build_for(plan: MountPlan) -> None:
    """The run's own part, on top of build_common: /tmp, the workdir, the secrets; then
    /dev becomes read-only."""
    # Opened before /tmp is covered: the workdir may be under the host's /tmp.
    workdir_fd = os.open(plan.workdir, os.O_PATH | os.O_DIRECTORY)
    _mount(b"tmpfs", "/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={plan.tmp_size}".encode())
    _mkdirs(plan.workdir)
    _mount(f"/proc/self/fd/{workdir_fd}".encode(), plan.workdir, None, MS_BIND | MS_REC)
    os.close(workdir_fd)
    _setattr(plan.workdir, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, MOUNT_ATTR_RDONLY, recursive=False)

    for secret in plan.secrets:
        try:
            st = os.lstat(secret)
        except OSError:
            continue  # not visible in the sandbox (e.g. under the host /tmp)
        source = _EMPTY_DIR if stat.S_ISDIR(st.st_mode) else _EMPTY_FILE
        _bind(source, secret, readonly=True, extra=MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.unlink(_EMPTY_FILE)
    os.rmdir(_EMPTY_DIR)
    # Read-only per mount, not per superblock: the unlinked hiding files are still in use.
    _mount(None, "/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NOEXEC)
