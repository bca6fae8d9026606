"""The sandbox side of a seccomp-level launch: the init (pid 1), which spawns the command.

It runs in a forked child, so they use only modules imported before the fork (the
caller may be multithreaded) and report a failure over the control socket ("S:" set-up,
"X:" exec) before exiting, so the caller fails closed. Everything it needs travels in
a LaunchSpec, a plain picklable value, so a standby init (standby.py) can receive it.
"""
from __future__ import annotations

import os
import pickle
import signal
import socket
import struct
from dataclasses import dataclass
from typing import NoReturn

from . import caps, landlock, mounts, namespaces, rlimits, seccomp
from .childproc import DEFAULT_SIGNALS, die

STATUS = struct.Struct("=iq")      # wait status, ru_maxrss (KiB) of the command


@dataclass(frozen=True)
class LaunchSpec:
    path: str                       # resolved executable
    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    workdir: str
    allow_net: bool
    plan: mounts.MountPlan
    landlock_abi: int
    writable: tuple[str, ...]       # Landlock write rules
    limits: tuple[tuple[int, int], ...]
    cap_last: int
    bpf: bytes
    umask: int = 0o022              # the caller's at the run (a standby started earlier)


@dataclass(frozen=True)
class Fds:
    stdin: int
    stdout: int
    stderr: int
    ctl: int        # SOCK_SEQPACKET to the supervisor
    status: int     # pipe: the init writes the command's wait status


def prefault() -> None:
    """For a standby init, while idle. It is a fork of the caller, so the first write to
    each page of the caller's memory it shares costs a copy-on-write fault (about 100 on
    a launch, a good part of the launch's own Python work): running the launch's
    harmless parts once here (unpickling a LaunchSpec, building the Landlock and seccomp
    structures, packing the status) takes those faults now instead."""
    probe = LaunchSpec(path="/", argv=("/",), env=(("A", "B"),), workdir="/", allow_net=False,
                       plan=mounts.MountPlan("/", ("/",), 1), landlock_abi=0, writable=("/",),
                       limits=((0, 0),), cap_last=0, bpf=b"\0" * 8)
    pickle.loads(pickle.dumps(probe))
    landlock.Ruleset(landlock.abi_version() or 1, ["/"], False)
    seccomp.Loader(probe.bpf)
    STATUS.pack(0, 0)


def init_main(spec: LaunchSpec, fds: Fds, go: int | None,
              prepared: namespaces.Prepared | None = None) -> NoReturn:
    """pid 1 of the sandbox. Builds the namespaces and mounts, waits until the caller has
    put it in the cgroup (`go` gets a byte), confines itself exactly as the command will
    be (cgroup namespace, rlimits, no capabilities, no_new_privs, Landlock, seccomp), hands
    the seccomp listener to the supervisor, then spawns the command (vfork + exec: no
    second copy of this Python process) and reaps until it exits."""
    try:
        caps.die_with_parent()
        # The command may signal its init: without a Python handler, pid 1 ignores them.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # A caller that ignores SIGCHLD (the kernel then reaps its children) would pass
        # that on: the wait for the command below would see no status, and the command's
        # own waits none either.
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        if prepared is not None:     # a standby: session, namespaces, common mounts made while idle
            prepared.finish(spec.allow_net)
            mounts.build_for(spec.plan)
        else:
            os.setsid()
            namespaces.unshare(namespaces.flags(spec.allow_net))
            namespaces.set_hostname()
            if not spec.allow_net:
                namespaces.loopback_up()
            mounts.build(spec.plan)
        os.chdir(spec.workdir)
        os.umask(spec.umask)
        caps.set_undumpable()   # stays so without capabilities: /proc/1 out of the command's reach
        if go is not None:
            if os.read(go, 1) != b"g":
                raise OSError(0, "the caller did not admit the sandbox into its cgroup")
            os.close(go)
        namespaces.enter_cgroup_namespace()
        rlimits.apply(list(spec.limits))
        keep = sorted({fds.stdin, fds.stdout, fds.stderr, fds.ctl, fds.status})
        lo = 3
        for fd in keep:
            if fd >= lo:
                os.closerange(lo, fd)
                lo = fd + 1
        os.closerange(lo, 1 << 16)
        # Only the dup2s below give the command its stdio: descriptors a standby received
        # over its control socket are inheritable, and the command would hold copies.
        for fd in keep:
            if fd > 2:
                os.set_inheritable(fd, False)
        ruleset = landlock.Ruleset(spec.landlock_abi, list(spec.writable), spec.allow_net) \
            if spec.landlock_abi else None
        loader = seccomp.Loader(spec.bpf)
        caps.drop_all(spec.cap_last)
        if ruleset is not None:
            ruleset.restrict()
        listener = loader.load()   # last: from here on every syscall is filtered
        socket.send_fds(socket.socket(fileno=os.dup(fds.ctl)), [b"F"], [listener])
        os.close(listener)
    except BaseException as exc:  # noqa: BLE001
        die(fds.ctl, "S", exc)
    try:
        cmd = os.posix_spawn(
            spec.path, list(spec.argv), dict(spec.env),
            file_actions=[(os.POSIX_SPAWN_DUP2, fds.stdin, 0), (os.POSIX_SPAWN_DUP2, fds.stdout, 1),
                          (os.POSIX_SPAWN_DUP2, fds.stderr, 2)],
            # Python ignores SIGPIPE and SIGXFSZ; the command gets the defaults back
            # (`yes | head` ends, a file past RLIMIT_FSIZE raises SIGXFSZ).
            setsigdef=DEFAULT_SIGNALS,
            setsigmask=(),
        )
    except BaseException as exc:  # noqa: BLE001
        die(fds.ctl, "X", exc)
    for fd in {fds.stdin, fds.stdout, fds.stderr, fds.ctl}:
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        while True:
            pid, status, usage = os.wait4(-1, 0)
            if pid == cmd:
                os.write(fds.status, STATUS.pack(status, usage.ru_maxrss))
                break
    finally:
        os._exit(0)
