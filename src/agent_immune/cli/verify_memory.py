"""`agent-immune verify-memory`: run a command, report its peak memory and growth."""
from __future__ import annotations

import argparse
import sys

from .sandbox import FORMAT_HELP

HELP = "run a command and report its peak memory and growth"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threshold", default="512M", help="peak memory that passes (default 512M)")
    parser.add_argument("--level", choices=("none", "seccomp"), help="sandbox level (default as configured)")
    parser.add_argument("--timeout", type=float, help="wall-clock limit in seconds")
    parser.add_argument("--workdir", help="writable directory for the command")
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.add_argument("argv", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")


def run(args: argparse.Namespace) -> int:
    from ..config import load_config
    from .sandbox import prepare_launch, release_prepared

    config = load_config()
    level = args.level or ("seccomp" if config.sandbox_level == "firecracker" else config.sandbox_level)
    prepare_launch(level)   # the cgroup admission overlaps the imports below
    try:
        return _run(args, config, level)
    finally:
        release_prepared()


def _run(args: argparse.Namespace, config, level: str) -> int:
    from ..errors import InputError
    from ..sandbox import run_sandboxed
    from ..sandbox.policy import from_config, parse_size
    from .common import write_json

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        raise InputError("no command given (use -- COMMAND [ARGS...])")
    threshold = parse_size(args.threshold)
    # The limit sits above the threshold so a command past it is measured, not killed at it.
    base = from_config(config, level=level, timeout=args.timeout, workdir=args.workdir)
    policy = from_config(config, level=level, timeout=args.timeout, workdir=args.workdir,
                         memory_bytes=max(base.memory_bytes, threshold * 2), memory_early_stop=False)
    result = run_sandboxed(argv, policy=policy)
    peak_kb = result.peak_rss_kb or 0
    passed = result.status in ("ok", "failed") and not result.oom_killed and peak_kb * 1024 <= threshold
    report = {
        "passed": passed,
        "threshold_kb": threshold // 1024,
        "peak_rss_kb": result.peak_rss_kb,
        "memory_growth_kb_per_s": result.memory_growth_kb_per_s,
        "status": result.status,
        "exit_code": result.exit_code,
        "signal": result.signal,
        "oom_killed": result.oom_killed,
        "duration_ms": result.duration_ms,
        "diagnostics": list(result.diagnostics),
    }
    if args.format == "json":
        write_json(report)
    else:
        growth = result.memory_growth_kb_per_s
        sys.stdout.write(
            f"{'PASS' if passed else 'FAIL'}: peak {peak_kb / 1024:.1f} MiB "
            f"(threshold {threshold / (1024 * 1024):.1f} MiB), growth "
            f"{'n/a' if growth is None else f'{growth / 1024:.1f} MiB/s'}, command {result.status}"
            f" in {result.duration_ms / 1000:.2f} s\n")
        for d in result.diagnostics:
            sys.stdout.write(f"  {d}\n")
    return 0 if passed else 1
