"""Checks shared by the Python and TypeScript rules: paths in code, shell strings, argv."""
from __future__ import annotations

import re
import shlex
from functools import lru_cache

from . import paths
from .bash.commands import INLINE_FLAGS, base_name

SHELL_NAMES = frozenset({"sh", "bash", "dash", "zsh", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/zsh",
                         "/bin/dash", "cmd.exe", "cmd", "powershell", "pwsh", "/usr/bin/sh"})
_ENV_HIJACK = frozenset({"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV",
                         "PROMPT_COMMAND", "NODE_OPTIONS", "PYTHONSTARTUP", "PERL5OPT", "RUBYOPT", "GIT_SSH_COMMAND",
                         "GIT_SSH", "GIT_PAGER", "PAGER", "EDITOR", "GIT_EDITOR", "VISUAL", "IFS", "PATH",
                         "GIT_CONFIG_PARAMETERS", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "LESSOPEN"})
_GLOB_TAIL = re.compile(r"(/\*\*?)+$")  # ~/* and ~/** list the home itself
_SHELL_FLAGS = re.compile(r"-[a-z]*c")  # sh -c, bash -lc, sh -ec


class CodeAnalysis:
    """What the Python and TypeScript analyzers share: the document, the context, reporting."""

    def __init__(self, doc, ctx) -> None:
        self.doc, self.ctx = doc, ctx
        self.alias: dict[str, str] = {}  # local name -> "module" or "module.member"
        self.consts: dict[str, str] = {}  # local name -> literal string assigned to it
        self.uses_net = False
        self.env_whole: list = []  # nodes sending the whole environment somewhere
        self.root = None
        self._mutable: frozenset[str] | None = None
        self.walk_roots: list = []  # (node, path) of listings/walks of the home or system trees
        self.dynamic_deletes: list = []  # deletes of paths computed at run time
        self.dynamic_chmods: list = []  # chmod/chown of paths computed at run time
        self.endless: list = []  # endless loops that start processes

    # (language, tree-sitter query capturing @set for assignments and @change for in-place updates,
    # node types of a right-hand side that keeps a name a literal)
    ASSIGNMENTS: tuple[str, str, frozenset[str]] = ("", "", frozenset())

    RULES = ("", "")  # this language's rule ids for (a shell, other code) run from a string

    def computed_inline_code(self, argv: list[str | None], node, what: str) -> bool:
        """Block `sh -c X` / `python -c X` / `node -e X` in an argv when X is computed at run
        time; True when it did."""
        code = inline_code_at(argv)
        if code is None or argv[code[0]] is not None:
            return False
        prog = code[1]
        if prog in SHELL_NAMES or prog.rsplit("/", 1)[-1] in SHELL_NAMES:
            self.block(self.RULES[0], f"`{what}` runs a shell on a command built at run time", node)
        else:
            self.block(self.RULES[1], f"`{what}` runs `{prog} {argv[code[0] - 1]}` on code built at run time; write "
                                      "the code to a file in the project and run that", node)
        return True

    def walk_root(self, root: str | None, node) -> None:
        """Note a listing or walk of `root` (`os.walk`, `Path.rglob`, `fs.readdirSync`) when it
        is the home or a system tree."""
        if root is None:
            return
        top = _GLOB_TAIL.sub("", root) or "/"
        if paths.normalize(top) in ("/", "~") or paths.kinds(top) & {paths.SYSTEM, paths.HOME}:
            self.walk_roots.append((node, root))

    def report_walk_deletes(self) -> None:
        """A walk of ~ or / next to deletes of computed paths empties that tree file by file;
        an endless loop that starts processes exhausts the machine."""
        if self.walk_roots and self.dynamic_deletes:
            node, root_path = self.walk_roots[0]
            self.block("destructive-rm", f"the code walks {root_path} and deletes the files it finds; delete only "
                                         "paths inside the project", node)
        if self.walk_roots and self.dynamic_chmods:
            node, root_path = self.walk_roots[0]
            self.block("permission-tamper", f"the code walks {root_path} and changes the permissions of what it "
                                            "finds; change only project files", node)
        if self.endless:
            self.block("resource-exhaustion", "an endless loop starts processes or threads without end; bound the "
                                              "loop or use a pool", self.endless[0])

    def grammar(self) -> str:
        """The grammar the tree was parsed with (a query only matches trees of its own grammar)."""
        return self.ASSIGNMENTS[0]

    def mutable(self, name: str) -> bool:
        """Whether `name` is given a non-literal value (or changed in place) anywhere in the code.

        A name assigned a literal is read as that literal only when nothing else is ever
        assigned to it: `s = ""` followed by `s += chunk` in a loop, or a loop that
        re-reads `cmd = input()` after `os.system(cmd)`, would otherwise run the first
        literal instead of what the code really runs."""
        if self._mutable is None:
            _, query, literal = self.ASSIGNMENTS
            found: set[str] = set()
            sets: dict[str, list[bool]] = {}  # name -> for each assignment, whether it assigns a literal
            if self.root is not None:
                for tag, nodes in _cursor(self.grammar(), query).captures(self.root).items():
                    for n in nodes:
                        if tag == "change":
                            found.add(self.src(n))
                        else:
                            right = n.parent.child_by_field_name("right") if n.parent is not None else None
                            sets.setdefault(self.src(n), []).append(right is not None and right.type in literal)
            # one assignment defines the name; a second one that is not a literal changes it
            found.update(name for name, lits in sets.items() if len(lits) > 1 and not all(lits))
            self._mutable = frozenset(found)
        return name in self._mutable

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

    _memo: dict | None = None

    def qualname(self, node) -> str | None:
        """The dotted name `node` resolves to, through imports and aliases (`_qualname`, per language).

        The resolvers ask for the same sub-expression more than once (the callee of a call, then
        again as what a getter or a bind applies to), which on chained calls (`f(a)(b)(c)...`,
        `` f`x``y` ``) costs exponential time. Answers are kept for the length of one outermost
        resolution, during which no alias can change."""
        if node is None:
            return None
        memo = self._memo
        if memo is not None:
            key = node.id
            if key not in memo:
                memo[key] = self._qualname(node)
            return memo[key]
        self._memo = {}
        try:
            return self._qualname(node)
        finally:
            self._memo = None

    def _qualname(self, node) -> str | None:  # pragma: no cover - each language defines it
        raise NotImplementedError

    def dotted(self, node, obj_field: str, prop_field: str) -> str | None:
        """`a.b` of an attribute/member node, with `a` resolved through imports and aliases."""
        obj = self.qualname(node.child_by_field_name(obj_field))
        prop = node.child_by_field_name(prop_field)
        return None if obj is None or prop is None else f"{obj}.{self.src(prop)}"


