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

Agents' CLIs started through `subprocess` / `os.exec*` with an argv the process rules cannot read
(session 10; read where HINT finds a word of a guard-off option): items built from pieces (`"cl" +
"aude"`, `"--" + "-".join(["dangerously", "skip", "permissions"])`), names bound to them, and a loop
over literal argv lists (`for argv in ([...], [...]): subprocess.run(argv)`) are put together and read
with agent_flags, as bash/agents.py reads `claude --dangerously-skip-permissions`.

PyGithub, the code form of bash/ci.py's `gh` shapes: `repo.create_file(".github/workflows/…", …)` /
`update_file` in a loop over repositories (rule `persistence`), the workflow text judged when known;
`repo.create_key(title, "ssh-ed25519 …")` (a literal key with write access: `read_only` defaults to False).
"""
from __future__ import annotations

import re

from .. import agent_settings, run_later
from ..agent_flags import GUARDS, unguarded
from ..common_code import SKIP_PERMISSIONS, WHOLE_BASH, unguarded_agent_message

# the words without which none of this module's calls can appear: the walk reads calls here only where one is
HINT = re.compile(rb"claude_|openai_codex|danger|yolo|trust-all|allow-all|bypass|create_file|update_file|create_key")
_SPAWNS = ("subprocess.", "os.exec", "os.spawn", "os.posix_spawn", "asyncio.create_subprocess_exec")
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
        if q is not None and q.startswith(_SPAWNS):
            self._agent_argv(node, q)
            return
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in (
                "create_file", "update_file", "create_key"):
            self._code_host(node, self.src(fn.child_by_field_name("attribute")))
            return
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

    # -- agents' CLIs with argv the process rules cannot read (see the module's docstring) ----------------------
    def _agent_argv(self, node, q: str) -> None:
        args = self.args(node)
        first = next((a for a in args if a.type != "keyword_argument"), None)
        if q.startswith(("os.exec", "os.spawn", "os.posix_spawn")) and len(args) > 1:
            first = args[1] if q.startswith(("os.exec", "os.posix_spawn")) else (args[2] if len(args) > 2 else None)
        if q == "asyncio.create_subprocess_exec":
            argvs = [[self._piece(a, 0) for a in args if a.type != "keyword_argument"]]
        else:
            argvs = self._argvs(first)
        for argv in argvs:
            name = (argv[0] or "").rsplit("/", 1)[-1] if argv else ""
            guard = GUARDS.get(name)
            found = unguarded(guard, argv[1:]) if guard is not None else None
            if found is not None:
                self.block("unguarded-agent", unguarded_agent_message(
                    f"{name} {found[1]}", "its approvals (or sandbox) turned off",
                    "Start it without that option (it then asks before running commands), or inside `agent-immune "
                    "sandbox`"), node)
                return

    def _argvs(self, node) -> list[list[str | None]]:
        """The argv lists `node` may be: a list literal, a name bound to one, or a loop's name over literal lists."""
        if node is None:
            return []
        if node.type in ("list", "tuple"):
            return [[self._piece(c, 0) for c in self._row_items(node, row)] for row in self._loop_rows(node)]
        if node.type != "identifier":
            return []
        bound = self.declared(node, frozenset({"list", "tuple"}))
        if bound is not None:
            return [[self._piece(c, 0) for c in bound.named_children]]
        name = self.src(node)
        n = node.parent
        while n is not None:  # `for argv in ([...], [...]):` around the call
            if n.type == "for_statement" and self.src(n.child_by_field_name("left")) == name:
                seq = n.child_by_field_name("right")
                if seq is not None and seq.type in ("list", "tuple"):
                    return [[self._piece(c, 0) for c in item.named_children]
                            for item in seq.named_children[:16] if item.type in ("list", "tuple")]
                return []
            n = n.parent
        return []

    def _loop_rows(self, argv) -> list[dict]:
        """For an argv list inside `for name, flags in ((...), ...):` over literal rows, each row's parts by the
        loop's names (`[name, *flags, prompt]` is then one argv per row); [{}] when not in such a loop."""
        n = argv.parent
        while n is not None and n.type != "for_statement":
            n = n.parent
        left = n.child_by_field_name("left") if n is not None else None
        seq = n.child_by_field_name("right") if n is not None else None
        if seq is not None and seq.type == "identifier" and not self._list_changed(self.src(seq)):
            seq = self.lists.get(self.src(seq), seq)  # clis = [("claude", [...]), ...]; for name, flags in clis
        if left is None or seq is None or seq.type not in ("list", "tuple"):
            return [{}]
        names = [self.src(c) for c in left.named_children] if left.type in ("pattern_list", "tuple_pattern") else \
            [self.src(left)] if left.type == "identifier" else []
        used = {self.src(c) for c in argv.named_children if c.type == "identifier"} | {
            self.src(c.named_children[0]) for c in argv.named_children if c.type == "list_splat" and c.named_children}
        if not names or not used & set(names):
            return [{}]
        rows = []
        for item in seq.named_children:
            parts = item.named_children if len(names) > 1 and item.type in ("list", "tuple") else [item]
            if len(parts) != len(names) or len(rows) == 32:
                return [{}]  # a row of another shape, or a long table: the argv stays unknown, as it was
            rows.append(dict(zip(names, parts)))
        return rows or [{}]

    def _piece(self, node, depth: int) -> str | None:
        """A string built from literal pieces: concatenations, `SEP.join([...])`, names bound to either."""
        v = self.string(node)
        if v is not None or depth > 8:
            return v
        if node.type in ("identifier", "boolean_operator", "call") and self._program(node) is not None:
            return self._program(node)  # `shutil.which("claude") or "claude"`, and a name bound to it
        if node.type == "identifier":
            bound = self.declared(node, frozenset({"binary_operator", "call", "string", "concatenated_string"}))
            return self._piece(bound, depth + 1) if bound is not None else None
        if node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            left = self._piece(node.child_by_field_name("left"), depth + 1)
            right = self._piece(node.child_by_field_name("right"), depth + 1)
            return left + right if left is not None and right is not None else None
        if node.type == "call":
            fn = node.child_by_field_name("function")
            args = self.args(node)
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "join" \
                    and len(args) == 1 and args[0].type in ("list", "tuple"):
                sep = self.string(fn.child_by_field_name("object"))
                parts = [self._piece(c, depth + 1) for c in args[0].named_children]
                return sep.join(parts) if sep is not None and None not in parts else None  # type: ignore[arg-type]
        return None

    # -- PyGithub (see the module's docstring) -------------------------------------------------------------------
    def _code_host(self, node, method: str) -> None:
        args = self.args(node)
        pos = [a for a in args if a.type != "keyword_argument"]
        kw = self._kwargs(node)
        if method == "create_key":
            key = self.string(kw["key"]) if "key" in kw else self.string(pos[1]) if len(pos) > 1 else None
            ro = kw.get("read_only")
            if key is not None and agent_settings.PUBLIC_KEY.match(key) and (ro is None or self.src(ro) == "False"):
                self.block("persistence", "`create_key` gives the key written in the code write access to the "
                                          "repository: whoever holds its private half can push to it from anywhere; "
                                          "add a read-only key, or the key the setup just made", node)
            return
        content = kw.get("content", pos[2] if len(pos) > 2 else None)
        if content is not None and self.mentions_env(content):
            self.block("exfiltration", f"`{method}` commits the whole environment (every token and key in it) to a "
                                       "repository, where whoever can read it gets them; never write secrets into a "
                                       "repository", node)
            return
        path = self.string(kw["path"]) if "path" in kw else self.string(pos[0]) if pos else None
        if path is None or run_later.kind(path) not in ("workflow", "gitlab-ci"):
            return
        n = node.parent
        while n is not None and n.type not in ("for_statement", "while_statement"):
            n = n.parent
        if n is not None:
            self.block("persistence", f"the code writes a CI workflow ({path}) into each repository of a loop: it "
                                      "pushes code that runs with every repository's secrets into all of them; change "
                                      "one named repository's workflow, in a reviewed pull request", node)
            return
        text = self._piece(content, 0) if content is not None else None
        for command, _ in run_later.commands(path, text) if text else ():
            self.ctx.nested(command, "bash", self.doc, node, None)
