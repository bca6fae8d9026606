"""Python code run from data or reached by a computed name: eval/exec, dynamic import,
introspection of interpreter internals, module namespaces read as tables, code loaded from files.
"""
from __future__ import annotations

import re

from .deserialise import _DESERIALIZE
from .processes import _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS


_CODE = frozenset({"eval", "exec", "compile", "builtins.eval", "builtins.exec", "builtins.compile", "execfile",
                   "code.InteractiveInterpreter", "code.InteractiveConsole", "code.interact", "runpy.run_path",
                   "runpy.run_module", "zipimport.zipimporter"})
_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__", "builtins.__import__",
                        "imp.load_source", "importlib.machinery.SourceFileLoader"})
_INTROSPECTION = frozenset({"__subclasses__", "__globals__", "__builtins__", "__code__", "__mro__", "__bases__",
                            "__getattribute__", "func_globals", "f_globals", "f_locals", "gi_frame", "f_back",
                            "__closure__", "co_code"})
_INDIRECT = re.compile(r"__import__|getattr|globals\(|locals\(|vars\(|sys\.modules|import_module|__builtins__|"
                       r"__dict__|attrgetter|methodcaller")
_RISKY_MODULES = frozenset({"os", "posix", "nt", "subprocess", "builtins", "pty", "shutil", "importlib", "runpy",
                            "pickle", "marshal", "code", "ctypes", "socket"})

# attribute names a computed getattr could reach to run code, a program, a loader or the network: a
# constant prefix that starts none of them (`f"cmd_{name}"`, `"visit_" + kind`) is a dispatch table
_REACHABLE = frozenset(q.rsplit(".", 1)[-1] for q in _CODE | _IMPORTERS | _SHELL_STRING | _SUBPROCESS | _SPAWN |
                       _DESERIALIZE) | frozenset({
    "system", "popen", "spawn", "exec", "fork", "forkpty", "kill", "killpg", "load", "loads", "open", "remove",
    "unlink", "rmdir", "rmtree", "rename", "replace", "chmod", "chown", "symlink", "link", "truncate", "putenv",
    "environ", "getenv", "modules", "builtins", "import_module", "reload", "CDLL", "cdll", "PyDLL", "pydll",
    "windll", "memmove", "dlopen", "urlopen", "urlretrieve", "request", "get", "post", "put", "patch", "delete",
    "send", "sendall", "sendto", "connect", "create_connection", "socket", "getoutput", "getstatusoutput",
    "setuid", "setgid", "write", "write_text", "write_bytes", "unpack_archive", "extractall", "globals", "locals",
    "vars", "getattr", "setattr", "delattr", "breakpoint", "input", "help"})


# listings of a package's or a directory's own modules (a plugin loader goes over one)
_MODULE_LISTINGS = frozenset({"pkgutil.iter_modules", "pkgutil.walk_packages", "os.listdir", "os.scandir"})
_WRAPPING = frozenset({"sorted", "list", "tuple", "reversed", "enumerate"})
_LOOPS = frozenset({"for_statement", "for_in_clause"})
# values a name holding a listing is bound to (`files = sorted(d.glob("*.py"))`, `[f for f in os.listdir(d) if …]`)
_LISTING_KINDS = frozenset({"call", "list_comprehension", "generator_expression", "set_comprehension"})
_COMPREHENSIONS = frozenset({"list_comprehension", "generator_expression", "set_comprehension", "dictionary_comprehension"})


