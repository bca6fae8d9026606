"""Coding agents' own settings files, written now and read by the agent's next session: one reading
for text the shell writes (bash/written.py) and text Python or TypeScript code writes (common_code).

A guard turned off there (Claude Code's `bypassPermissions` or every Bash command allowed, Codex's
`danger-full-access` sandbox, VS Code's `chat.tools.autoApprove`, which is how a prompt injection
switched Copilot's agent to approving its own tool calls, CVE-2025-53773) outlives the command that wrote it, and so do the commands Claude
Code runs on its own (hooks, `apiKeyHelper`, `statusLine`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

# the user's and the project's settings, and the machine-wide managed settings (Linux, macOS)
_CLAUDE = re.compile(r"(?:^|/)\.claude/settings(?:\.local)?\.json$|(?:^|/)(?:claude-code|ClaudeCode)/managed-settings\.json$")
_CODEX = re.compile(r"(?:^|/)\.codex/config\.toml$")
# Cursor's CLI: the user's config and a project's override (its `permissions` merged into the session's)
_CURSOR = re.compile(r"(?:^|/)\.cursor/cli(?:-config)?\.json$|(?:^|/)cursor/cli-config\.json$")
# a workspace's settings, a multi-root workspace file (its "settings" key) and the user's settings of VS Code
# and the editors built from it
_VSCODE = re.compile(r"(?:^|/)\.vscode/settings\.json$|\.code-workspace$|"
                     r"(?:^|/)(?:Code|Code - Insiders|VSCodium|Cursor|Windsurf)/User/settings\.json$")
# a path the shell screens look for (bash/written.CODE_TARGET takes it in)
TARGET = (r"\.claude/settings(?:\.local)?\.json|managed-settings\.json|\.codex/config\.toml|\.vscode/settings\.json|"
          r"\.code-workspace|/User/settings\.json|\.cursor/cli(?:-config)?\.json|cursor/cli-config\.json")
ALL_BASH = frozenset({"Bash", "Bash(*)", "Bash(:*)", "Bash(**)"})
ALL_SHELL = frozenset({"Shell", "Shell(*)", "Shell(**)", "Shell(*:*)"})  # Cursor's CLI spells the tool `Shell`
_CODEX_UNSANDBOXED = re.compile(r"""(?m)^\s*sandbox_mode\s*=\s*["']danger-full-access["']""")
# ... and as a `-c`/`--config` override, which both Codex SDKs pass to the CLI (a TOML value, quotes optional there)
CODEX_OVERRIDE_OFF = re.compile(r"""^\s*sandbox_mode\s*=\s*["']?danger-full-access""")
# what an edit (`sed -i`, `jq … >`, `yq -i`) of such a file puts in that turns the guard off: the
# values themselves, or every Bash command as a quoted permission rule
# VS Code: every tool call approved (the setting's first name, and the one it has had since), or every terminal
# command through a match-all rule (`True` as Python code spells it)
_VSCODE_AUTO = r"""chat\.tools\.(?:global\.)?autoApprove["'\]\s]*[:=]\s*[Tt]rue|["']/\^?\.[*+]\$?/[a-z]*["']\s*:\s*[Tt]rue"""
_VSCODE_UNGUARDED = re.compile(_VSCODE_AUTO)
# words without which no settings text of any agent above turns a guard off: a cheap first test over bytes
# (bash/written.py stages text that has one), kept beside the patterns so that a new agent adds to both
GUARD_HINT = re.compile(rb"bypassPermissions|danger-full-access|Bash|never|autoApprove|Shell|unrestricted|/\.[*+]/")
_GUARD_OFF_WORD = {"claude": re.compile(r"""bypassPermissions|["']Bash(?:\((?:\*|:\*|\*\*)\))?["']|Bash\((?:\*|:\*|\*\*)\)"""),
                   "codex": re.compile(r"danger-full-access"), "vscode": _VSCODE_UNGUARDED,
                   "cursor": re.compile(r"""["']Shell(?:\((?:\*|\*\*|\*:\*)\))?["']|unrestricted""")}


@dataclass(frozen=True)
class Settings:
    unguarded: str | None  # why every later session runs unguarded, or None
    commands: tuple[str, ...]  # commands the agent runs on its own


def kind(path: str) -> str | None:
    """"claude", "codex", "vscode" or "cursor" for a settings file of that agent, else None."""
    return "claude" if _CLAUDE.search(path) else "codex" if _CODEX.search(path) else \
        "vscode" if _VSCODE.search(path) else "cursor" if _CURSOR.search(path) else None


def read(path: str, text: str) -> Settings | None:
    """What the settings `text` written to `path` do to later sessions; None when it is no such file,
    or not one the agent could read."""
    which = kind(path)
    if which == "codex":
        return Settings(_unguarded(which, path), ()) if _CODEX_UNSANDBOXED.search(text) else None
    if which == "vscode":  # JSON with comments and trailing commas, read by its words
        return Settings(_unguarded(which, path), ()) if _VSCODE_UNGUARDED.search(text) else None
    try:
        settings = json.loads(text)
    except (ValueError, RecursionError):
        return None  # not JSON: Claude Code (and Cursor's CLI) would refuse the file
    if not isinstance(settings, dict):
        return None
    if which == "cursor":
        perms = settings.get("permissions")
        allow = perms.get("allow") if isinstance(perms, dict) else None
        if settings.get("approvalMode") == "unrestricted" or (
                isinstance(allow, list) and any(r in ALL_SHELL for r in allow if isinstance(r, str))):
            return Settings(_unguarded(which, path), ())
        return None
    unguarded = None
    perms = settings.get("permissions")
    if isinstance(perms, dict):
        allow = perms.get("allow")
        if perms.get("defaultMode") == "bypassPermissions" or (
                isinstance(allow, list) and any(r in ALL_BASH for r in allow if isinstance(r, str))):
            unguarded = _unguarded(which, path)
    status = settings.get("statusLine")
    found = _commands(settings.get("hooks")) + [settings.get("apiKeyHelper"),
                                                status.get("command") if isinstance(status, dict) else None]
    return Settings(unguarded, tuple(c for c in found if isinstance(c, str) and c.strip()))


def inline_unguarded(text: str | None) -> bool:
    """Whether Claude Code settings given inline (the SDKs' `settings=` JSON text) approve every command."""
    if not text or not text.lstrip().startswith("{"):
        return False
    found = read(".claude/settings.json", text)
    return found is not None and found.unguarded is not None


def _commands(node) -> list:
    """Every `command` string in Claude Code's hooks table (event -> [{matcher, hooks: [{type, command}]}])."""
    if isinstance(node, dict):
        own = [node["command"]] if isinstance(node.get("command"), str) else []
        return own + [c for v in node.values() if isinstance(v, (dict, list)) for c in _commands(v)]
    if isinstance(node, list):
        return [c for v in node for c in _commands(v)]
    return []


def _unguarded(which: str, path: str) -> str:
    if which == "cursor":
        return (f"{path} makes Cursor's agent run every shell command without asking (`Shell(*)` allowed, or "
                "`approvalMode` unrestricted): what it runs would pass no check. Allow the specific commands the "
                "project needs (`Shell(npm test)`)")
    if which == "vscode":
        return (f"{path} turns on VS Code's auto-approval (`chat.tools.autoApprove`, or every terminal command "
                "allowed): its agent then runs every tool and command without asking, and what it runs would pass "
                "no check. Approve specific commands in `chat.tools.terminal.autoApprove`")
    if which == "codex":
        return (f'`sandbox_mode = "danger-full-access"` in {path} runs every later Codex session without its '
                "sandbox: what it runs would pass no check. Keep `workspace-write`")
    return (f"{path} makes every later Claude Code session run commands without asking (bypassPermissions, or "
            "every Bash command allowed): what it runs would pass no check. Allow the specific commands the project "
            "needs (`Bash(npm test)`)")


def edit_unguards(path: str, words: list[str]) -> str | None:
    """Why an edit of the settings file `path` whose literal words are `words` (a `sed` script, a `jq`
    filter) turns the agent's guard off, or None. The rest of the file is not known, only what the
    edit puts in."""
    which = kind(path)
    if which is None or not any(_GUARD_OFF_WORD[which].search(w) for w in words):
        return None
    return _unguarded(which, path)
