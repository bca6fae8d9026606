"""How a Python name resolves to what it calls: imports, aliases, getattr, sys.modules, partial.

Separate so that the themes judge `os.system` whatever spelling reached it.
"""
from __future__ import annotations

import re

from ..per_input import holds
from ..limits import VALUE_CAP
from .code import _CODE, _COMPREHENSIONS, _IMPORTERS
from .deserialise import _DESERIALIZE, _PICKLE_OPT_IN
from .native import NATIVE_FIX
from .network import _LEAVES_OUT, _NET
from .processes import _SHELL_STRING, _SPAWN, _SPAWN_PREFIX, _SUBPROCESS

# names a `from M import *` can bring that some rule judges
_STAR_NAMES = frozenset({"system", "popen", "Popen", "run", "call", "check_output", "check_call", "loads", "load",
                         "spawn", "execv", "execl", "execvp", "execve"})
# the ways to name ctypes' library search (and nothing else of ctypes)
_FIND_LIBRARY = re.compile(r"\bimport[ \t]+ctypes\.util\b(?![ \t]*\.|[ \t]+as\b)|"
                           r"\bfrom[ \t]+ctypes\.util[ \t]+import[ \t]+find_library\b(?![ \t]*(?:,|as\b))|"
                           r"\bctypes\.util\.find_library\b")
# the attributes naming where an archive member is extracted (tarfile's TarInfo, zipfile's ZipInfo)
_MEMBER_NAMES = frozenset({"name", "path", "filename", "linkname"})
# what an archive's members come from (`for m in tar.getmembers()`, `zf.infolist()`, `tarfile.TarInfo(…)`)
_MEMBERS = re.compile(r"getmembers|getmember|infolist|getinfo|TarInfo|ZipInfo|\bmembers\b|\btar\b|\bzf\b")
_RISKY = _SHELL_STRING | _SUBPROCESS | _SPAWN | _DESERIALIZE | _PICKLE_OPT_IN


