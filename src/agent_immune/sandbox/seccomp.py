"""seccomp-bpf filters: profiles of expected syscalls, built with pyseccomp (libseccomp).

A filter is an allowlist. Every syscall outside it goes to the user-notification
supervisor (notify.py) instead of the kernel log, so the audit can name it: the
ALWAYS_REFUSED ones (and the network ones without --allow-net, further execs under
--no-exec, clone with namespace flags) kill the caller with SIGSYS; any other syscall
the profile does not list fails with EPERM and is recorded.

The BPF program is built once per (profile, allow_net, no_exec) in the parent and
loaded by the child as the very last step before exec (load_with_listener).
"""
from __future__ import annotations

import ctypes
import errno
import functools
import os

from ..errors import PolicyError, SandboxUnavailable

# --- syscall sets (names as libseccomp spells them) --------------------------------

# What every process needs: memory, fds, signals, time, identity, exit.
BASE = frozenset("""
read write readv writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 close close_range
lseek dup dup2 dup3 fcntl ioctl pipe pipe2 poll ppoll select pselect6 epoll_create
epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 eventfd eventfd2 timerfd_create
timerfd_settime timerfd_gettime signalfd signalfd4 sendfile splice tee copy_file_range
brk mmap munmap mremap mprotect madvise mlock munlock mincore msync membarrier
rt_sigaction rt_sigprocmask rt_sigreturn rt_sigpending rt_sigsuspend rt_sigtimedwait
rt_sigqueueinfo sigaltstack pause nanosleep clock_nanosleep clock_gettime clock_getres
gettimeofday time alarm getitimer setitimer times
getpid getppid gettid getuid geteuid getgid getegid getresuid getresgid getgroups getpgrp
getpgid getsid setpgid setsid getrlimit setrlimit prlimit64 getrusage getpriority setpriority
sched_yield sched_getaffinity sched_setaffinity sched_getparam sched_getscheduler
sched_get_priority_max sched_get_priority_min sched_rr_get_interval
futex futex_waitv get_robust_list set_robust_list set_tid_address rseq arch_prctl prctl
uname sysinfo getrandom umask getcwd chdir fchdir exit exit_group restart_syscall
kill tgkill tkill wait4 waitid capget personality socketpair sendmsg recvmsg get_mempolicy
set_mempolicy mbind getcpu
""".split())

# Reading the filesystem.
FS_READ = frozenset("""
open openat openat2 stat fstat lstat newfstatat statx statfs fstatfs access faccessat
faccessat2 readlink readlinkat getdents getdents64 fadvise64 readahead getxattr lgetxattr
fgetxattr listxattr llistxattr flistxattr name_to_handle_at inotify_init inotify_init1
inotify_add_watch inotify_rm_watch flock memfd_create
""".split())

# Changing the filesystem (confined to the writable workdir and /tmp by the mounts).
FS_WRITE = frozenset("""
creat mkdir mkdirat rmdir unlink unlinkat rename renameat renameat2 link linkat symlink symlinkat
chmod fchmod fchmodat chown fchown lchown fchownat truncate ftruncate fallocate fsync
fdatasync sync syncfs sync_file_range utime utimes utimensat futimesat setxattr lsetxattr
fsetxattr removexattr lremovexattr fremovexattr mknod mknodat
""".split())

# Starting and managing processes (clone is allowed only without namespace flags).
PROCESS = frozenset("""
fork vfork execve execveat pidfd_open pidfd_send_signal pidfd_getfd process_madvise
""".split())

# Local sockets; the network ones (NETWORK) need --allow-net.
SOCKETS = frozenset("""
socket getsockname getpeername getsockopt setsockopt shutdown sendto recvfrom sendmmsg
recvmmsg
""".split())
NETWORK = frozenset("connect bind listen accept accept4".split())

# Extras that compilers, build tools and package managers use.
BUILD_EXTRAS = frozenset("""
sched_setparam sched_setscheduler sched_getattr sched_setattr ioprio_get ioprio_set
mlockall munlockall msgget msgsnd msgrcv msgctl semget semop semtimedop semctl shmget shmat
shmdt shmctl mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr
timer_create timer_settime timer_gettime timer_getoverrun timer_delete vmsplice fanotify_init io_setup io_destroy io_getevents
io_submit io_cancel io_pgetevents setuid setgid setreuid setregid setresuid setresgid
setgroups setfsuid setfsgid
""".split())

