"""The post-execution audit: memory sampling, growth trajectory, early stop, and the
ExecutionResult every level returns.

Memory is sampled from the run's cgroup while the command runs. The growth rate is the
least-squares slope over the recent samples; a run whose usage is past half its limit
and whose trajectory reaches the limit within EARLY_STOP_HORIZON_S is stopped before
the kernel OOM-kills it, with a diagnostic an agent can act on.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from .policy import Policy
from .result import ExecutionResult, Violation

SAMPLE_INTERVAL_S = 0.05
WINDOW = 20                 # samples in the slope window (1 s at the default interval)
EARLY_STOP_HORIZON_S = 2.0
EARLY_STOP_MIN_FRACTION = 0.5


@dataclass
class MemoryTrack:
    limit: int
    samples: list[tuple[float, int]] = field(default_factory=list)   # (seconds, bytes)
    peak: int = 0

    def add(self, t: float, used: int | None) -> None:
        if used is None:
            return
        self.samples.append((t, used))
        self.peak = max(self.peak, used)

    def slope(self, window: int | None = WINDOW) -> float | None:
        """Bytes per second over the last `window` samples (all of them if None)."""
        pts = self.samples[-window:] if window else self.samples
        if len(pts) < 3 or pts[-1][0] - pts[0][0] <= 0:
            return None
        n = len(pts)
        mt = sum(t for t, _ in pts) / n
        mu = sum(u for _, u in pts) / n
        var = sum((t - mt) ** 2 for t, _ in pts)
        if var == 0:
            return None
        return sum((t - mt) * (u - mu) for t, u in pts) / var

    def will_hit_limit(self) -> str | None:
        """A diagnostic when the trajectory reaches the limit soon, else None."""
        if len(self.samples) < 5:
            return None
        used = self.samples[-1][1]
        rate = self.slope()
        if rate is None or rate <= 0 or used < self.limit * EARLY_STOP_MIN_FRACTION:
            return None
        eta = (self.limit - used) / rate
        if eta > EARLY_STOP_HORIZON_S:
            return None
        return (f"memory stopped early: {used // (1024 * 1024)} MiB used of {self.limit // (1024 * 1024)} MiB, "
                f"growing {rate / (1024 * 1024):.1f} MiB/s, limit reached in about {max(eta, 0):.1f} s; "
                "reduce the memory the command holds (stream data, free caches) or raise --memory")


@dataclass
class Outcome:
    """What the runner observed, turned into an ExecutionResult by `build`."""

    exit_code: int | None = None
    signal: int | None = None
    timed_out: bool = False
    oom_killed: bool = False
    early_stopped: bool = False
    killed_by_us: bool = False
    peak_rss_kb: int | None = None
    diagnostics: list[str] = field(default_factory=list)


def status_of(out: Outcome, violations: list[Violation]) -> str:
    if out.timed_out:
        return "timeout"
    if out.oom_killed or out.early_stopped:
        return "oom"
    if violations:
        return "violation"
    if out.signal:
        return "killed"
    return "ok" if out.exit_code == 0 else "failed"


def build(*, policy: Policy, out: Outcome, violations: list[Violation], memory: MemoryTrack | None,
          started: float, stdout: bytes, stderr: bytes, stdout_truncated: bool, stderr_truncated: bool,
          backend: str, applied: dict) -> ExecutionResult:
    growth = None
    if memory is not None:
        rate = memory.slope(window=None)
        growth = round(rate / 1024, 1) if rate is not None else None
        if memory.peak:
            applied = {**applied, "memory_peak_kb": memory.peak // 1024}
    return ExecutionResult(
        status=status_of(out, violations),
        exit_code=out.exit_code,
        signal=out.signal,
        timed_out=out.timed_out,
        oom_killed=out.oom_killed,
        violations=tuple(violations),
        peak_rss_kb=out.peak_rss_kb,
        memory_growth_kb_per_s=growth,
        duration_ms=round((time.monotonic() - started) * 1000, 3),
        stdout=stdout,
        stderr=stderr,
        stdout_truncated=stdout_truncated,
        stderr_truncated=stderr_truncated,
        level=policy.level,
        policy={**policy.summary(), **applied},
        backend=backend,
        diagnostics=tuple(out.diagnostics),
    )
