"""The QEMU backend: `-M microvm`, KVM when it works, TCG (software emulation) otherwise.

The guest sees the host root read-only over virtio-9p (its writes land in a tmpfs
overlay inside the guest and vanish with it), the workdir over a second, writable 9p
share, no network device unless the policy allows it, `memory_bytes` of RAM and
`cpus` vCPUs. QEMU itself runs under bubblewrap in a private mount namespace in which
every secret path is covered (directories by an empty tmpfs, files by /dev/null) and
/proc, /tmp and /run are private, so the 9p server cannot hand them to the guest even
if the guest's root user mounts the share again.
"""
from __future__ import annotations

import math
import os
import selectors
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from ...errors import SandboxUnavailable
from ..policy import Policy
from ..result import ExecutionResult
from .image import Image
from .protocol import Bounded, ConsoleDemux, ControlStream, GuestReport, Sink, build_result, render_job

QEMU = "qemu-system-x86_64"
PORTS = ("ai-ctl", "ai-stdout", "ai-stderr")
# quiet + loglevel=1: the console carries the agent's lines, not boot chatter (and
# printing through an emulated UART is slow under TCG). reboot=t: the guest's final
# reset is a triple fault, which -no-reboot turns into QEMU exiting.
KERNEL_ARGS = "console=ttyS0 quiet loglevel=1 reboot=t panic=-1 rdinit=/init 8250.nr_uarts=1"
# Under TCG the timer calibrations cannot succeed (no HPET/PM timer, an emulated PIT
# whose timing is off) and only burn time: the delay-loop calibration and the APIC
# timer verification took ~0.4 s and ~0.25 s of a boot. lpj presets the former (its
# value only scales udelay, which virtio drivers barely use); noapictimer leaves the
# ticks to the PIT. Under KVM, kvm-clock makes both unnecessary.
TCG_KERNEL_ARGS = "lpj=8192 noapictimer tsc=reliable no_timer_check"


def qemu_binary() -> str | None:
    return shutil.which(QEMU)


@dataclass(frozen=True)
class Launch:
    """Everything that shapes one VM run apart from the command."""

    image: Image
    accel: str                     # "kvm" | "tcg"
    transport: str = "ports"       # "ports" (virtio-serial streams) | "console" (serial, framed)


def backend_name(accel: str) -> str:
    return f"qemu-{accel}"


def _opt(path: object) -> str:
    """A path inside a QEMU option list, where a comma separates options unless doubled."""
    return str(path).replace(",", ",,")


