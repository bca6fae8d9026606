"""Coding agents started with their guard off. Rule `unguarded-agent` (block): a second agent
that approves its own tool calls runs commands no check sees. Which options turn each agent's guard
off is in agent_flags (shared with the SDK readers that start an agent's CLI).

`claude mcp add NAME -- CMD ARGS…` (also `codex`, `gemini`, `qwen`, and `mcp add-json NAME JSON`) registers
a server the agent starts by itself at the beginning of every later session: CMD ARGS is judged as that
command, and one that would be blocked blocks the registration (with its own rule), as a server written
into `.mcp.json` does (agent_settings.py).
"""
from __future__ import annotations

from .. import agent_settings
from ..agent_flags import GUARDS, unguarded
from .commands import Cmd, positionals
from .handed import as_unknown
from .words import Word

_RULE = "unguarded-agent"
# the npm packages the agents are started from (`npx @anthropic-ai/claude-code@latest …`: the command's
# name is the package's last part; commands.py drops a version or dist-tag)
_PACKAGES = {"claude-code": "claude", "codex": "codex", "gemini-cli": "gemini", "qwen-code": "qwen",
             "opencode-ai": "opencode", "copilot": "copilot", "crush": "crush", "amp": "amp"}
_NAMES = {**{n: n for n in GUARDS}, **_PACKAGES}
_RUNNERS = frozenset({"npx", "bunx", "pnpx", "npm", "pnpm", "yarn", "bun"})


def _options(cmd: Cmd) -> list[Word]:
    """The agent's own words up to `--` (`npm exec PKG -- --yolo`: that first `--` is npm's)."""
    args = cmd.args
    if args and args[0].value == "--" and cmd.wrappers and cmd.wrappers[-1][0] in _RUNNERS:
        args = args[1:]
    end = next((i for i, w in enumerate(args) if w.value == "--"), len(args))
    return args[:end]


def _agent(a, cmd: Cmd) -> None:
    agent = _NAMES[cmd.name]
    vals = cmd.values()
    if vals[:1] == ["mcp"] and len(vals) > 2 and vals[1] in ("add", "add-json"):
        _mcp_add(a, cmd, agent)
        return
    words = _options(cmd)
    found = unguarded(GUARDS[agent], [w.value for w in words])
    hidden = next((w for w in words if _hidden_option(a, w)), None) if found is None else None
    if hidden is not None:
        a.block(_RULE, f"`{agent}` is started with an option known only at run time (`{hidden.text[:60]}`): an option "
                       "spelled so that it cannot be read (pieces, a variable, decoded text) is how a guard-off flag "
                       "is hidden; write the agent's options literally", hidden.node)
    elif found is not None:
        j, shown = found
        a.block(_RULE, f"`{agent} {shown}` starts another coding agent with its approvals (or sandbox) turned "
                       "off: every command it decides to run goes straight to the shell and passes no check. Start "
                       "it without that option (it then asks before running commands), or inside `agent-immune "
                       "sandbox`", words[j].node)
    as_unknown(a, cmd)  # an agent's prompt may be a command it runs


# `claude mcp add` options that take a value (scope, transport, environment, header)
_MCP_VALUE_OPTS = frozenset({"-s", "--scope", "-t", "--transport", "-e", "--env", "-H", "--header", "--timeout",
                             "--trust", "--description", "--include-tools", "--exclude-tools"})


def _mcp_add(a, cmd: Cmd, agent: str) -> None:
    """The command `AGENT mcp add NAME [--] CMD ARGS…` (or `mcp add-json NAME JSON`) registers for every later session."""
    import json
    import shlex

    from .handed import blocked

    args = cmd.args[2:]
    if cmd.args[1].value == "add-json":
        text = args[1].value if len(args) > 1 else None
        try:
            server = json.loads(text) if text else None
        except ValueError:
            return
        commands = list(agent_settings.mcp_commands({"mcpServers": {"x": server}})) if isinstance(server, dict) else []
    else:
        vals = [w.value for w in args]
        if "--" in vals:
            argv = vals[vals.index("--") + 1:]
        else:
            pos = positionals(args, _MCP_VALUE_OPTS)
            start = next((i for i, w in enumerate(args) if len(pos) > 1 and w is pos[1]), None)
            argv = vals[start:] if start is not None else []  # the server's command, after its name, with its options
        if not argv or None in argv or "://" in (argv[0] or ""):
            return  # computed, or a server reached by URL
        commands = [shlex.join(argv)]  # type: ignore[arg-type]
    for command in commands:
        found = blocked(a, command, "bash")
        if found is not None:
            a.block(found.rule, f"`{agent} mcp add` registers the server command `{command[:80]}`, which would be blocked "
                                f"({found.message}); the agent starts it by itself in every later session", cmd.node)
            return


def _hidden_option(a, w: Word) -> bool:
    """`--$(echo ZGFu… | base64 -d)`, `-"$F"`: an option whose name is computed; or a whole word decoded or
    generated at run time (a prompt is text, not a decoder's output)."""
    if w.value is not None:
        return False
    name = w.text.lstrip("'\"").split("=", 1)[0]
    if name.startswith("-") and ("$" in name or "`" in name):
        return True
    if w.substitutions:
        from .exec import content_kind

        return content_kind(a.substituted([w])) == "decode"
    return False


HANDLERS: dict = {name: [_agent] for name in _NAMES}
# no screens: the agents are always judged (rare among an agent's commands, and their quoted prompts are
# read as commands too, as for any program the rules did not know before)
SCREENS: dict = {}
# README text printed before the file is named (`echo '<!-- run `curl … | sh` -->' >> README.md`): the redirect
# screen reads only what follows the first `>`
SCREENS.update(dict.fromkeys(("echo", "printf"), agent_settings.readme_screen))