class Code:
    """Dynamic code and names computed at run time."""

    def project_code(self, q: str, arg, node) -> bool:
        """`runpy.run_path` of a file of the project (a literal relative path, or one found from `__file__`:
        `runpy.run_path(str(HERE / "scripts" / "gen_version.py"))`) and `runpy.run_module` of a module named
        literally: what `python scripts/gen_version.py` and `python -m pkg.tool` run, the project's own code.
        True when it is one (a file this code wrote or downloaded first is judged as run here)."""
        from .. import paths

        if q == "runpy.run_module":
            name = self.string(arg)
            if name is None:
                return False
            self._runs_written([name.replace(".", "/") + ".py"], node, q)
            return True
        path = self.project_path(arg)
        if path is None:
            return False
        inner = arg
        while inner.type == "call" and self.qualname(inner.child_by_field_name("function")) in (
                "str", "os.fspath", "pathlib.Path") and self.args(inner):
            inner = self.args(inner)[0]  # str(HERE / "p.py") names the file `HERE / "p.py"` names
        keys = [self._path_key(arg), self._path_key(inner), paths.normalize(path)]
        if any(k in self.downloads for k in keys):
            self.block("download-exec", f"`{q}` runs {path}, downloaded by this code; download, inspect, then run",
                       node)
        self._runs_written(keys, node, q)
        return True

    def own_module(self, node) -> bool:
        """A module name built at run time from the project's own package: literal parts, a package's own
        `__name__`, and names a loop takes from a listing of the package's modules or a project directory
        (`for info in pkgutil.iter_modules(plugins.__path__): import_module(f"{plugins.__name__}.{info.name}")`).
        A plugin loader imports the modules the project ships, as an `import` of each would."""
        pieces = self._name_pieces(node, 0)
        return pieces is not None and all(self._own_piece(p) for p in pieces)

    def _name_pieces(self, node, depth: int) -> list | None:
        """The parts of a module name that are not literal; None when the name is not built of parts."""
        if depth > 6:
            return None
        if self.string(node) is not None:
            return []
        t = node.type
        if t == "string":
            return [c.child_by_field_name("expression") for c in node.children if c.type == "interpolation"]
        if t == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            left = self._name_pieces(node.child_by_field_name("left"), depth + 1)
            right = self._name_pieces(node.child_by_field_name("right"), depth + 1)
            return None if left is None or right is None else left + right
        return [node] if t in ("identifier", "attribute", "subscript", "call") else None

    def _own_piece(self, node) -> bool:
        if node is None:
            return False
        text = self.src(node)
        if text in ("__name__", "__package__", "__spec__.name"):
            return True
        if node.type == "attribute" and self.src(node.child_by_field_name("attribute")) == "__name__":
            obj = node.child_by_field_name("object")
            return obj.type == "identifier" and self.src(obj) in self.alias  # an imported package's own name
        root = self._piece_root(node)
        if root is None:
            return False
        name = self.src(root)
        up = root.parent
        while up is not None:
            # a loop around the name, or the `for` clause of the comprehension it is in
            for loop in [up] if up.type in _LOOPS else [c for c in up.named_children if c.type == "for_in_clause"] \
                    if up.type in _COMPREHENSIONS else []:
                left = loop.child_by_field_name("left")
                if left is not None and name in {self.src(c) for c in [left, *left.named_children]
                                                 if c.type == "identifier"}:
                    return self._own_listing(loop.child_by_field_name("right"))
            up = up.parent
        return False

    def _piece_root(self, node):
        """The name a part of a module name is cut from (`info.name`, `p.stem`, `f[:-3]`, `f.removesuffix(".py")`,
        `os.path.splitext(f)[0]`); None when it is not one name."""
        root = node
        for _ in range(8):
            if root is None:
                return None
            if root.type == "attribute":
                root = root.child_by_field_name("object")
            elif root.type == "subscript":
                root = root.child_by_field_name("value")
            elif root.type == "call":
                fn = root.child_by_field_name("function")
                args = self.args(root)
                root = fn.child_by_field_name("object") if fn.type == "attribute" and \
                    self.qualname(fn) not in ("os.path.splitext", "os.path.basename") else args[0] if args else fn
            else:
                break
        return root if root is not None and root.type == "identifier" else None

    def _own_listing(self, node, depth: int = 0) -> bool:
        """`pkgutil.iter_modules(pkg.__path__)`, `os.listdir(HERE / "plugins")`, `PLUGINS.glob("*.py")`; also sorted,
        filtered (`filter(…, listing)`, `[f for f in listing if …]`, `[f[:-3] for f in …]`) or bound to a name first
        (`files = sorted(d.glob("*.py"))`): still only names that directory holds."""
        if node is None or depth > 4:
            return False
        for _ in range(8):
            if node.type == "identifier":
                name = self.src(node)
                if self.mutable(name) or self._list_changed(name):
                    return False  # `files.append("/tmp/x.py")`: no longer only what the directory holds
                node = self.given(node, _LISTING_KINDS)
            elif node.type == "parenthesized_expression" and node.named_children:
                node = node.named_children[0]
            elif node.type == "call" and self.args(node) and self.qualname(node.child_by_field_name("function")) in \
                    _WRAPPING:
                node = self.args(node)[0]
            elif node.type == "call" and self.qualname(node.child_by_field_name("function")) == "filter" and \
                    len(self.args(node)) == 2:
                node = self.args(node)[1]
            elif node.type in _COMPREHENSIONS and node.type != "dictionary_comprehension":
                return self._listed_comprehension(node, depth)
            else:
                break
            if node is None:
                return False
        if node.type != "call":
            return False
        fn = node.child_by_field_name("function")
        q = self.qualname(fn)
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if q in _MODULE_LISTINGS:
            where = args[0] if args else self.kwarg(node, "path")
            if where is None:
                return False
            if where.type == "list" and where.named_children:
                return all(self.project_path(c) is not None for c in where.named_children)
            return self.src(where) == "__path__" or where.type == "attribute" and self.src(
                where.child_by_field_name("attribute")) == "__path__" or self.project_path(where) is not None
        if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) in (
                "glob", "iterdir", "rglob"):
            return self.project_path(fn.child_by_field_name("object")) is not None
        return False

    def _listed_comprehension(self, comp, depth: int) -> bool:
        """`[f[:-3] for f in os.listdir(d) if f.endswith(".py")]`: one `for` over a project listing, kept or cut to
        a part of each name (its stem, a slice), filtered by any `if`."""
        body = comp.child_by_field_name("body")
        clauses = [c for c in comp.named_children if c.type == "for_in_clause"]
        if body is None or len(clauses) != 1:
            return False
        left = clauses[0].child_by_field_name("left")
        root = self._piece_root(body)
        return left is not None and left.type == "identifier" and root is not None and \
            self.src(root) == self.src(left) and self._own_listing(clauses[0].child_by_field_name("right"), depth + 1)

    def _listed_file(self, node) -> bool:
        """`f`, `str(f)` or `os.path.join(d, f)` / `d / f` (d a project directory) with `f` from a loop over a
        listing of a project directory (`for f in sorted(d.glob("*.py"))`): a file the project ships."""
        while node is not None and node.type == "call" and self.qualname(node.child_by_field_name("function")) in (
                "str", "os.fspath") and len(self.args(node)) == 1:
            node = self.args(node)[0]
        if node is None:
            return False
        if node.type == "call" and self.qualname(node.child_by_field_name("function")) == "os.path.join" and \
                len(self.args(node)) == 2:
            base, node = self.args(node)
        elif node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "/":
            base, node = node.child_by_field_name("left"), node.child_by_field_name("right")
        else:
            base = None
        return node is not None and node.type == "identifier" and self._own_piece(node) and (
            base is None or self.project_path(base) is not None)

    def dispatch_name(self, node) -> bool:
        """`f"cmd_{name}"`, `"handle_" + kind`: a computed attribute name with a constant prefix that no
        attribute able to run code or a program starts with, so whatever it picks is one of the object's own
        handlers (a CLI's `cmd_*`, a visitor's `visit_*`)."""
        prefix = None
        if node.type == "string" and node.named_children and node.named_children[0].type == "string_start" and \
                len(node.named_children) > 1 and node.named_children[1].type == "string_content":
            prefix = self.src(node.named_children[1])
        elif node.type == "binary_operator" and self.src(node.child_by_field_name("operator")) == "+":
            prefix = self.string(node.child_by_field_name("left"))
        return bool(prefix) and len(prefix) >= 2 and prefix[0] != "_" and prefix.isidentifier() and \
            not any(n.startswith(prefix) for n in _REACHABLE)

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

    def _load_file(self, q: str, arg, node) -> None:
        from .. import paths

        path = self.string(arg)
        key = self._path_key(arg)
        if key in self.written:
            self._runs_written([key], node, q)
        elif path is None and (self._listed_file(arg) or self.project_code(q, arg, node)):
            return  # a file of the project's own: `plugins/x.py` found from `__file__`, or one a listing of it gives
        elif path is None:
            self.block("py-dynamic-code", f"`{q}` loads code from a file chosen at run time; import it by name",
                       node)
        elif paths.normalize(path) in self.downloads:
            self.block("download-exec", f"`{q}` loads {path}, downloaded by this code; download, inspect, then run",
                       node)
        elif path.startswith(("/", "~")):
            self.block("py-dynamic-code", f"`{q}` loads code from {path}, outside the project; import project "
                                          "modules only", node)