def machine_args(launch: Launch, policy: Policy, run_dir: Path, workdir: str | None) -> list[str]:
    mem_mb = max(64, policy.memory_bytes // (1024 * 1024))
    cpus = max(1, math.ceil(policy.cpus))
    accel = ["-accel", "kvm", "-cpu", "host"] if launch.accel == "kvm" else ["-accel", "tcg", "-cpu", "max"]
    args = [
        # Keep microvm's RTC: without one the kernel waits out a 1 s timeout reading
        # the wall clock (intermittently, since it polls the absent chip's UIP bit).
        QEMU, "-M", "microvm,acpi=off,x-option-roms=off", *accel,
        "-m", str(mem_mb), "-smp", str(cpus),
        "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-kernel", launch.image.kernel, "-initrd", launch.image.initramfs,
        "-append", KERNEL_ARGS + ("" if launch.accel == "kvm" else " " + TCG_KERNEL_ARGS),
        # The UART writes one byte at a time and QEMU drops a byte after a few failed
        # writes: on a unix socket every byte is charged as a whole buffer, so a busy
        # host reading late lost console bytes. A FIFO holds 64 KiB of them.
        "-chardev", f"pipe,id=console,path={_opt(run_dir / 'console')}", "-serial", "chardev:console",
        "-drive", f"id=job,file={_opt(run_dir / 'job.img')},format=raw,if=none,readonly=on",
        "-device", "virtio-blk-device,drive=job",
        "-fsdev", "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap",
        "-device", "virtio-9p-device,fsdev=hostroot,mount_tag=hostroot",
    ]
    if launch.transport == "ports":
        args += ["-device", "virtio-serial-device,max_ports=4"]
        for nr, name in enumerate(PORTS, start=1):
            args += ["-chardev", f"socket,id={name},path={_opt(run_dir / (name + '.sock'))}",
                     "-device", f"virtserialport,chardev={name},name={name},nr={nr}"]
    if workdir:
        args += ["-fsdev", f"local,id=work,path={_opt(workdir)},security_model=none,multidevs=remap",
                 "-device", "virtio-9p-device,fsdev=work,mount_tag=work"]
    if policy.allow_net:
        args += ["-netdev", "user,id=net0", "-device", "virtio-net-device,netdev=net0"]
    return args


def _expand(path: str) -> str:
    return os.path.realpath(os.path.expanduser(path))


def isolation_args(policy: Policy, keep: Sequence[str]) -> list[str]:
    """bubblewrap: a private mount namespace for QEMU with the secrets covered."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("the microVM level needs bubblewrap (Debian package bubblewrap) "
                                 "to hide secrets from the guest's view of the host root")
    args = [bwrap, "--dev-bind", "/", "/", "--die-with-parent", "--unshare-pid",
            "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/run"]
    for path in sorted({_expand(p) for p in policy.secret_paths}):
        if os.path.isdir(path):
            args += ["--tmpfs", path]
        elif os.path.lexists(path):
            args += ["--ro-bind", "/dev/null", path]
    # Re-expose what this run needs below the private /tmp and /run (in this order, after).
    for path in keep:
        args += ["--bind", path, path]
    return args + ["--"]


def _console_fifos(run_dir: Path) -> tuple[int, int]:
    """QEMU's pipe chardev opens <path>.out to write and <path>.in to read. Both ends
    are opened read-write here: nothing blocks, and the read end never reports EOF,
    so the loop drains it until it would block."""
    fds = []
    for suffix in ("out", "in"):
        path = run_dir / f"console.{suffix}"
        os.mkfifo(path, 0o600)
        fds.append(os.open(path, os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC))
    return fds[0], fds[1]


def _drain(fd: int, feed: Callable[[bytes, float], None]) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            return
        if not chunk:
            return
        feed(chunk, time.monotonic())


def _listen(path: Path) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(str(path))
    s.listen(1)
    s.setblocking(False)
    return s


def run(argv: Sequence[str], policy: Policy, launch: Launch,
        sinks: tuple[Sink | None, Sink | None] = (None, None)) -> ExecutionResult:
    workdir_tmp = None
    workdir = policy.workdir
    if workdir is None:
        workdir = workdir_tmp = tempfile.mkdtemp(prefix="agent-immune-work-")
    workdir = os.path.realpath(workdir)
    if not os.path.isdir(workdir):
        raise SandboxUnavailable(f"workdir {workdir} is not a directory")
    run_dir = Path(tempfile.mkdtemp(prefix="agent-immune-vm-"))
    try:
        return _run_in(argv, policy, launch, workdir, run_dir, sinks)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
        if workdir_tmp:
            shutil.rmtree(workdir_tmp, ignore_errors=True)


def _run_in(argv: Sequence[str], policy: Policy, launch: Launch, workdir: str, run_dir: Path,
            sinks: tuple[Sink | None, Sink | None]) -> ExecutionResult:
    (run_dir / "job.img").write_bytes(render_job(argv, policy, root="9p", workdir=workdir))
    names = list(PORTS) if launch.transport == "ports" else []
    listeners = {name: _listen(run_dir / f"{name}.sock") for name in names}
    console_fd, console_in = _console_fifos(run_dir)
    keep = [str(run_dir), workdir, launch.image.kernel, launch.image.initramfs]
    cmd = isolation_args(policy, keep) + machine_args(launch, policy, run_dir, workdir)
    qemu_log = (run_dir / "qemu.log").open("w+b")
    report = GuestReport()
    stdout, stderr = Bounded(policy.output_limit_bytes, sinks[0]), Bounded(policy.output_limit_bytes, sinks[1])
    console = ConsoleDemux(report, policy.output_limit_bytes, sinks) if launch.transport == "console" \
        else ControlStream(report)
    if isinstance(console, ConsoleDemux):
        stdout, stderr = console.streams["stdout"], console.streams["stderr"]
    sinks = {"ai-ctl": ControlStream(report).feed,
             "ai-stdout": lambda data, _now: stdout.add(data),
             "ai-stderr": lambda data, _now: stderr.add(data)}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=qemu_log, stderr=qemu_log,
                            start_new_session=True, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    sel = selectors.DefaultSelector()
    for name, lsock in listeners.items():
        sel.register(lsock, selectors.EVENT_READ, ("listen", name))
    # A pidfd wakes the loop the moment QEMU exits, instead of at the next poll.
    pidfd = os.pidfd_open(proc.pid)
    sel.register(pidfd, selectors.EVENT_READ, ("exit", ""))
    sel.register(console_fd, selectors.EVENT_READ, ("console", "console"))
    open_conns = 0
    exited = timed_out = False
    deadline = started + policy.timeout_s
    try:
        while not (exited and open_conns == 0):
            now = time.monotonic()
            if now >= deadline:
                timed_out = True
                break
            for key, _ in sel.select(timeout=deadline - now):
                kind, name = key.data
                if kind == "exit":
                    sel.unregister(pidfd)
                    exited = True
                    _drain(console_fd, console.feed)
                elif kind == "console":
                    _drain(console_fd, console.feed)
                elif kind == "listen":
                    conn, _ = key.fileobj.accept()
                    conn.setblocking(False)
                    sel.register(conn, selectors.EVENT_READ, ("conn", name))
                    open_conns += 1
                else:
                    try:
                        chunk = key.fileobj.recv(65536)
                    except BlockingIOError:
                        continue
                    if chunk:
                        sinks[name](chunk, time.monotonic())
                    else:
                        sel.unregister(key.fileobj)
                        key.fileobj.close()
                        open_conns -= 1
            if report.done and not exited:
                # Everything the guest wrote is already in our socket buffers (a
                # virtio-serial write returns once QEMU has passed it on): no need to
                # wait for the guest's reset; reading goes on until each stream's EOF.
                _stop(proc)
    finally:
        _stop(proc)
        for key in list(sel.get_map().values()):
            if key.fileobj not in (pidfd, console_fd):
                key.fileobj.close()
        sel.close()
        for fd in (pidfd, console_fd, console_in):
            os.close(fd)
    duration_ms = (time.monotonic() - started) * 1000
    qemu_log.seek(0)
    log_tail = qemu_log.read()[-4000:]
    qemu_log.close()
    if report.started_at is None and not timed_out:
        raise SandboxUnavailable(
            f"the microVM did not start ({backend_name(launch.accel)}, exit {proc.returncode}): "
            + (log_tail.decode("utf-8", "replace").strip() or bytes(console.other.data[-2000:]).decode("utf-8", "replace")))
    return build_result(report=report, policy=policy, backend=backend_name(launch.accel),
                        stdout=stdout, stderr=stderr, duration_ms=duration_ms, timed_out=timed_out,
                        launched_at=started, console_tail=bytes(console.other.data))


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait()
