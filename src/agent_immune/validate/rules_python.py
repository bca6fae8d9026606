"""Python rules: what the snippet runs, loads and touches.

Names are resolved through imports and simple aliases (`import os as o`, `from
subprocess import run as r`, `f = os.system`, `__import__("os")`, `getattr(os, "system")`,
`sys.modules["os"]`), so renaming does not hide a call. Shell strings and literal argv
lists handed to os.system/subprocess are re-parsed and judged by the bash rules.
"""
from __future__ import annotations

import ast
import re

from .common_code import (NET_TOOLS, SHELL_NAMES, CodeAnalysis, argv_to_shell, check_env_name, check_env_value,
                          check_path)
from .engine import Context
from .limits import VALUE_CAP
from .parse import Doc

_SHELL_STRING = frozenset({"os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput",
                           "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput",
                           "platform.popen", "asyncio.create_subprocess_shell", "popen2.popen2", "popen2.popen3",
                           "invoke.run", "sarge.run", "os.popen3"})
_SUBPROCESS = frozenset({"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
                         "subprocess.Popen", "asyncio.create_subprocess_exec", "sh.Command", "plumbum.local"})
_SPAWN_PREFIX = ("os.exec", "os.spawn", "os.posix_spawn")
_SPAWN = frozenset({"pty.spawn", "os.forkpty", "pexpect.spawn", "pexpect.run"})
_CODE = frozenset({"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile", "execfile",
                   "code.InteractiveInterpreter", "code.InteractiveConsole", "code.interact", "runpy.run_path",
                   "runpy.run_module", "zipimport.zipimporter"})
_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__", "builtins.__import__",
                        "imp.load_source", "importlib.machinery.SourceFileLoader"})
