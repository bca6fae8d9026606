"""agent-immune: a local-first security layer for autonomous coding agents.

The public API. Names are resolved lazily so `import agent_immune` stays cheap:

    scan(paths, ...) -> ScanReport            dependency scan against the local OSV database
    scan_patch(diff, repo=...) -> ScanReport  what a unified diff would bring in
    deps(paths) -> list[Manifest]             packages that manifests and lockfiles declare
    validate(source, lang="bash") -> Verdict  judge a generated command or snippet
    run_sandboxed(argv, level=..., ...) -> ExecutionResult
    prepare_sandbox(wait=False) -> bool       get the next seccomp-level launch ready ahead
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    # `scan` and `validate` are the modules themselves: they forward calls to their function
    # (see _callable.py), so the attribute is the same whether or not they were imported.
    "scan": ("agent_immune.scan", None),
    "scan_patch": ("agent_immune.patchscan", "scan_patch"),
    "deps": ("agent_immune.deps", "collect"),
    "collect": ("agent_immune.deps", "collect"),
    "Package": ("agent_immune.deps.base", "Package"),
    "Manifest": ("agent_immune.deps.base", "Manifest"),
    "ScanReport": ("agent_immune.findings", "ScanReport"),
    "Vulnerability": ("agent_immune.findings", "Vulnerability"),
    "validate": ("agent_immune.validate", None),
    "Verdict": ("agent_immune.validate.verdict", "Verdict"),
    "run_sandboxed": ("agent_immune.sandbox", "run_sandboxed"),
    "prepare_sandbox": ("agent_immune.sandbox", "prepare_sandbox"),
    "Policy": ("agent_immune.sandbox.policy", "Policy"),
    "ExecutionResult": ("agent_immune.sandbox.result", "ExecutionResult"),
    "load_config": ("agent_immune.config", "load_config"),
    "InputError": ("agent_immune.errors", "InputError"),
    "AgentImmuneError": ("agent_immune.errors", "AgentImmuneError"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module, attr = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'agent_immune' has no attribute {name!r}") from None
    value = importlib.import_module(module)
    if attr is not None:
        value = getattr(value, attr)
    globals()[name] = value
    return value
