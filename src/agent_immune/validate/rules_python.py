"""Python rules: what the snippet runs, loads and touches.

Names are resolved through imports and simple aliases (`import os as o`, `from
subprocess import run as r`, `f = os.system`, `__import__("os")`, `getattr(os, "system")`,
`sys.modules["os"]`), so renaming does not hide a call. Shell strings and literal argv
lists handed to os.system/subprocess are re-parsed and judged by the bash rules.
"""
from __future__ import annotations

import ast
import re

from .common_code import SHELL_NAMES, CodeAnalysis, argv_to_shell, check_env_name, check_path
from .engine import Context
from .parse import Doc

_SHELL_STRING = frozenset({"os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                           "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                           "platform.popen", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3"})
_SUBPROCESS = frozenset({"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                         "subprocess.Popen", "asyncio.create_subprocess_exec", "sh.Command", "plumbum.local"})
_SPAWN_PREFIX = ("os.exec", "os.spawn", "os.posix_spawn")
_SPAWN = frozenset({"pty.spawn", "os.forkpty", "pexpect.spawn", "pexpect.run"})
_CODE = frozenset({"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile", "execfile",
                   "code.InteractiveInterpreter", "code.InteractiveConsole", "code.interact", "runpy.run_path",
                   "runpy.run_module"})
_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__", "builtins.__import__",
                        "imp.load_source", "importlib.machinery.SourceFileLoader"})
_DESERIALIZE = frozenset({"pickle.loads", "pickle.load", "pickle.Unpickler", "cPickle.loads", "cPickle.load",
                          "_pickle.loads", "_pickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
                          "shelve.open", "jsonpickle.decode", "yaml.unsafe_load", "yaml.full_load",
                          "pandas.read_pickle", "joblib.load", "cloudpickle.loads", "cloudpickle.load"})
_INTROSPECTION = frozenset({"__subclasses__", "__globals__", "__builtins__", "__code__", "__mro__", "__bases__",
                            "__getattribute__", "func_globals", "f_globals", "f_locals", "gi_frame", "f_back",
                            "__closure__", "co_code"})
_NET = ("requests.", "urllib.request.", "urllib2.", "httpx.", "http.client.", "aiohttp.", "socket.", "smtplib.",
        "ftplib.", "urllib3.")
_DELETE = frozenset({"shutil.rmtree", "os.remove", "os.unlink", "os.rmdir", "os.removedirs"})
_WRITE_CALLS = frozenset({"shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "os.rename", "os.replace",
                          "os.symlink", "os.link"})
_PATH_CTORS = frozenset({"os.path.join", "pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "posixpath.join"})
_INDIRECT = re.compile(r"__import__|getattr|globals\(|locals\(|vars\(|sys\.modules|import_module|__builtins__")


_LITERALS: dict[str, str | None] = {}  # string literal source -> its value, for literals seen before


def _literal(src: str) -> str | None:
    """The value of one string literal's source (`'a'`, `b"x"`, `r'\\d'`), None when it is not a plain string.

    ast.literal_eval runs the compiler, the dearest step of judging a short snippet, and the
    same literals come back again and again (and several times within one snippet)."""
    v = _LITERALS.get(src, _MISSING)
    if v is not _MISSING:
        return v  # type: ignore[return-value]
    try:
        lit = ast.literal_eval(src)
    except (ValueError, SyntaxError):
        lit = None
    except (MemoryError, RecursionError):
        return None  # depends on the moment, not on the text: not remembered
    v = lit.decode("latin-1") if isinstance(lit, bytes) else lit if isinstance(lit, str) else None
    if len(_LITERALS) < 4096:
        _LITERALS[src] = v
    return v


_MISSING = object()


class PythonAnalysis(CodeAnalysis):
    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.star: set[str] = set()
        self.uses_socket = False
        self.shell_io: list = []

    # -- values --------------------------------------------------------------------
    def string(self, node) -> str | None:
        """The value of a literal string expression (concatenations and joins of literals too)."""
        t = node.type
        if t == "string":
            if any(c.type == "interpolation" for c in node.children):
                return None
            return _literal(self.src(node))
        if t == "concatenated_string":
            parts = [self.string(c) for c in node.named_children]
            return None if None in parts else "".join(parts)  # type: ignore[arg-type]
        if t == "binary_operator":
            op = node.child_by_field_name("operator")
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if op is None or left is None or right is None:
                return None
            a, b = self.string(left), self.string(right)
            if a is None or b is None:
                return None
            if op.type == "+":
                return a + b
            if op.type == "/":
                return a.rstrip("/") + "/" + b
            return None
        if t == "identifier":
            return self.consts.get(self.src(node))
        if t == "parenthesized_expression" and node.named_children:
            return self.string(node.named_children[0])
        if t == "call":
            q = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if q in ("pathlib.Path.home", "os.path.expanduser", "os.getenv", "os.environ.get") or q in _PATH_CTORS:
                if q == "pathlib.Path.home":
                    return "~"
                vals = [self.string(a) for a in args if a.type != "keyword_argument"]
                if q in ("os.getenv", "os.environ.get"):
                    return "~" if vals and vals[0] == "HOME" else None
                if None in vals or not vals:
                    return None
                return "/".join(v.rstrip("/") if i < len(vals) - 1 else v for i, v in enumerate(vals))  # type: ignore[union-attr]
            if node.child_by_field_name("function") is not None and node.child_by_field_name("function").type == "attribute":
                fn = node.child_by_field_name("function")
                attr = fn.child_by_field_name("attribute")
                if attr is not None and self.src(attr) in ("expanduser", "resolve", "absolute"):
                    return self.string(fn.child_by_field_name("object"))
        if t == "subscript":
            q = self.qualname(node.child_by_field_name("value"))
            key = node.child_by_field_name("subscript")
            if q == "os.environ" and key is not None and self.string(key) == "HOME":
                return "~"
        return None

    def kwarg(self, call, name: str):
        for a in self.args(call):
            if a.type == "keyword_argument":
                n = a.child_by_field_name("name")
                if n is not None and self.src(n) == name:
                    return a.child_by_field_name("value")
        return None

    def qualname(self, node) -> str | None:
        if node is None:
            return None
        t = node.type
        if t == "identifier":
            name = self.src(node)
            if name in self.alias:
                return self.alias[name]
            for mod in self.star:
                if name in ("system", "popen", "Popen", "run", "call", "check_output", "check_call", "loads", "load",
                            "spawn", "execv", "execl", "execvp", "execve"):
                    return f"{mod}.{name}"
            return name
        if t == "attribute":
            return self.dotted(node, "object", "attribute")
        if t == "call":
            fn = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if fn in _IMPORTERS and args:
                return self.string(args[0])
            if fn == "getattr" and len(args) >= 2:
                base, attr = self.qualname(args[0]), self.string(args[1])
                return f"{base}.{attr}" if base and attr else None
            if fn in ("pathlib.Path", "Path"):
                return "pathlib.Path()"
            if fn in ("globals", "locals", "vars"):
                return f"{fn}()"
            return None
        if t == "subscript":
            base = self.qualname(node.child_by_field_name("value"))
            key = node.child_by_field_name("subscript")
            k = self.string(key) if key is not None else None
            if base == "sys.modules" and k:
                return k
            if base in ("globals()", "__builtins__", "vars()", "locals()") and k:
                return k
            return None
        if t == "parenthesized_expression" and node.named_children:
            return self.qualname(node.named_children[0])
        return None

    # -- walk -----------------------------------------------------------------------
    def run(self, root) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            t = node.type
            if t == "identifier":  # the commonest node: settled by its length before its text is read
                if node.end_byte - node.start_byte == 12 and self.src(node) == "__builtins__":
                    self.block("py-dynamic-import", "`__builtins__` reaches the builtins by name; call them directly", node)
            elif t == "import_statement" or t == "import_from_statement":
                self.visit_import(node)
            elif t == "assignment":
                self.visit_assignment(node)
            elif t == "attribute":
                attr = node.child_by_field_name("attribute")
                if attr is not None and self.src(attr) in _INTROSPECTION:
                    self.block("py-dynamic-import", f"`.{self.src(attr)}` reaches interpreter internals (a sandbox "
                                                    "escape trick); use the normal API", node)
            elif t == "subscript":
                self.visit_subscript(node)
            elif t == "string" or t == "concatenated_string":
                v = self.string(node)
                if v is not None and len(v) < 512 and ("/" in v or v.startswith("~")):
                    check_path(self.ctx, self.doc, node, v)
                if t == "concatenated_string":
                    continue
            elif t in ("binary_operator", "call"):
                v = self.string(node)
                if v is not None and v.startswith(("~", "/")):
                    check_path(self.ctx, self.doc, node, v)
                if t == "call":
                    self.visit_call(node)
            elif t in ("while_statement", "for_statement"):
                body = node.child_by_field_name("body")
                if body is not None and "fork()" in self.src(body):
                    self.block("resource-exhaustion", "`os.fork()` inside a loop starts processes without end", node)
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_socket and self.shell_io:
            self.block("reverse-shell", "a socket is wired to a process's input/output (reverse shell)", self.shell_io[0])
        if self.uses_net and self.env_whole:
            self.block("exfiltration", "the whole environment is sent over the network; never send secrets off the "
                                       "machine", self.env_whole[0])

    def visit_import(self, node) -> None:
        if node.type == "import_statement":
            for c in node.named_children:
                if c.type == "dotted_name":
                    name = self.src(c)
                    self.alias.setdefault(name.split(".")[0], name.split(".")[0])
                    self._import_hit(name, c)
                elif c.type == "aliased_import":
                    n, al = c.child_by_field_name("name"), c.child_by_field_name("alias")
                    if n is not None and al is not None:
                        self.alias[self.src(al)] = self.src(n)
                        self._import_hit(self.src(n), c)
            return
        mod_node = node.child_by_field_name("module_name")
        mod = self.src(mod_node) if mod_node is not None else ""
        self._import_hit(mod, node)
        for c in node.named_children:
            if c is mod_node:
                continue
            if c.type == "wildcard_import":
                self.star.add(mod)
            elif c.type == "dotted_name":
                self.alias[self.src(c)] = f"{mod}.{self.src(c)}"
                self._import_hit(f"{mod}.{self.src(c)}", c)
            elif c.type == "aliased_import":
                n, al = c.child_by_field_name("name"), c.child_by_field_name("alias")
                if n is not None and al is not None:
                    self.alias[self.src(al)] = f"{mod}.{self.src(n)}"
                    self._import_hit(f"{mod}.{self.src(n)}", c)

    def _import_hit(self, name: str, node) -> None:
        top = name.split(".")[0]
        if top in ("ctypes", "cffi", "_ctypes"):
            self.block("py-ctypes", f"`{name}` calls native code directly, around every Python-level check", node)
        if top == "socket":
            self.uses_socket = True
        if name.startswith(_NET) or top in ("requests", "urllib", "httpx", "aiohttp", "socket", "smtplib", "http"):
            self.uses_net = True

    def visit_assignment(self, node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if left.type == "identifier":
            name = self.src(left)
            v = self.string(right)
            if v is not None:
                self.consts[name] = v
            else:
                self.consts.pop(name, None)
                q = self.qualname(right)
                if q and right.type in ("attribute", "identifier", "call", "subscript") and "." in q:
                    self.alias[name] = q
        elif left.type == "subscript":
            q = self.qualname(left.child_by_field_name("value"))
            key = left.child_by_field_name("subscript")
            if q == "os.environ" and key is not None:
                k = self.string(key)
                if k:
                    check_env_name(self.ctx, self.doc, left, k)

    def visit_subscript(self, node) -> None:
        value = node.child_by_field_name("value")
        key = node.child_by_field_name("subscript")
        if value is None or key is None:
            return
        base = self.src(value).replace(" ", "")
        q = self.qualname(value)
        if base in ("globals()", "locals()", "vars()", "__builtins__", "__builtins__.__dict__", "builtins.__dict__") or \
                q in ("sys.modules",) or base.endswith(".__dict__") and base.startswith(("__builtins__", "builtins")):
            k = self.string(key)
            if k is None:
                self.block("py-dynamic-import", f"`{base}[...]` looks up a computed name; call what you need directly", node)

    def visit_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = self.args(node)
        pos = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        if q is None:
            if fn is not None and fn.type == "call":
                inner = self.qualname(fn.child_by_field_name("function"))
                if inner in _IMPORTERS or inner == "getattr":
                    self.block("py-dynamic-import", "a module or attribute is chosen by a computed name; import and "
                                                    "call it directly", fn)
            return
        base = q.split(".")[-1]
        if q in _IMPORTERS or q == "getattr":
            if (q == "getattr" and len(pos) >= 2 and self.string(pos[1]) is None) or (
                    q != "getattr" and pos and self.string(pos[0]) is None):
                self.block("py-dynamic-import", f"`{q}` with a computed name; import and call it directly", node)
            return
        if fn is not None and _INDIRECT.search(self.src(fn)) and (
                q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE or q.startswith(_SPAWN_PREFIX)):
            self.block("py-dynamic-import", f"`{q}` is reached indirectly (__import__, getattr, globals(), "
                                            "sys.modules) to hide it; call it directly", fn)
        if q in _SHELL_STRING:
            self._shell_string(q, pos[0] if pos else None, node)
        elif q in _SUBPROCESS:
            self._subprocess(q, node, pos)
        elif q.startswith(_SPAWN_PREFIX) or q in _SPAWN:
            self.block("py-process-spawn", f"`{q}` replaces or spawns a process outside the shell rules; use "
                                           "subprocess.run with a literal argv list", node)
            if q == "pty.spawn" or q.startswith("os.exec"):
                self.shell_io.append(node)
        elif q in _CODE:
            if q.startswith("code."):
                self.block("py-dynamic-code", f"`{q}` opens an interactive interpreter that runs whatever it is fed",
                           node)
                return
            code = self.string(pos[0]) if pos else None
            if code is None:
                if pos:
                    self.block("py-dynamic-code", f"`{base}` of code computed at run time; write the code directly", node)
            elif base in ("eval", "exec", "compile"):
                self.ctx.nested(code, "python", self.doc, pos[0], None)
            else:
                self.block("py-dynamic-code", f"`{q}` runs code from a file or module chosen at run time", node)
        elif q in _DESERIALIZE or (q == "yaml.load" and not self._safe_yaml(node)):
            self.block("py-unsafe-deserialize", f"`{q}` can run code hidden in the data; use json or yaml.safe_load",
                       node)
        elif q.split(".")[0] in ("ctypes", "cffi", "_ctypes"):
            self.block("py-ctypes", f"`{q}` calls native code directly", node)
        elif q in _DELETE or q.endswith((".unlink", ".rmdir")) and q.startswith("pathlib.Path()"):
            target = self.string(pos[0]) if pos else None
            if target is not None:
                self._delete(target, pos[0])
        elif q in _WRITE_CALLS and len(pos) >= 2:
            dest = self.string(pos[1])
            if dest is not None:
                check_path(self.ctx, self.doc, pos[1], dest, writing=True)
        elif q in ("open", "io.open", "os.open", "codecs.open") and pos:
            path = self.string(pos[0])
            if path is not None:
                mode = self.string(pos[1]) if len(pos) > 1 else self.string(self.kwarg(node, "mode")) if self.kwarg(node, "mode") is not None else "r"
                check_path(self.ctx, self.doc, pos[0], path, writing=bool(mode and set(mode) & set("wax+")))
        elif q in ("os.chmod", "os.chown", "os.lchown") and pos:
            path = self.string(pos[0])
            if path is not None:
                from . import paths

                if paths.kinds(path) & {paths.SYSTEM, paths.HOME}:
                    self.block("permission-tamper", f"`{q}` of the system path {path}", pos[0])
        elif q in ("os.setuid", "os.setgid", "os.seteuid", "os.setreuid"):
            self.review("privilege-escalation", f"`{q}` changes the process's user", node)
        elif q in ("os.dup2",):
            self.shell_io.append(node)
        elif q in ("os.putenv", "os.environ.setdefault", "os.environ.update") and pos:
            k = self.string(pos[0])
            if k:
                check_env_name(self.ctx, self.doc, node, k)
        elif q.startswith(("socket.socket", "socket.create_connection")):
            self.uses_socket = True
        if q.startswith(_NET) or q.split(".")[0] in ("requests", "httpx"):
            self.uses_net = True
            for a in args:
                txt = self.src(a)
                if "os.environ" in txt and "os.environ[" not in txt and "os.environ.get" not in txt:
                    self.env_whole.append(a)

    def _safe_yaml(self, call) -> bool:
        loader = self.kwarg(call, "Loader")
        args = [a for a in self.args(call) if a.type != "keyword_argument"]
        if loader is None and len(args) > 1:
            loader = args[1]
        return loader is not None and "Safe" in self.src(loader)

    def _delete(self, target: str, node) -> None:
        from . import paths

        n = paths.normalize(target)
        k = paths.kinds(target)
        if n in ("/", "~") or k & {paths.SYSTEM, paths.HOME, paths.SECRET, paths.PERSISTENCE}:
            self.block("destructive-rm", f"the code deletes {target}, a system, home or credential path", node)

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
            return
        feed = self.kwarg(node, "input")
        if feed is not None and self.string(feed) is None:
            head = self.string(first) if first.type not in ("list", "tuple") else (
                self.string(first.named_children[0]) if first.named_children else None)
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
            argv = [self.string(c) if c.type != "attribute" or self.qualname(c) != "sys.executable" else "python"
                    for c in items]
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

    def _argv(self, argv: list[str | None], node, q: str) -> None:
        if not argv or argv[0] is None:
            self.review("py-subprocess-dynamic", f"`{q}` runs a program chosen at run time", node)
            return
        if argv[0] in SHELL_NAMES:
            self.shell_io.append(node)  # a shell next to a socket is a reverse shell
        if argv[0] in SHELL_NAMES and len(argv) >= 3 and argv[1] in ("-c", "/c", "-Command") and argv[2] is None:
            self.block("py-shell-exec", f"`{q}` runs a shell on a command built at run time", node)
            return
        self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)


def analyze(root, doc: Doc, ctx: Context) -> None:
    PythonAnalysis(doc, ctx).run(root)