_DESERIALIZE = frozenset({"pickle.loads", "pickle.load", "pickle.Unpickler", "cPickle.loads", "cPickle.load",
                          "_pickle.loads", "_pickle.load", "dill.loads", "dill.load", "marshal.loads", "marshal.load",
                          "shelve.open", "jsonpickle.decode", "yaml.unsafe_load", "yaml.full_load",
                          "yaml.unsafe_load_all", "yaml.full_load_all",
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
_INDIRECT = re.compile(r"__import__|getattr|globals\(|locals\(|vars\(|sys\.modules|import_module|__builtins__|"
                       r"__dict__|attrgetter|methodcaller")
# calls that take a callable and call it later (or elsewhere): a dangerous function handed to
# one of them runs with arguments this code does not show
_VALUE_HOLDERS = frozenset({"argument_list", "list", "tuple", "set", "pair", "lambda", "conditional_expression",
                            "keyword_argument", "return_statement", "expression_list"})
# methods that send their arguments off the machine (with a socket or HTTP module in use)
_SEND = frozenset({"post", "put", "patch", "request", "urlopen", "Request", "send", "sendall", "sendto",
                   "sendmail", "send_message", "storbinary", "upload_file", "put_object"})
# the last names of the functions checked when used as values: anything else is skipped before it is resolved
_VALUE_LEAVES = frozenset({q.rsplit(".", 1)[-1] for q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE} |
                          {"SimpleHTTPRequestHandler"})
_PATH_WRITES = frozenset({"write_text", "write_bytes", "touch", "symlink_to", "hardlink_to", "chmod", "rename",
                          "replace"})
_METHODS = _SEND | _PATH_WRITES | {"extractall", "extract", "open", "unlink", "rmdir", "rglob", "glob", "iterdir",
                                    "walk"}
# calls that start a process or thread and do not wait for it
_STARTS = re.compile(r"\b(?:Popen|fork|forkpty|spawn\w*|start_new_thread|create_subprocess_\w+)\s*\(|\.start\(\)")
_EXITS = re.compile(r"\b(?:break|return|raise|sys\.exit|exit)\b")
_ENDLESS_ITER = re.compile(r"^(?:iter\(\s*int\s*,|(?:itertools\.)?(?:count|repeat|cycle)\()")
_RISKY_MODULES = frozenset({"os", "posix", "nt", "subprocess", "builtins", "pty", "shutil", "importlib", "runpy",
                            "pickle", "marshal", "code", "ctypes", "socket"})
_PICKLE_OPT_IN = frozenset({"numpy.load", "numpy.lib.npyio.load", "torch.load", "keras.models.load_model",
                            "keras.saving.load_model", "tensorflow.keras.models.load_model"})
_WALKS = frozenset({"os.walk", "os.scandir", "os.listdir", "glob.glob", "glob.iglob", "os.fwalk"})


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
    RULES = ("py-shell-exec", "py-dynamic-code")
    ASSIGNMENTS = ("python", "(assignment left: (identifier) @set) (augmented_assignment left: (identifier) @change) "
                   "(for_statement left: (identifier) @change) (named_expression name: (identifier) @change) "
                   "(as_pattern_target (identifier) @change)",
                   frozenset({"string", "concatenated_string"}))

    def __init__(self, doc: Doc, ctx: Context) -> None:
        super().__init__(doc, ctx)
        self.star: set[str] = set()
        self.uses_socket = False
        self.shell_io: list = []
        self.env_names: set[str] = {"os.environ"}  # names holding the whole environment
        self.downloads: set[str] = set()  # literal paths a download in this code writes to
        self.served_root: str | None = None  # the home or / when the code changed into it
        self.serves_files = None  # a use of http.server's file handler

    # -- values --------------------------------------------------------------------
    def string(self, node) -> str | None:
        """The value of a literal string expression (concatenations and joins of literals too)."""
        t = node.type
        if t == "string":
            if any(c.type == "interpolation" for c in node.children):
                return self._fstring(node)
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
            name = self.src(node)
            v = self.consts.get(name)
            return None if v is None or self.mutable(name) else v
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
                if attr is not None and self.src(attr) == "joinpath":
                    vals = [self.string(fn.child_by_field_name("object"))] + [self.string(a) for a in args]
                    return None if None in vals else "/".join(v.rstrip("/") for v in vals)  # type: ignore[union-attr]
        if t == "subscript":
            q = self.qualname(node.child_by_field_name("value"))
            key = node.child_by_field_name("subscript")
            if q == "os.environ" and key is not None and self.string(key) == "HOME":
                return "~"
        return None

    def _fstring(self, node) -> str | None:
        """The value of an f-string whose every replacement field is itself a known string
        (`f"{Path.home()}/.ssh/id_rsa"`)."""
        first = node.children[0] if node.children else None
        if first is None or first.type != "string_start":
            return None
        start = self.src(first)
        quote = start.lstrip("rRbBfFuU")
        prefix = start[:len(start) - len(quote)].replace("f", "").replace("F", "")
        out = []
        for c in node.children:
            if c.type == "interpolation":
                if c.child_by_field_name("type_conversion") is not None or \
                        c.child_by_field_name("format_specifier") is not None:
                    return None
                v = self.string(c.child_by_field_name("expression"))
            elif c.type == "string_content":
                v = _literal(prefix + quote + self.src(c).replace("{{", "{").replace("}}", "}") + quote)
            else:
                continue
            if v is None:
                return None
            out.append(v)
        return "".join(out)

    def kwarg(self, call, name: str):
        for a in self.args(call):
            if a.type == "keyword_argument":
                n = a.child_by_field_name("name")
                if n is not None and self.src(n) == name:
                    return a.child_by_field_name("value")
        return None

    def _qualname(self, node) -> str | None:
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
            q = self.dotted(node, "object", "attribute")
            if q is not None and q.endswith(".__call__"):  # os.system.__call__ is os.system
                return q[:-9]
            if q is not None and q.startswith(("posix.", "nt.")):  # the modules os is built on
                return "os." + q.partition(".")[2]
            return q
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
            if fn in ("functools.partial", "partial"):
                target = self._partial_target(node, fn)
                return self.qualname(target) if target is not None else None
            if fn and fn.endswith(".__dict__.get") and args:  # os.__dict__.get("system")
                k = self.string(args[0])
                return f"{fn[:-13]}.{k}" if k else None
            if fn == "vars" and args:
                base = self.qualname(args[0])
                return f"{base}.__dict__" if base else None
            if fn in ("globals", "locals", "vars"):
                return f"{fn}()"
            inner = node.child_by_field_name("function")
            if inner is not None and inner.type == "call" and args:
                # operator.attrgetter("system")(os) is os.system
                getter = self.qualname(inner.child_by_field_name("function"))
                name_args = self.args(inner)
                if getter == "operator.attrgetter" and len(name_args) == 1:
                    base, attr = self.qualname(args[0]), self.string(name_args[0])
                    return f"{base}.{attr}" if base and attr else None
            return None
        if t == "subscript":
            base = self.qualname(node.child_by_field_name("value"))
            key = node.child_by_field_name("subscript")
            k = self.string(key) if key is not None else None
            if base == "sys.modules" and k:
                return k
            if base in ("globals()", "__builtins__", "vars()", "locals()") and k:
                return k
            if base and k and base.endswith(".__dict__"):  # os.__dict__["system"], vars(os)["system"]
                return f"{base[:-9]}.{k}"
            return None
        if t == "parenthesized_expression" and node.named_children:
            return self.qualname(node.named_children[0])
        return None

    # -- walk -----------------------------------------------------------------------
    def run(self, root) -> None:
        self.root = root
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
                name = self.src(attr) if attr is not None else ""
                if name in _INTROSPECTION:
                    self.block("py-dynamic-import", f"`.{name}` reaches interpreter internals (a sandbox "
                                                    "escape trick); use the normal API", node)
                elif name == "__dict__" and node.parent is not None and node.parent.type != "subscript":
                    self._module_table(node.child_by_field_name("object"), node)
            elif t == "subscript":
                self.visit_subscript(node)
            elif t in _VALUE_HOLDERS:
                self.visit_holder(node, t)
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
                text = self.src(body) if body is not None else ""
                if "fork()" in text:
                    self.block("resource-exhaustion", "`os.fork()` inside a loop starts processes without end", node)
                elif _STARTS.search(text) and self._endless(node, t) and not _EXITS.search(text):
                    self.endless.append(node)
            if node.named_child_count:  # leaves (names, numbers, string pieces) are about half the nodes
                stack.extend(reversed(node.named_children))
        if self.uses_socket and self.shell_io:
            self.block("reverse-shell", "a socket is wired to a process's input/output (reverse shell)", self.shell_io[0])
        if self.uses_net and self.env_whole:
            self.block("exfiltration", "the whole environment is sent over the network; never send secrets off the "
                                       "machine", self.env_whole[0])
        self.report_walk_deletes()
        if self.serves_files is not None:
            directory = self.kwarg(self.serves_files, "directory") if self.serves_files.type == "call" else None
            where = self.string(directory) if directory is not None else self.served_root
            from . import paths

            if where is not None and paths.normalize(where) in ("/", "~"):
                self.block("exfiltration", f"the code serves {where} over HTTP, every key and credential in it; "
                                           "serve only a project directory", self.serves_files)

    def _partial_target(self, call, fn: str | None):
        """The function of `functools.partial(f, check=True, ...)` when it only presets harmless
        options, so calling the partial is judged as calling `f`; None otherwise."""
        if fn not in ("functools.partial", "partial") or (fn == "partial" and "functools.partial" not in
                                                          self.alias.values()):
            return None
        args = self.args(call)
        if not args or args[0].type not in ("identifier", "attribute"):
            return None
        for a in args[1:]:
            n = a.child_by_field_name("name") if a.type == "keyword_argument" else None
            if n is None or self.src(n) in ("args", "shell", "input", "executable", "env"):
                return None
        return args[0]

    def visit_holder(self, node, t: str) -> None:
        """A dangerous function used as a value (`map(os.system, cmds)`, `Thread(target=os.system)`,
        `atexit.register(os.system, c)`, `[eval][0]`): whatever calls it later passes
        arguments this code does not show."""
        if t in ("keyword_argument", "pair"):
            kids = [node.child_by_field_name("value")]
        elif t == "lambda":
            kids = [node.child_by_field_name("body")]
        else:
            kids = node.named_children
        for c in kids:
            if c is None:
                continue
            if c.type == "attribute":  # settled by its last name before it is resolved
                attr = c.child_by_field_name("attribute")
                name = self.src(attr) if attr is not None else ""
                if not (name in _VALUE_LEAVES or name.startswith(("exec", "spawn", "posix_spawn"))):
                    continue
            elif c.type == "identifier":
                name = self.src(c)
                if name not in self.alias and name not in ("eval", "exec", "compile", "execfile"):
                    continue
            elif c.type != "subscript":
                continue
            self.visit_value(c)

    def visit_value(self, node, stored: bool = False) -> None:
        q = self.qualname(node)
        if not q:
            return
        if q.endswith("SimpleHTTPRequestHandler") and self.serves_files is None:
            holder = node.parent.parent if node.parent.type == "keyword_argument" else node.parent
            # the call it is given to: partial(SimpleHTTPRequestHandler, directory=...), TCPServer(..., handler)
            self.serves_files = holder.parent if holder.type == "argument_list" else node
        if q in _SHELL_STRING:
            self.block("py-shell-exec", f"`{q}` is passed on as a value, so the command it runs is not visible here; "
                                        "call subprocess.run with a literal argv list directly", node)
        elif q in _CODE:
            self.block("py-dynamic-code", f"`{q}` is passed on as a value to run code chosen elsewhere; write the "
                                          "code directly", node)
        elif q.startswith(_SPAWN_PREFIX) or q in _SPAWN:
            self.block("py-process-spawn", f"`{q}` is passed on as a value to start a process chosen elsewhere; use "
                                           "subprocess.run with a literal argv list", node)
        elif q in _DESERIALIZE:
            self.block("py-unsafe-deserialize", f"`{q}` is passed on as a value to load data that can run code; use "
                                                "json", node)
        elif q in _SUBPROCESS and not stored:
            call = node.parent.parent if node.parent.type == "argument_list" else None
            if call is not None and self._partial_target(call, self.qualname(call.child_by_field_name("function"))):
                return  # partial(subprocess.run, check=True) is an alias, judged where it is called
            self.review("py-subprocess-dynamic", f"`{q}` is passed on as a value; the program it runs is chosen "
                                                 "elsewhere", node)

    def mentions_env(self, node) -> bool:
        """Whether `node` holds the whole environment (`os.environ`, `dict(os.environ)`, a name
        assigned from it), not just one variable of it (`os.environ["X"]`, `.get`)."""
        txt = self.src(node)
        if "environ" not in txt and len(self.env_names) == 1 and "os.environ" not in self.alias.values():
            return False
        names = [n for n in self.env_names if n in txt] or [al for al, target in self.alias.items()
                                                           if target == "os.environ" and al in txt]
        return any(re.search(rf"(?<![\w.]){re.escape(n)}\b(?!\s*\[|\.(?:get|setdefault|pop)\b)", txt)
                   for n in names if n in txt)

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
        if top in ("_posixsubprocess", "_winapi"):
            self.block("py-process-spawn", f"`{name}` is the private process-spawning layer under subprocess; use "
                                           "subprocess.run with a literal argv list", node)
        if top == "socket":
            self.uses_socket = True
        if name.startswith(_NET) or top in ("requests", "urllib", "httpx", "aiohttp", "socket", "smtplib", "http"):
            self.uses_net = True

    def visit_assignment(self, node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        if right.type in ("attribute", "identifier") and (left.type != "identifier" or (
                node.parent is not None and node.parent.parent is not None and node.parent.parent.parent is not None
                and node.parent.parent.parent.type == "class_definition")):
            # `d["f"] = os.system`, `obj.run = os.system`, a class attribute; `self.run = subprocess.run`
            # (a seam for tests) is left to where it is called
            self.visit_value(right, stored=True)
        if left.type == "identifier":
            name = self.src(left)
            v = self.string(right)
            if v is not None and len(v) <= VALUE_CAP:
                self.consts[name] = v
            else:
                self.consts.pop(name, None)
                q = self.qualname(right)
                # `m = __import__("subprocess")` and `o = sys.modules["os"]` name a module, `run = exec` a builtin
                if q and (right.type in ("attribute", "identifier", "call", "subscript") and "." in q
                          or right.type in ("call", "subscript") or q in _CODE):
                    self.alias[name] = q
                if right.type not in ("attribute", "identifier") and self.mentions_env(right):
                    self.env_names.add(name)
        elif left.type == "subscript":
            q = self.qualname(left.child_by_field_name("value"))
            key = left.child_by_field_name("subscript")
            if q == "os.environ" and key is not None:
                k = self.string(key)
                if k:
                    self._env_value(left, k, right)

    def visit_subscript(self, node) -> None:
        value = node.child_by_field_name("value")
        key = node.child_by_field_name("subscript")
        if value is None or key is None:
            return
        base = self.src(value).replace(" ", "")
        q = self.qualname(value)
        if base in ("globals()", "locals()", "vars()", "__builtins__", "__builtins__.__dict__", "builtins.__dict__") or \
                q in ("sys.modules",) or (q or base).endswith(".__dict__"):
            k = self.string(key)
            if k is None:
                self.block("py-dynamic-import", f"`{base}[...]` looks up a computed name; call what you need directly", node)

    def visit_call(self, node) -> None:
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = self.args(node)
        pos = [a for a in args if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        if self.doc.data.find(b"env", node.start_byte, node.end_byte) >= 0:
            env = self.kwarg(node, "env")
            if env is not None:  # subprocess, pexpect, asyncio, Popen wrappers: any call that starts a child
                self._env_keys(env)
        if fn is not None and fn.type == "attribute":
            if q is not None:
                meth = q.rpartition(".")[2]
            else:
                attr = fn.child_by_field_name("attribute")
                meth = self.src(attr) if attr is not None else ""
            if meth in _METHODS:  # settled by the name before anything else is read
                self._method(meth, fn.child_by_field_name("object"), node, args, pos)
        if q is None:
            if fn is not None and fn.type == "call":
                inner = self.qualname(fn.child_by_field_name("function"))
                if inner in _IMPORTERS or inner == "getattr":
                    self.block("py-dynamic-import", "a module or attribute is chosen by a computed name; import and "
                                                    "call it directly", fn)
                elif inner == "operator.methodcaller":
                    self._methodcaller(fn, node)
            return
        base = q.split(".")[-1]
        if not pos and any(a.type in ("list_splat", "dictionary_splat") for a in args) and (
                q in _SHELL_STRING or q in _CODE):
            self.block("py-shell-exec" if q in _SHELL_STRING else "py-dynamic-code",
                       f"`{q}` of arguments unpacked at run time (`*args`); pass a literal", node)
            return
        if q in _IMPORTERS or q == "getattr":
            if q in ("imp.load_source", "importlib.machinery.SourceFileLoader") and len(pos) > 1:
                self._load_file(q, pos[1], node)
            if (q == "getattr" and len(pos) >= 2 and self.string(pos[1]) is None) or (
                    q != "getattr" and pos and self.string(pos[0]) is None):
                self.block("py-dynamic-import", f"`{q}` with a computed name; import and call it directly", node)
            return
        if fn is not None and (q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE or
                               q.startswith(_SPAWN_PREFIX)) and self._indirect(fn):
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
        elif q in _DESERIALIZE or (q in ("yaml.load", "yaml.load_all") and not self._safe_yaml(node)):
            self.block("py-unsafe-deserialize", f"`{q}` can run code hidden in the data; use json or yaml.safe_load",
                       node)
        elif self.doc.data.find(b"trust_remote_code", node.start_byte, node.end_byte) >= 0 and \
                self.kwarg(node, "trust_remote_code") is not None and \
                self.src(self.kwarg(node, "trust_remote_code")) not in ("False", "0", "None"):
            self.review("py-dynamic-code", f"`{q}(..., trust_remote_code=True)` runs Python code downloaded with the "
                                           "model; use a model that needs none, or review its code first", node)
        elif q in _PICKLE_OPT_IN and self._pickle_opt_in(q, node):
            self.block("py-unsafe-deserialize", f"`{q}` is told to unpickle, which runs code hidden in the file; "
                                                "load plain arrays/weights only (allow_pickle=False, weights_only=True)",
                       node)
        elif q.split(".")[0] in ("ctypes", "cffi", "_ctypes"):
            self.block("py-ctypes", f"`{q}` calls native code directly", node)
        elif q in _DELETE:
            target = self.string(pos[0]) if pos else None
            if target is not None:
                self._delete(target, pos[0])
            else:
                self.dynamic_deletes.append(node)
        elif q in _WRITE_CALLS and len(pos) >= 2:
            dest = self.string(pos[1])
            if dest is not None:
                check_path(self.ctx, self.doc, pos[1], dest, writing=True)
        elif q in ("open", "io.open", "os.open", "codecs.open") and pos:
            path = self.string(pos[0])
            mode_node = pos[1] if len(pos) > 1 else self.kwarg(node, "mode")
            mode = self.string(mode_node) if mode_node is not None else "r"
            writing = bool(mode and set(mode) & set("wax+"))
            if path is not None:
                check_path(self.ctx, self.doc, pos[0], path, writing=writing)
            elif writing:
                # open(os.path.join(site_dir, "x.pth"), "w"): where it lands is unknown, what it is is not
                self._startup_file(pos[0], node)
        elif q in ("os.chmod", "os.chown", "os.lchown") and pos:
            path = self.string(pos[0])
            if path is None:
                self.dynamic_chmods.append(node)
            else:
                from . import paths

                if paths.kinds(path) & {paths.SYSTEM, paths.HOME}:
                    self.block("permission-tamper", f"`{q}` of the system path {path}", pos[0])
        elif q in ("os.setuid", "os.setgid", "os.seteuid", "os.setreuid"):
            self.review("privilege-escalation", f"`{q}` changes the process's user", node)
        elif q in ("os.dup2",):
            self.shell_io.append(node)
        elif q in ("os.putenv", "os.environ.setdefault") and pos:
            k = self.string(pos[0])
            if k:
                check_env_name(self.ctx, self.doc, node, k)
        elif q == "os.environ.update":
            for a in args:
                self._env_keys(a)
        elif q.startswith(("socket.socket", "socket.create_connection")):
            self.uses_socket = True
        elif q.endswith(".subprocess_shell") and len(pos) > 1:  # loop.subprocess_shell(protocol, cmd)
            self._shell_string(q, pos[1], node)
        elif q in ("sys.path.insert", "sys.path.append") and pos:
            where = self.string(pos[-1])
            if where is not None:
                check_env_value(self.ctx, self.doc, node, "PYTHONPATH", where)
        elif q == "debugpy.listen" and pos and self._public_host(pos[0]):
            self.block("py-dynamic-code", "`debugpy.listen` on a public address lets anyone who reaches the port run "
                                          "code in this process; listen on 127.0.0.1", node)
        elif q in ("vars", "inspect.getmembers") and pos and (node.parent is None or node.parent.type != "subscript"):
            self._module_table(pos[0], node)
        elif q in ("keyring.get_password", "keyring.get_credential"):
            self.review("secret-read", f"`{q}` reads a password from the system keyring; ask the user for the "
                                       "credential the task needs", node)
        elif q == "os.chdir" and pos:
            where = self.string(pos[0])
            if where is not None:
                from . import paths

                if paths.normalize(where) in ("/", "~"):
                    self.served_root = where
        elif q in ("os.kill", "os.killpg") and pos and self.src(pos[0]).replace(" ", "") in ("-1", "0-1"):
            self.block("system-disruption", f"`{q}(-1, ...)` signals every process the user owns; signal only the "
                                            "process you started", node)
        elif q == "os.truncate" and pos:
            path = self.string(pos[0])
            if path is not None:
                check_path(self.ctx, self.doc, pos[0], path, writing=True)
        elif q == "shutil.unpack_archive":
            dest = pos[1] if len(pos) > 1 else self.kwarg(node, "extract_dir")
            self._write_target(dest)
        elif q in _WALKS and pos:
            self.walk_root(self.string(pos[0]), node)
        elif q in ("urllib.request.urlretrieve", "wget.download"):
            dest = pos[1] if len(pos) > 1 else self.kwarg(node, "filename" if q.startswith("urllib") else "out")
            path = self.string(dest) if dest is not None else None
            if path is not None:
                from . import paths

                self.downloads.add(paths.normalize(path))
        elif q == "importlib.util.spec_from_file_location" and len(pos) > 1:
            self._load_file(q, pos[1], node)
        elif q in ("pip.main", "pip._internal.main", "pip._internal.main.main", "pip._internal.cli.main.main"):
            argv = [self.string(c) for c in pos[0].named_children] if pos and pos[0].type in ("list", "tuple") else [None]
            self._argv(["pip", *argv], node, q)
        if q.startswith(_NET) or q.split(".")[0] in ("requests", "httpx"):
            self.uses_net = True
            self._env_sent(args)

    def _endless(self, node, t: str) -> bool:
        """`while True:`, `while 1:`, `for _ in iter(int, 1)`, `for _ in itertools.count()`."""
        if t == "while_statement":
            cond = node.child_by_field_name("condition")
            return cond is not None and self.src(cond) in ("True", "1", "not False", "(True)")
        right = node.child_by_field_name("right")
        return right is not None and _ENDLESS_ITER.match(self.src(right)) is not None

    def _public_host(self, node) -> bool:
        """A `(host, port)` tuple whose host is not loopback."""
        if node.type != "tuple" or not node.named_children:
            return False
        host = self.string(node.named_children[0])
        return host is not None and host not in ("127.0.0.1", "localhost", "::1")

    def _module_table(self, obj, node) -> None:
        """`os.__dict__.items()`, `vars(os)`, `inspect.getmembers(os)` as a whole: a way to pick
        os.system & co by a name computed from the table."""
        q = self.qualname(obj) if obj is not None else None
        if q in _RISKY_MODULES:
            self.block("py-dynamic-import", f"the code reads the whole `{q}` namespace to pick a function by a "
                                            "computed name; call what you need directly", node)

    def _indirect(self, fn) -> bool:
        """Whether the called function is reached by name at run time rather than imported:
        `__import__("os").system`, `getattr(os, "system")`, `vars(os)["system"]`,
        `import_module` under another name (`im("os").system`)."""
        if _INDIRECT.search(self.src(fn)):
            return True
        while fn is not None and fn.type in ("attribute", "subscript"):
            fn = fn.child_by_field_name("object" if fn.type == "attribute" else "value")
        return fn is not None and fn.type == "call" and self.qualname(fn.child_by_field_name("function")) in (
            _IMPORTERS | {"getattr", "operator.attrgetter", "vars"})

    def _method(self, meth: str, obj, node, args: list, pos: list) -> None:
        """Checks that hold whatever object the method is called on (`tarfile.open(f).extractall("/")`,
        `Path.home().joinpath(".bashrc").write_text(x)`, `sock.sendall(...)`)."""
        if meth in _SEND:
            self._env_sent(args)
        if obj is None:
            return
        if meth in ("extractall", "extract"):
            i = 0 if meth == "extractall" else 1
            self._write_target(pos[i] if len(pos) > i else self.kwarg(node, "path"))
        elif meth in _PATH_WRITES or (meth == "open" and pos and set(self.string(pos[0]) or "") & set("wax+")):
            self._write_target(obj)
        elif meth in ("unlink", "rmdir"):
            target = self.string(obj)
            if target is not None:
                self._delete(target, obj)
            elif obj.type != "call":
                self.dynamic_deletes.append(node)
        elif meth in ("rglob", "glob", "iterdir", "walk"):
            self.walk_root(self.string(obj), node)

    def _methodcaller(self, fn, node) -> None:
        """`operator.methodcaller("system", cmd)(os)` calls os.system(cmd)."""
        inner_args = self.args(fn)
        outer = self.args(node)
        name = self.string(inner_args[0]) if inner_args else None
        target = self.qualname(outer[0]) if outer else None
        if not name or not target:
            return
        q = f"{target}.{name}"
        if q in _SHELL_STRING | _SUBPROCESS | _SPAWN | _CODE | _DESERIALIZE or q.startswith(_SPAWN_PREFIX):
            self.block("py-dynamic-import", f"`{q}` is reached through operator.methodcaller to hide it; call it "
                                            "directly", node)
            if q in _SHELL_STRING:
                self._shell_string(q, inner_args[1] if len(inner_args) > 1 else None, node)

    def _startup_file(self, path_node, node) -> None:
        """A .pth, sitecustomize.py or usercustomize.py file: Python runs it at every start."""
        if path_node is None:
            return
        last = path_node
        if last.type == "call" and self.qualname(last.child_by_field_name("function")) in _PATH_CTORS:
            parts = self.args(last)
            last = parts[-1] if parts else None
        elif last.type == "binary_operator":
            last = last.child_by_field_name("right")
        name = self.string(last) if last is not None else None
        if name and (name.endswith(".pth") or name.rsplit("/", 1)[-1] in ("sitecustomize.py", "usercustomize.py")):
            self.block("persistence", f"the code writes {name}, which Python runs at every start; agents must not "
                                      "install start-up code", node)

    def _write_target(self, node) -> None:
        path = self.string(node) if node is not None else None
        if path is not None:
            check_path(self.ctx, self.doc, node, path, writing=True)

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

    def _env_sent(self, args: list) -> None:
        for a in args:
            if self.mentions_env(a):
                self.env_whole.append(a)

    def _pickle_opt_in(self, q: str, node) -> bool:
        """numpy.load(..., allow_pickle=True) and torch.load(..., weights_only=False) unpickle."""
        if q in ("numpy.load", "numpy.lib.npyio.load"):
            v = self.kwarg(node, "allow_pickle")
            return v is not None and self.src(v) not in ("False", "0", "None")
        if q.endswith("load_model"):  # keras: safe_mode=False deserializes Lambda layers (code)
            v = self.kwarg(node, "safe_mode")
            return v is not None and self.src(v) in ("False", "0", "None")
        if q == "torch.load":
            v = self.kwarg(node, "weights_only")
            return v is not None and self.src(v) in ("False", "0", "None")
        return False

    def _load_file(self, q: str, arg, node) -> None:
        from . import paths

        path = self.string(arg)
        if path is None:
            self.block("py-dynamic-code", f"`{q}` loads code from a file chosen at run time; import it by name",
                       node)
        elif paths.normalize(path) in self.downloads:
            self.block("download-exec", f"`{q}` loads {path}, downloaded by this code; download, inspect, then run",
                       node)
        elif path.startswith(("/", "~")):
            self.block("py-dynamic-code", f"`{q}` loads code from {path}, outside the project; import project "
                                          "modules only", node)

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
            from . import paths

            hit = next((a for a in argv if a is not None and paths.normalize(a) in self.downloads), None)
            if hit is not None:
                self.block("download-exec", f"`{q}` runs {hit}, downloaded by this code; download, inspect, then run",
                           node)
        self.ctx.nested(argv_to_shell(argv), "bash", self.doc, node, None)


def analyze(root, doc: Doc, ctx: Context) -> None:
    PythonAnalysis(doc, ctx).run(root)
