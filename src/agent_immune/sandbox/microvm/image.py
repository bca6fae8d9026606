"""The microVM guest image: a kernel and an initramfs, built here from Debian packages.

Nothing binary is committed. The kernel is Debian's `linux-source-6.1` configured with
`make tinyconfig` plus the fragment `guest/kernel.config`; the initramfs holds
busybox-static, the init script `guest/init.sh` and the runner `guest/ai-run.c`
(compiled statically here). Both are cached, content-addressed, in
`<data_home>/microvm/`:

    kernel-<K>/vmlinux        K = hash(fragment, linux-source, gcc versions)
    initramfs-<I>.cpio        I = hash(init, runner, busybox, gcc versions)
    image-<K[:12]>-<I[:12]>.json   manifest; its name is the image id

so editing the init script rebuilds only the initramfs (a second), not the kernel
(minutes). Builds are reproducible: fixed KBUILD_BUILD_TIMESTAMP/USER/HOST and
SOURCE_DATE_EPOCH, and the cpio is written here with sorted entries, fixed mtimes and
owners.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterator

from ...errors import SandboxUnavailable

IMAGES_ENV = "AGENT_IMMUNE_MICROVM_DIR"
LINUX_SOURCE = Path("/usr/src/linux-source-6.1.tar.xz")
BUSYBOX = Path("/bin/busybox")
SOURCE_DATE_EPOCH = 1700000000  # fixed, so rebuilding gives the same bytes
KBUILD_ENV = {
    "KBUILD_BUILD_TIMESTAMP": "2023-11-14 22:13:20 UTC",
    "KBUILD_BUILD_USER": "agent-immune",
    "KBUILD_BUILD_HOST": "agent-immune",
    "KBUILD_BUILD_VERSION": "1",
    "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH),
    "LC_ALL": "C",
    "TZ": "UTC",
}
# Debian packages whose versions go into the cache keys (and that the build needs).
KERNEL_PACKAGES = ("linux-source-6.1", "gcc")
INITRAMFS_PACKAGES = ("busybox-static", "gcc", "libc6-dev")
BUILD_TOOLS = ("make", "gcc", "flex", "bison", "bc", "tar", "xz")


@dataclass(frozen=True)
class Image:
    id: str
    kernel: str        # path of the uncompressed vmlinux (ELF, PVH note)
    initramfs: str     # path of the newc cpio
    kernel_key: str
    initramfs_key: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def images_dir(data_home: Path | None = None) -> Path:
    """$AGENT_IMMUNE_MICROVM_DIR, else <data_home>/microvm."""
    env = os.environ.get(IMAGES_ENV)
    if env:
        return Path(env).expanduser()
    if data_home is None:
        from ...config import load_config

        data_home = load_config().data_home()
    return data_home / "microvm"


def guest_file(name: str) -> bytes:
    return resources.files(__package__).joinpath("guest", name).read_bytes()


DPKG_STATUS = Path("/var/lib/dpkg/status")
_versions_cache: dict[tuple[float, tuple[str, ...]], dict[str, str]] = {}


def _package_versions(names: tuple[str, ...]) -> dict[str, str]:
    """Installed Debian versions, asked once per change of dpkg's database (the image
    is looked up before every VM; a dpkg-query per package cost ~50 ms)."""
    try:
        stamp = DPKG_STATUS.stat().st_mtime
    except OSError:
        stamp = 0.0
    key = (stamp, names)
    if key not in _versions_cache:
        try:
            out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\n", *names],
                                 capture_output=True, text=True, check=False).stdout
        except FileNotFoundError:
            out = ""
        found = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
        _versions_cache[key] = {n: found.get(n, "missing") for n in names}
    return _versions_cache[key]


def _key(parts: list[bytes], packages: tuple[str, ...]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    for name, version in _package_versions(packages).items():
        h.update(f"{name}={version}\n".encode())
    return h.hexdigest()


def kernel_key() -> str:
    return _key([guest_file("kernel.config")], KERNEL_PACKAGES)


def initramfs_key() -> str:
    return _key([guest_file("init.sh"), guest_file("ai-run.c")], INITRAMFS_PACKAGES)


def expected_image(root: Path | None = None) -> Image:
    """The image the current sources and packages would give (built or not)."""
    root = root or images_dir()
    k, i = kernel_key(), initramfs_key()
    return Image(
        id=f"{k[:12]}-{i[:12]}",
        kernel=str(root / f"kernel-{k}" / "vmlinux"),
        initramfs=str(root / f"initramfs-{i}.cpio"),
        kernel_key=k,
        initramfs_key=i,
    )


def find_image(root: Path | None = None) -> Image | None:
    """The built image matching the current sources, or None."""
    image = expected_image(root)
    if Path(image.kernel).is_file() and Path(image.initramfs).is_file():
        return image
    return None


def require_image(root: Path | None = None) -> Image:
    image = find_image(root)
    if image is None:
        raise SandboxUnavailable(
            "the microVM guest image is not built; run `agent-immune microvm build` (or `make microvm`)")
    return image


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def _locked(root: Path) -> Iterator[None]:
    # Two `make test` runs (or a test and a build) must not build into the same place.
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build(root: Path | None = None, force: bool = False,
          log: Callable[[str], None] = lambda _msg: None) -> Image:
    """Build (or reuse) the guest image; returns it. Idempotent unless force."""
    root = root or images_dir()
    with _locked(root):
        image = expected_image(root)
        kernel, initramfs = Path(image.kernel), Path(image.initramfs)
        if force or not kernel.is_file():
            _check_tools()
            log(f"building guest kernel (Debian linux-source-6.1, tinyconfig + fragment) into {kernel.parent}")
            _build_kernel(kernel, log)
        else:
            log(f"kernel cached: {kernel}")
        if force or not initramfs.is_file():
            log(f"building initramfs into {initramfs}")
            _build_initramfs(initramfs)
        else:
            log(f"initramfs cached: {initramfs}")
        manifest = root / f"image-{image.id}.json"
        manifest.write_text(json.dumps({
            **image.to_dict(),
            "kernel_sha256": sha256_file(kernel),
            "initramfs_sha256": sha256_file(initramfs),
        }, indent=2) + "\n")
        return image


def _check_tools() -> None:
    missing = [t for t in BUILD_TOOLS if shutil.which(t) is None]
    if not LINUX_SOURCE.is_file():
        missing.append(f"{LINUX_SOURCE} (Debian package linux-source-6.1)")
    if not BUSYBOX.is_file():
        missing.append("busybox (Debian package busybox-static)")
    if missing:
        raise SandboxUnavailable("cannot build the microVM image, missing: " + ", ".join(missing)
                                 + " (`make sysdeps` installs them)")


def _run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    full_env = {**os.environ, **KBUILD_ENV, **(env or {})}
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
        raise SandboxUnavailable(f"microVM image build failed: {' '.join(cmd)}: " + " | ".join(tail))


def _build_kernel(dest: Path, log: Callable[[str], None]) -> None:
    build_dir = dest.parent.with_name(dest.parent.name + ".build")
    shutil.rmtree(build_dir, ignore_errors=True)
    build_dir.mkdir(parents=True)
    try:
        _run(["tar", "xf", str(LINUX_SOURCE), "--strip-components=1"], build_dir)
        fragment = build_dir / "agent-immune.config"
        fragment.write_bytes(guest_file("kernel.config"))
        arch = ["ARCH=x86_64"]
        _run(["make", *arch, "tinyconfig"], build_dir)
        _run(["scripts/kconfig/merge_config.sh", "-m", ".config", fragment.name], build_dir)
        _run(["make", *arch, "olddefconfig"], build_dir)
        _check_config(build_dir / ".config")
        jobs = str(os.cpu_count() or 1)
        log(f"compiling the kernel with {jobs} jobs (several minutes)")
        _run(["make", *arch, f"-j{jobs}", "vmlinux"], build_dir)
        staging = dest.parent.with_name(dest.parent.name + ".tmp")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        shutil.copyfile(build_dir / "vmlinux", staging / "vmlinux")
        shutil.copyfile(build_dir / ".config", staging / "config")
        shutil.rmtree(dest.parent, ignore_errors=True)
        staging.rename(dest.parent)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)


def _check_config(config: Path) -> None:
    """Every =y of the fragment must survive olddefconfig (a missing dependency drops it)."""
    have = set(config.read_text().splitlines())
    wanted = [line for line in guest_file("kernel.config").decode().splitlines()
              if line.startswith("CONFIG_") and line.endswith("=y")]
    lost = [line for line in wanted if line not in have]
    if lost:
        raise SandboxUnavailable("microVM kernel config lost options: " + ", ".join(lost))


def _compile_runner(out: Path) -> None:
    src = out.with_suffix(".c")
    src.write_bytes(guest_file("ai-run.c"))
    _run(["gcc", "-static", "-Os", "-s", "-Wl,--build-id=none", "-o", str(out), str(src)], out.parent)


# --- a deterministic newc cpio writer (sorted entries, fixed mtime and owner) ----------

def _cpio_entry(name: str, mode: int, data: bytes = b"", rdev: tuple[int, int] = (0, 0), ino: int = 0) -> bytes:
    fields = [ino, mode, 0, 0, 1, SOURCE_DATE_EPOCH, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
    header = b"070701" + b"".join(f"{v:08x}".encode() for v in fields)
    out = header + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4)
    out += data + b"\0" * (-len(data) % 4)
    return out


def write_cpio(entries: dict[str, tuple[int, bytes, tuple[int, int]]], dest: Path) -> None:
    """entries: path -> (st_mode, contents, (rdev major, minor)); written sorted."""
    blob = b"".join(_cpio_entry(name, mode, data, rdev, ino)
                    for ino, (name, (mode, data, rdev)) in enumerate(sorted(entries.items()), start=1))
    blob += _cpio_entry("TRAILER!!!", 0)
    tmp = dest.with_suffix(".tmp")
    tmp.write_bytes(blob)
    tmp.rename(dest)


def _devskel() -> dict[str, tuple[int, bytes, tuple[int, int]]]:
    """The command's /dev, bind-mounted by the agent: only harmless character devices."""
    chr_rw = stat.S_IFCHR | 0o666
    link = stat.S_IFLNK | 0o777
    entries: dict[str, tuple[int, bytes, tuple[int, int]]] = {
        "devskel": (stat.S_IFDIR | 0o755, b"", (0, 0)),
        "devskel/pts": (stat.S_IFDIR | 0o755, b"", (0, 0)),
        "devskel/shm": (stat.S_IFDIR | 0o1777, b"", (0, 0)),
        "devskel/ptmx": (link, b"pts/ptmx", (0, 0)),
        "devskel/fd": (link, b"/proc/self/fd", (0, 0)),
    }
    for name, minor in (("null", 3), ("zero", 5), ("full", 7), ("random", 8), ("urandom", 9)):
        entries[f"devskel/{name}"] = (chr_rw, b"", (1, minor))
    entries["devskel/tty"] = (chr_rw, b"", (5, 0))
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        entries[f"devskel/{name}"] = (link, f"/proc/self/fd/{fd}".encode(), (0, 0))
    return entries


def _build_initramfs(dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent) as work:
        runner = Path(work) / "ai-run"
        _compile_runner(runner)
        d = stat.S_IFDIR | 0o755
        entries: dict[str, tuple[int, bytes, tuple[int, int]]] = {
            name: (d, b"", (0, 0))
            for name in ("bin", "dev", "proc", "sys", "run", "tmp", "lower", "rw", "newroot")
        }
        # The kernel opens /dev/console for init before devtmpfs is mounted.
        entries["dev/console"] = (stat.S_IFCHR | 0o600, b"", (5, 1))
        entries.update(_devskel())
        entries["init"] = (stat.S_IFREG | 0o755, guest_file("init.sh"), (0, 0))
        entries["bin/busybox"] = (stat.S_IFREG | 0o755, BUSYBOX.read_bytes(), (0, 0))
        entries["bin/sh"] = (stat.S_IFLNK | 0o777, b"busybox", (0, 0))
        entries["bin/ai-run"] = (stat.S_IFREG | 0o755, runner.read_bytes(), (0, 0))
        write_cpio(entries, dest)
