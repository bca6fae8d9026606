"""Sandbox launch latency: /bin/true through run_sandboxed at each level, against
bubblewrap with a comparable isolation (every namespace, no capabilities, read-only root,
private /tmp, new /proc and /dev, a writable workdir), and the CLI's own start-up.

Run as root:  .venv/bin/python bench/bench_sandbox.py [ROUNDS]
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from agent_immune.sandbox import cgroups, run_sandboxed  # noqa: E402


def measure(fn, rounds: int) -> tuple[float, float, float]:
    fn()  # warm-up (filter compilation, page cache)
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], statistics.mean(times)


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    if os.geteuid() != 0:
        print("bench_sandbox: needs root (namespaces, cgroups); skipped")
        return 0
    work = tempfile.mkdtemp(prefix="bench-sandbox-")
    rows = []

    def lib(level: str):
        def go():
            r = run_sandboxed(["/bin/true"], level=level, workdir=work)
            assert r.status == "ok", r
        return go

    rows.append(("run_sandboxed /bin/true, level seccomp", *measure(lib("seccomp"), rounds)))
    rows.append(("run_sandboxed /bin/true, level none", *measure(lib("none"), rounds)))

    def migrate():
        # The part of a seccomp launch bubblewrap does not do: moving the sandbox into its
        # cgroup v1 hierarchies (memory, pids, cpu) waits for an RCU grace period.
        cg = cgroups.Cgroup.create(64 << 20, 64, 1.0)
        pid = os.fork()
        if pid == 0:
            os.read(r, 1)
            os._exit(0)
        try:
            cg.add(pid)
        finally:
            os.write(w, b"x")
            os.waitpid(pid, 0)
            cg.remove()

    r, w = os.pipe()
    rows.append(("  of which: cgroup create + migrate + remove", *measure(migrate, rounds)))
    bwrap = shutil.which("bwrap")
    if bwrap:
        cmd = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--ro-bind", "/proc/sys",
               "/proc/sys", "--tmpfs", "/tmp", "--bind", work, work, "--unshare-all", "--cap-drop", "ALL",
               "--die-with-parent", "--new-session", "/bin/true"]
        rows.append(("subprocess.run bwrap ... /bin/true", *measure(lambda: subprocess.run(cmd, check=True), rounds)))
    else:
        rows.append(("subprocess.run bwrap (not installed)", float("nan"), float("nan"), float("nan")))
    rows.append(("subprocess.run /bin/true (no isolation)",
                 *measure(lambda: subprocess.run(["/bin/true"], check=True), rounds)))
    cli = [str(ROOT / ".venv/bin/agent-immune"), "sandbox", "--level", "none", "--", "/bin/true"]
    cli_rounds = max(5, rounds // 5)
    # As users run it: bytecode caches written on the warm-up run and used after.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rows.append(("CLI: agent-immune sandbox --level none -- /bin/true",
                 *measure(lambda: subprocess.run(cli, check=True, env=env), cli_rounds)))
    rows.append(("CLI baseline: python3 -c pass",
                 *measure(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True, env=env), cli_rounds)))
    shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"{'launch of /bin/true':<{width}}  {'median ms':>9}  {'p90 ms':>7}  {'mean ms':>7}")
    for name, med, p90, mean in rows:
        print(f"{name:<{width}}  {med:9.2f}  {p90:7.2f}  {mean:7.2f}")
    print(f"(rounds: {rounds} for launches, {cli_rounds} for the CLI rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
