"""Launch and supervise one command: level `none` or `seccomp`.

The seccomp level uses an in-process launcher (measured against bubblewrap in
bench/bench_sandbox.py; it is also the only way to keep a seccomp listener):

  caller (supervisor) --fork into a new pid namespace--> init (pid 1): new session,
      joins the run's cgroup (the caller moves it while it works), unshares mount/net/
      ipc/uts, builds the mounts, hostname and loopback; then confines itself as the
      command will be (cgroup namespace, rlimits, every inherited fd closed, no
      capabilities, no_new_privs, Landlock, seccomp last with a user-notification
      listener sent to the supervisor)
    --posix_spawn (vfork + exec)--> the command, which inherits all of it; the init
      reaps until it exits and reports its status            (launcher.init_main)

From the second run on, the init may come ready-made from standby.py. The supervisor
(this process, one thread, one poll loop) relays output (bounded, and live to optional
sinks), serves seccomp notifications (notify.py), samples memory from the cgroup,
enforces the timeout, and tears down: when the init exits the kernel kills everything
left in the pid namespace, the cgroup is swept and removed, the mounts die with their
namespace.
"""
from __future__ import annotations

import functools
import os
import select
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..errors import InputError, SandboxUnavailable
from . import audit, caps, cgroups, env as envmod, rlimits
from .childproc import die, restore_signals
from .policy import Policy
from .result import ExecutionResult

if TYPE_CHECKING:
    from .spare import Spare

Sink = Callable[[bytes], object]
_DRAIN_GRACE_S = 0.2


# --- preparation in the caller ------------------------------------------------------

def _resolve(argv0: str, path_env: str, workdir: str) -> str:
    if "/" in argv0:
        path = argv0 if argv0.startswith("/") else os.path.join(workdir, argv0)
        if not os.path.exists(path):
            raise InputError(f"command not found: {argv0}")
        return path
    import shutil   # here: the CLI's usual commands (/bin/sh -c, a path) start without it

    found = shutil.which(argv0, path=path_env)
    if not found:
        raise InputError(f"command not found: {argv0}")
    return found


