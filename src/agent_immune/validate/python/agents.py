"""Claude's Python agent SDKs started with the guard off (rule `unguarded-agent`, block): the code
form of `claude --dangerously-skip-permissions` that bash/agents.py blocks.

What turns the guard off, read in the packages themselves (claude-agent-sdk 0.2.187 and
claude-code-sdk 0.0.25, `types.py` and the CLI transport):
- `ClaudeAgentOptions(permission_mode="bypassPermissions")` / `ClaudeCodeOptions(...)`, and
  `client.set_permission_mode("bypassPermissions")` later: "Bypass all permission checks";
- `allowed_tools=["Bash"]` (also `Bash()`, `Bash(*)`): "auto-allowed without prompting", every
  command; `Bash(npm test)` allows one command and stays allowed, as in agent_settings.py;
- `extra_args={"dangerously-skip-permissions": None}`: passed to the CLI as that flag;
- `settings='{"permissions": {"defaultMode": "bypassPermissions"}}'`: inline settings, read as
  agent_settings.py reads a written `.claude/settings.json`;
- `AgentDefinition(permissionMode="bypassPermissions")`: a subagent started that way.
`"acceptEdits"` (file edits only), `"plan"`, `"dontAsk"`, `"auto"` (a classifier asks) keep the
guard. Only the SDK's own constructors are read, resolved through imports: the same words in a dict
for something else are not a setting of the SDK.

The Codex Python SDK (openai-codex 0.163.0, `api.py`, `_sandbox.py`, `client.py`), the code form of
`codex --sandbox danger-full-access`:
- `sandbox=Sandbox.full_access` (also `Sandbox("full-access")`) on `thread_start`, `thread_resume`,
  `thread_fork`, and a thread's `run` and `turn`: sent as the `danger-full-access` sandbox mode;
- `config={"sandbox_mode": "danger-full-access"}` on those, and `CodexConfig(config_overrides=(
  'sandbox_mode="danger-full-access"',))` or `launch_args_override` with an option that drops the
  sandbox (read as bash/agents.py reads `codex …`, with agent_flags: `--yolo`, `--sandbox
  danger-full-access`, `-c sandbox_mode=…`): given to the CLI.
The enum is the only way the SDK takes a sandbox (`sandbox="full-access"` raises), and
`approval_mode=ApprovalMode.deny_all` keeps the sandbox: both stay allowed.
"""
from __future__ import annotations

from .. import agent_settings
from ..agent_flags import GUARDS, unguarded
from ..common_code import SKIP_PERMISSIONS, WHOLE_BASH, unguarded_agent_message

_SDKS = ("claude_agent_sdk", "claude_code_sdk")
_CODEX = "openai_codex"
_CODEX_CALLS = frozenset({"thread_start", "thread_resume", "thread_fork", "run", "turn"})
_CODEX_FIX = "Keep `Sandbox.workspace_write` (or `Sandbox.read_only`)"
_OPTIONS = frozenset({"ClaudeAgentOptions", "ClaudeCodeOptions", "AgentDefinition"})
_FIX = ("Leave the permission mode at its default (commands then go through `can_use_tool`) or allow the specific "
        "commands it needs (`Bash(npm test)`)")


