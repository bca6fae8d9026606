"""The Firecracker backend: drives Firecracker's HTTP API over its unix socket.

Firecracker has no 9p and no virtio-serial, so the guest differs from the QEMU one:

- the root is the ext4 image named by `[muscle] firecracker_rootfs`, attached read-only
  (the guest agent overlays it with tmpfs, so writes are discarded). Secrets are whatever
  that image holds: build it without them;
- the workdir is copied into an ext4 image (`mke2fs -d`) attached read-write; the
  command's changes stay in that image and are not copied back;
- the job is a raw read-only drive, as with QEMU;
- stdout/stderr/status come back on the serial console (Firecracker's stdout), framed
  by the guest agent (see protocol.py), so the streams arrive when the command ends;
- the guest resets with `reboot=k`, which makes Firecracker exit.

Requests, in the order Firecracker needs them: PUT /boot-source, PUT /drives/{id} for
each drive, PUT /machine-config, optional PUT /vsock, then PUT /actions InstanceStart.
This module is verified here only against Firecracker's API description (no KVM that
can run Firecracker is available): see tests/sandbox/test_microvm_firecracker_contract.py.
"""
from __future__ import annotations

import http.client
import json
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
from typing import Any, Sequence

from ...errors import SandboxUnavailable
from ..policy import Policy
from ..result import ExecutionResult
from .image import Image
from .protocol import ConsoleDemux, GuestReport, Sink, build_result, render_job

BOOT_ARGS = "console=ttyS0 quiet loglevel=1 reboot=k panic=-1 pci=off rdinit=/init"
BACKEND = "firecracker"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, socket_path: str, timeout: float = 5.0) -> None:
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class ApiClient:
    """Firecracker's API: JSON bodies, 204 on success, {"fault_message": ...} on error."""

    def __init__(self, socket_path: str) -> None:
        self.socket_path = socket_path

    def put(self, path: str, body: dict[str, Any]) -> None:
        conn = UnixHTTPConnection(self.socket_path)
        try:
            data = json.dumps(body).encode()
            conn.request("PUT", path, body=data,
                         headers={"Content-Type": "application/json", "Accept": "application/json"})
            resp = conn.getresponse()
            payload = resp.read()
        except OSError as exc:
            raise SandboxUnavailable(f"firecracker API {path}: {exc}") from None
        finally:
            conn.close()
        if resp.status >= 300:
            try:
                fault = json.loads(payload).get("fault_message", "")
            except ValueError:
                fault = payload[:200].decode("utf-8", "replace")
            raise SandboxUnavailable(f"firecracker refused PUT {path} ({resp.status}): {fault}")


@dataclass(frozen=True)
class Drive:
    drive_id: str
    path: str
    read_only: bool


@dataclass(frozen=True)
class VmSpec:
    kernel: str
    initramfs: str
    boot_args: str
    mem_mib: int
    vcpus: int
    drives: tuple[Drive, ...] = ()
    vsock_uds: str | None = None


def vcpu_count(cpus: float) -> int:
    # Firecracker accepts 1 or an even number of vCPUs.
    n = max(1, math.ceil(cpus))
    return n if n == 1 else n + n % 2


def spec_for(policy: Policy, image: Image, drives: Sequence[Drive]) -> VmSpec:
    return VmSpec(kernel=image.kernel, initramfs=image.initramfs, boot_args=BOOT_ARGS,
                  mem_mib=max(64, policy.memory_bytes // (1024 * 1024)),
                  vcpus=vcpu_count(policy.cpus), drives=tuple(drives))


def configure_and_start(api: ApiClient, spec: VmSpec) -> None:
    """Send the configuration then InstanceStart; every request must succeed first."""
    api.put("/boot-source", {"kernel_image_path": spec.kernel, "initrd_path": spec.initramfs,
                             "boot_args": spec.boot_args})
    for drive in spec.drives:
        api.put(f"/drives/{drive.drive_id}", {"drive_id": drive.drive_id, "path_on_host": drive.path,
                                              "is_root_device": False, "is_read_only": drive.read_only})
    api.put("/machine-config", {"vcpu_count": spec.vcpus, "mem_size_mib": spec.mem_mib, "smt": False})
    if spec.vsock_uds:
        api.put("/vsock", {"guest_cid": 3, "uds_path": spec.vsock_uds})
    api.put("/actions", {"action_type": "InstanceStart"})


def _wait_for_socket(path: Path, proc: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            return
        if proc.poll() is not None:
            raise SandboxUnavailable(f"firecracker exited ({proc.returncode}) before opening its API socket")
        time.sleep(0.01)
    raise SandboxUnavailable("firecracker did not open its API socket")


def _workdir_image(workdir: str, dest: Path) -> None:
    used = sum(f.stat().st_size for f in Path(workdir).rglob("*") if f.is_file() and not f.is_symlink())
    size_mb = max(64, used * 2 // (1024 * 1024) + 64)
    proc = subprocess.run(["mke2fs", "-q", "-t", "ext4", "-d", workdir, "-F", str(dest), f"{size_mb}M"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SandboxUnavailable(f"cannot build the workdir image: {proc.stderr.strip()}")


def run(argv: Sequence[str], policy: Policy, image: Image, binary: str, rootfs: str,
        sinks: tuple[Sink | None, Sink | None] = (None, None)) -> ExecutionResult:
    if policy.allow_net:
        raise SandboxUnavailable("--allow-net is not supported by the firecracker backend (no tap device is configured)")
    run_dir = Path(tempfile.mkdtemp(prefix="agent-immune-fc-"))
    try:
        drives = [Drive("job", str(run_dir / "job.img"), True), Drive("rootfs", rootfs, True)]
        work_dev = ""
        if policy.workdir:
            _workdir_image(policy.workdir, run_dir / "work.img")
            drives.append(Drive("work", str(run_dir / "work.img"), False))
            work_dev = "/dev/vdc"
        # Drives appear in the guest in the order they were configured: vda, vdb, vdc.
        (run_dir / "job.img").write_bytes(render_job(argv, policy, root="blk", root_dev="/dev/vdb",
                                                     workdir=policy.workdir, work_dev=work_dev))
        return _boot(spec_for(policy, image, drives), policy, binary, run_dir, sinks)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _boot(spec: VmSpec, policy: Policy, binary: str, run_dir: Path,
          sinks: tuple[Sink | None, Sink | None]) -> ExecutionResult:
    api_sock = run_dir / "api.sock"
    started = time.monotonic()
    proc = subprocess.Popen([binary, "--api-sock", str(api_sock)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    report = GuestReport()
    console = ConsoleDemux(report, policy.output_limit_bytes, sinks)
    timed_out = False
    try:
        _wait_for_socket(api_sock, proc)
        configure_and_start(ApiClient(str(api_sock)), spec)
        assert proc.stdout is not None
        os.set_blocking(proc.stdout.fileno(), False)
        with selectors.DefaultSelector() as sel:
            sel.register(proc.stdout, selectors.EVENT_READ)
            deadline = started + policy.timeout_s
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    timed_out = True
                    break
                if not sel.select(timeout=min(remaining, 0.5)):
                    if proc.poll() is not None:
                        break
                    continue
                chunk = proc.stdout.read(65536)
                if not chunk:
                    break
                console.feed(chunk, time.monotonic())
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return build_result(report=report, policy=policy, backend=BACKEND,
                        stdout=console.streams["stdout"], stderr=console.streams["stderr"],
                        duration_ms=(time.monotonic() - started) * 1000, timed_out=timed_out,
                        launched_at=started, console_tail=bytes(console.other.data))
