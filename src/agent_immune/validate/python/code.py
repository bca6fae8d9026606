"""Python code run from data or reached by a computed name: eval/exec, dynamic import,
introspection of interpreter internals, module namespaces read as tables, code loaded from files.
"""
from __future__ import annotations

import re
from ..per_input import in_input

from .deserialise import _DESERIALIZE, _PICKLE_OPT_IN
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


# modules whose namespace a computed name must not reach into: those holding a function that runs a program or
# code, loads code or a native library, unpickles, or reaches the interpreter's own tables (`getattr(os, name)`);
# any other module's namespace is a lookup table (`getattr(torch.optim, cfg["name"])`, a plugin package's modules).
# _GUARDED_TREES: with every module under them; _GUARDED: those namespaces themselves (`torch` holds torch.load,
# `torch.optim` does not)
_GUARDED_TREES = _RISKY_MODULES | frozenset({
    "sys", "__builtins__", "_ctypes", "cffi", "operator", "functools", "inspect", "types", "gc", "io", "pathlib",
    "tempfile", "multiprocessing", "threading", "_thread", "signal", "pexpect", "sh", "plumbum", "commands",
    "platform", "popen2", "sarge", "invoke", "fabric", "webbrowser", "pkgutil", "zipimport", "imp", "site",
    "sysconfig", "_posixsubprocess", "_winapi", "posixpath", "dill", "cloudpickle", "shelve", "jsonpickle",
    "_pickle", "cPickle", "asyncio", "concurrent", "urllib", "urllib2", "urllib3", "http", "requests", "httpx",
    "aiohttp", "socketserver", "ftplib", "smtplib", "telnetlib"})
_GUARDED = _GUARDED_TREES | frozenset(q.rsplit(".", 1)[0] for q in _CODE | _IMPORTERS | _SHELL_STRING | _SUBPROCESS |
                                      _SPAWN | _DESERIALIZE | _PICKLE_OPT_IN if "." in q)
# a value that comes from outside the code: the command line, the environment, input, a request, a file or network read
_FROM_INPUT = re.compile(r"sys\.argv|\bargv\b|\binput\s*\(|environ|getenv|stdin|\brequest\b|\.json\s*\(|\.read\w*\s*\(|"
                         r"urlopen|requests\.|httpx\.|\brecv|\bargs\.|\bopts\.|\boptions\.|parse_args|\bloads?\s*\(|"
                         r"\b(?:params|query|form|headers|cookies)\b")
_ANY_VALUE = frozenset({"call", "subscript", "attribute", "identifier", "binary_operator", "string",
                        "conditional_expression", "boolean_operator"})
_DOTTED_PREFIX = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.$")
# code that writes text back into a file, and the source file it names (signature_replaced)
_WRITES_BACK = re.compile(rb"\.write_text\s*\(|\.write\s*\(|open\s*\([^)]*['\"][wa]")
_SOURCE_PATH = re.compile(rb"""(?:Path|open)\(\s*['"]([^'"]+\.(?:py|js|ts|php|rb|go))['"]""")
# readers of a configuration file
_CONFIG_LOADERS = frozenset({"yaml.safe_load", "yaml.load", "json.load", "tomllib.load", "tomli.load", "toml.load",
                             "omegaconf.OmegaConf.load", "OmegaConf.load"})


