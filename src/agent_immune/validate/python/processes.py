"""What Python code runs as a process: shell strings, argv lists, spawns and the environment
a child is given. Commands are handed to the bash rules.
"""
from __future__ import annotations

import re

from ..common_code import NET_TOOLS, SHELL_NAMES, argv_to_shell, check_env_value


_SHELL_STRING = frozenset({"os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                           "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                           "platform.popen", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3",
                           "invoke.run", "sarge.run", "os.popen3"})
_SUBPROCESS = frozenset({"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                         "subprocess.Popen", "asyncio.create_subprocess_exec", "sh.Command", "plumbum.local"})
_SPAWN_PREFIX = ("os.exec", "os.spawn", "os.posix_spawn")
_SPAWN = frozenset({"pty.spawn", "os.forkpty", "pexpect.spawn", "pexpect.run"})


class Processes:
    """Shell strings, subprocess argv and the environment of children."""

    def _shell_string(self, q: str, arg, node) -> None:
        if arg is None:
            return
        cmd = self.string(arg)
        if cmd is None:
            self.block("py-shell-exec", f"`{q}` runs a shell command built at run time; use subprocess.run with a "
                                        "literal argv list", node)
        else:
            self.review("py-shell-exec", f"`{q}` runs the command through a shell; prefer subprocess.run with a "
                                         "literal argv list", node)
            self.ctx.nested(cmd, "bash", self.doc, arg, None)

    def _subprocess(self, q: str, node, pos: list) -> None:
        first = pos[0] if pos else self.kwarg(node, "args")
        if first is None:
            splat = next((a for a in self.args(node) if a.type in ("list_splat", "dictionary_splat")), None)
            if splat is not None and re.search(r"""["']shell["']\s*:\s*(?!False\b|0\b|None\b)""", self.src(splat)):
                self.block("py-shell-exec", f"`{q}` with shell=True hidden in unpacked arguments; pass a literal argv "
                                            "list without shell=True", node)
            elif splat is not None:
                self.review("py-subprocess-dynamic", f"`{q}` runs a command unpacked at run time", node)
            return
        feed = self.kwarg(node, "input")
        if feed is not None and self.string(feed) is None:
            head = self.string(first) if first.type not in ("list", "tuple") else (
                self.string(first.named_children[0]) if first.named_children else None)
            if head is not None and head.split()[:1] and head.split()[0].rsplit("/", 1)[-1] in NET_TOOLS and \
                    self.mentions_env(feed):
                self.block("exfiltration", f"`{q}` feeds the whole environment to `{head.split()[0]}`; never send "
                                           "secrets off the machine", node)
            if head is not None and head.split()[:1] and head.split()[0].rsplit("/", 1)[-1] in (
                    "sh", "bash", "dash", "zsh", "python", "python3", "node", "perl", "ruby"):
                self.block("py-shell-exec", f"`{q}` feeds data computed at run time to `{head.split()[0]}` as code",
                           node)
        shell = self.kwarg(node, "shell")
        shell_on = shell is not None and self.src(shell) not in ("False", "0", "None")
        if q == "asyncio.create_subprocess_exec":
            argv = [self.string(a) for a in pos]
            self._argv(argv, node, q)
            return
        for kw in ("stdin", "stdout", "stderr"):
            v = self.kwarg(node, kw)
            if v is not None and "fileno" in self.src(v):
                self.shell_io.append(node)
        if first.type in ("list", "tuple"):
            items = [c for c in first.named_children]
            argv = [self._program(c) for c in items]
            if shell_on:
                if argv and argv[0] is not None:
                    self.ctx.nested(argv[0], "bash", self.doc, items[0], None)
                else:
                    self.block("py-shell-exec", f"`{q}(..., shell=True)` of a command built at run time", node)
                return
            self._argv(argv, node, q)
            return
        cmd = self.string(first)
        if cmd is None:
            if shell_on:
                self.block("py-shell-exec", f"`{q}(..., shell=True)` of a command built at run time; pass a "
                                            "literal argv list without shell=True", node)
            else:
                self.review("py-subprocess-dynamic", f"`{q}` runs a command chosen at run time", node)
            return
        self.ctx.nested(cmd, "bash", self.doc, first, None)

    def _program(self, node) -> str | None:
        """An argv item, with `sys.executable` read as python and `os.environ.get("SHELL")`
        (the user's shell) as sh."""
        if node.type == "attribute" and self.qualname(node) == "sys.executable":
            return "python"
        v = self.string(node)
        if v is None and node.type in ("call", "subscript") and "SHELL" in self.src(node) and "environ" in self.src(node):
            return "sh"
        return v

    def _argv(self, argv: list[str | None], node, q: str) -> None:
        if not argv or argv[0] is None:
            self.review("py-subprocess-dynamic", f"`{q}` runs a program chosen at run time", node)
            return
        if argv[0] in SHELL_NAMES:
            self.shell_io.append(node)  # a shell next to a socket is a reverse shell
        if self.computed_inline_code(argv, node, q):
            return
        if self.downloads:
            from .. import paths

            hit = next((a for a in argv if a is not None and paths.normalize(a) in self.downloads), None)
            if hit is not None:
                self.block("download-exec", f"`{q}` runs {hit}, downloaded by this code; download, inspect, then run",
                           node)
        self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)

    def _env_keys(self, node) -> None:
        """Variables set by `env={...}`, `dict(os.environ, K=v)` or `os.environ.update(...)`."""
        if node is None:
            return
        if node.type == "keyword_argument":
            n = node.child_by_field_name("name")
            if n is not None:
                self._env_value(node, self.src(n), node.child_by_field_name("value"))
        elif node.type == "dictionary":
            for pair in node.named_children:
                k = self.string(pair.child_by_field_name("key")) if pair.type == "pair" else None
                if k:
                    self._env_value(pair, k, pair.child_by_field_name("value"))
        elif node.type == "call" and self.qualname(node.child_by_field_name("function")) == "dict":
            for a in self.args(node):
                self._env_keys(a)

    def _env_value(self, node, name: str, value) -> None:
        v = self.string(value) if value is not None else None
        whole = v is not None
        if v is None and value is not None and value.type == "binary_operator":
            v = self.string(value.child_by_field_name("left"))  # "/tmp/x:" + os.environ["PATH"]
        check_env_value(self.ctx, self.doc, node, name, v, whole)
