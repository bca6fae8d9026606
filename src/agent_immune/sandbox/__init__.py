"""Sandboxed execution: `run_sandboxed(argv, level=..., **policy) -> ExecutionResult`.

Levels: `none` (a plain subprocess with limits; isolates nothing), `seccomp`
(namespaces, read-only root, hidden secrets, no capabilities, Landlock, seccomp with a
user-notification audit, cgroup limits), `firecracker` (a microVM, sandbox/microvm/).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ..errors import SandboxUnavailable

if TYPE_CHECKING:
    from .policy import Policy
    from .result import ExecutionResult, Violation

__all__ = ["run_sandboxed", "prepare_sandbox", "Policy", "ExecutionResult", "Violation", "make_policy"]

# Loaded on first use, not with the package: the CLI imports a submodule (spare.py,
# standby.py) first to start a launch early, before these dataclass modules are built.
_LAZY = {"Policy": "policy", "from_config": "policy", "ExecutionResult": "result", "Violation": "result"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_policy(level: str = "seccomp", workdir: Any = None, **settings: Any) -> "Policy":
    """A Policy from keyword settings on top of the built-in defaults (not the config file:
    callers that want [muscle] use policy.from_config)."""
    from ..config import Config
    from .policy import from_config

    return from_config(Config(), level=level, workdir=workdir, **settings)


def prepare_sandbox(wait: bool = False) -> bool:
    """Get the next seccomp-level launch ready ahead of it: fork its init, admit it to a
    cgroup and build its namespaces and common mounts in the background (what every run
    after a process's first gets by itself), and load meanwhile what a process's first
    run would load (the policy, launcher and audit modules, the default profile's
    compiled filter), so that a process's first run is not a cold launch. With `wait`,
    return once it is ready. Returns whether one is ready (False when
    the machine lacks the seccomp level, standby inits are turned off with
    AGENT_IMMUNE_SANDBOX_STANDBY=0, or it is still being prepared)."""
    from . import runner, standby

    if runner.seccomp_missing() or not standby.enabled():
        return False
    # Waiting for the zygote (a fresh interpreter, some 30 ms) spares even this first
    # run a fork of the caller (see standby.py); without waiting, a fork serves now.
    standby.prepare_soon(zygote_wait=2.0 if wait else 0.0)
    from . import audit, launcher, notify, seccomp  # noqa: F401 - what the first run would import

    policy = make_policy()
    seccomp.build_filter(policy.profile, policy.allow_net, policy.no_exec)
    return standby.ready(5 if wait else 0)


def run_sandboxed(argv: Sequence[str], *, level: str = "seccomp", workdir: Any = None,
                  policy: "Policy | None" = None, stdin: int | None = None,
                  stdout_sink: Callable[[bytes], object] | None = None,
                  stderr_sink: Callable[[bytes], object] | None = None, **settings: Any) -> "ExecutionResult":
    """Run argv under a sandbox and return its outcome and audit.

    `policy` (a Policy) wins over level/workdir/settings; otherwise settings are Policy
    fields (memory="256M", timeout=10, allow_net=True, profile="python", env={...}).
    `stdin` is a file descriptor to pass (default /dev/null); the sinks receive the
    command's output live, as it comes.
    """
    if policy is None:
        policy = make_policy(level=level, workdir=workdir, **settings)
    argv = [str(a) for a in argv]
    if policy.level == "firecracker":
        try:
            microvm = importlib.import_module("agent_immune.sandbox.microvm")
        except ImportError as exc:
            raise SandboxUnavailable(f"the firecracker level is not available: {exc}") from None
        # The guest's stdin is /dev/null (documented): stdin is not passed into the VM.
        return microvm.run(argv, policy, stdout_sink=stdout_sink, stderr_sink=stderr_sink)
    from . import runner

    return runner.run(argv, policy, stdin=stdin, stdout_sink=stdout_sink, stderr_sink=stderr_sink)