# Refused at every profile: kills the caller with SIGSYS and is named in the audit.
ALWAYS_REFUSED = frozenset("""
ptrace process_vm_readv process_vm_writev mount umount2 pivot_root chroot reboot iopl ioperm
kexec_load kexec_file_load init_module finit_module delete_module bpf perf_event_open
userfaultfd keyctl add_key request_key io_uring_setup io_uring_enter io_uring_register
unshare setns open_by_handle_at swapon swapoff settimeofday clock_settime clock_adjtime
adjtimex sethostname setdomainname acct quotactl quotactl_fd lookup_dcookie nfsservctl
vhangup fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr
create_module get_kernel_syms query_module uselib kcmp syslog
""".split())

PROFILES: dict[str, frozenset[str]] = {
    # General commands: shells, coreutils, interpreters, git.
    "default": BASE | FS_READ | FS_WRITE | PROCESS | SOCKETS,
    # One Python (or other interpreter) script: no SysV IPC, no setuid-family calls.
    "python": BASE | FS_READ | FS_WRITE | PROCESS | SOCKETS,
    # Compilers, make, package builds: default plus IPC, timers, AIO, id switching
    # (which cannot gain anything: every capability is gone).
    "build": BASE | FS_READ | FS_WRITE | PROCESS | SOCKETS | BUILD_EXTRAS,
    # Inspect only: files opened for reading only, no filesystem changes.
    "readonly": BASE | FS_READ | SOCKETS | frozenset({"execve", "fork", "vfork"}),
}
# "python" differs from "default" by what it refuses outright, see PROFILE_REFUSED.
PROFILE_REFUSED: dict[str, frozenset[str]] = {
    "python": frozenset({"mknod", "mknodat", "execveat"}),
    "readonly": frozenset(),
}

NAMESPACE_FLAGS = 0x7E020080  # CLONE_NEW{NS,CGROUP,UTS,IPC,USER,PID,NET} | CLONE_NEWTIME
WRITE_OPEN_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def profile_names() -> tuple[str, ...]:
    return tuple(PROFILES)


def refused(profile: str, allow_net: bool, no_exec: bool = False) -> frozenset[str]:
    """Syscalls whose attempt kills the caller (the rest outside the profile get EPERM)."""
    extra = frozenset() if allow_net else NETWORK
    if no_exec:
        extra |= {"execve", "execveat"}
    return ALWAYS_REFUSED | extra | PROFILE_REFUSED.get(profile, frozenset())


@functools.lru_cache(maxsize=32)
def build_filter(profile: str, allow_net: bool, no_exec: bool) -> bytes:
    """The BPF program (struct sock_filter[]) for a profile, as bytes: from this process's
    memory, else from the on-disk cache, else compiled (and cached)."""
    if profile not in PROFILES:
        raise PolicyError(f"unknown seccomp profile {profile!r}; choose one of {', '.join(PROFILES)}")
    key = _cache_key(profile, allow_net, no_exec)
    bpf = _cache_read(key)
    if bpf is None:
        bpf = _compile(profile, allow_net, no_exec)
        _cache_write(key, bpf)
    return bpf


# --- on-disk cache of compiled filters -------------------------------------------------
# Loading libseccomp and compiling a profile takes 15-30 ms, paid by every new process's
# first run (every CLI call). The program is cached per (profile, allow_net, no_exec),
# keyed also by this module's source (the syscall sets and rules), the machine and the
# pyseccomp installation. A filter decides what the sandbox may do, so a cached one is
# used only from a file and directory owned by this user and writable by no one else,
# with the key's digest in its header; anything else is ignored and rebuilt.

_MAGIC = b"agent-immune seccomp 1\n"


def _cache_dir() -> str:
    from .._paths import HOME_ENV, default_data_home

    home = os.environ.get(HOME_ENV)
    return os.path.join(os.path.expanduser(home) if home else str(default_data_home()), "sandbox")


def _cache_key(profile: str, allow_net: bool, no_exec: bool) -> bytes:
    import hashlib
    import importlib.util

    h = hashlib.sha256()
    with open(__file__, "rb") as f:
        h.update(f.read())
    spec = importlib.util.find_spec("pyseccomp")
    if spec is not None and spec.origin:
        st = os.stat(spec.origin)
        h.update(f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}".encode())
    h.update(f"{os.uname().machine}:{profile}:{allow_net}:{no_exec}".encode())
    return h.digest()


def _private(st: os.stat_result) -> bool:
    return st.st_uid == os.geteuid() and not st.st_mode & 0o022


