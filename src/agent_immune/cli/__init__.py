"""`agent-immune` entry point.

Start-up must stay small: only the module of the command being run is imported, and
each command module imports its heavy dependencies inside `run()`.

A command module provides:
    HELP: str                              one line for `agent-immune --help`
    def configure(parser) -> None          adds its arguments (argparse only)
    def run(args) -> int                   does the work, returns the exit status
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from typing import NoReturn, Sequence

from ..errors import AgentImmuneError

# command name -> module (relative to agent_immune.cli) and a one-line summary.
COMMANDS: dict[str, tuple[str, str]] = {
    "scan": ("scan", "scan manifests, lockfiles or a patch for known-vulnerable dependencies"),
    "deps": ("deps", "list the packages that manifests and lockfiles declare"),
    "db": ("db", "manage the local OSV database (update, status)"),
    "validate": ("validate", "judge a generated shell command or Python/TypeScript snippet"),
    "sandbox": ("sandbox", "run a command inside a sandbox and audit what it did"),
    "verify-memory": ("verify_memory", "run a command and report its peak memory and growth"),
    "microvm": ("microvm", "build and inspect the microVM guest image"),
}


def _columns() -> int:
    """shutil.get_terminal_size().columns, without importing shutil."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter minus its `import shutil` (which pulls in the compression
    modules): every add_argument builds a formatter, so that import was start-up time
    of every command, while only help text needs the terminal width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() if width is None else width)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def _top_help() -> str:
    lines = ["usage: agent-immune COMMAND [options]", "", "commands:"]
    width = max(len(c) for c in COMMANDS)
    lines += [f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    lines += ["", "Run `agent-immune COMMAND --help` for a command's options."]
    return "\n".join(lines) + "\n"


def build_parser(command: str) -> tuple[argparse.ArgumentParser, object]:
    module_name, summary = COMMANDS[command]
    module = importlib.import_module(f"{__name__}.{module_name}")
    parser = _Parser(prog=f"agent-immune {command}", description=summary, formatter_class=_Formatter)
    module.configure(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(_top_help())
        return 0 if argv else 2
    if argv[0] == "--version":
        from importlib.metadata import version

        print(f"agent-immune {version('agent-immune')}")
        return 0
    command = argv[0]
    if command not in COMMANDS:
        sys.stderr.write(f"agent-immune: error: unknown command {command!r} (see agent-immune --help)\n")
        return 2
    parser, module = build_parser(command)
    try:
        args = parser.parse_args(argv[1:])
        return int(module.run(args))  # type: ignore[attr-defined]
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    except AgentImmuneError as exc:
        sys.stderr.write(f"agent-immune {command}: error: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("agent-immune: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; not an error of ours.
        sys.stderr.close()
        return 0


def run_cli() -> None:
    code = main()
    # The process ends here. Freezing moves every live object out of the collector's
    # reach, so interpreter shutdown skips its final full collection (about 10 ms after
    # a large scan, for nothing: the memory goes back with the process). Objects are
    # still freed by reference counting; only cyclic garbage is left to the exit.
    gc.freeze()
    raise SystemExit(code)