# listings of a package's or a directory's own modules (a plugin loader goes over one)
_MODULE_LISTINGS = frozenset({"pkgutil.iter_modules", "pkgutil.walk_packages", "os.listdir", "os.scandir"})
_WRAPPING = frozenset({"sorted", "list", "tuple", "reversed", "enumerate"})
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

    def project_source(self, q: str, arg, node) -> bool:
        """`exec(compile(Path("docs/conf.py").read_text(), "docs/conf.py", "exec"), ns)`, `exec(open("setup.py").read())`:
        the text of a file of the project named by a literal relative path (or one found from `__file__`), which is
        what `python docs/conf.py` runs, the project's own code. True when it is one; a file this code downloaded or
        wrote first is judged as run here."""
        from .. import paths

        if arg.type == "call" and self.qualname(arg.child_by_field_name("function")) in ("compile", "builtins.compile"):
            inner = [a for a in self.args(arg) if a.type != "keyword_argument"]
            if not inner:
                return False
            arg = inner[0]
        fn = arg.child_by_field_name("function") if arg.type == "call" else None
        if fn is None or fn.type != "attribute" or self.args(arg):
            return False
        meth, obj = self.src(fn.child_by_field_name("attribute")), fn.child_by_field_name("object")
        if meth == "read" and obj.type == "call" and self.qualname(obj.child_by_field_name("function")) in (
                "open", "io.open") and self.args(obj):
            obj = self.args(obj)[0]  # open("setup.py").read()
        elif meth != "read_text":
            return False
        path = self.project_path(obj)
        if path is None:
            return False
        keys = [self._path_key(obj), paths.normalize(path)]
        if any(k in self.downloads for k in keys):
            self.block("download-exec", f"`{q}` runs {path}, downloaded by this code; download, inspect, then run",
                       node)
        self._runs_written(keys, node, q)
        return True

    def env_module(self, node) -> str | None:
        """The variable of `os.environ.get("APP_SETTINGS", "config.settings.dev")`, `os.getenv(...)`,
        `os.environ["DJANGO_SETTINGS_MODULE"]`: a settings module picked by the deployment's environment (the
        default, when given, an ordinary dotted module name); None for any other name."""
        if node.type == "identifier":
            node = self.declared(node, frozenset({"call", "subscript"}))
            if node is None:
                return None
        if node.type == "subscript":
            key = node.child_by_field_name("subscript")
            ok = self.qualname(node.child_by_field_name("value")) == "os.environ"
            return self.string(key) if ok and key is not None else None
        if node.type != "call" or self.qualname(node.child_by_field_name("function")) not in (
                "os.environ.get", "os.getenv"):
            return None
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        var = self.string(args[0]) if args else None
        default = self.string(args[1]) if len(args) > 1 else "config"
        if var is None or default is None or _DOTTED_PREFIX.match(default + ".") is None or \
                not self._ordinary_module(default):
            return None
        return var

    def own_module(self, node) -> bool:
        """A module name built at run time from the project's own package: literal parts, a package's own
        `__name__`, and names a loop takes from a listing of the package's modules or a project directory
        (`for info in pkgutil.iter_modules(plugins.__path__): import_module(f"{plugins.__name__}.{info.name}")`).
        A plugin loader imports the modules the project ships, as an `import` of each would."""
        pieces = self._name_pieces(node, 0)
        return pieces is not None and all(self._own_piece(p) for p in pieces)

    def package_module(self, node, call) -> bool:
        """A module name that can only name a module inside one package: a literal dotted prefix ending in `.`
        (`f"src.models.{arch}"`, `"myapp.plugins." + name`, `"pkg.%s" % name`), or a relative name with a literal
        `package=` (`import_module("." + name, package="myapp.plugins")`), the package not one whose modules run
        programs or code; or a name a loop or a helper's calls take from literal module names, none of them such a
        module (`for name in PLUGINS: import_module(name)`). Choosing among a package's own modules is a plugin
        registry, as `import` of each would be."""
        if node.type == "identifier" and (self._asserted_prefix(node, call) or self.config_source(node)):
            return True  # confined to a package by an assert, or named by the project's configuration (ml.py holds it)
        prefix = self._literal_prefix(node)
        if prefix is not None and prefix.startswith("."):
            pkg = self._arg_value(call, 1, "package")
            prefix = pkg + prefix if pkg is not None and prefix == "." else None
        if prefix is not None:
            return _DOTTED_PREFIX.match(prefix) is not None and self._ordinary_module(prefix[:-1]) and \
                not self._from_input(node)
        if node.type != "identifier":
            return False
        rows = self.alternatives([node])
        names = [self.string(row.get(self.src(node))) for row in rows or () if row.get(self.src(node)) is not None]
        return bool(rows) and len(names) == len(rows) and all(
            n is not None and _DOTTED_PREFIX.match(n + ".") is not None and self._ordinary_module(n) for n in names)

    def _asserted_prefix(self, ident, call) -> bool:
        """`assert name.startswith("src.models.")` (or `if not name.startswith(…): raise …`) before the import: the
        name can only be a module of that package (an ordinary one), unless it comes from outside the code (the
        command line, a request): then it stays held as any name a user picks."""
        word = re.escape(self.src(ident))
        m = None
        for m in re.finditer(rf"(?m)^[ \t]*(?:assert[ \t]+|if[ \t]+not[ \t]+){word}\.startswith\(\s*(['\"])([\w.]+)\1"
                             r"\s*\)", self.doc.data[:call.start_byte].decode("utf-8", "replace")):
            pass
        if m is None or _DOTTED_PREFIX.match(m.group(2)) is None or not self._ordinary_module(m.group(2)[:-1]):
            return False
        return not any(_FROM_INPUT.search(t) for t in self._bound_texts(ident))

    def _bound_texts(self, ident) -> list[str]:
        """The text of each value the name is given (a plain or an unpacking assignment: `mod, cls = x.rsplit(…)`)."""
        out = []
        for use in self.uses_of(ident) or ():
            up = use.parent
            if up is not None and up.type in ("pattern_list", "tuple_pattern"):
                up = up.parent
            if up is not None and up.type == "assignment" and up.child_by_field_name("right") is not None and \
                    up.child_by_field_name("left").start_byte <= use.start_byte < up.child_by_field_name("right").start_byte:
                out.append(self.src(up.child_by_field_name("right")))
        return out

    def config_source(self, node, depth: int = 0) -> str | None:
        """The project configuration file (a literal relative path read with yaml, json, toml or OmegaConf) a value
        comes from: `cfg["model"]["target"].rsplit(".", 1)` with `cfg = yaml.safe_load(f)` and `with
        open("configs/experiment.yaml") as f`; None for any other value."""
        if node is None or depth > 6:
            return None
        t = node.type
        if t == "identifier":
            made = self.given(node, _ANY_VALUE)
            if made is None:
                texts = self._bound_texts(node)
                for use in self.uses_of(node) or ():  # `mod, cls = cfg[…].rsplit(".", 1)`: the unpacked value
                    up = use.parent
                    if up is not None and up.type in ("pattern_list", "tuple_pattern") and texts:
                        made = up.parent.child_by_field_name("right") if up.parent is not None else None
                        break
            return self.config_source(made, depth + 1) if made is not None else None
        if t in ("subscript", "attribute"):
            return self.config_source(node.child_by_field_name("value" if t == "subscript" else "object"), depth + 1)
        if t != "call":
            return None
        fn = node.child_by_field_name("function")
        q = self.qualname(fn) or ""
        args = [a for a in self.args(node) if a.type != "keyword_argument"]
        if q in _CONFIG_LOADERS and args:
            source = args[0]
            if source.type == "identifier":  # with open("configs/x.yaml") as f
                source = self.bound.get(self.src(source)) or source
            if source.type == "call" and self.qualname(source.child_by_field_name("function")) in ("open", "io.open"):
                inner = [a for a in self.args(source) if a.type != "keyword_argument"]
                source = inner[0] if inner else None
            path = self.string(source) if source is not None else None
            from ..paths import relative

            return path if path is not None and relative(path) is not None else None
        if fn is not None and fn.type == "attribute":  # .rsplit(".", 1), .get("target"), .strip()
            return self.config_source(fn.child_by_field_name("object"), depth + 1)
        return None

    def _from_input(self, node) -> bool:
        """Whether a part of a module name built at run time comes from outside the code (`sys.argv[1]`, an option,
        the environment, a request), also through a name given such a value: an import of a name the user or a
        request picks stays held, whatever package it is confined to."""
        for piece in self._name_pieces(node, 0) or [node]:
            texts = [self.src(piece)]
            if piece.type == "identifier":
                made = self.declared(piece, _ANY_VALUE)
                texts += [self.src(made)] if made is not None else []
            if any(_FROM_INPUT.search(t) for t in texts):
                return True
        return False

    def _arg_value(self, call, at: int, key: str) -> str | None:
        """The literal string a call is given at position `at` or as `key=` (`__package__` and `__name__` read as
        the code's own package)."""
        pos = [a for a in self.args(call) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        node = pos[at] if len(pos) > at else self.kwarg(call, key)
        if node is None:
            return None
        if self.src(node) in ("__package__", "__name__", "__spec__.parent"):
            return "__main__"  # the code's own package: what it holds is the project's
        return self.string(node)

    def _literal_prefix(self, node, depth: int = 0) -> str | None:
        """The literal start of a string built at run time: an f-string's text before its first field, the left
        side of a `+`, a `%` or `.format` template up to its first field; None when it does not start literally."""
        if depth > 4:
            return None
        t = node.type
        if t == "string":
            parts = [c for c in node.children if c.type in ("string_content", "interpolation")]
            if len(parts) > 1 and parts[0].type == "string_content" and parts[1].type == "interpolation" and \
                    self.src(node.children[0]).lower() in ('f"', "f'", 'rf"', "rf'", 'fr"', "fr'"):
                return self.src(parts[0])
            return None
        if t == "binary_operator":
            op = self.src(node.child_by_field_name("operator"))
            left = node.child_by_field_name("left")
            if op == "+":
                v = self.string(left)
                return v if v is not None else self._literal_prefix(left, depth + 1)
            if op == "%":
                v = self.string(left)
                return v.partition("%")[0] if v is not None and "%" in v else None
            return None
        if t == "call":
            fn = node.child_by_field_name("function")
            if fn is not None and fn.type == "attribute" and self.src(fn.child_by_field_name("attribute")) == "format":
                v = self.string(fn.child_by_field_name("object"))
                return v.partition("{")[0] if v is not None and "{" in v else None
        if t == "parenthesized_expression" and node.named_children:
            return self._literal_prefix(node.named_children[0], depth + 1)
        return None

    @staticmethod
    def _ordinary_module(name: str) -> bool:
        """A module (or package) name outside the guarded ones: neither in a guarded tree nor a guarded namespace."""
        return name.split(".")[0] not in _GUARDED_TREES and name not in _GUARDED

    def namespace_lookup(self, call) -> bool:
        """`getattr(torch.optim, name)`, `getattr(nn, cfg["act"])`: a computed attribute of a module the code imports
        (an import of its own, or an attribute path under one), whose namespace holds nothing that runs a program or
        code (_GUARDED): a lookup in that module's table, as `torch.optim.AdamW` written out would be. Objects made at
        run time (a module imported by a computed name, `globals()`, `vars(x)`, an instance) are not read so, nor a
        name that starts with `_` (`__builtins__`, `__loader__` are every module's) or a value indexed further
        (`getattr(nn, n)["exec"]`: a module's dict-valued attribute)."""
        pos = [a for a in self.args(call) if a.type not in ("keyword_argument", "list_splat", "dictionary_splat")]
        if len(pos) < 2 or (call.parent is not None and call.parent.type == "subscript"):
            return False
        prefix = self._literal_prefix(pos[1])
        if prefix is not None and prefix.startswith("_"):
            return False
        obj = pos[0]
        if obj.type == "call" and self.qualname(obj.child_by_field_name("function")) in _IMPORTERS:
            inner = [a for a in self.args(obj) if a.type != "keyword_argument"]
            # getattr(importlib.import_module(module_name), cls_name): a class of a module the import is judged for
            return bool(inner) and self.string(inner[0]) is None and (
                self.own_module(inner[0]) or self.package_module(inner[0], obj))
        if obj.type not in ("identifier", "attribute"):
            return False
        top = obj
        while top.type == "attribute":
            top = top.child_by_field_name("object")
            if top is None:
                return False
        if top.type != "identifier" or self.src(top) not in self.alias or self.mutable(self.src(top)):
            return False
        q = self.qualname(obj)
        if not q or not self._ordinary_module(q):
            return False
        root = re.escape(q.split(".")[0]).encode()
        return re.search(rb"(?m)^[ \t]*(?:import|from)[ \t]+" + root + rb"\b", self.doc.data) is not None

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
        # a loop around the name, or the `for` clause of the comprehension it is in
        listing = self.loop_source(root, scoped=False)
        return listing is not None and self._own_listing(listing)

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

    def compiled_only(self, call) -> bool:
        """A syntax check: `compile(...)` in the body of a `try` that catches its error, whose code object is thrown
        away or bound to a name used nowhere else, so it is never run (`try: compile(f.read_text(), str(f), "exec")
        except SyntaxError as e: …`). `exec(compile(...))`, and a code object kept and handed on (to exec, eval,
        FunctionType), are judged as what runs it."""
        up = call.parent
        while up is not None and up.type == "parenthesized_expression":
            up = up.parent
        if up is None:
            return False
        if up.type == "assignment":
            left = up.child_by_field_name("left")
            if left is None or left.type != "identifier" or up.parent is None or \
                    up.parent.type != "expression_statement":
                return False
            word = rb"(?<![\w.])" + re.escape(self.src(left)).encode() + rb"\b"
            if len(re.findall(word, self.doc.data)) != 1:
                return False
            up = up.parent
        if up.type != "expression_statement":
            return False
        block = up.parent
        guarded = block.parent if block is not None and block.type == "block" else None
        return guarded is not None and guarded.type == "try_statement" and \
            guarded.child_by_field_name("body") == block and \
            any(c.type == "except_clause" for c in guarded.named_children)

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

    def signature_replaced(self, fn, node, pos: list) -> None:
        """`src.replace("event = stripe.Webhook.construct_event(payload, sig, secret)", "event = …construct_from(…)")`
        with the text written back to a file: a webhook handler's signature check rewritten into code that checks
        nothing (validate/shops.py), blocked; a replacement that keeps a check (a new tolerance, a renamed
        variable) stays allowed."""
        from ..shops import SIGNATURE_MESSAGE, signature_removed

        old, new = self.string(pos[0]), self.string(pos[1])
        if old is None or new is None:
            return
        check = signature_removed(old, new)
        if check is None or not in_input(_WRITES_BACK, self.doc.data):
            return
        m = _SOURCE_PATH.search(self.doc.data)
        path = m.group(1).decode("utf-8", "replace") if m else "a source file"
        self.block("permission-tamper", "the code " + SIGNATURE_MESSAGE.format(path=path, check=check), node)

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
        if fn is None or fn.type != "call":
            return False
        inner = fn.child_by_field_name("function")
        if inner is not None and inner.type == "identifier" and self.bound.get(self.src(inner)) is not None:
            made = self.bound[self.src(inner)]  # get = operator.attrgetter("system"); get(os)(cmd)
            if made.type == "call" and self.qualname(made.child_by_field_name("function")) == "operator.attrgetter":
                return True
        return self.qualname(inner) in _IMPORTERS | {"getattr", "operator.attrgetter", "vars"}

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