class Names:
    """Imports, aliases and assignments: the dotted name each expression stands for."""

    def loop_source(self, ident, scoped: bool = True):
        """The collection the loop (a `for`, a comprehension's `for` clause) that binds the name `ident` goes over,
        also as one of several targets (`for name, srv in d.items()`); None when no loop around it binds it. `scoped`
        stops at the function or module the name is in."""
        name = self.src(ident)
        up = ident.parent
        while up is not None and not (scoped and up.type in ("function_definition", "module")):
            clauses = [up] if up.type == "for_statement" else [c for c in up.named_children if c.type ==
                                                                 "for_in_clause"] if up.type in _COMPREHENSIONS else []
            for c in clauses:
                left = c.child_by_field_name("left")
                if left is not None and name in {self.src(x) for x in [left, *left.named_children]
                                                 if x.type == "identifier"}:
                    return c.child_by_field_name("right")
            up = up.parent
        return None

    def _qualname(self, node) -> str | None:
        t = node.type
        if t == "identifier":
            name = self.src(node)
            if name in self.alias:
                q = self.alias[name]
                return "getattr" if q == "inspect.getattr_static" else q
            if self.star and name in _STAR_NAMES:
                # After several `from M import *` the name is the last one's that defines it, and
                # which modules define it is not known here: the riskiest reading wins, so the
                # verdict never hangs on which module is first (`from json import *` then
                # `from pickle import *`, `loads(data)` is pickle's).
                readings = [f"{mod}.{name}" for mod in reversed(self.star)]
                return next((q for q in readings if q in _RISKY or q.startswith(_SPAWN_PREFIX)), readings[0])
            return name
        if t == "attribute":
            q = self.dotted(node, "object", "attribute")
            if q is not None and q.endswith(".__call__"):  # os.system.__call__ is os.system
                return q[:-9]
            if q is not None and q.startswith(("posix.", "nt.")):  # the modules os is built on
                return "os." + q.partition(".")[2]
            if q is not None and q.startswith(("plumbum.local.cmd.", "plumbum.local.python")):
                return "plumbum.cmd." + q.rsplit(".", 1)[1]  # local.cmd.rm, local.python
            return "getattr" if q == "inspect.getattr_static" else q
        if t == "call":
            fn = self.qualname(node.child_by_field_name("function"))
            args = self.args(node)
            if (fn in _IMPORTERS or fn == "sys.modules.get") and args:  # sys.modules.get("os") is os
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
            if inner is not None and inner.type == "identifier" and args and self.bound:
                inner = self.bound.get(self.src(inner))  # get = operator.attrgetter("system"); get(os)
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
            if base == "plumbum.local" and k:  # local["rm"] is the program rm
                return f"plumbum.cmd.{k}"
            if base in ("globals()", "__builtins__", "vars()", "locals()") and k:
                return k
            if base and k and base.endswith(".__dict__"):  # os.__dict__["system"], vars(os)["system"]
                return f"{base[:-9]}.{k}"
            value = node.child_by_field_name("value")
            if value is not None and value.type == "identifier" and key is not None and self.lists:
                return self._table_entry(self.src(value), key, k)
            return None
        if t == "parenthesized_expression" and node.named_children:
            return self.qualname(node.named_children[0])
        if t == "named_expression":  # (run := os.system)(c)
            return self.qualname(node.child_by_field_name("value"))
        return None

    def _table_entry(self, name: str, key, k: str | None) -> str | None:
        """`actions["sync"]` of `actions = {"build": subprocess.run, "sync": subprocess.Popen}`, `fns[0]` of `fns =
        [os.system]`: the function a literal key picks from a table written in the code (and not changed after),
        so calling it is judged as calling that function."""
        table = self.lists.get("table " + name) if k is not None else self.lists.get(name)
        if table is None:
            return None
        if k is not None:
            entry = next((p.child_by_field_name("value") for p in table.named_children if p.type == "pair" and
                          self.string(p.child_by_field_name("key")) == k), None)
        else:
            items = [c for c in table.named_children if c.type != "comment"]
            try:
                at = int(self.src(key)) if key.type in ("integer", "unary_operator") else None
            except ValueError:
                at = None
            entry = items[at] if at is not None and -len(items) <= at < len(items) and not any(
                c.type == "list_splat" for c in items) else None
        root = entry
        while root is not None and root.type == "attribute":
            root = root.child_by_field_name("object")
        if root is None or root.type != "identifier" or self.src(root) not in self.alias or self._list_changed(name):
            return None  # (the table's text is searched for changes only when the entry is an imported function)
        return self.qualname(entry)

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
            if c == mod_node:
                continue
            if c.type == "wildcard_import":
                if mod not in self.star:
                    self.star.append(mod)  # in import order: a later module's names win
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
        if self.written:
            self._runs_written([top + ".py", name.replace(".", "/") + ".py"], node, f"import {name}")
        if top in ("ctypes", "cffi", "_ctypes") and not self.library_lookup_only() and not self.ordinary_native():
            self.block("py-ctypes", f"`{name}` calls native code directly, around every Python-level check; "
                                    f"{NATIVE_FIX}", node)
        if top in ("_posixsubprocess", "_winapi"):
            self.block("py-process-spawn", f"`{name}` is the private process-spawning layer under subprocess; use "
                                           "subprocess.run with a literal argv list", node)
        if top == "socket":
            self.uses_socket = True
        elif top == "plumbum":
            self.uses_plumbum = True
        if name.startswith(_NET) or top in ("requests", "urllib", "httpx", "aiohttp", "socket", "smtplib", "http"):
            self.uses_net = True

    def library_lookup_only(self) -> bool:
        """Whether every mention of ctypes in the code is `ctypes.util.find_library`: a search of the library
        path (what `ldconfig -p` prints), which loads and calls nothing native. Read from the text once, so
        an alias or any other ctypes name anywhere keeps the import held. Asked only of code naming ctypes (no
        attribute caches it: the analysis keeps its attributes few, see test_code_api)."""
        return holds(self.doc.data, b"find_library") and re.search(
            r"ctypes|cffi", _FIND_LIBRARY.sub("", self.doc.data.decode("utf-8", "replace"))) is None

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
        if left.type in ("attribute", "subscript") and right.type in ("dictionary_comprehension", "call", "dictionary"):
            # ctx.data = {k: v for k, v in os.environ.items()}; payload["ctx"] = {… os.environ.items() if …}
            self.env_collected(None, left, right)
        elif left.type == "attribute" and right.type in ("string", "binary_operator", "concatenated_string") and \
                self.src(left.child_by_field_name("attribute")) in _MEMBER_NAMES:
            self._member_renamed(left, right)
        if left.type == "attribute" and right.type == "string" and self.src(left.child_by_field_name("attribute")) in (
                "api_base", "base_url", "api_url", "api_host", "base_address"):
            self.sdk_pointed(left, right)  # stripe.api_base = "https://198.51.100.50"
        if left.type == "identifier":
            name = self.src(left)
            self._bind(left, right)
            if "which " + name in self.lists and right.type != "boolean_operator":
                self.lists["which " + name] = None
            if right.type in ("list", "tuple"):
                self.lists[name] = right  # argv = ["bash", "-c", x]; subprocess.run(argv)
            elif right.type in ("list_comprehension", "generator_expression") and (
                    holds(self.doc.data, b"expanduser") or holds(self.doc.data, b"home()")) and not _LEAVES_OUT.search(name):
                self._credential_items(right)
            elif right.type == "dictionary":
                self.lists["table " + name] = right  # actions = {"sync": subprocess.Popen}; actions["sync"](…)
            elif right.type == "boolean_operator" or right.type == "call" and \
                    self.qualname(right.child_by_field_name("function")) == "shutil.which":
                # agent = shutil.which("claude") or "claude": a program's name (None once bound twice)
                self.lists["which " + name] = None if "which " + name in self.lists else right
            elif right.type == "call":
                self._handle(name, right)
            v = self.string(right)
            if v is not None and len(v) <= VALUE_CAP:
                self.consts[name] = v
            else:
                self.consts.pop(name, None)
                q = self.qualname(right)
                # `m = __import__("subprocess")` and `o = sys.modules["os"]` name a module, `run = exec` a builtin
                # (`_ = __import__`: the importer under a name of the code's own, `_("soc" + "ket")`)
                if q and (right.type in ("attribute", "identifier", "call", "subscript") and "." in q
                          or right.type in ("call", "subscript") or q in _CODE or q in _IMPORTERS):
                    self.alias[name] = q
                if right.type not in ("attribute", "identifier") and self.mentions_env(right):
                    self.env_names.add(name)
        elif left.type in ("pattern_list", "tuple_pattern") and right.type == "call":
            names = [c for c in left.named_children if c.type == "identifier"]
            if len(names) == 2 and self.qualname(right.child_by_field_name("function")) == "tempfile.mkstemp":
                self.handles[self.src(names[0])] = self.src(names[1])  # fd, path = tempfile.mkstemp()
        elif left.type == "subscript":
            value = left.child_by_field_name("value")
            q = self.qualname(value)
            key = left.child_by_field_name("subscript")
            if key is not None and (q == "os.environ" or (value.type == "identifier" and self.src(value) in
                                                            self.env_names)):
                # os.environ[...] and a copy of it handed to a child (env = os.environ.copy(); env[...] = ...)
                k = self.string(key)
                if k:
                    self._env_value(left, k, right)
            elif value.type in ("subscript", "call", "identifier") and holds(self.doc.data, b"scripts") and \
                    self._scripts_table(value):
                self._npm_script(right)  # pkg["scripts"]["postinstall"] = "...", pkg.setdefault("scripts", {})[k] = …
            elif key is not None and key.type == "string":
                self.config_target(self.src(key), right)

    def _credential_items(self, comp) -> None:
        """`["~/." + s for s in ("ssh", "aws", "kube/config")]`: a list the code builds of two or more credential
        files or folders of the home, in code that expands the home (a harvest, one loop away from reading each), as
        network.credential_list reads a literal list."""
        from .. import paths

        found = [v for v in self.string_items(comp)[:32] if v.startswith("~/") and paths.SECRET in paths.kinds(v)]
        if len(found) >= 2:
            self.block("secret-read", f"the code builds a list of credential files of the home ({', '.join(found[:4])}); "
                                      "agents must not read secrets", comp)

    def _member_renamed(self, left, right) -> None:
        """`m.name = "../../../.bashrc"` before `tar.extractall(dest, members=…)`: a member renamed to climb out of
        (or start above) the folder it is extracted to, which is only done to write a file elsewhere (a start-up
        file, a key); the guarded extractors test such names and refuse them, they never set one."""
        if not any(v.split(".")[0] in ("tarfile", "zipfile") for v in self.alias.values()):
            return
        v = self.string(right)
        if v is None or not (v.startswith(("/", "~")) or "../" in v or v == ".."):
            return
        made = left.child_by_field_name("object")
        for _ in range(3):  # `for m in ms:` with `ms = tar.getmembers()`
            made = (self.bound.get(self.src(made)) or self.given(made, frozenset({"call", "subscript"}))) if \
                made is not None and made.type == "identifier" else None
            if made is None or _MEMBERS.search(self.src(made)):
                break
        if made is None or not _MEMBERS.search(self.src(made)):
            return  # (`cfg.path = "/etc/app.conf"`: not an archive's member)
        self.block("persistence", f"the code renames an archive member to {v}, so extracting it writes outside the "
                                  "folder it is extracted to (a start-up file, a key); keep members' names and extract "
                                  "with filter=\"data\"", left.parent)

