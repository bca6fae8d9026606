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

Code hosts and agents' MCP tables (session 10; read where HINT finds a word of theirs):
- `octokit.repos.createOrUpdateFileContents({ path: ".github/workflows/…", content })` (also
  `octokit.request("PUT /repos/{owner}/{repo}/contents/{path}", …)`): the workflow it writes, when its text
  is known (`Buffer.from(wf).toString("base64")` of a literal), is judged as run_later reads a written one;
  written in a loop to a repository named at run time it is the worm's shape (rule `persistence`), as `gh
  api` in bash/ci.py.
- `octokit.repos.createDeployKey({ key: "ssh-ed25519 …", read_only: false })`: a key written in the code,
  given write access to a repository, is a way back in for whoever holds its private half (rule
  `persistence`, like a key appended to `authorized_keys`); a read-only key, or one read from a file the
  setup made, stays allowed.
- a file an MCP table is written to (`writeFileSync(join(homedir(), ".cursor", "mcp.json"), …)`) with
  contents computed from an object the code changed (`cfg.mcpServers.x = { command, args }`): each server
  object in the code is judged as the command the agent will start (agent_settings.mcp_commands).
"""
from __future__ import annotations

import json
import re

from .. import agent_settings, run_later
from ..cloud_admin import REPO_ADMIN, REPO_CONTROL, collaborator_message
from ..common_code import SKIP_PERMISSIONS, WHOLE_BASH, unguarded_agent_message
from ..loops import in_js_loop

_CLAUDE = frozenset({"@anthropic-ai/claude-agent-sdk", "@anthropic-ai/claude-code"})
_CODEX = "@openai/codex-sdk"
_CLAUDE_FIX = ("Leave permissionMode at its default (commands then go through `canUseTool`) or allow the specific "
               "commands it needs (`Bash(npm test)`)")
_CODEX_FIX = 'Keep sandboxMode "workspace-write" (or "read-only")'
# the words without which none of this module's calls can appear: the walk reads calls here only where one is
HINT = re.compile(rb"@anthropic-ai/claude|@openai/codex-sdk|createOrUpdateFileContents|/contents/|createDeployKey|"
                  rb"mcp\.json|mcpServers|mcp_config|addCollaborator|/collaborators/")
_WRITES = frozenset({"writeFileSync", "writeFile", "appendFileSync", "appendFile", "outputFileSync", "outputFile",
                     "outputJsonSync", "outputJson", "writeJsonSync", "writeJson", "write"})


class AgentSdks:
    """Agent SDK options that approve every command or drop the sandbox."""

    def visit_agent_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        if fn is None or fn.type == "import":
            return
        args = self.args(node)
        prop = fn.child_by_field_name("property") if fn.type == "member_expression" else None
        name = self.src(prop) if prop is not None else self.src(fn)
        if name == "addCollaborator" or name == "request" and "/collaborators/" in (
                (self.string(args[0]) if args else None) or ""):
            self._collaborator(node, args)
            return
        if name in ("createOrUpdateFileContents", "createDeployKey", "request") or name in _WRITES:
            self._code_host(node, name, args)
            return
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

    # -- code hosts and MCP tables (see the module's docstring) --------------------------------------------------
    def _code_host(self, node, name: str, args: list) -> None:
        if name in _WRITES:
            path = self.string(args[0]) if args else None
            if path is not None and agent_settings.kind(path) == "mcp" and len(args) > 1 and \
                    self.string(args[1]) is None and self.serialised(args[1]) is None:
                self._mcp_servers(path, node)
            return
        opts = args[-1] if args else None
        if name == "request":
            route = self.string(args[0]) if args else None
            if not route or not route.startswith("PUT ") or "/contents/" not in route:
                return
        if name == "createDeployKey":
            key = self._opt_text(self._opt(opts, "key"))
            ro = self._opt(opts, "read_only")
            if key is not None and agent_settings.PUBLIC_KEY.match(key) and (ro is None or ro.type != "true"):
                self.block("persistence", f"`{self.src(node.child_by_field_name('function'))}` gives the key written "
                                          "in the code write access to the repository: whoever holds its private half "
                                          "can push to it from anywhere; add a read-only key, or the key the setup "
                                          "just made", node)
            return
        content = self._opt(opts, "content")
        if content is not None and self._holds_env(content, 0):
            self.block("exfiltration", f"`{self.src(node.child_by_field_name('function'))}` commits the whole "
                                       "environment (every token and key in it) to a repository, where whoever can "
                                       "read it gets them; never write secrets into a repository", node)
            return
        path = self._opt_text(self._opt(opts, "path"))
        if path is None or run_later.kind(path) not in ("workflow", "gitlab-ci"):
            return
        repo = self._opt(opts, "repo")
        if in_js_loop(node) and (repo is None or self._opt_text(repo) is None):
            self.block("persistence", f"the code writes a CI workflow ({path}) into each repository of a loop, named "
                                      "only at run time: it pushes code that runs with every repository's secrets into "
                                      "all of them; change one named repository's workflow, in a reviewed pull "
                                      "request", node)
            return
        text = self._base64_of(self._opt(opts, "content"))
        for command, _ in run_later.commands(path, text) if text else ():
            self.ctx.nested(command, "bash", self.doc, node, None)

    def _collaborator(self, node, args: list) -> None:
        """`octokit.repos.addCollaborator({ repo, username, permission: "admin" })` (or `octokit.request("PUT
        /repos/{owner}/{repo}/collaborators/{username}", …)`): in a loop over repositories named at run time, another
        account given control of all of the user's code (rule `persistence`, as a deploy key with write access); on one
        repository, administrator rights are reviewed (`privilege-escalation`, as cloud_admin.py's grants)."""
        opts = args[-1] if args else None
        if self._object(opts) is None:
            return
        given = self._opt(opts, "permission")
        permission = "push" if given is None else self._opt_text(given)
        if permission is not None and permission not in REPO_CONTROL:
            return  # pull, triage: read and label only
        permission = permission or "computed"
        user = self._opt_text(self._opt(opts, "username"))
        user = f"the account {user}" if user else "an account named at run time"
        repo = self._opt(opts, "repo")
        shown = self.src(node.child_by_field_name("function"))
        if in_js_loop(node) and (repo is None or self._opt_text(repo) is None):
            self.block("persistence", collaborator_message(shown, user, permission, True), node)
        elif permission in REPO_ADMIN:
            self.review("privilege-escalation", collaborator_message(shown, user, permission, False), node)

    def _holds_env(self, node, depth: int) -> bool:
        """Whether `node` holds the whole environment, through names bound once (`content = btoa(JSON.stringify(env))`
        with `env = process.env`)."""
        if self.mentions_env(node):
            return True
        if depth > 8:
            return False
        if node.type in ("identifier", "shorthand_property_identifier"):
            bound = self.declared(node, frozenset({"call_expression", "identifier", "member_expression", "object",
                                                   "template_string", "await_expression"}))
            return bound is not None and self._holds_env(bound, depth + 1)
        return any(self._holds_env(c, depth + 1) for c in node.named_children
                   if c.type in ("identifier", "arguments", "call_expression", "member_expression"))

    def _base64_of(self, node) -> str | None:
        """The text of `Buffer.from(TEXT).toString("base64")` (or `btoa(TEXT)`) when TEXT is known."""
        if node is None:
            return None
        if node.type in ("identifier", "shorthand_property_identifier"):
            node = self.declared(node, frozenset({"call_expression"}))
        if node is None or node.type != "call_expression":
            return None
        fn = node.child_by_field_name("function")
        args = self.args(node)
        if fn is not None and self.src(fn) == "btoa" and args:
            return self.string(args[0])
        if fn is None or fn.type != "member_expression" or self.src(fn.child_by_field_name("property")) != "toString":
            return None
        inner = fn.child_by_field_name("object")
        if inner is None or inner.type != "call_expression" or self.src(inner.child_by_field_name("function")) not in (
                "Buffer.from", "Buffer.alloc"):
            return None
        inner_args = self.args(inner)
        return self.string(inner_args[0]) if inner_args else None

    def _mcp_servers(self, path: str, node) -> None:
        """Every object literal of the code shaped as an MCP server (`{ command: "sh", args: [...] }`), judged as the
        command the agent starts: the file's contents are computed, the servers put into it are written here."""
        stack = [self.root]
        seen = 0
        while stack and seen < 64:
            n = stack.pop()
            if n.type == "object" and self._opt(n, "command") is not None:
                try:
                    server = self._literal(n, 0)
                except ValueError:
                    server = None
                if isinstance(server, dict):
                    seen += 1
                    for command in agent_settings.mcp_commands({"mcpServers": {"x": server}}):
                        self.ctx.nested(command, "bash", self.doc, n, None)
                continue
            stack.extend(n.named_children)
