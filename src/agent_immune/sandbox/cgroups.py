"""Control groups: memory, pids and cpu limits for the whole sandbox, OOM detection,
memory sampling and teardown.

cgroup v1 (memory, pids, cpu controllers, as on the machines here) or v2 (unified
hierarchy) where a machine has it. Each run gets its own group, named uniquely under
`agent-immune/`, joined by the launcher before it forks the command, and removed after
the run, when every process in it is gone.
"""
from __future__ import annotations

import os
import signal
import time

ROOT = "/sys/fs/cgroup"
PARENT = "agent-immune"
V1_CONTROLLERS = ("memory", "pids", "cpu")


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _read(path: str) -> str | None:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def _v2() -> bool:
    return os.path.exists(f"{ROOT}/cgroup.controllers")


def _v1_missing() -> list[str]:
    return [c for c in V1_CONTROLLERS if not os.path.isdir(f"{ROOT}/{c}")]


def missing() -> list[str]:
    """What this machine lacks for a limited sandbox ([] when usable)."""
    if _v2():
        have = (_read(f"{ROOT}/cgroup.controllers") or "").split()
        return [f"cgroup v2 {c} controller" for c in ("memory", "pids", "cpu") if c not in have]
    lacking = _v1_missing()
    return [f"cgroup v1 {c} controller" for c in lacking]


_swept = False


def sweep_stale() -> None:
    """Remove the empty groups of callers that died without cleaning up (SIGKILL,
    os._exit): names carry the creating pid."""
    parents = [f"{ROOT}/{PARENT}"] if _v2() else [f"{ROOT}/{c}/{PARENT}" for c in V1_CONTROLLERS]
    for parent in parents:
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            kind, _, rest = name.partition("-")
            pid = rest.partition("-")[0]
            if kind in ("run", "standby") and pid.isdigit() and not os.path.exists(f"/proc/{pid}"):
                try:
                    os.rmdir(f"{parent}/{name}")
                except OSError:
                    pass   # still has members: left alone


class Cgroup:
    """One run's group; `procs_fds` are its opened cgroup.procs files. A plain class, not
    a dataclass: spare.py creates one before the CLI has loaded the dataclass machinery."""

    def __init__(self, version: int, dirs: dict[str, str]) -> None:
        self.version = version
        self.dirs = dirs
        self.procs_fds: list[int] = []
        self.limits: tuple[int, int, float] | None = None   # as last written

    # --- creation ---------------------------------------------------------------
    @classmethod
    def create(cls, memory_bytes: int, pids: int, cpus: float, kind: str = "run") -> "Cgroup":
        global _swept
        if not _swept:
            _swept = True
            sweep_stale()
        name = f"{kind}-{os.getpid()}-{os.urandom(6).hex()}"
        if _v2():
            parent = f"{ROOT}/{PARENT}"
            os.makedirs(parent, exist_ok=True)
            for level in (ROOT, parent):
                try:
                    _write(f"{level}/cgroup.subtree_control", "+memory +pids +cpu")
                except OSError:
                    pass  # already enabled, or delegated by the service manager
            path = f"{parent}/{name}"
            os.mkdir(path)
            cg = cls(2, {"unified": path})
            try:
                if os.path.exists(f"{path}/memory.swap.max"):
                    _write(f"{path}/memory.swap.max", "0")
                cg.set_limits(memory_bytes, pids, cpus)
            except OSError:
                cg.remove()
                raise
        else:
            dirs = {c: f"{ROOT}/{c}/{PARENT}/{name}" for c in V1_CONTROLLERS}
            cg = cls(1, {})
            try:
                for c, path in dirs.items():
                    os.makedirs(path)
                    cg.dirs[c] = path
                _write(f"{dirs['memory']}/memory.swappiness", "0")
                cg.set_limits(memory_bytes, pids, cpus)
            except OSError:
                cg.remove()
                raise
        cg.procs_fds = [os.open(f"{d}/cgroup.procs", os.O_WRONLY | os.O_CLOEXEC) for d in cg.dirs.values()]
        return cg

    def set_limits(self, memory_bytes: int, pids: int, cpus: float) -> None:
        if self.limits == (memory_bytes, pids, cpus):
            return   # a standby's group made with these very limits: five writes off the launch
        self.limits = None   # unknown until every write below has succeeded
        period = 100_000
        quota = max(1000, int(cpus * period))
        if self.version == 2:
            d = self.dirs["unified"]
            _write(f"{d}/memory.max", str(memory_bytes))
            _write(f"{d}/pids.max", str(pids))
            _write(f"{d}/cpu.max", f"{quota} {period}")
            self.limits = (memory_bytes, pids, cpus)
            return
        mem = self.dirs["memory"]
        swap = f"{mem}/memory.memsw.limit_in_bytes"
        has_swap = os.path.exists(swap)
        # memsw must stay >= the memory limit: raise in the order that keeps it so.
        order = [("memory.limit_in_bytes", memory_bytes)] + ([("memory.memsw.limit_in_bytes", memory_bytes)] if has_swap else [])
        current = int(_read(f"{mem}/memory.limit_in_bytes") or 0)
        for name, value in (order if memory_bytes <= current else list(reversed(order))):
            _write(f"{mem}/{name}", str(value))
        _write(f"{self.dirs['pids']}/pids.max", str(pids))
        _write(f"{self.dirs['cpu']}/cpu.cfs_period_us", str(period))
        _write(f"{self.dirs['cpu']}/cpu.cfs_quota_us", str(quota))
        self.limits = (memory_bytes, pids, cpus)

    def add(self, pid: int) -> None:
        """Move a process (and so its later children) in; waits for an RCU grace period."""
        for fd in self.procs_fds:
            os.write(fd, str(pid).encode())

    # --- reading ----------------------------------------------------------------
    def _mem(self) -> str:
        return self.dirs["unified" if self.version == 2 else "memory"]

    def memory_usage(self) -> int | None:
        name = "memory.current" if self.version == 2 else "memory.usage_in_bytes"
        text = _read(f"{self._mem()}/{name}")
        return int(text) if text and text.strip().isdigit() else None

    def memory_peak(self) -> int | None:
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        text = _read(f"{self._mem()}/{name}")
        return int(text) if text and text.strip().isdigit() else None

    def oom_kills(self) -> int:
        """OOM kills inside this group, from the kernel's own counter."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        for line in (_read(f"{self._mem()}/{name}") or "").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def pids(self) -> list[int]:
        out: set[int] = set()
        for d in self.dirs.values():
            for line in (_read(f"{d}/cgroup.procs") or "").split():
                out.add(int(line))
        return sorted(out)

    # --- teardown ---------------------------------------------------------------
    def kill_all(self) -> None:
        if self.version == 2 and os.path.exists(f"{self._mem()}/cgroup.kill"):
            try:
                _write(f"{self._mem()}/cgroup.kill", "1")
                return
            except OSError:
                pass
        for _ in range(50):  # a fork bomb may add members while we sweep
            members = self.pids()
            if not members:
                return
            for pid in members:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.002)

    def remove(self, wait_s: float = 2.0) -> None:
        for fd in self.procs_fds:
            os.close(fd)
        self.procs_fds = []
        deadline = time.monotonic() + wait_s
        for path in list(self.dirs.values()):
            while True:
                try:
                    os.rmdir(path)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    # EBUSY while the last members finish exiting
                    if time.monotonic() > deadline:
                        self.kill_all()
                        if time.monotonic() > deadline + 1:
                            raise
                    time.sleep(0.002)
        self.dirs = {}
