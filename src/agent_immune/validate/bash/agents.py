"""Coding agents started with their guard off. Rule `unguarded-agent` (block): a second agent
that approves its own tool calls runs commands no check sees.

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
from dataclasses import dataclass

from .. import agent_settings
from .commands import Cmd, option_value
from .handed import as_unknown
from .words import Word

_RULE = "unguarded-agent"


@dataclass(frozen=True)
class _Guard:
    """How one agent is told to approve its own tool calls."""
    flags: frozenset[str] = frozenset()  # on/off flags (`--yolo`, also `--yolo=true`)
    short: str = ""  # short flag letters, alone or clustered (`-y`, `-dy`)
    # option -> values that turn the guard off (`--approval-mode yolo`, `--approval-mode=yolo`)
    values: tuple[tuple[tuple[str, ...], re.Pattern], ...] = ()


def _values(*options: str, match: str) -> tuple[tuple[str, ...], re.Pattern]:
    return options, re.compile(match)


_YOLO_MODE = _values("--approval-mode", "--approvalMode", match=r"^yolo$")  # yargs also takes the camelCase
_GEMINI = _Guard(frozenset({"--yolo"}), "y", (_YOLO_MODE,))
_GUARDS: dict[str, _Guard] = {
    "claude": _Guard(frozenset({"--dangerously-skip-permissions"}), "", (
        _values("--permission-mode", match=r"^bypassPermissions$"),
        _values("--settings", match=r"bypassPermissions"))),  # inline settings with defaultMode bypassPermissions
    "codex": _Guard(frozenset({"--dangerously-bypass-approvals-and-sandbox", "--yolo"}), "", (
        _values("-s", "--sandbox", match=r"^danger-full-access$"),
        _values("-c", "--config", match=agent_settings.CODEX_OVERRIDE_OFF.pattern))),
    "gemini": _GEMINI, "qwen": _GEMINI, "tabnine": _GEMINI,
    # Amazon Q: trusting the shell, AWS calls or file writes approves what runs; fs_read alone reads only
    "q": _Guard(frozenset({"--trust-all-tools"}), "", (
        _values("--trust-tools", match=r"execute_bash|use_aws|fs_write|\*"),)),
    "cursor-agent": _Guard(frozenset({"--force", "--yolo"}), "f"),
    # Cursor's CLI under its newer name: a name other programs use too (`agent -f config.yaml`), so
    # only its long spellings count
    "agent": _Guard(frozenset({"--force", "--yolo"})),
    "copilot": _Guard(frozenset({"--allow-all-tools", "--allow-all", "--yolo"})),
    "amp": _Guard(frozenset({"--dangerously-allow-all"})),
    "opencode": _Guard(frozenset({"--dangerously-skip-permissions"})),
    "agy": _Guard(frozenset({"--dangerously-skip-permissions"})),
    "crush": _Guard(frozenset({"--yolo"}), "y"),
}
# the npm packages the agents are started from (`npx @anthropic-ai/claude-code@latest …`: the command's
# name is the package's last part; commands.py drops a version or dist-tag)
_PACKAGES = {"claude-code": "claude", "codex": "codex", "gemini-cli": "gemini", "qwen-code": "qwen",
             "opencode-ai": "opencode", "copilot": "copilot", "crush": "crush", "amp": "amp"}
_NAMES = {**{n: n for n in _GUARDS}, **_PACKAGES}
_RUNNERS = frozenset({"npx", "bunx", "pnpx", "npm", "pnpm", "yarn", "bun"})
_OFF = frozenset({"false", "0", "no", "off"})


def _options(cmd: Cmd) -> list[Word]:
    """The agent's own words up to `--` (`npm exec PKG -- --yolo`: that first `--` is npm's)."""
    args = cmd.args
    if args and args[0].value == "--" and cmd.wrappers and cmd.wrappers[-1][0] in _RUNNERS:
        args = args[1:]
    end = next((i for i, w in enumerate(args) if w.value == "--"), len(args))
    return args[:end]


def _unguarded(guard: _Guard, words: list[Word]) -> Word | None:
    for w in words:
        v = w.value
        if not v or v[0] != "-":
            continue
        key, eq, val = v.partition("=")
        if key in guard.flags and (not eq or val.lower() not in _OFF):
            return w
        if guard.short and v[1:2] != "-" and v[1:].isalpha() and any(c in v[1:] for c in guard.short):
            return w
    for names, pattern in guard.values:
        for w in option_value(words, *names):
            if w.value is not None and pattern.search(w.value):
                shown = f"{names[-1]} {w.value}"  # the message names the option, not only its value
                return Word(w.node, shown, shown)
    return None


def _agent(a, cmd: Cmd) -> None:
    agent = _NAMES[cmd.name]
    found = _unguarded(_GUARDS[agent], _options(cmd))
    if found is not None:
        a.block(_RULE, f"`{agent} {found.value}` starts another coding agent with its approvals (or sandbox) turned "
                       "off: every command it decides to run goes straight to the shell and passes no check. Start "
                       "it without that option (it then asks before running commands), or inside `agent-immune "
                       "sandbox`", found.node)
    as_unknown(a, cmd)  # an agent's prompt may be a command it runs


HANDLERS: dict = {name: [_agent] for name in _NAMES}
# no screens: the agents are always judged (rare among an agent's commands, and their quoted prompts are
# read as commands too, as for any program the rules did not know before)
SCREENS: dict = {}