def _cache_read(key: bytes) -> bytes | None:
    import stat

    directory = _cache_dir()
    try:
        if not _private(os.stat(directory)):
            return None
        fd = os.open(os.path.join(directory, f"seccomp-{key.hex()[:32]}.bpf"), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size > 1 << 20:
            return None
        data = os.read(fd, st.st_size)
    finally:
        os.close(fd)
    head = _MAGIC + key
    bpf = data[len(head):]
    if not data.startswith(head) or not bpf or len(bpf) % 8:
        return None
    return bpf


def _cache_write(key: bytes, bpf: bytes) -> None:
    directory = _cache_dir()
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        if not _private(os.stat(directory)):
            return
        path = os.path.join(directory, f"seccomp-{key.hex()[:32]}.bpf")
        tmp = f"{path}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, _MAGIC + key + bpf)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError:
        pass   # no cache: the next process compiles again


def _compile(profile: str, allow_net: bool, no_exec: bool) -> bytes:
    try:
        import pyseccomp as sc
    except (ImportError, RuntimeError) as exc:
        raise SandboxUnavailable(f"seccomp level needs libseccomp (pyseccomp): {exc}") from None
    allowed = set(PROFILES[profile]) - refused(profile, allow_net)
    if allow_net:
        allowed |= NETWORK
    if no_exec:
        allowed -= {"execve", "execveat"}
    filt = sc.SyscallFilter(sc.NOTIFY)
    # A syscall from another ABI (i386, x32) on x86_64 is an escape route: kill.
    filt.set_attr(sc.Attr.ACT_BADARCH, sc.KILL_PROCESS)
    # A binary tree over the syscall numbers instead of libseccomp's linear list: the
    # same decisions, but the kernel evaluates it in O(log n) per syscall, and so also
    # builds its per-syscall action cache at load time twice as fast (0.3 ms instead of
    # 0.6 ms for the default profile here), a direct cost of every launch.
    try:
        filt.set_attr(sc.Attr.CTL_OPTIMIZE, 2)
    except (OSError, ValueError):
        pass   # libseccomp < 2.5: the linear list, same decisions
    for name in sorted(allowed):
        try:
            if profile == "readonly" and name in ("open", "openat"):
                flags_arg = 1 if name == "open" else 2
                filt.add_rule(sc.ALLOW, name, sc.Arg(flags_arg, sc.MASKED_EQ, WRITE_OPEN_FLAGS, 0))
            elif profile == "readonly" and name == "openat2":
                filt.add_rule(sc.ERRNO(errno.ENOSYS), name)  # its flags are out of reach
            else:
                filt.add_rule(sc.ALLOW, name)
        except (OSError, ValueError):
            continue  # not a syscall on this architecture
    # clone is fine without namespace flags; clone3 hides its flags from seccomp, so it
    # reports ENOSYS and libc falls back to clone (as container runtimes do).
    filt.add_rule(sc.ALLOW, "clone", sc.Arg(0, sc.MASKED_EQ, NAMESPACE_FLAGS, 0))
    filt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    r, w = os.pipe()
    try:
        with os.fdopen(w, "wb", closefd=False) as out:
            filt.export_bpf(out)
        os.close(w)
        w = -1
        chunks = []
        while chunk := os.read(r, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)


def syscall_name(nr: int) -> str:
    try:
        import pyseccomp as sc

        return sc.resolve_syscall(sc.Arch.NATIVE, nr).decode()
    except Exception:  # noqa: BLE001 - an unknown number is still reported
        return f"syscall_{nr}"


# --- loading (runs in the child, after fork: no imports, no allocation-heavy work) ---

_NR = {"x86_64": {"seccomp": 317}, "aarch64": {"seccomp": 277}}
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3
_libc = ctypes.CDLL(None, use_errno=True)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def nr(name: str) -> int:
    try:
        return _NR[os.uname().machine][name]
    except KeyError:
        raise SandboxUnavailable(f"seccomp level is not supported on {os.uname().machine}") from None


class Loader:
    """Prepared in the parent; `load()` in the child installs the filter, returns the listener."""

    def __init__(self, bpf: bytes) -> None:
        self._buf = ctypes.create_string_buffer(bpf, len(bpf))
        self._prog = _SockFprog(len(bpf) // 8, ctypes.addressof(self._buf))
        self._nr = nr("seccomp")

    def load(self) -> int:
        fd = _libc.syscall(self._nr, _SECCOMP_SET_MODE_FILTER, _SECCOMP_FILTER_FLAG_NEW_LISTENER,
                           ctypes.byref(self._prog))
        if fd < 0:
            e = ctypes.get_errno()
            raise OSError(e, f"seccomp filter with user notification: {os.strerror(e)}")
        return fd
