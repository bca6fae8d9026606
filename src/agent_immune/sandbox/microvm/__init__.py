"""The `firecracker` sandbox level: the command runs in a microVM with its own kernel.

Two backends behind the one level, picked by `select_backend`:

- `firecracker` when a Firecracker binary, a KVM that can run a guest, and a root image
  (`[muscle] firecracker_rootfs`) are all present;
- `qemu` otherwise: `-M microvm` with KVM when a test boot under KVM succeeds, else TCG
  (software emulation). The result's `backend` always names what ran
  (`qemu-tcg`, `qemu-kvm`, `firecracker`), so a TCG boot is never called Firecracker.

The KVM probe boots the real guest once under KVM with a short timeout (a broken KVM
fails or hangs rather than erroring cleanly) and caches the answer per host boot, QEMU
version and image. `$AGENT_IMMUNE_MICROVM_ACCEL=kvm|tcg` skips the probe.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from ...errors import SandboxUnavailable
from ..policy import Policy
from ..result import ExecutionResult
from . import image as image_mod
from .protocol import Sink

ACCEL_ENV = "AGENT_IMMUNE_MICROVM_ACCEL"
PROBE_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Backend:
    name: str             # "firecracker" | "qemu"
    accel: str            # "kvm" | "tcg"
    reason: str
    binary: str | None = None
    rootfs: str | None = None

    @property
    def label(self) -> str:
        """What ExecutionResult.backend will say."""
        return "firecracker" if self.name == "firecracker" else f"qemu-{self.accel}"


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return "unknown"


def _binary_identity(path: str) -> str:
    # Size and mtime change with every package upgrade; cheaper than running --version
    # before every VM.
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def kvm_device_usable() -> bool:
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    os.close(fd)
    return True


def probe_kvm(image: image_mod.Image | None, root: Path | None = None) -> tuple[bool, str]:
    """(usable, why). Boots the guest under KVM once; cached per boot/QEMU/image."""
    if not kvm_device_usable():
        return False, "/dev/kvm is missing or not accessible"
    from . import qemu

    binary = qemu.qemu_binary()
    if binary is None:
        return False, "qemu-system-x86_64 is not installed"
    if image is None:
        return False, "not probed: the guest image is not built"
    root = root or image_mod.images_dir()
    key = {"boot_id": _boot_id(), "qemu": _binary_identity(binary), "image": image.id}
    cache = root / "kvm-probe.json"
    try:
        cached = json.loads(cache.read_text())
        if cached.get("key") == key:
            return bool(cached["usable"]), str(cached["why"])
    except (OSError, ValueError, KeyError):
        pass
    policy = Policy(level="firecracker", timeout_s=PROBE_TIMEOUT_S, memory_bytes=128 * 1024 * 1024)
    try:
        result = qemu.run(["/bin/true"], policy, qemu.Launch(image=image, accel="kvm"))
        usable = result.status == "ok"
        why = "a test boot under KVM succeeded" if usable else \
            f"a test boot under KVM ended with status {result.status}"
    except SandboxUnavailable as exc:
        usable, why = False, f"a test boot under KVM failed: {str(exc)[:300]}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"key": key, "usable": usable, "why": why}) + "\n")
    except OSError:
        pass
    return usable, why


def select_backend(config: Any = None, image: image_mod.Image | None = None) -> Backend:
    if config is None:
        from ...config import load_config

        config = load_config()
    forced = os.environ.get(ACCEL_ENV, "").strip().lower()
    if forced and forced not in ("kvm", "tcg"):
        raise SandboxUnavailable(f"${ACCEL_ENV} must be kvm or tcg, not {forced!r}")
    if forced:
        kvm, why = forced == "kvm", f"forced by ${ACCEL_ENV}"
    else:
        kvm, why = probe_kvm(image)
    m = config.muscle
    fc_binary = m.firecracker_binary or shutil.which("firecracker")
    if fc_binary and kvm and m.firecracker_rootfs:
        return Backend("firecracker", "kvm", f"firecracker binary {fc_binary}; {why}",
                       binary=fc_binary, rootfs=os.path.expanduser(m.firecracker_rootfs))
    fc_note = ("no firecracker binary" if not fc_binary else
               "KVM unusable for firecracker" if not kvm else "no [muscle] firecracker_rootfs")
    return Backend("qemu", "kvm" if kvm else "tcg", f"{fc_note}; {why}")


def run(argv: Sequence[str], policy: Policy, *, stdout_sink: Sink | None = None,
        stderr_sink: Sink | None = None) -> ExecutionResult:
    """Run argv in a microVM under the policy; the level dispatcher calls this.

    The sinks receive the command's output live (QEMU streams it as it comes; under
    Firecracker it arrives when the command ends). The command's stdin is /dev/null.
    """
    from ...config import load_config

    if not argv:
        raise SandboxUnavailable("no command to run")
    config = load_config()
    img = image_mod.require_image()
    backend = select_backend(config, img)
    if backend.name == "firecracker":
        from . import firecracker

        assert backend.binary and backend.rootfs
        if config.muscle.firecracker_kernel:
            # A user-supplied kernel replaces the built one; the initramfs (the agent) stays ours.
            img = replace(img, kernel=os.path.expanduser(config.muscle.firecracker_kernel))
        return firecracker.run(argv, policy, img, backend.binary, backend.rootfs, (stdout_sink, stderr_sink))
    from . import qemu

    if qemu.qemu_binary() is None:
        raise SandboxUnavailable("the microVM level needs qemu-system-x86_64 (Debian package qemu-system-x86)")
    return qemu.run(argv, policy, qemu.Launch(image=img, accel=backend.accel), (stdout_sink, stderr_sink))


__all__ = ["Backend", "probe_kvm", "run", "select_backend"]