def _umask() -> int:
    """This process's umask, read without changing it (os.umask would, for a moment, for
    every thread)."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _existing_secrets(paths: tuple[str, ...], home: str) -> tuple[str, ...]:
    """The real paths of the secret paths that exist now. Most of the default list is
    absent on a given machine, and one lstat says so for the cost of a fraction of a
    realpath (which walks every component)."""
    out = []
    for path in paths:
        if path == "~" or path.startswith("~/"):
            path = home + path[1:]
        try:
            os.lstat(path)
        except OSError:
            continue
        out.append(os.path.realpath(path))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def seccomp_missing() -> tuple[str, ...]:
    """Mechanisms the seccomp level needs that this kernel/machine lacks (they do not
    come and go while a process runs)."""
    from . import mounts, namespaces

    lacking = [f"{ns} namespace" for ns in namespaces.missing()]
    try:
        with open("/proc/sys/kernel/seccomp/actions_avail") as f:
            if "user_notif" not in f.read().split():
                lacking.append("seccomp user notification")
    except OSError:
        lacking.append("seccomp")
    if not mounts.supported():
        lacking.append("mount_setattr (Linux 5.12)")
    if not hasattr(os, "pidfd_open"):
        lacking.append("pidfd_open")
    lacking += cgroups.missing()
    if os.geteuid() != 0:
        lacking.append("root (the launcher creates namespaces and cgroups)")
    return tuple(lacking)


@dataclass
class _Stream:
    fd: int
    limit: int
    sink: Sink | None
    data: bytearray = field(default_factory=bytearray)
    truncated: bool = False
    open: bool = True

    def pump(self) -> None:
        try:
            chunk = os.read(self.fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            self.open = False
            return
        if self.sink is not None:
            try:
                self.sink(chunk)
            except (BrokenPipeError, OSError):
                self.sink = None
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        if len(chunk) > room:
            self.truncated = True


# --- the run --------------------------------------------------------------------------

def run(argv: list[str], policy: Policy, *, stdin: int | None = None,
        stdout_sink: Sink | None = None, stderr_sink: Sink | None = None) -> ExecutionResult:
    if not argv:
        raise InputError("no command given")
    if policy.level == "seccomp":
        lacking = seccomp_missing()
        if lacking:
            raise SandboxUnavailable("the seccomp level needs " + ", ".join(lacking)
                                     + " (use --level none to run without isolation)")
    own_workdir = policy.workdir is None
    if own_workdir:
        import tempfile

        workdir = tempfile.mkdtemp(prefix="agent-immune-")
    else:
        workdir = os.path.realpath(policy.workdir)
    if not os.path.isdir(workdir):
        raise InputError(f"workdir is not a directory: {policy.workdir}")
    try:
        return _Run(argv, policy, workdir, stdin, stdout_sink, stderr_sink).execute()
    finally:
        if own_workdir:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)


class _Run:
    def __init__(self, argv: list[str], policy: Policy, workdir: str, stdin: int | None,
                 stdout_sink: Sink | None, stderr_sink: Sink | None) -> None:
        self.argv, self.policy, self.workdir = list(argv), policy, workdir
        self.env, self.dropped = envmod.scrub(os.environ, policy.env)
        self.env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
        self.path = _resolve(argv[0], self.env["PATH"], workdir)
        self.stdin, self.sinks = stdin, (stdout_sink, stderr_sink)
        self.applied: dict = {"env_dropped": self.dropped, "workdir": workdir}
        self.out = audit.Outcome()

    # -- shared supervision ------------------------------------------------------------
    def execute(self) -> ExecutionResult:
        p = self.policy
        self.cg: cgroups.Cgroup | None = None
        self.memory: audit.MemoryTrack | None = None
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        parent_sock, child_sock = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        null_fd = os.open(os.devnull, os.O_RDONLY) if self.stdin is None else None
        stdin_fd = null_fd if null_fd is not None else self.stdin
        self.started = time.monotonic()
        self.supervisor = None
        self.own_child = True   # False for an init the zygote made (see standby.py)
        self.pidfd = -1
        pid = -1
        try:
            if p.level == "seccomp":
                pid = self._fork_seccomp(child_sock, stdin_fd, out_w, err_w)
                backend = "inprocess"
            else:
                pid = self._fork_none(child_sock, stdin_fd, out_w, err_w)
                backend = "subprocess"
            self.applied["cgroup"] = f"v{self.cg.version}" if self.cg else None
            self.memory = audit.MemoryTrack(p.memory_bytes) if self.cg else None
            for fd in (out_w, err_w):
                os.close(fd)
            out_w = err_w = -1
            child_sock.close()
            if self.pidfd < 0:
                self.pidfd = os.pidfd_open(pid)
            pidfd = self.pidfd
            streams = [_Stream(out_r, p.output_limit_bytes, self.sinks[0]),
                       _Stream(err_r, p.output_limit_bytes, self.sinks[1])]
            for s in streams:
                os.set_blocking(s.fd, False)
            self._supervise(pid, pidfd, parent_sock, streams)
        finally:
            if pid > 0:
                self._teardown(pid)
            else:
                if self.cg is not None:
                    self.cg.remove()
                if getattr(self, "status_r", None) is not None:
                    os.close(self.status_r)
            child_sock.close()
            for fd in (out_r, err_r, out_w, err_w, self.pidfd, null_fd):
                if fd is not None and fd >= 0:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            parent_sock.close()
            if self.supervisor is not None:
                os.close(self.supervisor.fd)
        if p.level == "seccomp":
            from . import standby

            # After the teardown: admitting the next init holds the kernel's cgroup lock
            # through an RCU grace period, which would stall this run's cgroup removal.
            standby.ran()
        if self.out.oom_killed:
            self.out.diagnostics.append(
                f"out of memory: the kernel killed a process at the {p.memory_bytes // (1024 * 1024)} MiB limit")
        if self.supervisor is not None and self.supervisor.unrecorded:
            self.out.diagnostics.append(f"{self.supervisor.unrecorded} further refused syscalls not listed")
        if self.out.timed_out:
            self.out.diagnostics.append(f"timed out after {p.timeout_s:g} s: every process was killed")
        return audit.build(policy=p, out=self.out, violations=self.supervisor.violations if self.supervisor else [],
                           memory=self.memory, started=self.started, stdout=bytes(streams[0].data),
                           stderr=bytes(streams[1].data), stdout_truncated=streams[0].truncated,
                           stderr_truncated=streams[1].truncated, backend=backend, applied=self.applied)

    def _supervise(self, pid: int, pidfd: int, ctl: socket.socket, streams: list[_Stream]) -> None:
        p = self.policy
        poller = select.poll()
        for s in streams:
            poller.register(s.fd, select.POLLIN)
        poller.register(pidfd, select.POLLIN)
        poller.register(ctl.fileno(), select.POLLIN)
        deadline = self.started + p.timeout_s
        next_sample = self.started
        exited_at: float | None = None
        notify_fd = -1
        while True:
            now = time.monotonic()
            if exited_at is not None and (not any(s.open for s in streams) or now > exited_at + _DRAIN_GRACE_S):
                break
            if exited_at is None and now >= deadline:
                self.out.timed_out = True
                self._kill_all(pid)
                deadline = float("inf")
            if self.memory is not None and now >= next_sample and exited_at is None:
                self.memory.add(now - self.started, self.cg.memory_usage())
                next_sample = now + audit.SAMPLE_INTERVAL_S
                if p.memory_early_stop and not self.out.early_stopped:
                    diag = self.memory.will_hit_limit()
                    if diag:
                        self.out.early_stopped = True
                        self.out.diagnostics.append(diag)
                        self._kill_all(pid)
            if self.supervisor is not None:
                self.supervisor.enforce_kills()
            wake = [deadline, next_sample if self.memory is not None else float("inf")]
            if exited_at is not None:
                wake.append(exited_at + _DRAIN_GRACE_S)
            if self.supervisor is not None and self.supervisor.next_deadline():
                wake.append(self.supervisor.next_deadline())
            timeout_ms = max(0, int((min(wake) - time.monotonic()) * 1000) + 1)
            for fd, ev in poller.poll(min(timeout_ms, 1000)):
                if fd == notify_fd:
                    if not self.supervisor.handle() or ev & (select.POLLHUP | select.POLLERR):
                        poller.unregister(notify_fd)
                        notify_fd = -1
                elif fd == pidfd:
                    poller.unregister(pidfd)
                    exited_at = time.monotonic()
                    self._reap(pid)
                    if p.level == "none":
                        self._kill_all(pid)   # background leftovers holding the pipes
                elif fd == ctl.fileno():
                    fds: list[int] = []
                    try:
                        msg, fds, _, _ = socket.recv_fds(ctl, 4096, 1)
                    except OSError:
                        msg = b""
                    if fds:
                        # Received inheritable: not for whatever the caller runs meanwhile
                        # (os.system), which could answer the sandbox's refused syscalls.
                        os.set_inheritable(fds[0], False)
                        from . import seccomp
                        from .notify import Supervisor

                        self.supervisor = Supervisor(fds[0], seccomp.refused(p.profile, p.allow_net, p.no_exec),
                                                     self.started, exec_pending=p.no_exec)
                        notify_fd = fds[0]
                        poller.register(notify_fd, select.POLLIN)
                    elif msg:
                        self._child_error(msg, pid)
                    else:
                        poller.unregister(ctl.fileno())
                else:
                    for s in streams:
                        if s.fd == fd:
                            s.pump()
                            if not s.open:
                                poller.unregister(fd)
        for s in streams:   # whatever is still buffered in the pipes
            while s.open:
                try:
                    s.pump()
                except OSError:
                    break
                if s.open and not select.select([s.fd], [], [], 0)[0]:
                    break

    def _child_error(self, msg: bytes, pid: int) -> None:
        kind, _, text = msg.decode("utf-8", "replace").partition(":")
        if kind == "X":       # exec of the command failed: report it like a shell
            self.out.diagnostics.append(f"cannot execute {self.argv[0]}: {text}")
            return
        self._kill_all(pid)
        raise SandboxUnavailable(f"sandbox setup failed: {text}")

    def _reap(self, pid: int) -> None:
        if not self.own_child:
            # an init from the zygote is the zygote's to reap (its pidfd said it exited);
            # waiting on its pid could, were the pid reused by then, reap a child of ours
            self.reaped = True
            return
        try:
            _, status, usage = os.wait4(pid, 0)
        except ChildProcessError:
            self.reaped = True
            return
        if self.policy.level == "none":
            self._set_status(status, usage.ru_maxrss)
        self.reaped = True

    def _set_status(self, status: int, maxrss: int) -> None:
        if os.WIFSIGNALED(status):
            self.out.signal = os.WTERMSIG(status)
        elif os.WIFEXITED(status):
            self.out.exit_code = os.WEXITSTATUS(status)
        self.out.peak_rss_kb = maxrss or None

    def _kill_all(self, pid: int) -> None:
        self.out.killed_by_us = True
        if self.policy.level == "none":
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.cg is not None:
            self.cg.kill_all()
        elif self.policy.level != "none":
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _teardown(self, pid: int) -> None:
        if not getattr(self, "reaped", False):
            self._kill_all(pid)
            if not self.own_child:
                # the zygote's child: its exit, which the zygote collects, shows on the pidfd
                if self.pidfd >= 0:
                    select.select([self.pidfd], [], [], 5)
            else:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
            self.reaped = True
        if self.policy.level == "seccomp" and self.out.exit_code is None and self.out.signal is None:
            self._read_status()
        if self.cg is not None and self.cg.dirs:
            self.cg.kill_all()
            self.out.oom_killed = self.cg.oom_kills() > 0
            peak = self.cg.memory_peak()
            if peak:
                # The cgroup holds the command only from just before its exec, so its peak is
                # the command's; ru_maxrss would include the forked Python's pages.
                self.out.peak_rss_kb = peak // 1024
            self.cg.remove()

    def _read_status(self) -> None:
        from .launcher import STATUS

        data = b""
        try:
            os.set_blocking(self.status_r, False)
            data = os.read(self.status_r, STATUS.size)
        except (OSError, AttributeError):
            pass
        if len(data) == STATUS.size:
            status, maxrss = STATUS.unpack(data)
            self._set_status(status, maxrss)
        else:
            self.out.signal = signal.SIGKILL   # the sandbox was killed before it could report
        try:
            os.close(self.status_r)
        except (OSError, AttributeError):
            pass

    # -- level none ------------------------------------------------------------------------
    def _fork_none(self, sock: socket.socket, stdin_fd: int, out_w: int, err_w: int) -> int:
        p = self.policy
        self.applied["isolation"] = "none"
        spare = self._take_spare()
        if spare is not None:
            try:
                spare.launch(self.path, self.argv, self.env, self.workdir,
                             rlimits.plan(p.file_size_bytes, p.open_files), [stdin_fd, out_w, err_w, sock.fileno()])
            except OSError:
                spare.discard()   # it died meanwhile: fork one as usual
            else:
                self.cg = spare.cg
                return spare.pid
        try:
            self.cg = cgroups.Cgroup.create(p.memory_bytes, p.pids, p.cpus)
        except OSError as exc:
            self.out.diagnostics.append(f"no cgroup limits ({exc.strerror}): only rlimits apply")
        limits = rlimits.plan(self.policy.file_size_bytes, self.policy.open_files)
        if self.cg is None:
            import resource

            limits.append((resource.RLIMIT_AS, self.policy.memory_bytes))
        go_r, go_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(go_w)
                caps.die_with_parent()
                os.setsid()
                for i, fd in enumerate((stdin_fd, out_w, err_w)):
                    os.dup2(fd, i)
                rlimits.apply(limits)
                os.chdir(self.workdir)
                restore_signals()
                os.read(go_r, 1)   # the caller has moved us into the cgroup
                os.closerange(3, sock.fileno())
                os.closerange(sock.fileno() + 1, 1 << 16)
            except BaseException as exc:  # noqa: BLE001 - reported to the caller
                die(sock.fileno(), "S", exc)
            try:
                os.execve(self.path, self.argv, self.env)
            except BaseException as exc:  # noqa: BLE001
                die(sock.fileno(), "X", exc)
        os.close(go_r)
        self._admit(pid, go_w)
        return pid

    def _take_spare(self) -> "Spare | None":
        """A level-none child already in a cgroup of its own (spare.py), with this run's
        limits written; None when the caller prepared none or it cannot be used."""
        spare_mod = sys.modules.get(f"{__package__}.spare")   # only a caller that prepared one
        spare = spare_mod.take() if spare_mod is not None else None
        if spare is None:
            return None
        try:
            spare.cg.set_limits(self.policy.memory_bytes, self.policy.pids, self.policy.cpus)
        except OSError:
            spare.discard()
            return None
        return spare

    def _admit(self, pid: int, go_w: int) -> None:
        """Move the child into the run's cgroup, then let it go on. The migration waits for
        an RCU grace period, so it runs here while the child prepares in parallel."""
        try:
            if self.cg is not None:
                self.cg.add(pid)
            os.write(go_w, b"g")
        except OSError as exc:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise SandboxUnavailable(f"cannot move the sandbox into its cgroup: {exc}") from None
        finally:
            os.close(go_w)

    # -- level seccomp ---------------------------------------------------------------------
    def _fork_seccomp(self, sock: socket.socket, stdin_fd: int, out_w: int, err_w: int) -> int:
        # Imported here (before any fork) so that level none and the CLI start light.
        from . import landlock, launcher, mounts, namespaces, seccomp, standby

        p = self.policy
        bpf = seccomp.build_filter(p.profile, p.allow_net, p.no_exec)
        home = os.environ.get("HOME") or os.path.expanduser("~")
        plan = mounts.MountPlan(self.workdir, _existing_secrets(p.secret_paths, home), p.memory_bytes)
        abi = landlock.abi_version()
        spec = launcher.LaunchSpec(
            path=self.path, argv=tuple(self.argv), env=tuple(self.env.items()), workdir=self.workdir,
            allow_net=p.allow_net, plan=plan, landlock_abi=abi,
            writable=(self.workdir, "/tmp", "/dev/shm", *(f"/dev/{d}" for d in mounts.DEVICES)),
            limits=tuple(rlimits.plan(p.file_size_bytes, p.open_files)), cap_last=caps.last_cap(), bpf=bpf,
            umask=_umask())
        self.applied.update({
            "isolation": "namespaces(mount,pid,ipc,uts,cgroup" + ("" if p.allow_net else ",net") + ")",
            "landlock_abi": abi or None, "seccomp": "allowlist+user-notification",
            "capabilities": "none", "no_new_privs": True,
            "secrets_hidden": list(plan.secrets),
        })
        status_r, status_w = os.pipe()
        self.status_r = status_r
        fds = launcher.Fds(stdin_fd, out_w, err_w, sock.fileno(), status_w)
        try:
            warm = standby.take() if standby.enabled() else None
            if warm is not None:
                try:
                    warm.cg.set_limits(p.memory_bytes, p.pids, p.cpus)
                    self.cg = warm.cg
                    self.pidfd = warm.launch(spec, fds)
                    self.own_child = warm.child
                    self.applied["launch"] = "standby"
                    return warm.pid
                except OSError:
                    self.cg = None
                    warm.discard()   # and launch cold
            try:
                self.cg = cgroups.Cgroup.create(p.memory_bytes, p.pids, p.cpus)
            except OSError as exc:
                raise SandboxUnavailable(f"cannot create the run's cgroup: {exc}") from None
            self.applied["launch"] = "cold"
            go_r, go_w = os.pipe()
            # The init is our own child: only this fork goes into the new pid namespace, the
            # caller's own namespaces stay as they were.
            pid = namespaces.fork_into_new_pid_namespace()
            if pid == 0:
                os.close(go_w)
                os.close(status_r)
                launcher.init_main(spec, fds, go_r)
            os.close(go_r)
            self._admit(pid, go_w)
            return pid
        finally:
            os.close(status_w)