class AgentSdks:
    """Agent SDK options that approve every command."""

    def visit_agent_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        q = self.qualname(fn) if fn is not None else None
        if fn is not None and self._imported(_CODEX):
            self._codex(node, fn, q)
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == \
                "set_permission_mode" and self._sdk_imported():
            args = self.args(node)
            if args and self.string(args[0]) == "bypassPermissions":
                self.block("unguarded-agent", unguarded_agent_message(self.src(fn), "its permission checks bypassed",
                                                                      _FIX), node)
            return
        if q is None or q.rsplit(".", 1)[-1] not in _OPTIONS or not (q.startswith(_SDKS) or self._sdk_imported()):
            return
        found = self._unguarded(self._kwargs(node))
        if found is not None:
            self.block("unguarded-agent", unguarded_agent_message(q.rsplit(".", 1)[-1] + "(...)", found, _FIX), node)

    def visit_agent_assignment(self, node) -> None:
        """`options.permission_mode = "bypassPermissions"` on options made by the SDK."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type != "attribute":
            return
        attr = self.src(left.child_by_field_name("attribute"))
        if attr not in ("permission_mode", "allowed_tools", "extra_args", "settings"):
            return
        root, chain, _ = self.origin(left.child_by_field_name("object"))
        if root is None or chain or root.rsplit(".", 1)[-1] not in _OPTIONS:
            return
        found = self._unguarded({attr: right})
        if found is not None:
            self.block("unguarded-agent", unguarded_agent_message(self.src(left), found, _FIX), node)

    def _sdk_imported(self) -> bool:
        return self._imported(_SDKS)

    def _imported(self, modules: str | tuple[str, ...]) -> bool:
        return any(v.startswith(modules) for v in self.alias.values()) or any(m.startswith(modules) for m in self.star)

    def _codex(self, node, fn, q: str | None) -> None:
        """The Codex SDK's calls that drop the sandbox (see the module's docstring)."""
        kw = self._kwargs(node)
        if q is not None and q.startswith(_CODEX) and q.endswith(".CodexConfig"):
            overrides, launch = kw.get("config_overrides"), kw.get("launch_args_override")
            texts = [self.string(c) or "" for c in (overrides.named_children if overrides is not None else ())]
            # the CLI's own words; one not literal is known only at run time
            args = [self.string(c) for c in (launch.named_children if launch is not None else ())]
            if any(agent_settings.CODEX_OVERRIDE_OFF.match(t) for t in texts) or \
                    unguarded(GUARDS["codex"], args) is not None:
                self.block("unguarded-agent", unguarded_agent_message("CodexConfig(...)", "no sandbox", _CODEX_FIX),
                           node)
            return
        if fn.type != "attribute" or self.src(fn.child_by_field_name("attribute")) not in _CODEX_CALLS:
            return
        sandbox, config = kw.get("sandbox"), kw.get("config")
        if sandbox is not None and sandbox.type == "identifier":
            sandbox = self.declared(sandbox, frozenset({"attribute", "call"}))
        off = sandbox is not None and self._full_access(sandbox)
        if not off and config is not None and config.type == "dictionary":
            mode = self._pairs(config).get("sandbox_mode")
            off = mode is not None and self.string(mode) == "danger-full-access"
        if off:
            self.block("unguarded-agent", unguarded_agent_message(self.src(fn) + "(...)", "the `danger-full-access` "
                                                                  "sandbox mode (no sandbox)", _CODEX_FIX), node)

    def _full_access(self, value) -> bool:
        """Is `value` the SDK's `Sandbox.full_access` (or `Sandbox("full-access")`)?"""
        if value.type == "attribute":
            q = self.qualname(value)
            return q is not None and q.startswith(_CODEX) and q.endswith("Sandbox.full_access")
        if value.type == "call":
            q = self.qualname(value.child_by_field_name("function"))
            args = self.args(value)
            return q is not None and q.startswith(_CODEX) and q.endswith(".Sandbox") and bool(args) and \
                self.string(args[0]) == "full-access"
        return False

    def _kwargs(self, call) -> dict:
        """Keyword arguments by name, with those of a literal dict unpacked into the call (`**opts`)."""
        out = {}
        for a in self.args(call):
            if a.type == "keyword_argument":
                name = a.child_by_field_name("name")
                if name is not None:
                    out[self.src(name)] = a.child_by_field_name("value")
            elif a.type == "dictionary_splat" and a.named_children:
                d = a.named_children[0]
                if d.type == "identifier":
                    d = self.declared(d, frozenset({"dictionary"}))
                if d is not None and d.type == "dictionary":
                    out.update(self._pairs(d))
        return out

    def _pairs(self, d) -> dict:
        out = {}
        for p in d.named_children:
            if p.type == "pair":
                k = self.string(p.child_by_field_name("key"))
                if k is not None:
                    out[k] = p.child_by_field_name("value")
        return out

    def _unguarded(self, kw: dict) -> str | None:
        """What in these options turns the guard off, in words; None when nothing does."""
        mode = kw.get("permission_mode", kw.get("permissionMode"))
        if mode is not None and self.string(mode) == "bypassPermissions":
            return 'permission_mode="bypassPermissions" (every permission check bypassed)'
        tools = kw.get("allowed_tools")
        if tools is not None and tools.type == "identifier":
            tools = self.declared(tools, frozenset({"list", "tuple"}))
        if tools is not None and tools.type in ("list", "tuple") and any(
                self.string(t) in WHOLE_BASH for t in tools.named_children):
            return "the whole Bash tool in allowed_tools (every command approved without asking)"
        extra = kw.get("extra_args")
        if extra is not None and extra.type == "dictionary":
            pairs = self._pairs(extra)
            if any(SKIP_PERMISSIONS.match(k) for k in pairs) or any(
                    k.lstrip("-") == "permission-mode" and v is not None and self.string(v) == "bypassPermissions"
                    for k, v in pairs.items()):
                return "--dangerously-skip-permissions (every permission check bypassed)"
        settings = kw.get("settings")
        if settings is not None and agent_settings.inline_unguarded(self.string(settings) or self.serialised(settings)):
            return "inline settings that approve every command (bypassPermissions, or every Bash command allowed)"
        return None