@lru_cache(maxsize=None)
def _query(lang: str, query: str):
    import tree_sitter as ts

    from .parse import _language

    return ts.Query(_language(lang), query)


def _cursor(lang: str, query: str):
    import tree_sitter as ts

    return ts.QueryCursor(_query(lang, query))


_WRAPPERS = frozenset({"env", "nice", "nohup", "exec", "command", "stdbuf", "setsid", "sudo", "doas", "time"})
NET_TOOLS = frozenset({"curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "sftp", "telnet", "openssl",
                       "ftp", "rsync"})


def inline_code_at(argv: list[str | None]) -> tuple[int, str] | None:
    """(the index of the argument an interpreter in `argv` runs as code, the interpreter):
    `python -c CODE`, `node -e CODE`, `sh -lc CODE`, also behind `env`/`nice`/`sudo`; None
    when it runs none."""
    start = 0
    while start < len(argv) and argv[start] is not None and argv[start].rsplit("/", 1)[-1] in _WRAPPERS:
        start += 1  # the wrapper, then its options and VAR=value words
        while start < len(argv) and argv[start] is not None and (argv[start][:1] == "-" or "=" in argv[start]):
            start += 1
    if start:
        at = inline_code_at(argv[start:]) if start < len(argv) else None
        return None if at is None else (at[0] + start, at[1])
    if not argv or argv[0] is None:
        return None
    prog = argv[0].rsplit("/", 1)[-1]
    shell = argv[0] in SHELL_NAMES or prog in SHELL_NAMES
    flags = ("-c", "/c", "-Command") if shell else INLINE_FLAGS.get(base_name(prog), ())
    for i in range(1, len(argv) - 1):
        a = argv[i]
        if a in flags or (shell and a is not None and _SHELL_FLAGS.fullmatch(a)):
            return i + 1, argv[0]
    return None


