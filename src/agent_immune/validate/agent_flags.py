"""Coding agents' command-line options that turn their guard off: one table and one reading, for the
shell (bash/agents.py: `codex --yolo …`) and for the SDKs that start an agent's CLI with options of
the caller's choosing (the Codex Python SDK's `launch_args_override`).

Each agent's own spelling of "approve everything" (from its documentation): Claude Code
`--dangerously-skip-permissions` / `--permission-mode bypassPermissions`, Codex
`--dangerously-bypass-approvals-and-sandbox` / `--yolo` / `--sandbox danger-full-access`, Gemini CLI
and its forks `--yolo` / `-y` / `--approval-mode yolo`, Amazon Q `--trust-all-tools`, Cursor's agent
`--force` / `--yolo`, Copilot CLI `--allow-all-tools` / `--allow-all` / `--yolo`, Amp
`--dangerously-allow-all`, opencode and Antigravity `--dangerously-skip-permissions`, Crush `--yolo`.
Modes that keep a sandbox or still ask before commands (`codex --full-auto`, `gemini --approval-mode
auto_edit`, `aider --yes-always`, which never runs suggested shell commands without an explicit yes)
stay allowed.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .agent_settings import CODEX_OVERRIDE_OFF


@dataclass(frozen=True)
class Guard:
    """How one agent is told to approve its own tool calls."""
    flags: frozenset[str] = frozenset()  # on/off flags (`--yolo`, also `--yolo=true`)
    short: str = ""  # short flag letters, alone or clustered (`-y`, `-dy`)
    # option -> values that turn the guard off (`--approval-mode yolo`, `--approval-mode=yolo`)
    values: tuple[tuple[tuple[str, ...], re.Pattern], ...] = ()


def _values(*options: str, match: str) -> tuple[tuple[str, ...], re.Pattern]:
    return options, re.compile(match)


_YOLO_MODE = _values("--approval-mode", "--approvalMode", match=r"^yolo$")  # yargs also takes the camelCase
_GEMINI = Guard(frozenset({"--yolo"}), "y", (_YOLO_MODE,))
GUARDS: dict[str, Guard] = {
    "claude": Guard(frozenset({"--dangerously-skip-permissions"}), "", (
        _values("--permission-mode", match=r"^bypassPermissions$"),
        _values("--settings", match=r"bypassPermissions"))),  # inline settings with defaultMode bypassPermissions
    "codex": Guard(frozenset({"--dangerously-bypass-approvals-and-sandbox", "--yolo"}), "", (
        _values("-s", "--sandbox", match=r"^danger-full-access$"),
        _values("-c", "--config", match=CODEX_OVERRIDE_OFF.pattern))),
    "gemini": _GEMINI, "qwen": _GEMINI, "tabnine": _GEMINI,
    # Amazon Q: trusting the shell, AWS calls or file writes approves what runs; fs_read alone reads only
    "q": Guard(frozenset({"--trust-all-tools"}), "", (
        _values("--trust-tools", match=r"execute_bash|use_aws|fs_write|\*"),)),
    "cursor-agent": Guard(frozenset({"--force", "--yolo"}), "f"),
    # Cursor's CLI under its newer name: a name other programs use too (`agent -f config.yaml`), so
    # only its long spellings count
    "agent": Guard(frozenset({"--force", "--yolo"})),
    "copilot": Guard(frozenset({"--allow-all-tools", "--allow-all", "--yolo"})),
    "amp": Guard(frozenset({"--dangerously-allow-all"})),
    "opencode": Guard(frozenset({"--dangerously-skip-permissions"})),
    "agy": Guard(frozenset({"--dangerously-skip-permissions"})),
    "crush": Guard(frozenset({"--yolo"}), "y"),
}
_OFF = frozenset({"false", "0", "no", "off"})


def _option_values(argv: Sequence[str | None], names: tuple[str, ...]):
    """(index, value) of `-x VAL`, `-xVAL`, `--name VAL` and `--name=VAL` for any of names."""
    for j, v in enumerate(argv):
        if not v or v[0] != "-":
            continue
        if v in names:
            if j + 1 < len(argv) and argv[j + 1] is not None:
                yield j + 1, argv[j + 1]
        elif v.startswith("--"):
            key, eq, tail = v.partition("=")
            if eq and key in names:
                yield j, tail
        elif len(v) > 2 and v[:2] in names:
            yield j, v[2:]


def unguarded(guard: Guard, argv: Sequence[str | None]) -> tuple[int, str] | None:
    """The first option in argv (the agent's own words; None for a word known only at run time) that turns
    the guard off: its index and how to name it (`--sandbox danger-full-access`), or None."""
    for j, v in enumerate(argv):
        if not v or v[0] != "-":
            continue
        key, eq, val = v.partition("=")
        if key in guard.flags and (not eq or val.lower() not in _OFF):
            return j, v
        if guard.short and v[1:2] != "-" and v[1:].isalpha() and any(c in v[1:] for c in guard.short):
            return j, v
    for names, pattern in guard.values:
        for j, value in _option_values(argv, names):
            if pattern.search(value):
                return j, f"{names[-1]} {value}"  # the message names the option, not only its value
    return None
