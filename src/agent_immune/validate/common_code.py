"""Checks shared by the Python and TypeScript rules: paths in code, shell strings, argv."""
from __future__ import annotations

import shlex

from . import paths

SHELL_NAMES = frozenset({"sh", "bash", "dash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh",
                         "/bin/dash", "cmd.exe", "cmd", "powershell", "pwsh", "/usr/bin/sh"})
_ENV_HIJACK = frozenset({"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV",
                         "PROMPT_COMMAND", "NODE_OPTIONS", "PYTHONSTARTUP", "PERL5OPT", "RUBYOPT", "GIT_SSH_COMMAND",
                         "GIT_SSH", "GIT_PAGER", "PAGER", "EDITOR", "GIT_EDITOR", "VISUAL", "IFS", "PATH",
                         "GIT_CONFIG_PARAMETERS", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "LESSOPEN"})


class CodeAnalysis:
    """What the Python and TypeScript analyzers share: the document, the context, reporting."""

    def __init__(self, doc, ctx) -> None:
        self.doc, self.ctx = doc, ctx
        self.alias: dict[str, str] = {}  # local name -> "module" or "module.member"
        self.consts: dict[str, str] = {}  # local name -> literal string assigned to it
        self.uses_net = False
        self.env_whole: list = []  # nodes sending the whole environment somewhere

    def src(self, node) -> str:
        return self.doc.data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def block(self, rule: str, message: str, node) -> None:
        self.ctx.block(rule, message, self.doc, node)

    def review(self, rule: str, message: str, node) -> None:
        self.ctx.review(rule, message, self.doc, node)

    def args(self, call) -> list:
        """The argument nodes of a call (both grammars name the field `arguments`)."""
        al = call.child_by_field_name("arguments")
        return [c for c in al.named_children if c.type != "comment"] if al is not None else []

    def qualname(self, node) -> str | None:  # pragma: no cover - each language defines it
        raise NotImplementedError

    def dotted(self, node, obj_field: str, prop_field: str) -> str | None:
        """`a.b` of an attribute/member node, with `a` resolved through imports and aliases."""
        obj = self.qualname(node.child_by_field_name(obj_field))
        prop = node.child_by_field_name(prop_field)
        return None if obj is None or prop is None else f"{obj}.{self.src(prop)}"


def argv_to_shell(argv: list[str | None]) -> str:
    """An argv list as the shell command it is equivalent to (unknown items as a placeholder)."""
    return shlex.join(a if a is not None else "ARG" for a in argv)


def check_path(ctx, doc, node, value: str, writing: bool = False) -> None:
    k = paths.kinds(value)
    if not k:
        return
    if paths.SECRET in k and not writing:
        ctx.block("secret-read", f"the code touches the credential file {value}; agents must not read secrets", doc, node)
    elif paths.PERSISTENCE in k:
        ctx.block("persistence", f"the code refers to {value}, a start-up/ssh/cron/git-hook file; agents must not "
                                 "change it", doc, node)
    elif paths.SECRET in k:
        ctx.block("secret-read", f"the code touches the credential file {value}; agents must not read secrets", doc, node)
    elif writing and (k & {paths.SYSTEM, paths.HOME, paths.DEVICE}):
        ctx.block("system-write", f"the code writes to or deletes the system path {value}", doc, node)


def check_env_name(ctx, doc, node, name: str) -> None:
    if name in _ENV_HIJACK or name.startswith(("GIT_CONFIG_", "BASH_FUNC_")):
        ctx.block("env-hijack", f"setting {name} makes other programs load or run code of your choosing", doc, node)
