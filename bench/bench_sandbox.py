"""Sandbox launch latency: /bin/true through run_sandboxed at each level, against
bubblewrap with a comparable isolation (every namespace, no capabilities, read-only root,
private /tmp, new /proc and /dev, a writable workdir), and the CLI's own start-up.

The candidates are interleaved round by round, so load on the machine weighs on all of
them alike. Run as root:  .venv/bin/python bench/bench_sandbox.py [ROUNDS]
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

from agent_immune.sandbox import cgroups, run_sandboxed, standby  # noqa: E402


def settle() -> None:
    """Untimed, between candidates: let the standby for the next run finish its
    preparation, so that this background work (a fork, namespaces, mounts) never
    overlaps a timed launch, ours or bubblewrap's, on a machine of two CPUs."""
    standby.ready(5)


def interleaved(candidates: dict, rounds: int) -> dict[str, list[float]]:
    for fn in candidates.values():   # warm-up: filter compilation, page cache, bytecode
        fn()
        fn()
        settle()
    times: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(rounds):
        for name, fn in candidates.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
            settle()
    return times


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    if os.geteuid() != 0:
        print("bench_sandbox: needs root (namespaces, cgroups); skipped")
        return 0
    work = tempfile.mkdtemp(prefix="bench-sandbox-")
    r, w = os.pipe()

    def lib(level: str, use_standby: bool = True):
        def go():
            os.environ["AGENT_IMMUNE_SANDBOX_STANDBY"] = "1" if use_standby else "0"
            if not use_standby:
                standby._shutdown()
            res = run_sandboxed(["/bin/true"], level=level, workdir=work)
            assert res.status == "ok", res
        return go

    def migrate():
        # What bubblewrap does not do: move a process into its cgroup v1 hierarchies
        # (memory, pids, cpu), which waits for an RCU grace period.
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

    bwrap = shutil.which("bwrap")
    bwrap_cmd = [bwrap or "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--ro-bind",
                 "/proc/sys", "/proc/sys", "--tmpfs", "/tmp", "--bind", work, work, "--unshare-all",
                 "--cap-drop", "ALL", "--die-with-parent", "--new-session", "/bin/true"]
    run_bwrap = (lambda: subprocess.run(bwrap_cmd, check=True)) if bwrap else None
    # Two groups, each interleaved with bubblewrap: the standby path keeps its init ready
    # during the run before it (as for an agent running commands one after another), so
    # it must not alternate with cold launches, which switch the standby off.
    warm = {
        "run_sandboxed /bin/true, level seccomp (standby init)": lib("seccomp"),
        "subprocess.run bwrap ... /bin/true": run_bwrap,
        "run_sandboxed /bin/true, level none": lib("none"),
        "subprocess.run /bin/true (no isolation)": lambda: subprocess.run(["/bin/true"], check=True),
    }
    cold = {
        "run_sandboxed /bin/true, level seccomp (cold launch)": lib("seccomp", use_standby=False),
        "subprocess.run bwrap ... /bin/true (cold group)": run_bwrap,
        "cgroup v1 create + migrate + remove (in a cold launch)": migrate,
    }
    times = interleaved({k: v for k, v in warm.items() if v is not None}, rounds)
    times.update(interleaved({k: v for k, v in cold.items() if v is not None}, rounds))
    # A larger caller (an agent host holds far more than this script): about 250 MiB of
    # small objects. Standby inits come from the zygote, not from forks of the caller.
    ballast = [str(i) * 3 for i in range(3_000_000)]
    times.update({f"{k}, ~250 MiB caller": v for k, v in interleaved({
        "run_sandboxed /bin/true, level seccomp (standby init)": lib("seccomp"),
        "subprocess.run bwrap ... /bin/true": run_bwrap,
    } if bwrap else {"run_sandboxed /bin/true, level seccomp (standby init)": lib("seccomp")}, rounds).items()})
    del ballast
    # A process's first run, timed inside a fresh interpreter after its imports: with
    # nothing prepared, after prepare_sandbox(wait=True), and bubblewrap's first run.
    first_rounds = max(5, rounds // 2)
    first = (
        "import os, sys, time, subprocess\n"
        f"sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from agent_immune.sandbox import run_sandboxed, prepare_sandbox\n"
        "mode, work = sys.argv[1], sys.argv[2]\n"
        "if mode == 'prepared': prepare_sandbox(wait=True)\n"
        "t = time.perf_counter()\n"
        "if mode == 'bwrap': subprocess.run(sys.argv[3:], check=True)\n"
        "else: assert run_sandboxed(['/bin/true'], workdir=work).status == 'ok'\n"
        "print((time.perf_counter() - t) * 1000)\n"
    )

    def first_run(mode: str):
        def go():
            out = subprocess.run([sys.executable, "-c", first, mode, work, *(bwrap_cmd if mode == "bwrap" else [])],
                                 check=True, capture_output=True, text=True).stdout
            firsts.setdefault(mode, []).append(float(out))
        return go

    firsts: dict[str, list[float]] = {}
    interleaved({m: first_run(m) for m in ("cold", "prepared", *(("bwrap",) if bwrap else ()))}, first_rounds)
    labels = {"cold": "first run in a process, nothing prepared", "prepared": "first run after prepare_sandbox(wait=True)",
              "bwrap": "first subprocess.run bwrap ... /bin/true in a process"}
    times.update({labels[m]: v[-first_rounds:] for m, v in firsts.items()})
    cli_rounds = max(5, rounds // 5)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cli = [str(ROOT / ".venv/bin/agent-immune"), "sandbox", "--level", "none", "--", "/bin/true"]
    # The CLI prepares its launch (a level-none spare, a standby init) while it loads;
    # AGENT_IMMUNE_SANDBOX_STANDBY=0 shows the same command without that.
    no_prefork = dict(env, AGENT_IMMUNE_SANDBOX_STANDBY="0")
    cli_seccomp = [str(ROOT / ".venv/bin/agent-immune"), "sandbox", "--level", "seccomp", "--", "/bin/true"]
    times.update(interleaved({
        "CLI: agent-immune sandbox --level none -- /bin/true": lambda: subprocess.run(cli, check=True, env=env),
        "CLI baseline: python3 -c pass": lambda: subprocess.run([sys.executable, "-c", "pass"], check=True, env=env),
        "CLI: the same, AGENT_IMMUNE_SANDBOX_STANDBY=0 (nothing prepared)":
            lambda: subprocess.run(cli, check=True, env=no_prefork),
        "CLI: agent-immune sandbox --level seccomp -- /bin/true": lambda: subprocess.run(cli_seccomp, check=True, env=env),
        "CLI: the same, AGENT_IMMUNE_SANDBOX_STANDBY=0 (cold launch)":
            lambda: subprocess.run(cli_seccomp, check=True, env=no_prefork),
    }, cli_rounds))
    standby._shutdown()
    shutil.rmtree(work, ignore_errors=True)
    if not bwrap:
        print("(bubblewrap not installed: `make sysdeps` installs it)")
    width = max(len(k) for k in times)
    print(f"{'launch':<{width}}  {'median ms':>9}  {'p90 ms':>7}  {'mean ms':>7}")
    for name, ts in times.items():
        ts.sort()
        print(f"{name:<{width}}  {statistics.median(ts):9.2f}  {ts[int(len(ts) * 0.9) - 1]:7.2f}  "
              f"{statistics.mean(ts):7.2f}")
    print(f"(rounds: {rounds} for launches, {cli_rounds} for the CLI rows; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
