"""Agent SDKs for TypeScript started with the guard off (rule `unguarded-agent`, block): the code
form of what bash/agents.py blocks on the command line.

Read in the packages themselves (their `.d.ts` and the code that builds the CLI's arguments):
- @anthropic-ai/claude-agent-sdk 0.3.330 and the SDK of @anthropic-ai/claude-code 1.0.100:
  `query({ prompt, options: { permissionMode: "bypassPermissions" } })` ("Bypass all permission
  checks"), later `q.setPermissionMode("bypassPermissions")`; `allowedTools` with the whole Bash
  tool ("auto-allowed without prompting"; `Bash(npm test)` allows one command and stays allowed);
  `extraArgs: { "dangerously-skip-permissions": null }` (passed to the CLI as that flag); inline
  `settings` with `permissions.defaultMode` bypassPermissions or every Bash command allowed.
  `allowDangerouslySkipPermissions: true` alone only permits switching to that mode later (the
  switch is what is blocked); there is no `dangerouslySkipPermissions` option.
- @openai/codex-sdk 0.163.0: `codex.startThread({ sandboxMode: "danger-full-access" })` (and
  `resumeThread(id, {...})`), passed as `--sandbox danger-full-access`; `new Codex({ config: {
  sandbox_mode: "danger-full-access" } })` or `configOverrides: ['sandbox_mode="danger-full-access"']`
  (`--config`). `approvalPolicy: "never"` with the `workspace-write` sandbox still confines what
  runs and stays allowed, as `codex -a never` does on the command line.
Only calls of these modules, resolved through imports, are read: the same words in an object for
something else are not a setting of the SDK.
"""
from __future__ import annotations

import json

from .. import agent_settings
from ..common_code import SKIP_PERMISSIONS, WHOLE_BASH, unguarded_agent_message

_CLAUDE = frozenset({"@anthropic-ai/claude-agent-sdk", "@anthropic-ai/claude-code"})
_CODEX = "@openai/codex-sdk"
_CLAUDE_FIX = ("Leave permissionMode at its default (commands then go through `canUseTool`) or allow the specific "
               "commands it needs (`Bash(npm test)`)")
_CODEX_FIX = 'Keep sandboxMode "workspace-write" (or "read-only")'


class AgentSdks:
    """Agent SDK options that approve every command or drop the sandbox."""

    def visit_agent_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        if fn is None or fn.type == "import":
            return
        args = self.args(node)
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        if prop is not None and self.src(prop) in ("setPermissionMode", "startThread", "resumeThread"):
            root, chain, _ = self.origin(fn.child_by_field_name("object"))
            mod = self.module(root)[0]
            name = self.src(prop)
            if name == "setPermissionMode" and mod in _CLAUDE and args and self.string(args[0]) == "bypassPermissions":
                self.block("unguarded-agent", unguarded_agent_message(self.src(fn), "its permission checks bypassed",
                                                                      _CLAUDE_FIX), node)
            elif name != "setPermissionMode" and mod == _CODEX and not chain:
                opts = args[-1] if args else None
                mode = self._opt(opts, "sandboxMode")
                if mode is not None and self._opt_text(mode) == "danger-full-access":
                    self.block("unguarded-agent", unguarded_agent_message(
                        self.src(fn), 'sandboxMode "danger-full-access" (no sandbox)', _CODEX_FIX), node)
            return
        mod, _ = self.module(self.qualname(fn))
        if mod not in _CLAUDE:
            return
        for a in args:  # query({ prompt, options }), and functions taking the options themselves
            for opts in (self._opt(a, "options"), a):
                found = self._claude_unguarded(opts)
                if found is not None:
                    self.block("unguarded-agent", unguarded_agent_message(self.src(fn) + "(...)", found, _CLAUDE_FIX),
                               node)
                    return

    def visit_agent_new(self, node) -> None:
        """`new Codex({ config: { sandbox_mode: "danger-full-access" } })`."""
        ctor = node.child_by_field_name("constructor")
        if self.module(self.qualname(ctor))[0] != _CODEX:
            return
        args = self.args(node)
        opts = args[0] if args else None
        config, overrides = self._opt(opts, "config"), self._opt(opts, "configOverrides")
        mode = self._opt(config, "sandbox_mode")
        off = mode is not None and self._opt_text(mode) == "danger-full-access"
        if overrides is not None and overrides.type == "array":
            off = off or any(agent_settings.CODEX_OVERRIDE_OFF.match(self.string(c) or "") for c in overrides.named_children)
        if off:
            self.block("unguarded-agent", unguarded_agent_message(
                f"new {self.src(ctor)}(...)", 'sandbox_mode "danger-full-access" (no sandbox)', _CODEX_FIX), node)

    def _claude_unguarded(self, opts) -> str | None:
        """What in Claude SDK options turns the guard off, in words; None when nothing does."""
        if self._object(opts) is None:
            return None
        mode = self._opt(opts, "permissionMode")
        if mode is not None and self._opt_text(mode) == "bypassPermissions":
            return 'permissionMode "bypassPermissions" (every permission check bypassed)'
        tools = self._opt(opts, "allowedTools")
        if tools is not None and tools.type in ("identifier", "shorthand_property_identifier"):
            tools = self.declared(tools, frozenset({"array"}))
        if tools is not None and tools.type == "array" and any(self.string(t) in WHOLE_BASH
                                                                for t in tools.named_children):
            return "the whole Bash tool in allowedTools (every command approved without asking)"
        extra = self._object(self._opt(opts, "extraArgs"))
        if extra is not None:
            for pair in extra.named_children:
                key = pair.child_by_field_name("key") if pair.type == "pair" else None
                name = self.src(key).strip("'\"") if key is not None else ""
                value = pair.child_by_field_name("value") if key is not None else None
                if SKIP_PERMISSIONS.match(name) or (name.lstrip("-") == "permission-mode" and value is not None and
                                               self.string(value) == "bypassPermissions"):
                    return "--dangerously-skip-permissions (every permission check bypassed)"
        settings = self._opt(opts, "settings")
        if settings is not None:
            text = self.string(settings) or self.serialised(settings)
            if text is None and settings.type == "object":
                try:
                    text = json.dumps(self._literal(settings, 0))
                except ValueError:  # not a plain literal: spreads, computed values
                    text = None
            if agent_settings.inline_unguarded(text):
                return "inline settings that approve every command (bypassPermissions, or every Bash command allowed)"
        return None
