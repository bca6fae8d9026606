"""The host side of the guest agent's protocol, shared by every backend.

Host -> guest: a *job*, a shell fragment on a raw read-only virtio block device whose
first line is `#agent-immune-job` (padded with newlines to whole sectors, which the
shell ignores). Every value in it is quoted with shlex, so no argument is ever
interpreted by the guest shell.

Guest -> host: control lines `AGENT-IMMUNE-CTL <key> <values...>` (init, memory, start,
end, exit, signal, maxrss_kb, early_oom, oom_kills, memory_after, done, error) on the `ai-ctl` port, and the
command's stdout/stderr streamed on the `ai-stdout`/`ai-stderr` ports (QEMU). Without
virtio-serial ports (Firecracker) everything goes to the serial console and the two
streams arrive after the command ends as base64 between `AGENT-IMMUNE-BEGIN <stream>`
and `AGENT-IMMUNE-END <stream>` lines.
"""
from __future__ import annotations

import base64
import os
import shlex
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from ...errors import PolicyError
from ..env import scrub
from ..policy import Policy
from ..result import ExecutionResult

JOB_MAGIC = "#agent-immune-job"
CTL_PREFIX = b"AGENT-IMMUNE-CTL "
SECTOR = 512
GUEST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def command_env(policy: Policy, environ: Mapping[str, str] | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """(the command's environment, names dropped): the host's, scrubbed as at every level."""
    env, dropped = scrub(os.environ if environ is None else environ, policy.env)
    env.setdefault("PATH", GUEST_PATH)
    return sorted(env.items()), dropped


def min_available_kb(policy: Policy) -> int:
    """Below this much MemAvailable the guest runner stops the command (0: leave it to
    the kernel's OOM killer, which a swapless guest reaches only after long thrashing)."""
    if not policy.memory_early_stop:
        return 0
    return max(16 * 1024, policy.memory_bytes // 1024 // 25)


def render_job(argv: Sequence[str], policy: Policy, *, root: str, workdir: str | None,
               root_dev: str = "", work_dev: str = "", extra: dict[str, str] | None = None) -> bytes:
    """The job fragment the guest init sources; root is "9p" (host root) or "blk"."""
    if not argv:
        raise PolicyError("empty command")
    for name, value in policy.env:
        if not name or "=" in name or "\0" in name + value:
            raise PolicyError(f"invalid environment variable name {name!r}")
    if any("\0" in a for a in argv):
        raise PolicyError("an argument contains a NUL byte")
    values = {
        "AI_ROOT": root,
        "AI_ROOT_DEV": root_dev,
        "AI_WORK_DEV": work_dev,
        "AI_WORKDIR": workdir or "",
        "AI_NET": "1" if policy.allow_net else "0",
        "AI_HOSTNAME": "agent-immune-vm",
        "AI_MIN_AVAILABLE_KB": str(min_available_kb(policy)),
        **(extra or {}),
    }
    lines = [JOB_MAGIC + " v1"]
    lines += [f"{k}={shlex.quote(v)}" for k, v in values.items()]
    # os.environ cannot hold a NUL or a name with "="; policy.env was checked above.
    words = [f"{k}={v}" for k, v in command_env(policy)[0]] + ["--", *argv]
    lines.append("set -- " + " ".join(shlex.quote(w) for w in words))
    text = ("\n".join(lines) + "\n").encode()
    return text + b"\n" * (-len(text) % SECTOR)


Sink = Callable[[bytes], object]


@dataclass
class Bounded:
    """One output stream, kept up to a limit (the rest is dropped); a sink, if any,
    receives every chunk live, as the other levels' runner does."""

    limit: int
    sink: Sink | None = None
    data: bytearray = field(default_factory=bytearray)
    truncated: bool = False

    def add(self, chunk: bytes) -> None:
        if self.sink is not None and chunk:
            try:
                self.sink(chunk)
            except OSError:  # a closed pipe downstream must not end the run
                self.sink = None
        room = self.limit - len(self.data)
        if len(chunk) > room:
            self.truncated = True
            chunk = chunk[:max(room, 0)]
        self.data += chunk


@dataclass
class GuestReport:
    """What the guest agent said, accumulated line by line."""

    values: dict[str, list[str]] = field(default_factory=dict)
    started_at: float | None = None      # host clock when "start" arrived (boot done)
    arrivals: dict[str, float] = field(default_factory=dict)  # host clock per first key
    errors: list[str] = field(default_factory=list)

    def feed_line(self, line: bytes, now: float) -> bool:
        """Consume one line; False if it is not a control line."""
        if not line.startswith(CTL_PREFIX):
            return False
        parts = line[len(CTL_PREFIX):].decode("utf-8", "replace").split()
        if not parts:
            return True
        key, rest = parts[0], parts[1:]
        self.arrivals.setdefault(key, now)
        if key == "start":
            self.started_at = now
        elif key == "error":
            self.errors.append(" ".join(rest))
        self.values[key] = rest
        return True

    def number(self, key: str, index: int = 0) -> int | None:
        try:
            return int(self.values[key][index])
        except (KeyError, IndexError, ValueError):
            return None

    @property
    def done(self) -> bool:
        return "done" in self.values


class ControlStream:
    """Splits a byte stream into lines for a GuestReport; keeps non-control lines."""

    def __init__(self, report: GuestReport, other_limit: int = 64 * 1024) -> None:
        self.report = report
        self.pending = b""
        self.other = Bounded(other_limit)

    def feed(self, chunk: bytes, now: float) -> None:
        self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        for raw in lines:
            line = raw.rstrip(b"\r")
            if not self.report.feed_line(line, now):
                self.other.add(raw + b"\n")


class ConsoleDemux(ControlStream):
    """The serial-console transport: control lines plus base64-framed stdout/stderr."""

    def __init__(self, report: GuestReport, limit: int, sinks: tuple[Sink | None, Sink | None] = (None, None)) -> None:
        super().__init__(report)
        self.streams = {"stdout": Bounded(limit, sinks[0]), "stderr": Bounded(limit, sinks[1])}
        self._current: str | None = None
        self._b64 = b""

    def feed(self, chunk: bytes, now: float) -> None:
        self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        for raw in lines:
            line = raw.rstrip(b"\r")
            if self._current is None:
                if line.startswith(b"AGENT-IMMUNE-BEGIN "):
                    name = line.split(b" ", 1)[1].decode("ascii", "replace")
                    self._current = name if name in self.streams else None
                    self._b64 = b""
                elif not self.report.feed_line(line, now):
                    self.other.add(raw + b"\n")
            elif line == f"AGENT-IMMUNE-END {self._current}".encode():
                self._flush(final=True)
                self._current = None
            else:
                self._b64 += line.strip()
                self._flush(final=False)

    def _flush(self, final: bool) -> None:
        # Decode whole 4-character groups as they come so memory stays bounded.
        cut = len(self._b64) if final else len(self._b64) - len(self._b64) % 4
        if cut and self._current:
            try:
                self.streams[self._current].add(base64.b64decode(self._b64[:cut]))
            except ValueError:
                self.report.errors.append(f"undecodable {self._current} frame")
        self._b64 = self._b64[cut:]


def build_result(*, report: GuestReport, policy: Policy, backend: str, stdout: Bounded,
                 stderr: Bounded, duration_ms: float, timed_out: bool, launched_at: float,
                 console_tail: bytes = b"") -> ExecutionResult:
    exit_code = report.number("exit")
    signal = report.number("signal")
    oom_kills = report.number("oom_kills") or 0
    early_oom = report.number("early_oom") == 1
    diagnostics: list[str] = []
    if report.started_at is not None:
        diagnostics.append(f"boot_ms={(report.started_at - launched_at) * 1000:.0f}")
    # Phases by the host's clock, from when each agent line arrived. (The guest's own
    # clock is not used: without a usable TSC under TCG it runs on timer ticks, which
    # emulation delivers late, so it runs slow.)
    marks = [("vmm_and_kernel_ms", None, "init"), ("agent_setup_ms", "init", "start"),
             ("command_ms", "start", "end")]
    for label, since, until in marks:
        t0 = launched_at if since is None else report.arrivals.get(since)
        t1 = report.arrivals.get(until)
        if t0 is not None and t1 is not None:
            diagnostics.append(f"{label}={(t1 - t0) * 1000:.0f}")
    total, avail = report.number("memory", 0), report.number("memory", 1)
    if total is not None:
        diagnostics.append(f"guest_mem_total_kb={total}")
        diagnostics.append(f"guest_mem_available_kb={avail}")
    if report.number("memory_after", 1) is not None:
        diagnostics.append(f"guest_mem_available_after_kb={report.number('memory_after', 1)}")
    if oom_kills:
        diagnostics.append(f"guest_oom_kills={oom_kills}")
    if early_oom:
        diagnostics.append(f"memory early stop: the guest's available memory fell below "
                           f"{min_available_kb(policy)} kB, so the agent killed the command")
    diagnostics += [f"guest error: {e}" for e in report.errors]
    reported = exit_code is not None or signal is not None
    # The guest kernel's OOM killer ended the command (or the runner itself).
    oom_killed = early_oom or (oom_kills > 0 and (signal == 9 or not reported))
    if timed_out:
        status, exit_code, signal = "timeout", None, 9
        diagnostics.append(f"the VM was killed after {policy.timeout_s:g}s")
    elif oom_killed:
        status, exit_code, signal = "oom", None, 9
    elif not reported:
        status = "killed"
        diagnostics.append("the guest ended without reporting an exit status")
        if console_tail:
            diagnostics.append("console: " + console_tail[-2000:].decode("utf-8", "replace").strip())
    elif signal is not None:
        status = "killed"
    else:
        status = "ok" if exit_code == 0 else "failed"
    return ExecutionResult(
        status=status,
        exit_code=exit_code,
        signal=signal,
        timed_out=timed_out,
        oom_killed=oom_killed,
        violations=(),
        peak_rss_kb=report.number("maxrss_kb"),
        memory_growth_kb_per_s=None,
        duration_ms=duration_ms,
        stdout=bytes(stdout.data),
        stderr=bytes(stderr.data),
        stdout_truncated=stdout.truncated,
        stderr_truncated=stderr.truncated,
        level="firecracker",
        policy={**policy.summary(), "backend": backend, "env_dropped": command_env(policy)[1]},
        backend=backend,
        diagnostics=tuple(diagnostics),
    )