def argv_to_shell(argv: list[str | None]) -> str:
    """An argv list as the shell command it is equivalent to (unknown items as a placeholder).
    Every argument is quoted, as each one is a single string the program receives: so a
    program no rule knows, handed `["gosu", "root", "sh", "-c", "reboot"]`, has its string
    arguments judged as commands (bash/handed.py) the way a quoted shell word is."""
    if not argv:
        return ""
    return " ".join([shlex.quote(argv[0] if argv[0] is not None else "ARG")] +
                    ["'" + (a if a is not None else "ARG").replace("'", "'\\''") + "'" for a in argv[1:]])


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
    elif writing and paths.LOG in k:
        ctx.block("anti-forensics", f"the code deletes or overwrites the log {value}; leave logs alone", doc, node)
    elif writing and (k & {paths.SYSTEM, paths.HOME, paths.DEVICE}):
        ctx.block("system-write", f"the code writes to or deletes the system path {value}", doc, node)


def check_env_name(ctx, doc, node, name: str) -> None:
    if name in _ENV_HIJACK or name.startswith(("GIT_CONFIG_", "BASH_FUNC_")):
        ctx.block("env-hijack", f"setting {name} makes other programs load or run code of your choosing", doc, node)


_TMP_DIRS = ("/tmp", "/dev/shm", "/var/tmp")
_SEARCH_PATHS = frozenset({"PYTHONPATH", "NODE_PATH", "PERL5LIB", "RUBYLIB"})
# node options that load or run code
_NODE_LOADS = re.compile(r"(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader|-e|--eval|-p|--print|"
                         r"--inspect\S*|--experimental-\S*-loader)\b")
# programs that are set as pager/editor to make a tool non-interactive, not to run code
_QUIET_PROGRAMS = frozenset({"cat", "less", "more", "true", "false", ":", "vi", "vim", "nvim", "nano", "emacs", "code",
                             "head", "tail", "tee"})


def check_env_value(ctx, doc, node, name: str, value: str | None, whole: bool = True) -> None:
    """A variable set for a child process (`env={...}` in code) to `value`: its literal text,
    or (`whole` False) the literal start of it (`"/tmp/x:" + os.environ["PATH"]`), or None
    when unknown.

    PATH and the pager/editor variables are set by ordinary code (PATH with a tool
    directory in front, `GIT_EDITOR=true`); they are judged by what they are set to."""
    if name in _SEARCH_PATHS:  # module search paths: project directories are ordinary, /tmp is not
        if value is not None:
            bad = next((e for e in value.split(":") if e.startswith(_TMP_DIRS)), None)
            if bad is not None:
                ctx.block("env-hijack", f"{name} puts {bad!r} on the module search path, so imports load code from "
                                        "a shared temporary directory; keep it to the project", doc, node)
        return
    if name == "PATH":
        if value is None:
            return
        entries = value.split(":") if whole else value.split(":")[:-1]
        bad = next((e for e in entries if not e.startswith(("/", "~", "$")) or
                    e.startswith(_TMP_DIRS)), None)
        if bad is not None:
            ctx.block("env-hijack", f"PATH puts {bad or '.'!r} before the system directories, so programs are looked "
                                    "up there first; keep PATH to system and project tool directories", doc, node)
        return
    if whole and value is not None and value.split()[:1] and value.split()[0].rsplit("/", 1)[-1] in _QUIET_PROGRAMS \
            and name in ("PAGER", "GIT_PAGER", "EDITOR", "VISUAL", "GIT_EDITOR"):
        return
    if whole and value is not None and name == "NODE_OPTIONS" and not _NODE_LOADS.search(value):
        return  # --max-old-space-size, --enable-source-maps ...: tuning, not code
    check_env_name(ctx, doc, node, name)
