"""What a sandboxed run reports: the command's outcome and the post-execution audit.

Shared by every level (none, seccomp, firecracker) so the gate and the renderers see
one shape. JSON shape is documented in the README.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("ok", "failed", "violation", "oom", "timeout", "killed")


@dataclass(frozen=True)
class Violation:
    """A refused attempt: a syscall the filter refused, or another denied action."""

    syscall: str
    args: tuple[Any, ...] = ()
    time: float = 0.0          # seconds since the command started
    pid: int | None = None
    detail: str | None = None  # e.g. "connect to 127.0.0.1:8080", "write /etc/passwd"


@dataclass(frozen=True)
class ExecutionResult:
    status: str                          # one of STATUSES
    exit_code: int | None                # None when killed by a signal
    signal: int | None
    timed_out: bool
    oom_killed: bool
    violations: tuple[Violation, ...]
    peak_rss_kb: int | None
    memory_growth_kb_per_s: float | None
    duration_ms: float
    stdout: bytes
    stderr: bytes
    stdout_truncated: bool
    stderr_truncated: bool
    level: str                           # none | seccomp | firecracker
    policy: dict[str, Any] = field(default_factory=dict)  # summary of what applied
    backend: str | None = None           # e.g. "inprocess", "bwrap", "qemu-tcg", "firecracker"
    diagnostics: tuple[str, ...] = ()    # human/agent-readable notes (early memory stop, ...)

    @property
    def shell_status(self) -> int:
        """The status a shell would report: the exit code, or 128+N for signal N."""
        if self.signal:
            return 128 + self.signal
        return self.exit_code if self.exit_code is not None else 1


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def to_dict(result: ExecutionResult) -> dict[str, Any]:
    """The documented JSON shape (README, sandbox section)."""
    return {
        "status": result.status,
        "exit_code": result.exit_code,
        "signal": result.signal,
        "timed_out": result.timed_out,
        "oom_killed": result.oom_killed,
        "violations": [
            {"syscall": v.syscall, "args": list(v.args), "time": v.time, "pid": v.pid, "detail": v.detail}
            for v in result.violations
        ],
        "peak_rss_kb": result.peak_rss_kb,
        "memory_growth_kb_per_s": result.memory_growth_kb_per_s,
        "duration_ms": result.duration_ms,
        "stdout": _text(result.stdout),
        "stderr": _text(result.stderr),
        "stdout_truncated": result.stdout_truncated,
        "stderr_truncated": result.stderr_truncated,
        "level": result.level,
        "backend": result.backend,
        "policy": result.policy,
        "diagnostics": list(result.diagnostics),
    }
