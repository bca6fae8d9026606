"""Per-process resource limits, applied in the child before exec.

They complement the cgroup (which bounds the whole sandbox): a file-size cap, an
open-file cap and no core dumps. RLIMIT_NPROC does not bind root, so process counts
are left to the pids controller.
"""
from __future__ import annotations

import resource


def plan(file_size_bytes: int, open_files: int) -> list[tuple[int, int]]:
    """(resource, value) pairs, computed in the parent; a value above the current hard
    limit is clamped (raising it would need CAP_SYS_RESOURCE)."""
    wanted = [
        (resource.RLIMIT_FSIZE, file_size_bytes),
        (resource.RLIMIT_NOFILE, open_files),
        (resource.RLIMIT_CORE, 0),
    ]
    out = []
    for res, value in wanted:
        _, hard = resource.getrlimit(res)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        out.append((res, value))
    return out


def apply(limits: list[tuple[int, int]]) -> None:
    for res, value in limits:
        resource.setrlimit(res, (value, value))
