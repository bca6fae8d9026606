"""`agent-immune sandbox`: run a command inside a sandbox and audit what it did."""
from __future__ import annotations

import argparse
import gc
import sys

# Not cli.common.add_format: importing cli.common loads json, which only --format json
# needs (write_json is imported in run); the option is the same.
FORMAT_HELP = "output format (default: text)"

HELP = "run a command inside a sandbox and audit what it did"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--level", choices=("none", "seccomp", "firecracker"),
                        help="isolation level (default: [muscle] default_sandbox, else seccomp)")
    parser.add_argument("--profile", help="seccomp profile: default, python, build, readonly")
    parser.add_argument("--workdir", help="the one writable directory (default: a fresh temporary one)")
    parser.add_argument("--allow-net", action="store_true", help="keep the host network and allow connect/bind")
    parser.add_argument("--memory", help="memory limit, e.g. 512M (default 512M)")
    parser.add_argument("--cpus", type=float, help="CPU limit in CPUs (default 1)")
    parser.add_argument("--pids", type=int, help="process limit (default 256)")
    parser.add_argument("--timeout", type=float, help="wall-clock limit in seconds (default 300)")
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE",
                        help="pass a variable (kept even if its name looks secret); repeatable")
    parser.add_argument("--no-exec", action="store_true", help="refuse every exec after the command starts")
    parser.add_argument("--format", choices=("text", "json"), default="text", help=FORMAT_HELP)
    parser.add_argument("--cmd", help="run this string with /bin/sh -c inside the sandbox")
    parser.add_argument("argv", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")


def command_argv(args: argparse.Namespace) -> list[str]:
    from ..errors import InputError

    argv = list(args.argv)
    if argv and argv[0] == "--":
        argv = argv[1:]
    if args.cmd is not None and argv:
        raise InputError("give either --cmd STRING or -- ARGV, not both")
    if args.cmd is not None:
        return ["/bin/sh", "-c", args.cmd]
    if not argv:
        raise InputError("no command given (use --cmd STRING or -- ARGV...)")
    return argv


def parse_env(pairs: list[str]) -> dict[str, str]:
    from ..errors import InputError

    env = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"--env expects KEY=VALUE, got {pair!r}")
        env[key] = value
    return env


def policy_from_args(args: argparse.Namespace, **extra):
    from ..config import load_config
    from ..sandbox.policy import from_config

    return from_config(
        load_config(), level=args.level, profile=args.profile, workdir=args.workdir,
        allow_net=args.allow_net or None, memory=args.memory, cpus=args.cpus, pids=args.pids,
        timeout=args.timeout, env=parse_env(args.env) or None, no_exec=args.no_exec or None, **extra,
    )


def _live(stream):
    def write(chunk: bytes) -> None:
        stream.write(chunk)
        stream.flush()
    return write


def prepare_launch(level: str | None) -> None:
    """Start the slow part of a launch now, before the config and the sandbox modules
    are loaded: joining a cgroup v1 hierarchy waits for an RCU grace period (5-20 ms),
    which then passes during the caller's own start-up. The run takes what was prepared
    (the same isolation and limits; its own limits are written before it starts) and
    anything left unused is removed at exit."""
    if level == "none":
        from ..sandbox import spare

        spare.prepare()
    elif level == "seccomp":
        from ..sandbox import standby

        standby.one_shot()
        standby.prepare_soon()


def run(args: argparse.Namespace) -> int:
    # Loading the config and the sandbox builds many long-lived objects (modules, classes)
    # and no garbage cycles: collector passes over them are wasted (about 8% of the
    # command's CPU time here). Back on before the command starts (_run).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if args.level is not None:
            prepare_launch(args.level)
        else:
            from ..config import load_config

            prepare_launch(load_config().sandbox_level)
        return _run(args, collecting)
    finally:
        if collecting:
            gc.enable()
        release_prepared()


def release_prepared() -> None:
    """Remove a level-none spare the run did not take (a usage error, say); an unused
    standby init is removed at exit by standby.py."""
    spare = sys.modules.get("agent_immune.sandbox.spare")
    if spare is not None:
        spare.discard()


def _run(args: argparse.Namespace, collecting: bool = True) -> int:
    from ..sandbox import run_sandboxed, runner  # noqa: F401 - loaded before the collector is back

    argv = command_argv(args)
    policy = policy_from_args(args)
    if collecting:
        gc.enable()
    stdin = sys.stdin.fileno() if sys.stdin is not None and not sys.stdin.closed else None
    if args.format == "json":
        from ..sandbox.result import to_dict
        from .common import write_json

        result = run_sandboxed(argv, policy=policy, stdin=stdin)
        write_json(to_dict(result))
        return result.shell_status
    sys.stdout.flush()
    result = run_sandboxed(argv, policy=policy, stdin=stdin, stdout_sink=_live(sys.stdout.buffer),
                           stderr_sink=_live(sys.stderr.buffer))
    notes = [f"{v.syscall}: {v.detail}" for v in result.violations] + list(result.diagnostics)
    # A plain non-zero exit ("failed") is the command's own business; say something only
    # when the sandbox intervened (violation, oom, timeout, killed).
    if result.status not in ("ok", "failed") and notes:
        sys.stderr.write(f"agent-immune sandbox: {result.status}: " + "; ".join(notes) + "\n")
    return result.shell_status
